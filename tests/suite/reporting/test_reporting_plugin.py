"""The plugin's collection manifest, end to end: real pytest runs with allure-pytest, xdist and re-runs."""

from __future__ import annotations

import json

from suite.reporting import build
from suite.reporting.manifest import load_manifest

pytest_plugins = ["pytester"]



def scratch_module(function: str, tests: str) -> str:
    """A scratch functional test module of e-Sales' ``function``; ``next_attempt()`` counts its runs (re-runs too)."""
    return f"""
import os
from pathlib import Path

import allure
import pytest

pytestmark = pytest.mark.area("e-Sales", "{function}")
COUNTER = Path(__file__).with_name("attempts.txt")


def next_attempt():
    attempt = int(COUNTER.read_text()) + 1 if COUNTER.exists() else 1
    COUNTER.write_text(str(attempt))
    return attempt
""" + tests


CHECKS = scratch_module("客户", """

@pytest.fixture
def customer():
    \"\"\"A customer created through the API.\"\"\"
    return {"name": "ACME"}


@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
def test_duplicate_is_refused(customer):
    \"\"\"A duplicate customer name is refused.\"\"\"
    with allure.step("save a duplicate"):
        assert "refused" in f"saved at http://127.0.0.1:{os.getpid()}/", "no error shown"


@pytest.mark.spec("SAL-CUS-2", severity="normal", priority="medium")
def test_phone_is_checked():
    assert True


@pytest.mark.spec("SAL-CUS-3", severity="minor", priority="low")
def test_search_is_flaky():
    assert next_attempt() > 1, "fails on the first attempt only"


@pytest.mark.spec("SAL-CUS-4", severity="blocker", priority="urgent")
def test_detail_times_out():
    \"\"\"The 360° page shows the contacts.\"\"\"
    raise TimeoutError("Locator.click: Timeout 5000ms exceeded.")


@pytest.mark.spec("SAL-CUS-5", severity="normal", priority="high")
def test_archive_needs_the_clock():
    pytest.skip("needs the test clock")


@pytest.mark.spec("SAL-CUS-6", severity="normal", priority="high")
def test_reassign_slow():
    assert True


@pytest.mark.nightly
@pytest.mark.spec("SAL-CON-1", severity="normal", priority="low")
def test_primary_contact():
    assert True
""")


def test_a_run_with_reruns_gives_the_figures_and_agrees_with_allure(scratch, tmp_path, allure_stats):
    scratch.write("test_customers.py", CHECKS)
    scratch.run("--reruns", "2", "-k", "not slow", "-m", "not nightly")
    out = tmp_path / "out"
    assert build.main(["--results", str(scratch.results), "--out", str(out), "--known", str(tmp_path / "no")]) == 0
    data = json.loads((out / "defects.json").read_text())
    assert {key: data["figures"][key] for key in ("total", "executed", "passed", "failed", "defect_reports")} == {
        "total": 7, "executed": 4, "passed": 2, "failed": 2, "defect_reports": 1}
    categories = {defect["test"].rsplit("::", 1)[1]: (defect["category"], defect["reproducibility"]["text"])
                  for defect in data["defects"]}
    assert categories == {
        "test_duplicate_is_refused": ("product-defect", "always (总是) 3/3"),
        "test_detail_times_out": ("test-defect", "always (总是) 3/3"),
        "test_search_is_flaky": ("flaky", "intermittent (偶现) 1/2"),
    }
    assert {case["reason"] for case in data["not_executed"]} == {
        "deselected by -k 'not slow'", "deselected by -m 'not nightly'", "Skipped: needs the test clock"}
    duplicate = next(defect for defect in data["defects"] if defect["category"] == "product-defect")
    assert duplicate["preconditions"][1:] == ["customer: A customer created through the API."]
    assert duplicate["steps"] == [  # the failing step says what happened instead
        {"number": "1", "text": "save a duplicate — 实际 actual: no error shown", "status": "failed"}]
    assert duplicate["tester"] == "scratch tester"
    without_steps = next(defect for defect in data["defects"] if defect["category"] == "test-defect")
    assert without_steps["steps"] == [  # no recorded steps: the docstring, then the failing line
        {"number": "1", "text": "The 360° page shows the contacts.", "status": ""},
        {"number": "2", "text": '检查 Check: raise TimeoutError("Locator.click: Timeout 5000ms exceeded.")',
         "status": "broken"},
    ]
    stats = allure_stats(scratch.results, tmp_path)
    assert stats["total"] == data["figures"]["executed"] + data["figures"]["skipped"]
    assert (stats.get("passed"), stats.get("failed"), stats.get("broken"), stats.get("flaky")) == (2, 1, 1, 1)


def test_the_manifest_lists_selected_and_deselected_tests_and_labels_results(scratch):
    scratch.write("test_customers.py", CHECKS)
    scratch.run("-k", "not slow and not flaky and not times_out")
    manifest = load_manifest(scratch.meta)
    assert manifest is not None and manifest.exitstatus == 1 and manifest.reruns == 0
    assert {test.name for test in manifest.selected.values()} == {
        "test_duplicate_is_refused", "test_phone_is_checked", "test_archive_needs_the_clock", "test_primary_contact"}
    assert {test.name: test.reason for test in manifest.deselected.values()} == {
        name: "deselected by -k 'not slow and not flaky and not times_out'"
        for name in ("test_reassign_slow", "test_search_is_flaky", "test_detail_times_out")}
    duplicate = next(test for test in manifest.selected.values() if test.name == "test_duplicate_is_refused")
    assert (duplicate.module, duplicate.rules, duplicate.severity, duplicate.priority) == (
        "e-Sales", ("SAL-CUS-1",), "critical", "high")
    labels = [label for path in scratch.results.glob("*-result.json")
              for label in json.loads(path.read_text())["labels"] if label["name"] == "nodeid"]
    assert {label["value"] for label in labels} == set(manifest.selected)
    environment = (scratch.results / "environment.properties").read_text()
    assert "selected=" not in environment and "tester=scratch tester" in environment


def test_xdist_workers_write_parts_the_controller_merges(scratch):
    scratch.write("test_customers.py", CHECKS)
    scratch.run("-n", "2", "-m", "not nightly")
    manifest = load_manifest(scratch.meta)
    assert manifest is not None and manifest.exitstatus == 1
    assert len(manifest.selected) == 6
    assert [test.reason for test in manifest.deselected.values()] == ["deselected by -m 'not nightly'"]
    assert not any((scratch.meta / "collection").glob("*/*.json")), "the parts are removed once merged"


def test_a_module_that_cannot_be_collected_is_recorded(scratch):
    scratch.write("test_customers.py", CHECKS)
    scratch.write("test_broken.py", "import no_such_module\n")
    scratch.run()
    manifest = load_manifest(scratch.meta)
    assert manifest is not None and manifest.exitstatus == 2
    assert [error["nodeid"] for error in manifest.errors] == ["tests/functional/test_broken.py"]
    assert "no_such_module" in manifest.errors[0]["message"]


def test_a_session_stopped_before_any_test_says_why(scratch, tmp_path, capsys):
    scratch.write("test_customers.py", CHECKS)
    scratch.pytester.makeconftest(
        scratch.pytester.path.joinpath("conftest.py").read_text()
        + "\nimport pytest\n\ndef pytest_sessionstart(session):\n"
        "    pytest.exit('The e-CRM under test at http://ecrm.invalid is not healthy', returncode=3)\n"
    )
    result = scratch.run()
    assert result.ret == 3
    manifest = load_manifest(scratch.meta)
    assert manifest is not None and "is not healthy" in manifest.stopped and not manifest.selected
    scratch.results.mkdir(parents=True, exist_ok=True)
    assert build.main(["--results", str(scratch.results), "--out", str(tmp_path / "out")]) == 0
    assert "The test session stopped early: Exit: The e-CRM under test" in capsys.readouterr().out


DIFFERENTLY = scratch_module("销售机会", """

@pytest.fixture
def opportunity():
    \"\"\"An opportunity made through the API.\"\"\"
    if next_attempt() > 1:  # what the old data did on a re-run: its own first attempt's record is in the way
        raise AssertionError("POST /api/v1/customers/ answered 400: phone already used")
    return {"id": 7}


@pytest.mark.spec("SAL-OPP-4", severity="critical", priority="high")
def test_lost_needs_a_lost_reason(opportunity):
    status_code = 200
    assert status_code == 400
""")


def test_a_re_run_that_fails_differently_is_not_reproduced_and_never_filed(scratch, tmp_path):
    scratch.write("test_opportunities.py", DIFFERENTLY)
    scratch.run("--reruns", "2")
    out = tmp_path / "out"
    assert build.main(["--results", str(scratch.results), "--out", str(out), "--known", str(tmp_path / "no")]) == 0
    (defect,) = json.loads((out / "defects.json").read_text())["defects"]
    assert defect["category"] == "product-defect"
    assert defect["message"].startswith("AssertionError: assert 200 == 400")
    assert (defect["reproducibility"]["failed"], defect["reproducibility"]["attempts"]) == (1, 3)
    text = defect["reproducibility"]["text"]
    assert text.startswith("unconfirmed (未能确认) 1/3; attempt 2 not reproduced (第 2 次未复现): set-up error in "
                           "opportunity: AssertionError: POST /api/v1/customers/ answered 400: phone already used")
    assert "attempt 3 not reproduced" in text
    assert [item["attempt"] for item in defect["reproducibility"]["not_reproduced"]] == [2, 3]
    report = (out / "defects" / f"{defect['id']}.md").read_text()
    assert "assert 200 == 400" in report and "attempt 2 not reproduced" in report
