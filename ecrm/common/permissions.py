"""The one permission helper: which roles may use a page or an API endpoint.

Pages: ``RoleRequiredMixin`` (class views, ``allowed_roles``) or
``@role_required(...)`` (function views).  API: ``RolePermission`` reads the
view's ``allowed_roles`` (every method) and ``read_only_roles`` (safe methods only).
A role that may not use a page answers 403; records outside a user's
visibility answer 404 because the querysets (``visible_to``) never return them.
"""
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import permissions


def has_role(user, roles):
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) in roles)


def require_roles(user, roles):
    if not has_role(user, roles):
        raise PermissionDenied


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_roles(request.user, roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    allowed_roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        require_roles(request.user, self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


class RolePermission(permissions.BasePermission):
    """Authenticated, and the role is in ``view.allowed_roles`` (or, for GET/HEAD/OPTIONS,
    in ``view.read_only_roles``).  Views without ``allowed_roles`` are open to any user."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        allowed = getattr(view, "allowed_roles", None)
        if allowed is None:
            return True
        if has_role(user, allowed):
            return True
        if request.method in permissions.SAFE_METHODS:
            return has_role(user, getattr(view, "read_only_roles", ()))
        return False

    def has_object_permission(self, request, view, obj):
        """Changing or deleting a record that the user may see but not change is refused (403) before the body is
        read, so that a refused request never learns anything from validation (COM-ROLE-1). A record says who may
        change it with ``is_editable_by(user)`` or ``check_editable_by(user)``; a refusal because of the record's
        state (not the user) is left to the view."""
        if request.method not in OBJECT_WRITE_METHODS:
            return True
        is_editable_by = getattr(obj, "is_editable_by", None)
        if is_editable_by is not None:
            return bool(is_editable_by(request.user))
        check = getattr(obj, "check_editable_by", None)
        if check is not None:
            try:
                check(request.user)
            except ValidationError as exc:
                return getattr(exc, "code", None) not in OWNER_REFUSALS
        return True


OBJECT_WRITE_METHODS = ("PUT", "PATCH", "DELETE")
# ValidationError codes of ``check_editable_by`` that refuse the user rather than the record's state.
OWNER_REFUSALS = {"not_owner"}
