"""The traceability matrix: every spec rule ID (docs/ECRM-SPEC.md, read by suite/data/rules.py) → the tests naming
it → their latest result."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from suite.data.rules import RULES, module_of
from suite.reporting.cases import Case, Result

SPEC = Path(__file__).resolve().parents[2] / "docs" / "ECRM-SPEC.md"
_RULE_LINE = re.compile(r"^- ([A-Z]{3}-[A-Z]+-\d+): (.*)$")


@cache
def spec_texts(path: Path = SPEC) -> dict[str, str]:
    """Each rule's requirement in full, as docs/ECRM-SPEC.md words it (``- ID: text``, continued on indented lines);
    suite/data/rules.py keeps only the first line, cut short."""
    texts: dict[str, str] = {}
    current = ""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return texts
    for line in lines:
        match = _RULE_LINE.match(line)
        if match:
            current = match.group(1)
            texts[current] = match.group(2).strip()
        elif current and line.startswith("  ") and line.strip():
            texts[current] += " " + line.strip()
        else:
            current = ""
    return texts


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
    full = spec_texts()
    return [
        RuleRow(rule=rule, module=module_of(rule), text=full.get(rule, rules[rule]), cases=tuple(by_rule[rule]))
        for rule in rules
    ]


def tally(rows: Iterable[RuleRow]) -> dict[Coverage, int]:
    counts = dict.fromkeys(Coverage, 0)
    for row in rows:
        counts[row.coverage] += 1
    return counts
