"""Deterministic test data: Faker seeded from the test's node id, and builders for e-CRM records.

The same node id gives the same seed on every run and machine, so a failure reproduces with the same data. The
seed is shown in the Allure report (parameter ``faker_seed``). A uniqueness token, also derived from the node id
and the attempt number, keeps names unique across tests and re-runs on one server.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import asdict, dataclass

from faker import Faker

LOCALES = ("zh_CN", "en_US")


def seed_for(nodeid: str) -> int:
    """A stable 32-bit seed for a test node id."""
    return int(hashlib.sha256(nodeid.encode("utf-8")).hexdigest()[:8], 16)


def faker_for(nodeid: str, locale: str = "zh_CN") -> Faker:
    """A Faker for one locale, seeded from the node id (and the locale, so the two streams differ)."""
    if locale not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; use one of {LOCALES}")
    fake = Faker(locale)
    fake.seed_instance(seed_for(f"{nodeid}|{locale}"))
    return fake


class Uniq:
    """Short tokens unique to one test attempt: ``t3f9a-1``, ``t3f9a-2`` ... (deterministic)."""

    def __init__(self, nodeid: str, attempt: int = 1):
        self._stem = hashlib.sha256(f"{nodeid}#{attempt}".encode()).hexdigest()[:6]
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"{self._stem}{next(self._counter)}"


def mobile(fake: Faker) -> str:
    """A valid mainland mobile number: 1[3-9] and 9 digits."""
    return f"1{fake.random_element('3456789')}{fake.numerify('#########')}"


def landline(fake: Faker) -> str:
    """A valid mainland landline: 0xx-xxxxxxxx."""
    return f"0{fake.numerify('##')}-{fake.numerify('########')}"


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
        phone=mobile(fake),
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


# Hostile strings every text field must survive: a clear localised error, or a value stored and read back exactly.
HOSTILE_STRINGS: tuple[str, ...] = (
    "!@#$%^&*",
    "' OR '1'='1' --",
    "Robert'); DROP TABLE customers;--",
    "<script>window.__xss=1</script>",
    '"><img src=x onerror="window.__xss=1">',
    "javascript:window.__xss=1",
    "客户名称😀🚀",
    "零\u200b宽\u200d字符",
    "مرحبا بالعالم",
    "１２３４５６",
    "\\u0000%00%n%s",
    "${7*7}{{7*7}}",
    "A" * 101,
)
