"""The nightly baseline: median of the last k runs that may be the norm; a regression is +margin AND +min_delta_ms
on p95."""

from __future__ import annotations

import json
import random

from suite.perf import baseline

from .helpers import record, run_stats

NAMES = {"customers: search": 80.0, "customer: 360 view": 120.0, "auth: csrf": 6.0, "report: pipeline": 300.0}


def noisy_history(runs: int = 8, spread: float = 0.12, seed: int = 7) -> list[baseline.RunRecord]:
    """Runs of an unchanged app: each p95 wobbles by up to ±spread (measured noise here is about ±10 %)."""
    rng = random.Random(seed)
    return [record(i, {n: v * (1 + rng.uniform(-spread, spread)) for n, v in NAMES.items()}) for i in range(runs)]


def test_the_baseline_is_the_median_of_the_last_k_passed_runs():
    history = [record(i, {"customers: search": v}) for i, v in enumerate([500, 100, 90, 110, 95, 105])]
    history.append(record(6, {"customers: search": 900}, passed=False, norm=False))  # a regressed run: never the norm
    base = baseline.baseline(history, k=5)
    assert base["customers: search"].p95_ms == 100 and base["customers: search"].runs == 5


def test_a_run_that_failed_only_the_slo_gate_is_part_of_the_baseline():
    """A host too small for the SLOs breaks them every night; those runs still say what unchanged code does."""
    history = [record(i, {"customers: search": v}, passed=False, norm=True) for i, v in enumerate([300, 310, 290])]
    base = baseline.baseline(history, k=5)
    assert base["customers: search"].p95_ms == 300 and base["customers: search"].runs == 3
    verdict = baseline.compare(run_stats({"customers: search": 600.0}), base)
    assert "customers: search" in [row.name for row in verdict.regressions]


def test_a_record_stored_before_the_norm_flag_is_the_norm_when_it_passed(tmp_path):
    baseline.store(tmp_path, record(0, NAMES, passed=True), keep=5)
    baseline.store(tmp_path, record(1, NAMES, passed=False), keep=5)
    for path in tmp_path.glob("*.json"):  # as the records of earlier runs were written: no "norm" key
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["norm"]
        path.write_text(json.dumps(data), encoding="utf-8")
    assert [r.is_norm for r in baseline.load_history(tmp_path)] == [True, False]


def test_noise_of_an_unchanged_app_raises_no_alarm():
    for seed in range(50):
        history = noisy_history(seed=seed)
        base = baseline.baseline(history[:-1], k=5)
        verdict = baseline.compare(history[-1].run_stats, base)
        assert verdict.passed, (seed, baseline.table(verdict))


def test_a_fifty_percent_slower_endpoint_is_flagged():
    history = noisy_history()
    slower = {**NAMES, "customers: search": NAMES["customers: search"] * 1.5}
    verdict = baseline.compare(run_stats(slower), baseline.baseline(history, k=5))
    assert not verdict.passed
    assert "customers: search" in [row.name for row in verdict.regressions]
    row = verdict.regressions[0]
    assert row.delta_pct > 0.3 and row.delta_ms >= 20
    assert "REGRESSED" in baseline.table(verdict)


def test_a_fast_endpoint_wobbling_by_a_few_milliseconds_is_not_a_regression():
    """6 ms -> 10 ms is +67 % but only +4 ms: below the absolute floor, it is noise."""
    verdict = baseline.compare(run_stats({**NAMES, "auth: csrf": 10.0}), baseline.baseline(noisy_history(), k=5))
    assert verdict.passed


def test_a_slow_endpoint_twenty_milliseconds_slower_but_within_the_margin_is_not_a_regression():
    verdict = baseline.compare(run_stats({**NAMES, "report: pipeline": 340.0}), baseline.baseline(noisy_history()))
    assert verdict.passed


def test_the_margin_and_floor_are_configurable():
    base = baseline.baseline(noisy_history(spread=0.0), k=5)
    current = run_stats({**NAMES, "customers: search": 100.0})  # +25 %, +20 ms
    assert baseline.compare(current, base).passed
    assert not baseline.compare(current, base, margin=0.2, min_delta_ms=10).passed


def test_new_names_and_thin_samples_are_reported_not_judged():
    base = baseline.baseline(noisy_history(), k=5)
    current = run_stats({**NAMES, "claim: approve": 999.0})
    statuses = {row.name: row.status for row in baseline.compare(current, base).rows}
    assert statuses["claim: approve"] == "new"
    thin = run_stats({"customers: search": 120.0}, requests=199)  # +50 % on the ten slowest requests: too thin
    assert {row.name: row.status for row in baseline.compare(thin, base).rows}["customers: search"] == "few samples"


def test_a_thin_name_whose_median_is_past_the_line_is_judged():
    """The slow-endpoint defect: few requests finish, but even the median one is far past the baseline's p95."""
    base = baseline.baseline(noisy_history(), k=5)
    slow = run_stats({**NAMES, "customers: search": 7700.0}, requests=40)  # p50 = 0.5 x p95 = 3850 ms
    verdict = baseline.compare(slow, base)
    assert "customers: search" in [row.name for row in verdict.regressions]


def test_a_value_the_unchanged_runs_themselves_reached_is_not_a_regression():
    """Median 100 ms, but one unchanged run showed 150 ms: 140 ms (+40 %) is inside the observed noise."""
    history = [record(i, {"customers: search": v}) for i, v in enumerate([95, 100, 150, 105, 98])]
    base = baseline.baseline(history, k=5)
    assert base["customers: search"].max_p95_ms == 150
    assert baseline.compare(run_stats({"customers: search": 140.0}), base).passed
    verdict = baseline.compare(run_stats({"customers: search": 151.0}), base)
    assert "customers: search" in [row.name for row in verdict.regressions]


def test_a_baseline_of_fewer_than_three_runs_reports_but_does_not_judge():
    history = [record(i, NAMES) for i in range(2)]
    slower = run_stats({**NAMES, "customers: search": NAMES["customers: search"] * 3})
    verdict = baseline.compare(slower, baseline.baseline(history, k=5))
    assert verdict.passed
    assert {row.name: row.status for row in verdict.rows}["customers: search"] == "building baseline"
    assert "2 of 3" in verdict.note
    third = baseline.compare(slower, baseline.baseline([*history, record(2, NAMES)], k=5))
    assert [row.name for row in third.regressions] == ["customers: search"]


def test_without_history_the_first_run_passes_and_says_so():
    verdict = baseline.compare(run_stats(NAMES), {})
    assert verdict.passed and "first" in verdict.note


def test_the_history_keeps_the_last_n_runs(tmp_path):
    for i in range(7):
        baseline.store(tmp_path, record(i, NAMES), keep=5)
    history = baseline.load_history(tmp_path, shape="nightly")
    assert [r.run_id for r in history] == ["r02", "r03", "r04", "r05", "r06"]
    (tmp_path / "zz-broken.json").write_text("{not json", encoding="utf-8")
    assert len(baseline.load_history(tmp_path)) == 5
