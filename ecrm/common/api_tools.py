"""API helpers shared by every app: the exception handler, model validation
as DRF errors, and the list-spec filter mixin."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, ProtectedError):
        return Response({"detail": str(exc.args[0]) if exc.args else ""}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class SpecFilterMixin:
    """Filter, search and sort an API list with the module's ``ListSpec``.

    Query parameters: ``search`` (or ``q``), each filter's name, ``ordering``
    (or ``sort``): a column key, ``-`` for descending.
    """

    spec_class = None

    def filter_queryset(self, queryset):
        if self.action != "list" or self.spec_class is None:
            return queryset
        params = self.request.query_params.copy()
        if "search" in params and "q" not in params:
            params["q"] = params["search"]
        if "ordering" in params and "sort" not in params:
            params["sort"] = params["ordering"]
        return self.spec_class(self.request.user).apply(queryset, params).queryset


def full_clean_or_400(instance, exclude=None):
    """Run the model's validation (validators, clean(), constraints) and turn
    its errors into DRF's ``{"field": ["message"]}`` (400)."""
    exclude = set(exclude or ()) | {f.name for f in instance._meta.fields if not f.editable}
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        raise ValidationError(errors) from None
