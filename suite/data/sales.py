"""Builders of e-Sales test data (customers, contacts, opportunities, activities), valid phone numbers, and periods
that only one test's data occupies."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
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


def mobile(fake: Faker) -> str:
    """A valid mainland mobile number: 1[3-9] and 9 digits."""
    return f"1{fake.random_element('3456789')}{fake.numerify('#########')}"


def landline(fake: Faker) -> str:
    """A valid mainland landline: 0xx-xxxxxxxx."""
    return f"0{fake.numerify('##')}-{fake.numerify('########')}"


def unique_phone(uniq: Uniq) -> str:
    """A customer phone no other customer on the deployment has (SAL-CUS-1 refuses a taken one, archived ones too).

    A mainland number in international form with the country code, +86 1[3-9]..., and 13 digits from the token: 7
    trillion values, where a mainland mobile's 9 free digits (1 billion) would meet a long-lived deployment's earlier
    runs. SAL-CUS-2 allows ``+`` and 8-15 digits."""
    digits = uniq.digits(12)
    return f"+861{'3456789'[int(digits[0]) % 7]}{digits[1:]}"


@dataclass
class CustomerData:
    """A customer as the forms and the API take it."""

    name: str
    level: str = "mid"
    industry: str | None = None  # industry name; resolved to an id by the API client
    source: str | None = None  # source name
    region: str = ""
    city: str = ""
    address: str = ""
    phone: str = ""
    website: str = ""
    owner: str | None = None  # username
    tags: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ContactData:
    """A contact as the forms and the API take it."""

    name: str
    title: str = ""
    mobile: str = ""
    email: str = ""
    is_primary: bool = False
    birthday: str = ""  # ISO date or empty
    notes: str = ""
    customer: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


LEVELS = ("top", "high", "mid", "low", "inactive", "potential", "watching")


def customer_data(fake: Faker, uniq: Uniq, **overrides) -> CustomerData:
    """A realistic customer with a unique name and phone."""
    data = CustomerData(
        name=f"{fake.company()} {uniq()}",
        level=fake.random_element(LEVELS),
        region=fake.province() if hasattr(fake, "province") else fake.state(),
        city=fake.city(),
        address=fake.street_address(),
        phone=unique_phone(uniq),
        website=f"https://{uniq()}.example.com",
        tags=",".join(fake.words(2)),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def contact_data(fake: Faker, uniq: Uniq, **overrides) -> ContactData:
    """A realistic contact reachable by mobile and email."""
    data = ContactData(
        name=fake.name(),
        title=fake.job()[:50],
        mobile=mobile(fake),
        email=f"{uniq()}@{fake.free_email_domain()}",
        notes=fake.sentence(),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


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


FIRST_FAR_YEAR, FAR_YEARS, YEAR_TRIES = 2200, 7000, 20


class NoFreeYear(LookupError):
    """Every far-future year tried already holds data (a deployment that kept thousands of runs' report data)."""


def unique_year(uniq: Uniq, is_free: Callable[[int], bool] = lambda year: True) -> int:
    """A far-future year for this test attempt's report data: drawn from its token (the same run id gives the same
    years), and the next draw while ``is_free(year)`` says that data already occupies it. A long-lived deployment
    keeps every earlier run's report data (closed opportunities are never deleted), so 7,000 years fill up: a year
    is checked, not assumed."""
    token = uniq()
    tried = []
    for draw in range(YEAR_TRIES):
        key = token if draw == 0 else f"{token}/{draw}"
        year = FIRST_FAR_YEAR + int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % FAR_YEARS
        if is_free(year):
            return year
        tried.append(year)
    raise NoFreeYear(f"every far-future year tried already holds report data: {', '.join(map(str, tried))}")


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
