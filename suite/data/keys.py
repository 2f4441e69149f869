"""Test data unique per run and reproducible on demand: Faker seeded per run and test, and builders for e-CRM records.

Every value a test makes derives from a *data key*: the run id, the test's node id and the attempt number.

- The **run id** (``--ecrm-run-id``, else six random characters drawn when the run starts) is in the Allure environment,
  each test's parameters and the defect reports. So any number of runs, and two QA engineers running at the same time,
  never meet each other's data on one long-lived deployment; and ``--ecrm-run-id <id>`` repeats a run's exact data.
- The **node id** keeps the tests of one run apart.
- The **attempt** (a re-run of a failed test is attempt 2, 3 ...) gives each re-run fresh unique values, so it fails or
  passes on the product's behaviour, never on the records its own first attempt left behind.

The Faker seed (``faker_seed``) and the uniqueness token (``Uniq``) both come from the key. A token reads
``<run id><test key><attempt><counter>``: 6 + 5 + 1 characters, then the counter. Values that must be unique carry
a token (names, titles used as keys, codes, e-mails) or are derived from one (phones, serial numbers).

The builders of each subsystem's records are in ``suite.data.sales``, ``.expense`` and ``.service``.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import secrets

from faker import Faker

LOCALES = ("zh_CN", "en_US")
RUN_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
RUN_ID_LENGTH = 6
RUN_ID_PATTERN = re.compile(rf"[0-9a-z]{{{RUN_ID_LENGTH}}}")
TEST_KEY_LENGTH = 5


def _base36(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 36)
        digits.append(RUN_ID_ALPHABET[rest])
    return "".join(reversed(digits))


def new_run_id() -> str:
    """Six random lower-case letters and digits (2.2 billion values): a new run's id."""
    return "".join(secrets.choice(RUN_ID_ALPHABET) for _ in range(RUN_ID_LENGTH))


def check_run_id(value: str) -> str:
    """A run id given by the user, or ``ValueError`` saying what one looks like."""
    run_id = value.strip()
    if not RUN_ID_PATTERN.fullmatch(run_id):
        raise ValueError(
            f"--ecrm-run-id {value!r} is not a run id: a run id is {RUN_ID_LENGTH} lower-case letters or digits, "
            f"as printed at the top of a run and kept in its report (运行编号应为 {RUN_ID_LENGTH} 位小写字母或数字)"
        )
    return run_id


def node_key(nodeid: str) -> str:
    """Five base-36 characters from the node id: the tests of one run apart (``tests/suite`` checks they differ)."""
    return _base36(int(hashlib.sha256(nodeid.encode("utf-8")).hexdigest(), 16), TEST_KEY_LENGTH)


def _attempt_char(attempt: int) -> str:
    if not 1 <= attempt < len(RUN_ID_ALPHABET):
        raise ValueError(f"attempt {attempt} is out of range 1-{len(RUN_ID_ALPHABET) - 1}")
    return RUN_ID_ALPHABET[attempt]


def seed_for(nodeid: str, run_id: str = "", attempt: int = 1) -> int:
    """A 32-bit Faker seed for one attempt of one test in one run (the same key always gives the same seed)."""
    return int(hashlib.sha256(f"{run_id}|{nodeid}|{attempt}".encode()).hexdigest()[:8], 16)


def faker_for(nodeid: str, locale: str = "zh_CN", run_id: str = "", attempt: int = 1) -> Faker:
    """A Faker for one locale, seeded from the data key (and the locale, so the two streams differ)."""
    if locale not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; use one of {LOCALES}")
    fake = Faker(locale)
    fake.seed_instance(seed_for(f"{nodeid}|{locale}", run_id, attempt))
    return fake


class Uniq:
    """Tokens unique to one attempt of one test in one run: ``k3x9a7q0f2m11``, ``k3x9a7q0f2m12`` ... (deterministic)."""

    def __init__(self, nodeid: str, attempt: int = 1, run_id: str = ""):
        self.stem = f"{run_id}{node_key(nodeid)}{_attempt_char(attempt)}"
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"{self.stem}{next(self._counter)}"

    def digits(self, count: int) -> str:
        """``count`` decimal digits derived from the next token: for values that must be unique but numeric."""
        number = int(hashlib.sha256(self().encode()).hexdigest(), 16)
        return str(number % 10**count).zfill(count)
