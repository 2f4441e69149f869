"""e-Expense pages: base."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect

from ecrm.common.models import Role
from ecrm.expense.forms import add_errors

ALL_ROLES = tuple(Role.values)
FINANCE_ROLES = (Role.ADMIN, Role.FINANCE)


# Refusals of the user rather than of the record's state: the pages answer them 403, as the API does (COM-ROLE-1,
# COM-API-1), instead of a redirect with a message.
PERMISSION_CODES = {"not_owner", "own_claim", "own_advance", "not_approver", "not_finance"}


def _deny_if_refused(exc):
    if getattr(exc, "code", None) in PERMISSION_CODES:
        raise PermissionDenied(" ".join(exc.messages)) from None


def _check_permission(check, user):
    """Run a model's check before reading the form: a user who may not act gets 403 whatever they posted; a refusal
    of the record's state is left to the action, which shows it as a message."""
    try:
        check(user)
    except ValidationError as exc:
        _deny_if_refused(exc)


def _error(request, exc):
    _deny_if_refused(exc)
    messages.error(request, " ".join(exc.messages))


OK, ON_FORM, REFUSED = "ok", "on_form", "refused"


def attempt(request, form, call, *args, **kwargs):
    """Run a service for a posted form: (OK, its outcome); (ON_FORM, None) when it refused fields, whose errors are
    now on the form to show again; (REFUSED, None) when it refused the record's state, now a message (a refusal of
    the user is 403)."""
    try:
        return OK, call(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            add_errors(form, exc)
            return ON_FORM, None
        _error(request, exc)
        return REFUSED, None


def _warn(request, outcome):
    for warning in getattr(outcome, "warnings", []):
        messages.warning(request, warning)


def run_action(request, action, calls, detail):
    """POST of a record action: run ``calls[action]`` (a call answering a redirect, or None to go back to the
    record's page ``detail``); a refused action becomes a message on that page; an unknown action is a 404."""
    if action not in calls:
        raise Http404
    try:
        response = calls[action]()
    except ValidationError as exc:
        _error(request, exc)
        response = None
    return response or redirect(detail)


def decide(request, record, form, decision, calls, done, detail):
    """An approver's decision on a claim or an advance through ``calls[decision]`` (approve or reject): the record's
    page again when refused, the approval inbox with ``done[decision]`` when decided, None when the form has errors
    (the caller shows it again)."""
    result, outcome = attempt(request, form, calls[decision], record, request.user, form.cleaned_data["comment"])
    if result == REFUSED:
        return redirect(detail)
    if result == OK:
        _warn(request, outcome)
        messages.success(request, done[decision] % {"number": record.number})
        return redirect("expense:approvals")
    return None
