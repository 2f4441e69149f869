"""The one source of time for business code.

``now()`` is ``timezone.now()`` unless ``settings.ECRM_TEST_CLOCK`` is on and a
frozen time is stored in ``ClockSetting`` (set through ``/__test__/clock/``);
storing it in the database lets every server process see the same time.
"""
import datetime
import threading

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.utils import timezone

from ecrm.common.models import ClockSetting

# Within one request the stored setting is read once (performance: a list computing an SLA per row called now()
# dozens of times, one query each). Only while a request runs on this thread; freeze() drops the cached value.
_request = threading.local()
_UNSET = object()


def _request_began(**_kwargs):
    _request.active, _request.frozen = True, _UNSET


def _request_ended(**_kwargs):
    _request.active, _request.frozen = False, _UNSET


request_started.connect(_request_began, dispatch_uid="ecrm.clock.request_started")
request_finished.connect(_request_ended, dispatch_uid="ecrm.clock.request_finished")


def frozen_at():
    """The frozen time, or None when the clock runs (always None outside tests)."""
    if not getattr(settings, "ECRM_TEST_CLOCK", False):
        return None
    cached = getattr(_request, "frozen", _UNSET) if getattr(_request, "active", False) else _UNSET
    if cached is not _UNSET:
        return cached

    row = ClockSetting.objects.filter(pk=1).only("frozen_at").first()
    value = row.frozen_at if row else None
    if getattr(_request, "active", False):
        _request.frozen = value
    return value


def now() -> datetime.datetime:
    """The current aware datetime (UTC)."""
    return frozen_at() or timezone.now()


def today() -> datetime.date:
    """Today's date in the server time zone (Asia/Shanghai)."""
    return timezone.localdate(now())


def freeze(moment):
    """Freeze the clock at ``moment`` (aware datetime), or release it with None."""

    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    ClockSetting.objects.update_or_create(pk=1, defaults={"frozen_at": moment})
    _request.frozen = _UNSET
