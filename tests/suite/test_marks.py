"""Severity, priority, module, function and rule IDs are declared once and mapped to Allure labels."""

from __future__ import annotations

import textwrap

import pytest

from suite.data.rules import RULES, SPEC, SpecError, module_of, read_rules
from suite.plugin import options
from suite.plugin.marks import PRIORITIES, SEVERITIES, Case, allure_labels

pytest_plugins = ["pytester"]


def test_labels_carry_severity_priority_module_function_and_rules():
    case = Case("e-Sales", "客户", ("SAL-CUS-1", "COM-UI-3"), "critical", "urgent")
    labels = allure_labels(case)
    assert ("severity", "critical") in labels
    assert ("priority", "urgent") in labels
    assert ("epic", "e-Sales") in labels and ("feature", "客户") in labels
    assert [value for name, value in labels if name == "rule"] == ["SAL-CUS-1", "COM-UI-3"]


def test_scales_are_allures_severities_and_qas_priorities():
    assert SEVERITIES == ("blocker", "critical", "normal", "minor", "trivial")
    assert PRIORITIES == ("urgent", "high", "medium", "low")


def test_rule_catalogue_covers_every_module():
    assert {module_of(rule) for rule in RULES} == {"Common", "e-Sales", "e-Expense", "e-Service"}
    assert len(RULES) == 80
    # The catalogue is the specification's own list: each rule's first words, in its order.
    spec = SPEC.read_text(encoding="utf-8")
    assert RULES["SAL-OPP-2"] == "weighted amount = amount × probability / 100, rounded half-up to 0.01."
    assert all(f"- {rule}: {text.removesuffix('…')}" in spec for rule, text in RULES.items())
    assert read_rules("- SAL-CUS-1: a\n  - not a rule\n- SVC-KB-2: b\n") == {"SAL-CUS-1": "a", "SVC-KB-2": "b"}
    with pytest.raises(SpecError, match="SAL-CUS-1 is defined twice"):
        read_rules("- SAL-CUS-1: a\n- SAL-CUS-1: b\n")
    with pytest.raises(SpecError, match="defines no rule"):
        read_rules("# e-CRM\n")


FUNCTIONAL_TEST = """
import pytest
pytestmark = pytest.mark.area("e-Sales", "客户")

{decorator}
def test_it():
    pass
"""


def run_functional(pytester: pytest.Pytester, decorator: str) -> pytest.RunResult:
    """Collect one functional test in a scratch project that uses the suite's plugin."""
    pytester.makeconftest("from suite.plugin import PLUGINS\n\npytest_plugins = list(PLUGINS)")
    functional = pytester.mkdir("tests").joinpath("functional")
    functional.mkdir()
    functional.joinpath("test_scratch.py").write_text(textwrap.dedent(FUNCTIONAL_TEST.format(decorator=decorator)))
    original = options.FUNCTIONAL
    options.FUNCTIONAL = functional
    try:
        return pytester.runpytest_inprocess("--collect-only", "-q", "-p", "no:cacheprovider",
                                            "-p", "no:playwright")
    finally:
        options.FUNCTIONAL = original


def test_a_correctly_marked_test_is_collected(pytester):
    result = run_functional(pytester, '@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")')
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*test_it*"])


@pytest.mark.parametrize(
    ("decorator", "message"),
    [
        ("", "no @pytest.mark.spec"),
        ('@pytest.mark.spec("SAL-CUS-99", severity="critical", priority="high")', "unknown rule ID"),
        ('@pytest.mark.spec("SAL-CUS-1", severity="major", priority="high")', "severity 'major'"),
        ('@pytest.mark.spec("SAL-CUS-1", severity="minor", priority="p1")', "priority 'p1'"),
        ('@pytest.mark.spec(severity="minor", priority="low")', "names no rule ID"),
    ],
)
def test_a_badly_marked_test_fails_collection(pytester, decorator, message):
    result = run_functional(pytester, decorator)
    assert result.ret != 0
    assert message in result.stdout.str() + result.stderr.str()
