"""The run summary: five figures that add up, agree with Allure, and show in both languages; defect reports, known
defects, the history between runs and the traceability matrix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from suite.reporting import build
from suite.reporting.annotate import annotate
from suite.reporting.classify import Verdict
from suite.reporting.defects import short_message
from suite.reporting.figures import Figures, breakdown
from suite.reporting.known import load_known
from suite.reporting.report import build_report
from suite.reporting.results import load_results

REFUSED = "urllib.error.URLError: <urlopen error [Errno 111] Connection refused>"
TIMEOUT = "playwright._impl._errors.TimeoutError: Locator.click: Timeout 5000ms exceeded."
NODE = "tests/functional/sales/test_customers.py::{}"
EXPECTED = Figures(total=9, executed=6, passed=2, failed=4, defect_reports=2, skipped=1, deselected=1, not_run=1,
                   product_defects=2, test_defects=1, environment_failures=1, flaky_failed=0, flaky_passed=1)
DEFECT_FIELDS = ("缺陷编号 defect ID", "所属模块 module", "版本 version", "测试时间 tested on", "测试人员 tester",
                 "缺陷优先级 priority", "严重级别 severity", "测试环境 environment", "预置条件 preconditions",
                 "简单描述 summary", "详细描述 steps", "缺陷重现率 reproducibility", "附件 attachments",
                 "功能 function", "需求编号 rule ID", "失败信息 failure message")


@pytest.fixture
def run(allure_results):
    """A run with every kind of case: passed, product defects, a test defect, an environment failure, a flaky test,
    a skipped one, a deselected one and one that never ran."""
    results = allure_results
    screenshot = results.directory / "shot-attachment.png"
    screenshot.write_bytes(b"\x89PNG")
    results.add("test_passes")
    results.attempts("test_duplicate_name_is_refused", ["failed"] * 3, **results.failure(),
                     steps=[results.step("open the list"), results.step("save a duplicate", "failed")],
                     attachments=[{"name": "screenshot rep1", "source": screenshot.name, "type": "image/png"}])
    results.attempts("test_claim_total", ["failed"] * 3, module="e-Expense", function="报销单", rules=["EXP-CLM-1"],
                     severity="normal", priority="urgent", package="tests.functional.expense.test_claims",
                     message="AssertionError: total 12.00 != 12.30", trace=">       assert total == expected\n")
    results.attempts("test_detail_times_out", ["broken"] * 3, message=TIMEOUT, severity="blocker",
                     trace=">       page.get_by_role('button').click()\n")
    results.attempts("test_health", ["broken"] * 3, message=REFUSED, module="Common", rules=["COM-OPS-1"],
                     package="tests.functional.common.test_ops")
    results.attempts("test_search_is_flaky", ["failed", "passed"], **results.failure(), severity="minor",
                     priority="low", rules=["SAL-CUS-3"])
    results.add("test_archive", "skipped", message="Skipped: needs the test clock", rules=["SAL-CUS-5"])
    executed = [NODE.format(name) for name in ("test_passes", "test_duplicate_name_is_refused",
                                               "test_detail_times_out", "test_search_is_flaky", "test_archive")]
    executed += ["tests/functional/expense/test_claims.py::test_claim_total",
                 "tests/functional/common/test_ops.py::test_health"]
    results.manifest(executed + [NODE.format("test_never_ran")],
                     deselected={NODE.format("test_slow"): "deselected by -k 'not slow'"})
    return results


def build_into(out: Path, results_dir: Path, *extra: str) -> int:
    return build.main(["--results", str(results_dir), "--out", str(out), "--known", str(out / "none.toml"), *extra])


def test_the_five_figures_add_up(run, tmp_path):
    report = build_report(load_results(run.directory), tmp_path, {}, tmp_path / "history.json")
    assert report.figures == EXPECTED
    assert all(check.holds for check in report.checks), [c for c in report.checks if not c.holds]
    assert {case.reason for case in report.cases if not case.result.executed} == {
        "Skipped: needs the test clock", "deselected by -k 'not slow'",
        "not run: the session stopped before this test (interrupted, or its worker crashed)"}


def test_a_wrong_count_breaks_an_identity(run, tmp_path):
    report = build_report(load_results(run.directory), tmp_path, {}, tmp_path / "history.json")
    lost = next(case for case in report.cases if case.run is not None)
    report.cases.remove(lost)  # a result lost on the way: the summary no longer reconciles with Allure
    assert not all(check.holds for check in report.checks)


def test_the_breakdowns_sum_to_the_totals(run, tmp_path):
    cases = build_report(load_results(run.directory), tmp_path, {}, tmp_path / "history.json").cases
    for keys in (lambda c: [c.module], lambda c: [c.severity], lambda c: [c.priority]):
        rows = breakdown(cases, keys)
        for figure in ("total", "executed", "passed", "failed", "defect_reports"):
            assert sum(getattr(figures, figure) for _, figures in rows) == getattr(EXPECTED, figure)
    by_module = dict(breakdown(cases, lambda c: [c.module]))
    assert (by_module["e-Expense"].failed, by_module["e-Expense"].defect_reports) == (1, 1)
    assert by_module["Common"].environment_failures == 1


def test_the_summary_reconciles_with_allures_own_counts(run, tmp_path, allure_stats):
    assert build_into(tmp_path / "out", run.directory) == 0
    figures = json.loads((tmp_path / "out" / "defects.json").read_text())["figures"]
    stats = allure_stats(run.directory, tmp_path)
    assert stats["total"] == figures["executed"] + figures["skipped"]
    assert stats.get("passed", 0) == figures["passed"]
    assert stats.get("failed", 0) + stats.get("broken", 0) + stats.get("unknown", 0) == figures["failed"]
    assert figures["total"] == stats["total"] + figures["deselected"] + figures["not_run"]
    assert (stats.get("retries"), stats.get("flaky")) == (5, figures["flaky_passed"] + figures["flaky_failed"])


def test_both_languages_show_the_five_figures(run, tmp_path):
    out = tmp_path / "out"
    assert build_into(out, run.directory) == 0
    row = "| 9 | 6 | 2 | 🔴 4 | 2 |"
    zh = (out / "summary.zh-CN.md").read_text()
    en = (out / "summary.en.md").read_text()
    assert "| 用例总数 | 执行用例数 | 通过 | 未通过 | 缺陷报告数 |" in zh and row in zh
    assert "| total cases | executed | passed | failed | defect reports |" in en and row in en
    page = (out / "summary.html").read_text()
    for label in ("用例总数", "执行用例数", "缺陷报告数", "total cases", "defect reports"):
        assert f"<th>{label}</th>" in page
    assert '<section class="lang-zh" lang="zh-CN">' in page and '<section class="lang-en" lang="en">' in page
    assert not re.search(r"<script|<link|\bsrc=|@import|url\(", page), "the page must be self-contained"


def test_the_summary_lists_flaky_and_not_executed_cases_apart(run, tmp_path):
    out = tmp_path / "out"
    build_into(out, run.directory)
    en = (out / "summary.en.md").read_text()
    flaky = en.split("## Flaky tests")[1].split("\n## ")[0]
    assert "test\\_search\\_is\\_flaky" not in flaky and "test_search_is_flaky" in flaky
    assert "intermittent (1/2)" in flaky
    not_executed = en.split("## Cases not executed, and why (3)")[1]
    assert "deselected by -k 'not slow'" in not_executed and "needs the test clock" in not_executed


def test_each_failing_check_gets_a_defect_report_with_every_field(run, tmp_path):
    out = tmp_path / "out"
    build_into(out, run.directory)
    data = json.loads((out / "defects.json").read_text())
    by_category = {}
    for defect in data["defects"]:
        by_category.setdefault(defect["category"], []).append(defect)
    assert {key: len(value) for key, value in by_category.items()} == {
        "product-defect": 2, "test-defect": 1, "environment": 1, "flaky": 1}
    duplicate = next(d for d in by_category["product-defect"] if d["test"].endswith("refused"))
    assert duplicate["reproducibility"] == {"text": "always (总是) 3/3", "failed": 3, "attempts": 3,
                                           "not_reproduced": []}
    assert [step["status"] for step in duplicate["steps"]] == ["passed", "failed"]
    report = (out / "defects" / f"{duplicate['id']}.md").read_text()
    for field in DEFECT_FIELDS:
        assert f"| {field} |" in report or f"## {field}" in report, field
    link = re.search(r"\[#1 screenshot: screenshot rep1\]\(([^)]+)\)", report).group(1)
    assert (out / "defects" / link).resolve() == (run.directory / "shot-attachment.png").resolve()


@pytest.mark.parametrize(
    ("message", "short"),
    [
        ("AssertionError: Locator expected to be visible\nCall log: ...", "Locator expected to be visible"),
        ("playwright._impl._errors.TimeoutError: Locator.fill: Timeout 30000ms exceeded.",
         "TimeoutError: Locator.fill: Timeout 30000ms exceeded."),
        ("AssertionError", "AssertionError"),
        ("total 12.00: wrong", "total 12.00: wrong"),
    ],
)
def test_a_summary_keeps_the_first_line_of_the_failure_without_noise(message, short):
    assert short_message(message) == short


def test_an_empty_results_directory_is_said_plainly(tmp_path, capsys):
    empty = tmp_path / "allure-results"
    empty.mkdir()
    assert build_into(tmp_path / "out", empty) == 0
    assert "no test result" in capsys.readouterr().out
    assert "结果目录里没有任何测试结果" in (tmp_path / "out" / "summary.zh-CN.md").read_text()
    assert json.loads((tmp_path / "out" / "defects.json").read_text())["figures"]["total"] == 0


def test_unreadable_inputs_exit_2(tmp_path, capsys):
    assert build_into(tmp_path / "out", tmp_path / "missing") == 2
    assert "cannot read the inputs" in capsys.readouterr().err


def test_a_partial_run_counts_what_did_not_run(allure_results, tmp_path):
    allure_results.add("test_passes")
    (allure_results.directory / "half-result.json").write_text('{"name": "test_cut', encoding="utf-8")
    allure_results.manifest([NODE.format("test_passes"), NODE.format("test_next")], exitstatus=None,
                            stopped="KeyboardInterrupt")
    report = build_report(load_results(allure_results.directory), tmp_path, {}, tmp_path / "history.json")
    assert (report.figures.total, report.figures.executed, report.figures.not_run) == (2, 1, 1)
    assert {note.key for note in report.notes} == {"note_stopped", "note_not_run", "note_unreadable"}


def test_known_defects_are_listed_apart_and_marked_in_allure(run, tmp_path):
    out = tmp_path / "out"
    build_into(out, run.directory)
    defects = json.loads((out / "defects.json").read_text())["defects"]
    product = next(d for d in defects if d["test"].endswith("refused"))
    known = tmp_path / "known.toml"
    known.write_text(f'[[defect]]\nid = "{product["id"]}"\nissue = "https://tracker.example/ECRM-7"\n')
    assert build.main(["--results", str(run.directory), "--out", str(out), "--known", str(known)]) == 0
    en = (out / "summary.en.md").read_text()
    assert "### New defects (not yet filed) (1)" in en and "### Known defects (already filed) (1)" in en
    assert "https://tracker.example/ECRM-7" in en.split("### Known defects")[1]
    counted = max((r for r in run.written if r["name"] == "test_duplicate_name_is_refused"), key=lambda r: r["start"])
    raw = json.loads((run.directory / f"{counted['uuid']}-result.json").read_text())
    assert raw["statusDetails"]["known"] is True
    assert {"name": "defect", "value": product["id"]} in raw["labels"]
    assert raw["links"][0]["url"] == "https://tracker.example/ECRM-7"


def test_annotating_twice_changes_nothing_the_second_time(run, tmp_path):
    report = build_report(load_results(run.directory), tmp_path, {}, tmp_path / "history.json")
    assert annotate(run.directory, report.defects) > 0
    assert annotate(run.directory, report.defects) == 0
    flaky = max((r for r in run.written if r["name"] == "test_search_is_flaky"), key=lambda r: r["start"])
    assert json.loads((run.directory / f"{flaky['uuid']}-result.json").read_text())["statusDetails"]["flaky"]


def test_a_malformed_known_defects_file_is_refused(tmp_path):
    known = tmp_path / "known.toml"
    known.write_text('[[defect]]\nid = "SAL-CUS-00000000"\n')
    with pytest.raises(ValueError, match="needs an id and an issue"):
        load_known(known)


def test_the_history_tells_new_still_failing_and_fixed_defects(tmp_path, results_in):
    history = tmp_path / "history.json"
    first = results_in(tmp_path / "run1" / "allure-results")
    first.attempts("test_duplicate_name_is_refused", ["failed"] * 2, **first.failure())
    first.attempts("test_claim_total", ["failed"] * 2, message="AssertionError: x", trace=">  assert a == b\n")
    second = results_in(tmp_path / "run2" / "allure-results")
    second.add("test_duplicate_name_is_refused")  # fixed
    second.attempts("test_claim_total", ["failed"] * 2, message="AssertionError: y", trace=">  assert a == b\n")
    second.attempts("test_new", ["failed"] * 2, **second.failure())
    out = tmp_path / "out"
    for directory in (first.directory, second.directory, second.directory):  # the last: a rebuild of run 2
        assert build_into(out, directory, "--history", str(history)) == 0
    since = json.loads((out / "defects.json").read_text())["since_last_run"]
    assert (len(since["new"]), len(since["still_failing"]), len(since["fixed"])) == (1, 1, 1)
    assert len(json.loads(history.read_text())["runs"]) == 2


def test_stale_defect_reports_are_removed(run, tmp_path):
    stale = tmp_path / "out" / "defects" / "SAL-CUS-deadbeef.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("an old defect")
    build_into(tmp_path / "out", run.directory)
    assert not stale.exists()


def test_the_traceability_matrix_shows_rules_without_tests_in_red(run, tmp_path):
    out = tmp_path / "out"
    build_into(out, run.directory)
    page = (out / "traceability.html").read_text()
    rows = {re.search(r"<code>([A-Z]+-[A-Z]+-\d+)</code>", row).group(1): row
            for row in re.findall(r"<tr[^>]*>.*?</tr>", page) if "<td>" in row}
    assert len(rows) == 80
    assert rows["SVC-KB-1"].startswith('<tr class="row-bad">')
    assert not rows["SAL-CUS-1"].startswith('<tr class="row-bad">')
    markdown = (out / "traceability.md").read_text()
    assert re.search(r"^\| 🔴 `SVC-KB-1` \|", markdown, re.M)
    assert re.search(r"^\| 🟠 `SAL-CUS-1` \|", markdown, re.M)  # a test naming it fails
    assert "🔴" not in next(line for line in markdown.splitlines() if "`SAL-CUS-5`" in line)  # tests, not run


def test_verdicts_cover_every_failed_case(run, tmp_path):
    report = build_report(load_results(run.directory), tmp_path, {}, tmp_path / "history.json")
    failed = [case for case in report.cases if case.result.executed and case.result.value == "failed"]
    assert all(case.verdict in (Verdict.PRODUCT_DEFECT, Verdict.TEST_DEFECT, Verdict.ENVIRONMENT, Verdict.FLAKY)
               for case in failed)
