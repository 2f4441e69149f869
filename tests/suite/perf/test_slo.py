"""The SLO gate: a declarative TOML file evaluated against a run's statistics, with a table of what broke."""

from __future__ import annotations

import sys
import textwrap

import pytest

from suite.perf import slo
from suite.perf.stats import NameStats, RunStats

from .helpers import run_stats

SLO_TOML = """
[overall]
p95_ms = 300
error_rate = 0.01
min_rps = 5

[defaults]
p95_ms = 500
p99_ms = 1000
error_rate = 0.02
min_requests = 20

[requests."customers: search"]
p95_ms = 200
required = true

[requests."claim: approve"]
p95_ms = 400
"""


@pytest.fixture
def slo_file(tmp_path):
    path = tmp_path / "slo.toml"
    path.write_text(SLO_TOML, encoding="utf-8")
    return slo.load(path)


def test_a_run_within_every_objective_passes(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 120, "customer: 360 view": 300}), slo_file)
    assert verdict.passed and not verdict.broken
    assert any("claim: approve" in note for note in verdict.notes)  # listed but absent, not required: a note


def test_a_p95_over_its_ceiling_fails_and_names_the_request(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 260, "customer: 360 view": 300}), slo_file)
    assert not verdict.passed
    assert [(c.scope, c.metric, c.limit, c.actual) for c in verdict.broken] == [
        ("customers: search", "p95_ms", 200.0, 260.0)]
    text = slo.table(verdict, only_broken=True)
    assert "customers: search" in text and "BROKEN" in text and "260 ms" in text


def test_names_without_their_own_table_use_the_defaults(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 100, "report: pipeline": 700}), slo_file)
    broken = {(c.scope, c.metric) for c in verdict.broken}
    assert broken == {("report: pipeline", "p95_ms"), ("report: pipeline", "p99_ms"), ("(overall)", "p95_ms")}


def test_the_error_rate_ceiling_and_the_throughput_floor(slo_file):
    stats = run_stats({"customers: search": 100}, failures={"customers: search": 5}, rps=2.0)
    broken = {(c.scope, c.metric) for c in slo.evaluate(stats, slo_file).broken}
    assert broken == {("customers: search", "error_rate"), ("(overall)", "error_rate"), ("(overall)", "min_rps")}


def test_too_few_samples_report_percentiles_without_gating_them_but_errors_still_count(slo_file):
    stats = run_stats({"customers: search": 100, "report: pipeline": 5000}, requests=5,
                      failures={"report: pipeline": 1}, overall_p95=100)
    verdict = slo.evaluate(stats, slo_file)
    p95 = next(c for c in verdict.checks if c.scope == "report: pipeline" and c.metric == "p95_ms")
    assert not p95.ok and not p95.enforced
    assert ("report: pipeline", "error_rate") in {(c.scope, c.metric) for c in verdict.broken}


def test_a_required_name_that_was_never_requested_fails(slo_file):
    verdict = slo.evaluate(run_stats({"customer: 360 view": 100}), slo_file)
    assert ("customers: search", "required") in {(c.scope, c.metric) for c in verdict.broken}


def test_a_run_without_any_request_fails(slo_file):
    assert not slo.evaluate(RunStats({}, NameStats("Aggregated")), slo_file).passed


@pytest.mark.parametrize(
    "text, message",
    [
        ("[overall]\np95 = 200\n", "unknown key"),
        ("[overal]\np95_ms = 200\n", "unknown table"),
        ("[overall]\nerror_rate = 5\n", "fraction"),
        ("[overall]\np95_ms = \"fast\"\n", "non-negative number"),
        ("[overall\n", "slo.toml"),
    ],
)
def test_a_malformed_slo_file_is_refused_with_a_clear_message(tmp_path, text, message):
    path = tmp_path / "slo.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(slo.SloFileError, match=message):
        slo.load(path)


def test_the_verdict_round_trips_through_json(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 260}), slo_file)
    again = slo.Verdict.from_json(verdict.to_json())
    assert again.passed is False and [c.describe() for c in again.broken] == [c.describe() for c in verdict.broken]


def test_the_project_slo_files_parse():
    from pathlib import Path

    for path in sorted(Path("tests/performance").glob("slo*.toml")):
        assert slo.load(path).overall.error_rate is not None, path


def test_the_library_never_imports_locust():
    import suite.perf.baseline
    import suite.perf.integrity
    import suite.perf.knee
    import suite.perf.run
    import suite.perf.trend  # noqa: F401

    assert "locust" not in sys.modules and "gevent" not in sys.modules


# -- the verdict in Locust's HTML report ------------------------------------------------------------------------------
LOCUST_REPORT = "<html><head></head><body><div id='root'></div><script>window.templateArgs = {}</script></body></html>"


def test_the_report_section_shows_the_verdict_every_check_and_what_the_overall_row_leaves_out(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 250, "claim: approve": 100}), slo_file)
    login = NameStats("auth: login", "POST", 10, 0, 300, 280, 380, 400, 420, 0.1)
    section = slo.html_section(verdict, [login], "A log-in hashes the password on purpose.")
    assert "SLO verdict: FAILED" in section
    assert "<td>auth: login</td><td>10</td><td>380 ms</td>" in section
    assert "A log-in hashes the password on purpose." in section
    assert '<tr class="broken"><td>customers: search</td><td>p95_ms</td><td>200 ms</td><td>250 ms</td>' in section
    assert section.count("<tr") == 1 + 1 + 1 + len(verdict.checks)  # two headers, one left-out row, the checks


def test_the_section_goes_at_the_end_of_the_report_once_however_often_it_is_added(slo_file):
    verdict = slo.evaluate(run_stats({"customers: search": 100}), slo_file)
    section = slo.html_section(verdict, [], "why")
    report = slo.add_to_report(slo.add_to_report(LOCUST_REPORT, section), section)
    assert report.count(f'<section id="{slo.REPORT_MARK}"') == 1
    assert report.index("window.templateArgs") < report.index(slo.REPORT_MARK) < report.index("</body>")
    assert "SLO verdict: PASSED" in report and "none in this run" in report
