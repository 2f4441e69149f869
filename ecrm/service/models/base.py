"""e-Service models: service staff roles and the date and percentage helpers."""
from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from ecrm.common import actions
from ecrm.common.models import SERVICE_ROLES, Role

# Audit actions of e-Service (shown in the audit trail of a fault record or an RMA).
actions.register({"status": _("Status changed"), "assign": _("Assigned")})

SERVICE_STAFF = (Role.ADMIN, *SERVICE_ROLES)
MANAGERS = (Role.ADMIN, Role.SVCMANAGER)


def is_service_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in SERVICE_STAFF)


def is_service_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in MANAGERS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; a day that does not exist in the target month becomes its last day
    (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def percent(part, whole, places=0):
    """``part / whole`` as a percentage rounded half away from zero (None when ``whole`` is 0)."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)  # ROUND_HALF_UP on Decimal is half away from zero
