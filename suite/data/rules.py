"""Every rule ID of the e-CRM specification with a one-line summary, read from the specification itself.

``docs/ECRM-SPEC.md`` is the one source: a rule is a list item ``- SAL-OPP-3: <the rule>`` and its summary is the
rule's first line, cut at ``SUMMARY_LENGTH`` characters. The traceability matrix and the mark validation read
``RULES``; when the specification gains a rule, the suite knows it, and a test naming an ID the specification does
not have fails collection.
"""

from __future__ import annotations

import re
from pathlib import Path

SPEC = Path(__file__).resolve().parents[2] / "docs" / "ECRM-SPEC.md"
RULE_LINE = re.compile(r"^- (?P<id>[A-Z]+-[A-Z]+-\d+): (?P<text>.+)$", re.MULTILINE)
SUMMARY_LENGTH = 110
MODULE_OF_PREFIX = {"COM": "Common", "SAL": "e-Sales", "EXP": "e-Expense", "SVC": "e-Service"}


class SpecError(ValueError):
    """The specification cannot be read as a list of rules."""


def summary(text: str) -> str:
    """A rule's text, cut to one line of the report."""
    text = text.strip()
    return text if len(text) <= SUMMARY_LENGTH else f"{text[:SUMMARY_LENGTH]}…"


def read_rules(text: str, source: str = "the specification") -> dict[str, str]:
    """``{rule ID: summary}`` in the specification's order; a repeated ID or an unknown prefix is a ``SpecError``."""
    rules: dict[str, str] = {}
    for match in RULE_LINE.finditer(text):
        rule_id = match["id"]
        if rule_id in rules:
            raise SpecError(f"{source}: rule {rule_id} is defined twice")
        if rule_id.split("-", 1)[0] not in MODULE_OF_PREFIX:
            raise SpecError(f"{source}: rule {rule_id} has none of the prefixes {', '.join(MODULE_OF_PREFIX)}")
        rules[rule_id] = summary(match["text"])
    if not rules:
        raise SpecError(f"{source} defines no rule (a rule is a line '- SAL-OPP-3: ...')")
    return rules


def _load(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SpecError(f"the rule IDs are read from the specification, {path}, which cannot be read: {error}") from error
    return read_rules(text, str(path))


RULES: dict[str, str] = _load(SPEC)


def module_of(rule_id: str) -> str:
    """The subsystem a rule belongs to, from its prefix."""
    return MODULE_OF_PREFIX[rule_id.split("-", 1)[0]]
