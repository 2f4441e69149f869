"""Builders of run statistics for the performance library's tests (no Locust, no Django)."""

from __future__ import annotations

from suite.perf.baseline import RunRecord
from suite.perf.stats import NameStats, RunStats


def run_stats(p95: dict[str, float], requests: int = 200, failures: dict[str, int] | None = None,
              rps: float = 10.0, overall_p95: float | None = None) -> RunStats:
    failures = failures or {}
    names = {name: NameStats(name, "GET", requests, failures.get(name, 0), value * 0.6, value * 0.5, value,
                             value * 1.5, value * 2, rps) for name, value in p95.items()}
    total_p95 = overall_p95 if overall_p95 is not None else max(p95.values(), default=0.0)
    total = NameStats("Aggregated", "", requests * len(p95), sum(failures.values()), 0, 0, total_p95,
                      total_p95 * 1.5, total_p95 * 2, rps * len(p95))
    return RunStats(names, total, 120.0)


def record(index: int, p95: dict[str, float], passed: bool = True, norm: bool | None = None) -> RunRecord:
    return RunRecord(run_id=f"r{index:02d}", started=f"2026-05-{index + 1:02d}T02:00:00+0000", shape="nightly",
                     passed=passed, stats=run_stats(p95).to_json(), norm=norm)
