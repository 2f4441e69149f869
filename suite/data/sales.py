"""Builders of e-Sales test data (opportunities, activities) and periods that only one test's data occupies."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from faker import Faker

from suite.data.keys import Uniq

CENT = Decimal("0.01")
STAGES = ("lead", "qualified", "proposal", "negotiation", "won", "lost")
DEFAULT_PROBABILITY = {"lead": 10, "qualified": 30, "proposal": 50, "negotiation": 70, "won": 100, "lost": 0}
STAGE_LABELS = {  # code: (zh, en)
    "lead": ("线索", "Lead"), "qualified": ("需求确认", "Qualified"), "proposal": ("方案报价", "Proposal"),
    "negotiation": ("商务谈判", "Negotiation"), "won": ("赢单", "Won"), "lost": ("输单", "Lost"),
}
UNSUCCESSFUL = ("busy", "powered_off", "no_answer", "wrong_number")


def weighted(amount: Decimal | str, probability: int) -> Decimal:
    """The test's own SAL-OPP-2: amount × probability / 100, rounded half-up to 0.01."""
    return (Decimal(amount) * probability / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def money(text: str) -> Decimal:
    """'1,234.50' → Decimal('1234.50')."""
    return Decimal(text.replace(",", "").strip() or "0")


@dataclass
class OpportunityData:
    customer: int
    name: str
    amount: str
    expected_close: str
    stage: str = "lead"
    competitor: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def opportunity_data(fake: Faker, uniq: Uniq, customer: dict, **overrides) -> OpportunityData:
    data = OpportunityData(
        customer=customer["id"],
        name=f"{fake.catch_phrase()[:40]} {uniq()}",
        amount=f"{fake.random_int(1000, 900000)}.{fake.random_int(0, 99):02d}",
        expected_close=fake.date_between(start_date="+10d", end_date="+200d").isoformat(),
        competitor=fake.company()[:60],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


@dataclass
class ActivityData:
    customer: int
    subject: str
    scheduled_at: str  # ISO 8601 with offset
    type: str = "call"
    contact: int | None = None
    opportunity: int | None = None
    duration: int = 30
    status: str = "planned"
    outcome: str = ""
    notes: str = ""
    next_follow_up: str | None = None  # ISO 8601 with offset

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


def activity_data(fake: Faker, uniq: Uniq, customer: dict, when: datetime.datetime, **overrides) -> ActivityData:
    data = ActivityData(customer=customer["id"], subject=f"{fake.sentence(nb_words=3)[:40]} {uniq()}",
                        scheduled_at=when.isoformat())
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def unique_year(uniq: Uniq) -> int:
    """A far-future year that only this test attempt uses (for report periods no other data occupies)."""
    token = uniq()
    return 2200 + int(hashlib.sha256(token.encode()).hexdigest()[:8], 16) % 7000


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
