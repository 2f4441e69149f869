"""What a test's attempts in one run say: passed, a product defect, a test defect, an environment failure or flaky.

Pure functions over the attempts' statuses and messages (oldest attempt first):

- the last attempt skipped → skipped (not executed, as Allure counts it); every attempt passed → passed;
- some attempts failed and some passed → flaky, "intermittent (k/n)": not a product defect;
- every attempt failed, and the last failed because the e-CRM or the browser could not be reached (connection refused,
  an unhealthy ``/healthz`` ...; the rule is shared with Allure in ``allure-categories.json``) → environment failure;
- every attempt failed, the last with an error outside an assertion (Allure's "broken": a locator time-out, a fixture
  error) → test defect;
- every attempt failed, the last on an assertion (Allure's "failed") → product defect, "always (n/n)".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from suite.reporting.categories import is_environment_failure
from suite.reporting.results import NOT_PASSED


class Verdict(StrEnum):
    PASSED = "passed"
    SKIPPED = "skipped"
    FLAKY = "flaky"
    PRODUCT_DEFECT = "product-defect"
    TEST_DEFECT = "test-defect"
    ENVIRONMENT = "environment"

    @property
    def is_failure(self) -> bool:
        """A verdict that files a report: every failure except flaky ones."""
        return self in (Verdict.PRODUCT_DEFECT, Verdict.TEST_DEFECT, Verdict.ENVIRONMENT)


@dataclass(frozen=True)
class Outcome:
    """One attempt, as far as classification is concerned."""

    status: str
    message: str = ""


@dataclass(frozen=True)
class Reproducibility:
    """How many of a test's attempts in this run failed."""

    failed: int
    attempts: int

    @property
    def kind(self) -> str:
        """always, intermittent or never."""
        if self.failed == 0:
            return "never"
        return "always" if self.failed == self.attempts else "intermittent"

    def text(self, lang: str) -> str:
        """``always (总是) 3/3``-style wording, as the manual team wrote it."""
        ratio = f"{self.failed}/{self.attempts}"
        words = {
            "always": ("总是", "always"),
            "intermittent": ("偶现", "intermittent"),
            "never": ("未复现", "not reproduced"),
        }[self.kind]
        zh, en = words
        single = self.attempts == 1 and self.failed == 1
        if lang == "zh-CN":
            return f"{zh} ({ratio}{'，未重跑' if single else ''})"
        if lang == "en":
            return f"{en} ({ratio}{', not re-run' if single else ''})"
        return f"{en} ({zh}) {ratio}{' (not re-run 未重跑)' if single else ''}"


def reproducibility(outcomes: Sequence[Outcome]) -> Reproducibility:
    executed = [outcome for outcome in outcomes if outcome.status != "skipped"]
    return Reproducibility(failed=sum(o.status in NOT_PASSED for o in executed), attempts=len(executed))


def classify(outcomes: Sequence[Outcome]) -> Verdict:
    """The verdict on one test from its attempts in one run, oldest first."""
    if not outcomes:
        raise ValueError("a test without attempts cannot be classified")
    statuses = [outcome.status for outcome in outcomes]
    last = outcomes[-1]
    if last.status == "skipped":  # Allure counts the last attempt, and a skipped test was not executed
        return Verdict.SKIPPED
    failed = any(status in NOT_PASSED for status in statuses)
    if not failed:
        return Verdict.PASSED
    if "passed" in statuses:
        return Verdict.FLAKY
    if is_environment_failure(last.status, last.message):
        return Verdict.ENVIRONMENT
    if last.status == "failed":
        return Verdict.PRODUCT_DEFECT
    return Verdict.TEST_DEFECT
