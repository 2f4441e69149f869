"""drf-spectacular extensions: the e-CRM session authentication, and the error answers every operation can give.

``EcrmAutoSchema`` documents the API's error conventions (docs/ARCHITECTURE.md, COM-API-1) on each operation, so
the published schema lists every status code the API really answers:

- 400 ``{"field": ["message"], "non_field_errors": [...]}`` for writes (and for reads that declare it);
- 401 ``{"detail": ...}`` for every operation that needs a login;
- 403 ``{"detail": ...}`` for every write (CSRF, role, owner) and for reads limited to some roles;
- 404 ``{"detail": ...}`` for every operation on one record (records outside a user's visibility answer 404);
- 409 ``{"detail": ...}`` for every write on one record (wrong state, in use).

A view documents more (or other) answers with ``@extend_schema(responses={...})``; those win.
"""
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers

from ecrm.common.models import Role

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


class EcrmSessionScheme(SessionScheme):
    target_class = "ecrm.common.api_auth.SessionAuthentication"
    name = "ecrmSession"


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ErrorDetailSerializer, description=description)


VALIDATION = OpenApiResponse(
    response=inline_serializer(
        "ValidationError",
        {"non_field_errors": serializers.ListField(child=serializers.CharField(), required=False)},
    ),
    description="The input was refused: messages per field, in the user's language.",
)


class EcrmAutoSchema(AutoSchema):
    def _needs_login(self) -> bool:
        return not any(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())

    def _role_limited(self) -> bool:
        allowed = getattr(self.view, "allowed_roles", None)
        if allowed is None:
            return False
        roles = set(allowed)
        if self.method not in UNSAFE:
            roles |= set(getattr(self.view, "read_only_roles", ()))
        return roles != set(Role.values)

    def _on_one_record(self) -> bool:
        return "{" in self.path

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        extra = {}
        if self.method in UNSAFE and self.method != "DELETE":
            extra["400"] = VALIDATION
        if self._needs_login():
            extra["401"] = _error("Not logged in.")
        if self.method in UNSAFE or self._role_limited():
            extra["403"] = _error("The user's role may not do this, or the CSRF token is missing.")
        if self._on_one_record():
            extra["404"] = _error("No such record, or not visible to the user.")
            if self.method in UNSAFE:
                extra["409"] = _error("The record is in a state that does not allow this, or is in use.")
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
