"""The traceability matrix: every spec rule ID (suite/rules.py) → the tests naming it → their latest result."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from suite.reporting.cases import Case, Result
from suite.rules import RULES, module_of


class Coverage(StrEnum):
    PASSING = "passing"  # a test names it and every executed one passed
    FAILING = "failing"  # a test naming it failed
    UNRUN = "unrun"  # tests name it, none was executed this time
    UNCOVERED = "uncovered"  # no test names it


@dataclass(frozen=True)
class RuleRow:
    rule: str
    module: str
    text: str
    cases: tuple[Case, ...]

    @property
    def passing(self) -> tuple[Case, ...]:
        return tuple(case for case in self.cases if case.result is Result.PASSED)

    @property
    def coverage(self) -> Coverage:
        if not self.cases:
            return Coverage.UNCOVERED
        if any(case.result is Result.FAILED for case in self.cases):
            return Coverage.FAILING
        return Coverage.PASSING if self.passing else Coverage.UNRUN


def matrix(cases: Iterable[Case], rules: Mapping[str, str] = RULES) -> list[RuleRow]:
    """One row per rule, in the specification's order; cases naming unknown rules are left out."""
    by_rule: dict[str, list[Case]] = {rule: [] for rule in rules}
    for case in cases:
        for rule in dict.fromkeys(case.rules):
            if rule in by_rule:
                by_rule[rule].append(case)
    return [
        RuleRow(rule=rule, module=module_of(rule), text=rules[rule], cases=tuple(by_rule[rule])) for rule in rules
    ]


def tally(rows: Iterable[RuleRow]) -> dict[Coverage, int]:
    counts = dict.fromkeys(Coverage, 0)
    for row in rows:
        counts[row.coverage] += 1
    return counts
