"""e-Service API (``/api/v1/``): base."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import PermissionDenied, ValidationError


def _raise_drf(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        raise ValidationError(exc.message_dict)
    if exc.code == "forbidden":
        raise PermissionDenied(" ".join(exc.messages))
    raise ValidationError({"detail": exc.messages})
