"""The run summary's arithmetic: the five figures, their breakdowns, and their reconciliation with Allure.

The five figures (docs/DEFECTS.md explains them):

- 用例总数 total = executed + not executed (skipped + deselected + not run);
- 执行用例数 executed = 通过 passed + 未通过 failed, counted on the attempt Allure counts (the last one);
- 未通过 failed = product-defect failures + test defects (broken) + environment failures
  + flaky tests whose last attempt failed; a flaky test that passed on a re-run counts as passed;
- 缺陷报告数 defect reports = distinct defect IDs among the product-defect failures.

Allure counts the same results: its total is every test that has a result (executed or skipped), each once however
many attempts it had. So Allure's total = executed + skipped, Allure's passed = passed, and Allure's failed + broken
+ unknown = failed; the summary's total adds what Allure never sees: deselected and not-run cases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from suite.reporting.cases import Case, Result
from suite.reporting.classify import Verdict
from suite.reporting.results import CaseResult


@dataclass(frozen=True)
class Figures:
    total: int = 0
    executed: int = 0
    passed: int = 0
    failed: int = 0
    defect_reports: int = 0
    skipped: int = 0
    deselected: int = 0
    not_run: int = 0
    product_defects: int = 0  # failed cases, by verdict
    test_defects: int = 0
    environment_failures: int = 0
    flaky_failed: int = 0
    flaky_passed: int = 0  # inside passed

    @property
    def not_executed(self) -> int:
        return self.skipped + self.deselected + self.not_run

    @property
    def flaky(self) -> int:
        return self.flaky_failed + self.flaky_passed


def count(cases: Iterable[Case]) -> Figures:
    """The five figures (and their parts) of a set of cases."""
    cases = list(cases)
    results = [case.result for case in cases]
    failed = [case for case in cases if case.result is Result.FAILED]
    verdicts = [case.verdict for case in failed]
    product_ids = {case.defect_id for case in failed if case.verdict is Verdict.PRODUCT_DEFECT}
    return Figures(
        total=len(cases),
        executed=sum(result.executed for result in results),
        passed=results.count(Result.PASSED),
        failed=len(failed),
        defect_reports=len(product_ids),
        skipped=results.count(Result.SKIPPED),
        deselected=results.count(Result.DESELECTED),
        not_run=results.count(Result.NOT_RUN),
        product_defects=verdicts.count(Verdict.PRODUCT_DEFECT),
        test_defects=verdicts.count(Verdict.TEST_DEFECT),
        environment_failures=verdicts.count(Verdict.ENVIRONMENT),
        flaky_failed=verdicts.count(Verdict.FLAKY),
        flaky_passed=sum(case.result is Result.PASSED and case.verdict is Verdict.FLAKY for case in cases),
    )


def breakdown(
    cases: Iterable[Case], keys: Callable[[Case], Iterable[str]], order: Sequence[str] = ()
) -> list[tuple[str, Figures]]:
    """The figures per value of a key (a case with several rules counts under each); known values first, in order."""
    groups: dict[str, list[Case]] = {}
    for case in cases:
        for key in dict.fromkeys(keys(case)):  # each key once per case
            groups.setdefault(key, []).append(case)
    ranked = sorted(groups, key=lambda key: (order.index(key) if key in order else len(order), key))
    return [(key, count(groups[key])) for key in ranked]


@dataclass(frozen=True)
class AllureCounts:
    """What Allure 3 counts from the same results: one per test (retries folded in), by its last attempt."""

    total: int = 0
    passed: int = 0
    failed: int = 0
    broken: int = 0
    skipped: int = 0
    unknown: int = 0
    retries: int = 0  # tests with more than one attempt
    flaky: int = 0  # tests whose counted attempt is marked flaky


def allure_counts(runs: Iterable[CaseResult]) -> AllureCounts:
    runs = list(runs)
    statuses = [run.final.status for run in runs]
    return AllureCounts(
        total=len(runs),
        passed=statuses.count("passed"),
        failed=statuses.count("failed"),
        broken=statuses.count("broken"),
        skipped=statuses.count("skipped"),
        unknown=sum(status not in {"passed", "failed", "broken", "skipped"} for status in statuses),
        retries=sum(len(run.attempts) > 1 for run in runs),
        flaky=sum(run.final.flaky for run in runs),
    )


@dataclass(frozen=True)
class Check:
    """One identity the figures must satisfy: ``left == sum(right)``, each term named by a text key."""

    left: tuple[str, int]
    right: tuple[tuple[str, int], ...]

    @property
    def holds(self) -> bool:
        return self.left[1] == sum(value for _, value in self.right)


def checks(figures: Figures, allure: AllureCounts) -> list[Check]:
    """The identities of docs/DEFECTS.md, within the summary and against Allure's own counts."""
    f, a = figures, allure
    return [
        Check(("total", f.total), (("executed", f.executed), ("not_executed", f.not_executed))),
        Check(("not_executed", f.not_executed), (("skipped", f.skipped), ("deselected", f.deselected),
                                                 ("not_run", f.not_run))),
        Check(("executed", f.executed), (("passed", f.passed), ("failed", f.failed))),
        Check(("failed", f.failed), (("product_defects", f.product_defects), ("test_defects", f.test_defects),
                                     ("environment_failures", f.environment_failures),
                                     ("flaky_failed", f.flaky_failed))),
        Check(("allure_total", a.total), (("executed", f.executed), ("skipped", f.skipped))),
        Check(("allure_passed", a.passed), (("passed", f.passed),)),
        Check(("failed", f.failed), (("allure_failed", a.failed), ("allure_broken", a.broken),
                                     ("allure_unknown", a.unknown))),
        Check(("total", f.total), (("allure_total", a.total), ("deselected", f.deselected), ("not_run", f.not_run))),
    ]
