"""Locust-side glue: the one load shape (chosen by ECRM_PERF_SHAPE), the stress-step tracker and the SLO gate.

The pure logic lives in ``suite.perf`` (tested by pytest without Locust); this module only converts Locust's
in-memory statistics into ``suite.perf.stats`` objects and calls it.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import locust.runners
from flask import request
from locust import LoadTestShape, events
from locust.runners import WorkerRunner
from locust.stats import StatsEntry

from suite.perf import knee, shapes, slo
from suite.perf.sidebyside import UNMEASURED_PREFIXES
from suite.perf.stats import NameStats, RunStats

log = logging.getLogger("ecrm.perf")
# A worker on a busy 2-core CI machine may miss a few 1-second heartbeats; 3 (Locust's default) dropped workers there.
locust.runners.HEARTBEAT_LIVENESS = 10
SHAPE = os.environ.get("ECRM_PERF_SHAPE", "smoke")
OUT = Path(os.environ.get("ECRM_PERF_OUT", "reports/performance/adhoc"))
SLO_PATH = Path(os.environ.get("ECRM_PERF_SLO", "tests/performance/slo.toml"))
# Log-ins and probes (UNMEASURED_PREFIXES, declared once in suite.perf.sidebyside for the side-by-side compare too):
# not part of the load.
WHY_LEFT_OUT = (
    "A log-in (auth:) hashes the password on purpose (PBKDF2, 1,000,000 iterations) and happens once per user, so its "
    "time follows the spawn rate, not the load; probes (probe:, api: root) only find out which endpoints exist. Each "
    "has its own row in the checks."
)


def _entry(name: str, method: str, entry) -> NameStats:
    return NameStats(
        name=name, method=method or "", requests=entry.num_requests, failures=entry.num_failures,
        avg_ms=round(entry.avg_response_time, 1), p50_ms=float(entry.get_response_time_percentile(0.5) or 0),
        p95_ms=float(entry.get_response_time_percentile(0.95) or 0),
        p99_ms=float(entry.get_response_time_percentile(0.99) or 0), max_ms=float(entry.max_response_time or 0),
        rps=round(entry.total_rps, 3),
    )


def run_stats(stats) -> RunStats:
    """Locust's ``RequestStats`` as a ``RunStats``. Its overall row is every request but log-ins and probes
    (``UNMEASURED_PREFIXES``): a log-in hashes a password on purpose and happens once per user, so its cost depends
    on the spawn rate, not on the load; it is gated by its own row instead."""
    entries = list(stats.entries.values())
    measured = StatsEntry(stats, "Aggregated", "", use_response_times_cache=False)
    for entry in entries:
        if not entry.name.startswith(UNMEASURED_PREFIXES):
            measured.extend(entry)
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.name] = counts.get(entry.name, 0) + 1
    names = {}
    for entry in entries:
        key = entry.name if counts[entry.name] == 1 else f"{entry.method} {entry.name}"
        names[key] = _entry(key, entry.method, entry)
    duration = max((stats.total.last_request_timestamp or 0) - stats.total.start_time, 0)
    total = _entry("Aggregated", "", measured)
    # rps over the whole run (the measured entry's own clock starts at its first request)
    total.rps = round(measured.num_requests / duration, 3) if duration else 0.0
    return RunStats(names, total, duration)


def snapshot(runner, at_s: float) -> knee.Snapshot:
    histogram: dict[int, int] = {}
    requests = failures = 0
    for entry in runner.stats.entries.values():
        if entry.name.startswith(UNMEASURED_PREFIXES):
            continue
        requests += entry.num_requests
        failures += entry.num_failures
        for value, count in entry.response_times.items():
            histogram[value] = histogram.get(value, 0) + count
    return knee.Snapshot(at_s, runner.user_count, requests, failures, histogram)


class StressTracker:
    """Measures each step of a stepped plan once it has settled, and stops one step after the knee."""

    def __init__(self, plan: shapes.Plan, objective: slo.Objective):
        self.plan = plan
        self.p95_limit = objective.p95_ms or 300.0
        self.error_limit = objective.error_rate if objective.error_rate is not None else 0.01
        self.steps: list[knee.Step] = []
        self.start: knee.Snapshot | None = None
        self.current = -1
        self.knee_index: int | None = None

    def tick(self, runner, run_time: float):
        index = self.plan.stage_index(run_time)
        if index != self.current:
            if self.current >= 0 and self.start is not None:
                self.close_step(runner, run_time)
            self.current, self.start = (index if index is not None else -1), None
            if index is None or (self.knee_index is not None and index > self.knee_index + 1):
                return None
        if self.start is None and run_time >= self.plan.stage_start(index) + self.plan.settle_s:
            self.start = snapshot(runner, run_time)
        return self.plan.tick(run_time)

    def close_step(self, runner, run_time: float) -> None:
        step = knee.step_between(len(self.steps), self.start, snapshot(runner, run_time))
        step.users = self.plan.stages[self.current].users
        self.steps.append(step)
        log.warning("[perf] stress step %d: %d users, %.1f req/s, p95 %.0f ms, errors %.2f %%", step.index + 1,
                    step.users, step.rps, step.p95_ms, step.error_rate * 100)
        if self.knee_index is None and step.requests >= 20 and knee.is_broken(step, self.p95_limit, self.error_limit):
            self.knee_index = self.current
            log.warning("[perf] stress: the knee is step %d (%d users); one more step, then stop", step.index + 1,
                        step.users)

    def report(self) -> knee.KneeReport:
        return knee.analyse(self.steps, self.p95_limit, self.error_limit)


SLO = slo.load(SLO_PATH)
PLAN = shapes.plan(SHAPE)
TRACKER = StressTracker(PLAN, SLO.overall) if PLAN.stepped else None


class EcrmShape(LoadTestShape):
    """The shape named by ECRM_PERF_SHAPE (smoke, load, stress, spike, soak); see suite/perf/shapes.py."""

    def tick(self):
        run_time = self.get_run_time()
        if TRACKER is not None:
            return TRACKER.tick(self.runner, run_time)
        return PLAN.tick(run_time)


def left_out(stats) -> list[NameStats]:
    """The requests the overall row leaves out (log-ins and probes), with their own figures."""
    return [_entry(entry.name, entry.method, entry) for entry in stats.entries.values()
            if entry.name.startswith(UNMEASURED_PREFIXES)]


def judge(environment) -> slo.Verdict:
    return slo.evaluate(run_stats(environment.runner.stats), SLO)


@events.init.add_listener
def web_routes(environment, **_kwargs) -> None:
    """In the web UI, ``/slo``: the SLO verdict of the statistics so far (the gate's own evaluation); the report it
    downloads carries the verdict as well."""
    if environment.web_ui is None:
        return

    @environment.web_ui.app.route("/slo")
    def slo_page():
        if environment.runner is None or environment.runner.stats.total.num_requests == 0:
            return "<p>No request yet: start a test, then reload this page.</p>"
        section = slo.html_section(judge(environment), left_out(environment.runner.stats), WHY_LEFT_OUT)
        return f"<!doctype html><html><head><meta charset='utf-8'><title>SLO verdict</title></head><body>{section}"\
               "</body></html>"

    @environment.web_ui.app.after_request
    def verdict_in_downloaded_report(response):
        """The web UI's "Download the report" (/stats/report) carries the verdict too."""
        if request.path != "/stats/report" or environment.runner is None or response.direct_passthrough:
            return response
        if run_stats(environment.runner.stats).total.requests == 0:
            return response
        section = slo.html_section(judge(environment), left_out(environment.runner.stats), WHY_LEFT_OUT)
        response.set_data(slo.add_to_report(response.get_data(as_text=True), section))
        return response


@events.quitting.add_listener
def gate(environment, **_kwargs) -> None:
    """At the end of the run, on the master (or the local runner): evaluate the SLO file, write the verdict (also into
    Locust's HTML report, written just before) and set the exit code. A web-UI session in which no load was run
    (started and stopped without a request, or never started) is not judged: it writes no verdict."""
    if isinstance(environment.runner, WorkerRunner):
        return
    stats = run_stats(environment.runner.stats)
    headless = bool(getattr(environment.parsed_options, "headless", True))
    if not headless and stats.total.requests == 0:
        (OUT / "slo-verdict.json").unlink(missing_ok=True)
        log.warning("[perf] no load was run in the web UI: nothing to judge, no SLO verdict written")
        return
    stats.save(OUT / "stats-live.json")
    verdict = slo.evaluate(stats, SLO)
    slo.save(verdict, OUT / "slo-verdict.json")
    _add_to_html_report(environment, verdict)
    if TRACKER is not None:
        report = TRACKER.report()
        (OUT / "knee.json").write_text(json.dumps({**report.to_json(), "summary": report.summary()}, indent=2),
                                       encoding="utf-8")
        log.warning("[perf] stress steps:\n%s", report.summary())
        return  # stress is meant to break the SLO: the knee is its result
    if not verdict.passed:
        log.error("[perf] SLO gate failed (%s):\n%s", SLO_PATH.name, slo.table(verdict, only_broken=True))
        environment.process_exit_code = 1
    else:
        log.warning("[perf] SLO gate passed (%d checks, %s)", len(verdict.checks), SLO_PATH.name)


def _add_to_html_report(environment, verdict: slo.Verdict) -> None:
    """Locust writes its HTML report (``--html``) before the quitting event: the verdict is added to it here."""
    html_file = getattr(environment.parsed_options, "html_file", None)
    if not html_file or not Path(html_file).is_file():
        return
    path = Path(html_file)
    section = slo.html_section(verdict, left_out(environment.runner.stats), WHY_LEFT_OUT)
    path.write_text(slo.add_to_report(path.read_text(encoding="utf-8"), section), encoding="utf-8")
