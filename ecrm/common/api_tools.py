"""API helpers shared by every app: the exception handler, model validation
as DRF errors, and the list-spec filter mixin."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Manager, ProtectedError
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.fields import empty
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, ProtectedError):
        return Response({"detail": str(exc.args[0]) if exc.args else ""}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class _AlwaysDefault:
    """A read-only value of a related record, with ``default`` when there is none. DRF skips a field's default in
    the answer to a partial update (PATCH), which would drop the field from that answer; this field never does."""

    def get_default(self):
        if self.default is empty:
            return super().get_default()
        return self.default() if callable(self.default) else self.default


class RelatedCharField(_AlwaysDefault, serializers.CharField):
    pass


class RelatedBooleanField(_AlwaysDefault, serializers.BooleanField):
    pass


RECORD_ID_MAX = 2**63 - 1  # the largest id the database can hold


def primed_list(routing) -> type[serializers.ListSerializer]:
    """The list serializer of records with ``next_approvers``: the approvers of the whole list are found with one
    query (``Routing.prime``) before the rows are written, not one query a row."""

    class PrimedList(serializers.ListSerializer):
        def to_representation(self, data):
            items = list(data.all() if isinstance(data, Manager) else data)
            routing.prime(items)
            return super().to_representation(items)

    return PrimedList


def record_id_field(**kwargs) -> serializers.IntegerField:
    """A record id in the input: a positive integer the database can hold (a larger one is a 400, not a 500)."""
    return serializers.IntegerField(min_value=1, max_value=RECORD_ID_MAX, **kwargs)


def not_found(request, exception):
    """404 for a URL that matches no route: JSON under ``/api/`` (like every other API answer), the page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


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


def full_clean_or_400(instance, exclude=None, values=None):
    """Run the model's validation (validators, clean(), constraints) and turn
    its errors into DRF's ``{"field": ["message"]}`` (400); ``values`` (the
    serializer's input) are set on ``instance`` first."""
    for key, value in (values or {}).items():
        setattr(instance, key, value)
    exclude = set(exclude or ()) | {f.name for f in instance._meta.fields if not f.editable}
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        if "__all__" in errors:
            errors["non_field_errors"] = errors.pop("__all__")
        raise ValidationError(errors) from None


def api_router(routes: dict) -> DefaultRouter:
    """One app's API router from ``{prefix: ViewSet}``; a route's basename is its prefix in the singular
    (``activities`` → ``activity``), or given as ``{prefix: (ViewSet, basename)}``."""
    router = DefaultRouter()
    for prefix, target in routes.items():
        viewset, basename = target if isinstance(target, tuple) else (target, _singular(prefix))
        router.register(prefix, viewset, basename=basename)
    return router


def api_paths(routes: dict) -> list:
    """One app's API URL patterns besides its router, from ``{route: (APIView, name)}``."""
    return [path(route, view.as_view(), name=name) for route, (view, name) in routes.items()]


def _singular(prefix: str) -> str:
    return prefix[:-3] + "y" if prefix.endswith("ies") else prefix.removesuffix("s")


# Input checked by the model's own validation (validators, ``clean()``, constraints) on a copy of the record with the
# input applied, so the API refuses what the page refuses (COM-API-1); the fields in ``cleaned_fields`` take the value
# ``clean()`` gave them (trimmed, normalised). A comment, not a docstring: drf-spectacular would publish a docstring
# as the description of every serializer built on this one.
class ModelCleanSerializer(serializers.ModelSerializer):
    cleaned_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        full_clean_or_400(instance, values=attrs)
        attrs.update({k: getattr(instance, k) for k in self.cleaned_fields if k in attrs})
        return attrs


# A record written by a user (a review, a work-log entry, an article): the author's id and display name. A comment,
# not a docstring (see above).
class AuthoredSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)
