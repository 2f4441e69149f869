"""``python -m suite.reporting.coverage``: each rule ID and the tests naming it, and whether they pass."""

from __future__ import annotations

import pytest

from suite.reporting import coverage
from suite.reporting.manifest import load_manifest
from suite.reporting.results import load_results

NODE = "tests/functional/sales/test_customers.py::{}"


@pytest.fixture
def collected(allure_results, monkeypatch):
    """A collection naming SAL-CUS-1 in two tests (one passed last time, one failed) and nothing else."""
    allure_results.manifest([NODE.format("test_duplicate_name_is_refused"), NODE.format("test_duplicate_phone")])
    manifest = load_manifest(allure_results.meta)
    monkeypatch.setattr(coverage, "collect", lambda paths: manifest)
    allure_results.add("test_duplicate_name_is_refused")
    allure_results.add("test_duplicate_phone", "failed", **allure_results.failure())
    allure_results.add("test_renamed_since", rules=["SAL-CUS-2"])  # in old results only: not a test any more
    return allure_results


def run(capsys, *args: str) -> tuple[int, str]:
    status = coverage.main(list(args))
    return status, capsys.readouterr().out


def test_every_rule_of_a_module_is_listed_with_the_tests_naming_it(collected, capsys):
    status, out = run(capsys, "--module", "SAL", "--results", str(collected.directory))
    assert status == 1  # most SAL rules have no test
    lines = out.splitlines()
    first = lines.index(next(line for line in lines if " SAL-CUS-1 " in line))
    assert lines[first].startswith("✔")
    assert lines[first + 1].strip() == NODE.format("test_duplicate_name_is_refused") + "  [passed]"
    assert lines[first + 2].strip() == NODE.format("test_duplicate_phone") + "  [failed]"
    assert next(line for line in lines if " SAL-CUS-2 " in line).startswith("✘")  # the renamed test does not count
    assert not any(line.startswith(("✔ COM-", "✘ COM-", "✔ EXP-", "✘ EXP-")) for line in lines)
    assert "SAL-*: 26 rules, 1 named by a test" in out


def test_passing_counts_only_tests_that_passed(collected, capsys):
    status, out = run(capsys, "--module", "SAL", "--passing", "--results", str(collected.directory))
    assert status == 1
    assert NODE.format("test_duplicate_phone") not in out
    assert "1 named by a passing test" in out


def test_a_rule_whose_only_test_failed_is_flagged_with_passing(collected, capsys):
    collected.add("test_duplicate_name_is_refused", "failed", **collected.failure())  # the latest attempt failed
    status, out = run(capsys, "--module", "SAL", "--passing", "--results", str(collected.directory))
    assert status == 1
    assert next(line for line in out.splitlines() if " SAL-CUS-1 " in line).startswith("✘")
    assert "(no passing test)" in out


def test_without_results_the_collected_tests_are_listed(collected, capsys, tmp_path):
    status, out = run(capsys, "--module", "SAL", "--results", str(tmp_path / "none"))
    assert status == 1
    tests = out.split(" SAL-CUS-1 ", 1)[1].splitlines()[1:3]
    assert [test.strip() for test in tests] == [NODE.format("test_duplicate_name_is_refused"),
                                                NODE.format("test_duplicate_phone")]


def test_a_module_whose_every_rule_is_named_passes(allure_results):
    allure_results.manifest([NODE.format("test_it")])
    allure_results.add("test_it")
    lines, missing = coverage.check(load_manifest(allure_results.meta), load_results(allure_results.directory), "SAL",
                                    passing=True, rules={"SAL-CUS-1": "duplicates are refused", "COM-UI-1": "layout"})
    assert missing == []
    assert lines[-1] == "SAL-*: 1 rules, 1 named by a passing test; every rule is named."


def test_a_collection_failure_exits_2(monkeypatch, capsys):
    def fail(paths):
        raise coverage.CollectionError("pytest --collect-only failed (2)")

    monkeypatch.setattr(coverage, "collect", fail)
    assert coverage.main([]) == 2
    assert "collect-only failed" in capsys.readouterr().err
