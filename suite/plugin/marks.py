"""What a test covers, declared once, and turned into Allure labels and report facts.

A functional test module declares its area, and each test its rules, severity and priority::

    pytestmark = pytest.mark.area("e-Sales", "客户")

    @pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
    def test_duplicate_name_is_refused(...): ...

``case_of(item)`` reads both marks into a ``Case``; the pytest plugin in ``suite.plugin.core`` validates them at
collection and labels Allure from them, and the run summary reads the same ``Case``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from suite.data.rules import RULES

# Allure's own severity levels, most severe first.
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
# Priority is how soon to fix; it is independent of severity.
PRIORITIES = ("urgent", "high", "medium", "low")
MODULES = ("Common", "e-Sales", "e-Expense", "e-Service")

# The manual team's wording for each scale, and how the scales map (docs/DEFECTS.md explains the choice).
SEVERITY_WORDING = {
    "blocker": ("阻塞", "blocker: the function or the whole module cannot be used"),
    "critical": ("严重", "high: wrong data, a security hole or a broken core workflow"),
    "normal": ("一般", "medium: a rule is broken but a workaround exists"),
    "minor": ("较低", "low: cosmetic or layout problems, unclear messages"),
    "trivial": ("轻微", "lowest: wording and polish"),
}
SEVERITY_MEANING_ZH = {
    "blocker": "功能或整个模块无法使用",
    "critical": "数据错误、安全漏洞或核心流程中断",
    "normal": "违反规则，但有变通办法",
    "minor": "外观或布局问题、提示不清楚",
    "trivial": "措辞和细节",
}
PRIORITY_MEANING_ZH = {
    "urgent": "下一个版本之前修复",
    "high": "本次发布内修复",
    "medium": "下次改动该模块时修复",
    "low": "方便时修复",
}
PRIORITY_WORDING = {
    "urgent": ("紧急", "fix before the next build"),
    "high": ("高", "fix in this release"),
    "medium": ("中", "fix when the module is next touched"),
    "low": ("低", "fix when convenient"),
}


class MarkError(ValueError):
    """A test's area or spec mark is missing or malformed."""


@dataclass(frozen=True)
class Case:
    """What one test covers, as declared by its marks."""

    module: str
    function: str
    rules: tuple[str, ...]
    severity: str
    priority: str


def case_of(item: pytest.Item) -> Case:
    """Read and validate the area and spec marks of a test item; raise ``MarkError`` when they are wrong."""
    area = item.get_closest_marker("area")
    spec = item.get_closest_marker("spec")
    if area is None:
        raise MarkError(f"{item.nodeid}: no @pytest.mark.area(module, function) (set pytestmark in the module)")
    if spec is None:
        raise MarkError(f"{item.nodeid}: no @pytest.mark.spec(rule IDs..., severity=..., priority=...)")
    if len(area.args) != 2:
        raise MarkError(f"{item.nodeid}: area takes (module, function), got {area.args!r}")
    module, function = area.args
    if module not in MODULES:
        raise MarkError(f"{item.nodeid}: module {module!r} is not one of {MODULES}")
    rules = tuple(spec.args)
    if not rules:
        raise MarkError(f"{item.nodeid}: spec names no rule ID")
    unknown = [rule for rule in rules if rule not in RULES]
    if unknown:
        raise MarkError(f"{item.nodeid}: unknown rule ID(s) {unknown}: docs/ECRM-SPEC.md has no such rule")
    severity = spec.kwargs.get("severity")
    priority = spec.kwargs.get("priority")
    if severity not in SEVERITIES:
        raise MarkError(f"{item.nodeid}: severity {severity!r} is not one of {SEVERITIES}")
    if priority not in PRIORITIES:
        raise MarkError(f"{item.nodeid}: priority {priority!r} is not one of {PRIORITIES}")
    extra = set(spec.kwargs) - {"severity", "priority"}
    if extra:
        raise MarkError(f"{item.nodeid}: spec got unknown keyword(s) {sorted(extra)}")
    return Case(module=module, function=function, rules=rules, severity=severity, priority=priority)


def readable_title(name: str) -> str:
    """``test_a_duplicate_name_is_refused`` → ``A duplicate name is refused`` (Allure's title of the test)."""
    words = name.removeprefix("test_").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else name


def allure_labels(case: Case) -> list[tuple[str, str]]:
    """The Allure labels a case carries: severity, priority, epic/feature, and per rule a ``rule`` label and a tag.

    Rules are labels (and, as tags, Allure's tag filter), never a tree level: a test covering three rules still
    appears once under its module and function.
    """
    labels = [
        ("severity", case.severity),
        ("priority", case.priority),
        ("epic", case.module),
        ("feature", case.function),
    ]
    for rule in case.rules:
        labels.append(("rule", rule))
        labels.append(("tag", rule))
    return labels
