"""e-Expense API (``/api/v1/``): base."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as DrfValidationError

from ecrm.common.models import Role
from ecrm.expense import services
from ecrm.expense.models import (
    MONEY,
)

ALL_ROLES = tuple(Role.values)
FINANCE_ROLES = (Role.ADMIN, Role.FINANCE)

STATUS_BY_CODE = {
    "not_owner": 403, "own_claim": 403, "own_advance": 403, "not_approver": 403, "not_finance": 403,
    "bad_state": 409, "already_paid": 409, "not_editable": 409, "numbered": 409, "protected": 409,
}


class ServiceRefused(APIException):
    status_code = 400
    default_detail = "refused"

    def __init__(self, detail, status_code):
        super().__init__(detail)
        self.status_code = status_code


def _code_of(exc):
    code = getattr(exc, "code", None)
    if code:
        return code
    for error in getattr(exc, "error_list", []):
        if getattr(error, "code", None):
            return error.code
    return None


def run(func, *args, **kwargs):
    """Call a service; turn its ValidationError into the right API answer."""
    try:
        return func(*args, **kwargs)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
            if "__all__" in errors:
                errors["non_field_errors"] = errors.pop("__all__")
            raise DrfValidationError(errors) from None
        status_code = STATUS_BY_CODE.get(_code_of(exc), 400)
        if status_code == 400:
            raise DrfValidationError({"non_field_errors": exc.messages}) from None
        raise ServiceRefused(" ".join(exc.messages), status_code) from None


def money_field(**kwargs):
    return serializers.DecimalField(coerce_to_string=True, **MONEY, **kwargs)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DecisionActions:
    """The ``approve`` and ``reject`` actions of a record on an approval chain (claims, advances).

    POST ``{"comment": ...}``; the view names its two services (``decision_services``, looked up in
    ``ecrm.expense.services`` at call time) and answers with ``decision_response(record, warnings)``.
    """

    decision_services = ("", "")

    def decision_response(self, record, warnings=()):
        raise NotImplementedError

    def _decide(self, request, service_name):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return run(getattr(services, service_name), self.get_object(), request.user,
                   serializer.validated_data.get("comment", ""))

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        outcome = self._decide(request, self.decision_services[0])
        return self.decision_response(outcome.obj, outcome.warnings)

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.decision_response(self._decide(request, self.decision_services[1]))
