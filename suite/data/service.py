"""Builders for e-Service test data (fault records, installed products, RMAs, KB articles) and the figures the
tests compute independently of the e-CRM (NPS, CSAT, MTTR, SLA compliance, warranty end)."""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from faker import Faker

from suite.data.keys import Uniq

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
DEFAULT_SLA_HOURS = {"P1": (2, 8), "P2": (4, 24), "P3": (8, 72), "P4": (24, 120)}

# An article body that would run script in an unsafe renderer: a script element, event-handler attributes and
# javascript: links (markup and restricted-markup forms). Each payload would set a global or open a dialog.
XSS_CONTENT = (
    "<script>window.__kbxss = 1; alert('kb-script')</script>\n\n"
    '<img src=x onerror="window.__kbxss_img = 1; alert(\'kb-img\')">\n'
    '<a href="javascript:window.__kbxss_link=1;alert(\'kb-link\')">click me</a>\n\n'
    "[click here](javascript:window.__kbxss_md=1)\n"
    '<svg onload="window.__kbxss_svg=1"></svg>\n'
    "[a real link](https://support.example.com/safe)"
)
XSS_GLOBALS = ("__kbxss", "__kbxss_img", "__kbxss_link", "__kbxss_md", "__kbxss_svg")


def description(fake: Faker, uniq: Uniq) -> str:
    return f"{fake.sentence(nb_words=8)} [{uniq()}]"


def serial(uniq: Uniq, prefix: str = "SN") -> str:
    return f"{prefix}-{uniq().upper()}"


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; a missing day becomes the month's last day (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_half_away(value: Decimal, places: int = 0) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def nps(recommend: list[int]) -> int:
    """% promoters (9–10) − % detractors (0–6), a whole number rounded half away from zero."""
    promoters = sum(1 for r in recommend if r >= 9)
    detractors = sum(1 for r in recommend if r <= 6)
    return int(round_half_away(Decimal(promoters - detractors) * 100 / len(recommend)))


def csat(satisfaction: list[int]) -> int:
    """% of answers rating 4–5, a whole number rounded half away from zero."""
    return int(round_half_away(Decimal(sum(1 for s in satisfaction if s >= 4)) * 100 / len(satisfaction)))


def mean_hours(durations: list[datetime.timedelta]) -> Decimal:
    total = sum(d.total_seconds() for d in durations) / 3600
    return round_half_away(Decimal(total) / len(durations), 1)


def compliance(met: int, total: int) -> Decimal:
    return round_half_away(Decimal(met) * 100 / total, 1)
