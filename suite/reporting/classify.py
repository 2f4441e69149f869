"""What a test's attempts in one run say: passed, a product defect, a test defect, an environment failure or flaky.

Pure functions over the attempts' statuses, messages and failure signatures (oldest attempt first). The first attempt
that failed is the *reference*: the failure the defect report files. A re-run reproduces it only when it fails the
same way (the same signature: the same exception type at the same failing line, see ``suite.reporting.ids``).

- the last attempt skipped → skipped (not executed, as Allure counts it); every attempt passed → passed;
- some attempts failed and some passed → flaky, "intermittent (k/n)": not a product defect;
- otherwise the reference failure decides: the e-CRM or the browser could not be reached (connection refused, an
  unhealthy ``/healthz`` ...; the rule is shared with Allure in ``allure-categories.json``) → environment failure; an
  error outside an assertion (Allure's "broken": a locator time-out) or a failure while arranging (a fixture: the
  check never ran) → test defect; an assertion (Allure's "failed") → product defect, "always (n/n)" when every
  re-run failed the same way.

A re-run that failed differently (a set-up error after an assertion, another assertion) is "not reproduced: <how it
failed instead>": it never counts as a reproduction, and it is never what the report files.
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
    signature: str = ""  # how it failed (exception type and failing line); empty: compare status and message
    how: str = ""  # how it failed, in a few words, for "not reproduced: ..."
    in_setup: bool = False  # it failed while arranging (a fixture), before the check itself ran

    @property
    def failed(self) -> bool:
        return self.status in NOT_PASSED

    @property
    def same_way(self) -> str:
        return self.signature or f"{self.status}|{self.message.strip().splitlines()[0] if self.message.strip() else ''}"


@dataclass(frozen=True)
class NotReproduced:
    """A re-run that failed, but not the way the reference attempt did."""

    attempt: int  # 1-based
    how: str

    def text(self, lang: str) -> str:
        if lang == "zh-CN":
            return f"第 {self.attempt} 次未复现：{self.how}"
        if lang == "en":
            return f"attempt {self.attempt} not reproduced: {self.how}"
        return f"attempt {self.attempt} not reproduced (第 {self.attempt} 次未复现): {self.how}"


@dataclass(frozen=True)
class Reproducibility:
    """How many of a test's attempts in this run failed the way its first failure did."""

    failed: int  # attempts that failed the same way as the reference (it included)
    attempts: int  # attempts executed
    not_reproduced: tuple[NotReproduced, ...] = ()  # re-runs that failed differently

    @property
    def kind(self) -> str:
        """always, intermittent, unconfirmed (no re-run passed, some failed otherwise) or never."""
        if self.failed == 0:
            return "never"
        if self.failed == self.attempts:
            return "always"
        if self.failed + len(self.not_reproduced) == self.attempts:
            return "unconfirmed"
        return "intermittent"

    def text(self, lang: str) -> str:
        """``always (总是) 3/3``-style wording, as the manual team wrote it, and the re-runs that failed otherwise."""
        ratio = f"{self.failed}/{self.attempts}"
        words = {
            "always": ("总是", "always"),
            "intermittent": ("偶现", "intermittent"),
            "unconfirmed": ("未能确认", "unconfirmed"),
            "never": ("未复现", "not reproduced"),
        }[self.kind]
        zh, en = words
        single = self.attempts == 1 and self.failed == 1
        notes = "; ".join(item.text(lang) for item in self.not_reproduced)
        if lang == "zh-CN":
            text = f"{zh} ({ratio}{'，未重跑' if single else ''})"
        elif lang == "en":
            text = f"{en} ({ratio}{', not re-run' if single else ''})"
        else:
            text = f"{en} ({zh}) {ratio}{' (not re-run 未重跑)' if single else ''}"
        return f"{text}; {notes}" if notes else text


def reference(outcomes: Sequence[Outcome]) -> int | None:
    """The index of the first attempt that failed: the failure a defect report files."""
    return next((index for index, outcome in enumerate(outcomes) if outcome.failed), None)


def reproducibility(outcomes: Sequence[Outcome]) -> Reproducibility:
    executed = [(number, outcome) for number, outcome in enumerate(outcomes, 1) if outcome.status != "skipped"]
    first = reference([outcome for _, outcome in executed])
    if first is None:
        return Reproducibility(failed=0, attempts=len(executed))
    way = executed[first][1].same_way
    same = sum(outcome.failed and outcome.same_way == way for _, outcome in executed)
    different = tuple(
        NotReproduced(number, outcome.how or outcome.status)
        for number, outcome in executed
        if outcome.failed and outcome.same_way != way
    )
    return Reproducibility(failed=same, attempts=len(executed), not_reproduced=different)


def classify(outcomes: Sequence[Outcome]) -> Verdict:
    """The verdict on one test from its attempts in one run, oldest first."""
    if not outcomes:
        raise ValueError("a test without attempts cannot be classified")
    last = outcomes[-1]
    if last.status == "skipped":  # Allure counts the last attempt, and a skipped test was not executed
        return Verdict.SKIPPED
    first = reference(outcomes)
    if first is None:
        return Verdict.PASSED
    if any(outcome.status == "passed" for outcome in outcomes):
        return Verdict.FLAKY
    filed = outcomes[first]
    if is_environment_failure(filed.status, filed.message):
        return Verdict.ENVIRONMENT
    if filed.status == "failed" and not filed.in_setup:
        return Verdict.PRODUCT_DEFECT
    return Verdict.TEST_DEFECT
