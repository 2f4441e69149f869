"""The suite in the field: against one long-lived e-CRM, run after run; a re-run reproduces the real failure; a
deployment without the test clock runs green with the clock checks left out and why.

Each test runs the functional suite (a selection of it) in a pytest subprocess against a reference e-CRM started here,
as a QA team's staging would be: started once, on one database that is never reset between the runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from suite.reporting import build
from suite.server import ecrm as server

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONAL = "tests/functional"

# A selection that creates every record kind the suite makes: customers, contacts, opportunities, activities, claims,
# advances, projects, fault records, RMAs, surveys, knowledge-base articles, alert rules and alerts; through the API
# and through the browser.
EVERY_RECORD_KIND = (
    "sales/test_customers.py::test_valid_phone_formats_are_accepted",
    "sales/test_customers.py::test_the_360_view_shows_contacts_opportunities_and_every_service_section",
    "sales/test_contacts.py::test_marking_a_new_primary_contact_clears_the_old_one",
    "sales/test_opportunities.py::test_moving_to_a_stage_sets_its_default_probability",
    "sales/test_activities.py::test_an_activity_is_logged_through_the_form",
    "expense/test_approval.py::test_the_inbox_goes_line_manager_then_finance",
    "expense/test_advances.py::test_an_advance_goes_draft_submitted_approved_disbursed",
    "expense/test_claims.py::test_a_claim_charged_to_a_project_moves_its_spend_when_approved",
    "service/test_fault_records.py::test_a_published_article_is_linked_to_a_ticket_and_a_draft_cannot_be",
    "service/test_rma.py::test_an_engineer_takes_an_rma_from_request_to_closed",
    "service/test_surveys.py::test_closing_a_ticket_creates_exactly_one_survey_with_a_random_token",
    "service/test_kb.py::test_only_the_author_edits_an_article",
    "service/test_alerts.py::test_the_manager_evaluates_on_demand_and_acknowledges_an_alert_in_the_inbox",
)
# Two checks that set the test clock, and two that do not.
CLOCK_AND_NOT = (
    "service/test_fault_records.py::test_a_resolved_ticket_can_be_reopened_only_within_seven_days",
    "sales/test_activities.py::test_a_planned_activity_is_overdue_once_its_time_has_passed",
    "sales/test_customers.py::test_valid_phone_formats_are_accepted",
    "service/test_kb.py::test_only_the_author_edits_an_article",
)


def run_suite(tests, results: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The functional suite on ``tests`` (paths under tests/functional), writing its Allure results to ``results``."""
    command = [sys.executable, "-m", "pytest", *(f"{FUNCTIONAL}/{test}" for test in tests), "-p", "no:randomly",
               "-p", "no:cacheprovider", "-q", f"--alluredir={results}", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, **(env or {})})


def summary_of(results: Path, out: Path) -> dict:
    assert build.main(["--results", str(results), "--out", str(out), "--known", str(out / "none.toml")]) == 0
    return json.loads((out / "defects.json").read_text(encoding="utf-8"))


def tail(result: subprocess.CompletedProcess) -> str:
    return (result.stdout + result.stderr)[-4000:]


@pytest.fixture(scope="module")
def staging(tmp_path_factory: pytest.TempPathFactory):
    """One reference e-CRM with the test settings (so the clock checks run too) on one database kept for the module."""
    work = tmp_path_factory.mktemp("staging")
    deployment = server.EmbeddedServer(work / "ecrm", work, work / "server.log", keep_database=True).start()
    yield deployment.url
    deployment.stop()


@pytest.fixture(scope="module")
def production_like(tmp_path_factory: pytest.TempPathFactory):
    """A reference e-CRM with production settings, as ``./qa serve`` starts it: no test clock."""
    work = tmp_path_factory.mktemp("production")
    deployment = server.EmbeddedServer(work / "ecrm", work, work / "server.log",
                                       settings=server.PRODUCTION_SETTINGS).start()
    yield deployment.url
    deployment.stop()


def test_a_selection_creating_every_record_kind_is_green_twice_in_a_row_against_one_deployment(staging, tmp_path):
    # One worker: the deployment's test clock is global, and the alert check sets it.
    runs = []
    for number in (1, 2):
        results = tmp_path / f"run{number}" / "allure-results"
        result = run_suite(EVERY_RECORD_KIND, results, f"--base-url={staging}")
        assert result.returncode == 0, f"run {number} against the same deployment:\n{tail(result)}"
        runs.append(summary_of(results, tmp_path / f"run{number}" / "out"))
    first, second = runs
    assert first["figures"]["failed"] == second["figures"]["failed"] == 0
    assert first["figures"]["passed"] == second["figures"]["passed"] >= len(EVERY_RECORD_KIND)
    assert first["facts"]["run_id"] != second["facts"]["run_id"]
    for run in runs:  # what each run left behind: every kind it made, and nothing active where clean-up is allowed
        kinds = {row["kind"]: row for row in run["left_behind"]}
        assert {"customers", "contacts", "opportunities", "activities", "claims", "advances", "projects",
                "fault-records", "rmas", "kb-articles", "alert-rules"} <= set(kinds), sorted(kinds)
        assert [record for row in run["left_behind"] for record in row["active"]] == []


def test_against_a_deployment_without_the_test_clock_the_clock_checks_are_left_out_with_the_reason(
    production_like, tmp_path
):
    results = tmp_path / "allure-results"
    result = run_suite(CLOCK_AND_NOT, results, f"--base-url={production_like}", "-n", "2")
    assert result.returncode == 0, tail(result)
    data = summary_of(results, tmp_path / "out")
    left_out = {case["test"].split("::")[1].split("[")[0]: case["reason"] for case in data["not_executed"]}
    assert set(left_out) == {"test_a_resolved_ticket_can_be_reopened_only_within_seven_days",
                             "test_a_planned_activity_is_overdue_once_its_time_has_passed"}
    for reason in left_out.values():
        assert reason.startswith(f"needs the test clock (/__test__/clock/), which {production_like} does not mount")
    assert data["figures"]["failed"] == 0 and data["figures"]["passed"] > 0
    summary = (tmp_path / "out" / "summary.en.md").read_text(encoding="utf-8")
    assert "needs the test clock" in summary


def test_against_the_embedded_e_crm_nothing_is_left_out(tmp_path):
    result = run_suite(CLOCK_AND_NOT[:2], tmp_path / "allure-results", "--co")
    assert result.returncode == 0, tail(result)
    assert "deselected" not in result.stdout


def test_with_a_seeded_defect_every_re_run_fails_the_same_way_and_the_report_names_that_assertion(tmp_path):
    results = tmp_path / "allure-results"
    test = "sales/test_opportunities.py::test_lost_needs_a_lost_reason"  # creates a customer and an opportunity
    result = run_suite([test], results, "-k", "zh-hans", "--reruns", "2",
                       env={"ECRM_DEFECTS": "SAL-LOST-NO-REASON"})
    assert result.returncode == 1, tail(result)
    (defect,) = summary_of(results, tmp_path / "out")["defects"]
    assert defect["category"] == "product-defect"
    assert defect["message"].startswith("AssertionError: assert 200 == 400")
    assert defect["reproducibility"] == {"text": "always (总是) 3/3", "failed": 3, "attempts": 3,
                                         "not_reproduced": []}
    report = (tmp_path / "out" / "defects" / f"{defect['id']}.md").read_text(encoding="utf-8")
    assert "assert 200 == 400" in report and "always (总是) 3/3" in report
