"""COM-AUTH-2: 5 failed logins for one username within 15 minutes lock it for 15 minutes.

Attempts are stored in ``LoginAttempt`` with times from ``clock.now()``.  The
lock applies to any username, existing or not, and the login answer is the
same generic message either way, so nothing reveals whether a user exists.
Attempts refused while locked are stored with ``blocked=True`` and do not
extend the lock.  A successful login clears the failure count.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import LoginAttempt
from ecrm.common.validators import clean_query_text

GENERIC_ERROR = _("Invalid username or password")


def _norm(username):
    return clean_query_text(username, 150).lower()


def locked_until(username, now=None):
    """The end of the current lock of ``username``, or None when it is not locked."""
    now = now or clock.now()
    window = timedelta(minutes=settings.ECRM_LOCKOUT_WINDOW_MINUTES)
    lock = timedelta(minutes=settings.ECRM_LOCKOUT_MINUTES)
    limit = settings.ECRM_LOCKOUT_FAILURES
    horizon = now - window - lock
    attempts = list(
        LoginAttempt.objects.filter(username=_norm(username))
        .filter(at__gt=horizon, at__lte=now, blocked=False)
        .values_list("at", "success")
    )
    failures = []
    until = None
    for at, success in attempts:
        if until and at < until:
            continue  # cannot happen for non-blocked rows, kept for safety
        if success:
            failures = []
            continue
        failures = [t for t in failures if t > at - window] + [at]
        if len(failures) >= limit:
            until = at + lock
            failures = []
    if until and until > now:
        return until
    return None


def is_locked(username):
    return locked_until(username) is not None


def attempt_login(request, username, password):
    """Authenticate with the lockout rule.  Returns the user, or None (show GENERIC_ERROR)."""
    ip = request.META.get("REMOTE_ADDR") if request is not None else None
    name = _norm(username)
    now = clock.now()
    if locked_until(name, now):
        LoginAttempt.objects.create(username=name, at=now, success=False, blocked=True, ip=ip)
        return None
    user = None
    if username and password and clean_query_text(username, 1000) == username.strip() and "\x00" not in password:
        user = authenticate(request, username=username.strip()[:150], password=password)
    LoginAttempt.objects.create(username=name, at=now, success=user is not None, ip=ip)
    return user
