"""Every test case of a run, whether executed or not, and what became of it.

A run's cases are the union of the collection manifest (every selected and deselected functional test) and the
Allure results (every test that started). Each case gets one outcome, by the rule the summary counts with:

- ``passed``: the attempt Allure counts (the last) passed; a flaky test that passed on a re-run is passed here, and
  listed as flaky;
- ``failed``: the last attempt failed or broke (Allure: failed, broken or unknown);
- ``skipped``: the last attempt was skipped (``pytest.skip``, ``skipif``, ``xfail``), with pytest's reason;
- ``deselected``: collected but deselected (``-k``, ``-m``, ``--deselect`` ...), with the reason;
- ``not-run``: selected but no result was written: the run stopped (Ctrl-C, a crash) before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from suite.reporting import ids
from suite.reporting.classify import Outcome, Reproducibility, Verdict, classify, reproducibility
from suite.reporting.manifest import Declared, Manifest, ManifestTest
from suite.reporting.results import NOT_PASSED, Attempt, CaseResult, ResultSet


class Result(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    DESELECTED = "deselected"
    NOT_RUN = "not-run"

    @property
    def executed(self) -> bool:
        return self in (Result.PASSED, Result.FAILED)


NOT_RUN_REASON = "not run: the session stopped before this test (interrupted, or its worker crashed)"


@dataclass(frozen=True)
class Case(Declared):
    """One test case of the run and its result."""

    key: str
    result: Result
    verdict: Verdict | None = None  # None: not executed
    reason: str = ""  # why it was not executed
    run: CaseResult | None = None
    declared: ManifestTest | None = None

    @property
    def reproducibility(self) -> Reproducibility | None:
        if self.run is None:
            return None
        return reproducibility(outcomes_of(self.run))

    @cached_property
    def check_basis(self) -> str:
        """What the defect ID hashes (see ``suite.reporting.ids``); empty when no attempt failed."""
        attempt = self.run.failing if self.run else None
        if attempt is None:
            return ""
        locus = ids.check_locus(attempt.steps, attempt.trace, attempt.message)
        return ids.check_basis(attempt.full_name, attempt.parameters, locus)

    @cached_property
    def defect_id(self) -> str:
        """The stable ID of the failing check (flaky ones too, so nightly runs can follow them); empty otherwise."""
        return ids.defect_id(ids.id_prefix(self.rules, self.module), self.check_basis) if self.check_basis else ""

    @property
    def title(self) -> str:
        """The test's docstring's first line, else its name in words."""
        doc = self.declared.doc if self.declared else (self.run.final.description if self.run else "")
        first = doc.strip().splitlines()[0].strip() if doc.strip() else ""
        if first:
            return first.rstrip(".。")
        return self.name.split("[", 1)[0].removeprefix("test_").replace("_", " ")


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= 160 else line[:159] + "…"


def failed_fixture(attempt: Attempt):
    """The fixture whose set-up failed, if the attempt failed while arranging."""
    return next((fixture for fixture in attempt.befores if fixture.status in NOT_PASSED), None)


def how_it_failed(attempt: Attempt) -> str:
    """In a few words: "set-up error in make_customer: ApiError: ...", "assertion failed at `...`: ..."."""
    broken = failed_fixture(attempt)
    if broken is not None:
        return f"set-up error in {broken.name}: {_first_line(broken.message or attempt.message)}"
    line = ids.failing_line(attempt.trace)
    where = f" at `{line}`" if line else ""
    kind = "assertion failed" if attempt.status == "failed" else f"{attempt.status} (error outside an assertion)"
    return f"{kind}{where}: {_first_line(attempt.message)}"


def outcomes_of(run: CaseResult) -> list[Outcome]:
    """The attempts of a test as classification sees them: status, message, and how each failed."""
    return [
        Outcome(
            attempt.status,
            attempt.message,
            signature=ids.failure_signature(attempt.status, attempt.trace, attempt.message)
            if attempt.status in NOT_PASSED else "",
            how=how_it_failed(attempt) if attempt.status in NOT_PASSED else "",
            in_setup=attempt.status in NOT_PASSED and failed_fixture(attempt) is not None,
        )
        for attempt in run.attempts
    ]


def _skip_reason(run: CaseResult) -> str:
    message = run.final.message.strip()
    return message.splitlines()[0] if message else "skipped"


def _ordered_rules(labelled: tuple[str, ...], declared: tuple[str, ...]) -> tuple[str, ...]:
    """The result's rules in the order the marks declare them (the manifest): allure-pytest writes labels from a set,
    so their order changes from process to process, and the first rule is the defect ID's prefix."""
    if not labelled:
        return declared
    extra = sorted(rule for rule in labelled if rule not in declared)
    return (*(rule for rule in declared if rule in labelled), *extra)


def _from_run(run: CaseResult, declared: ManifestTest | None) -> Case:
    verdict = classify(outcomes_of(run))
    status = run.final.status
    result = Result.SKIPPED if status == "skipped" else (Result.PASSED if status == "passed" else Result.FAILED)
    return Case(
        key=run.nodeid or run.key,
        nodeid=run.nodeid or (declared.nodeid if declared else ""),
        name=declared.name if declared else run.final.name,
        module=run.module or (declared.module if declared else ""),
        function=run.function or (declared.function if declared else ""),
        rules=_ordered_rules(run.rules, declared.rules if declared else ()),
        severity=run.severity or (declared.severity if declared else ""),
        priority=run.priority or (declared.priority if declared else ""),
        result=result,
        verdict=verdict,
        reason=_skip_reason(run) if result is Result.SKIPPED else "",
        run=run,
        declared=declared,
    )


def _from_declaration(declared: ManifestTest, result: Result, reason: str) -> Case:
    return Case(key=declared.nodeid, **declared.declared_fields(), result=result, reason=reason, declared=declared)


def build_cases(results: ResultSet, manifest: Manifest | None) -> list[Case]:
    """The run's cases: every result, plus every collected test that has none (deselected, or not run)."""
    declared = manifest.tests if manifest else {}
    cases = [_from_run(run, declared.get(run.nodeid)) for run in results.runs]
    seen = {case.nodeid for case in cases if case.nodeid}
    if manifest:
        for nodeid, test in manifest.deselected.items():
            if nodeid not in seen:
                cases.append(_from_declaration(test, Result.DESELECTED, test.reason or "deselected"))
        for nodeid, test in manifest.selected.items():
            if nodeid not in seen:
                cases.append(_from_declaration(test, Result.NOT_RUN, NOT_RUN_REASON))
    return sorted(cases, key=lambda case: (case.module, case.nodeid or case.key, case.name))
