"""How long the functional run and each test took: the PR gate's speed figures.

Each test's time is its setup + call + teardown (what the test costs a worker, fixtures included). A test is a UI
test when it uses a browser page or context (pytest-playwright's ``page``/``context``/``new_context``, or the suite's
``page_as``/``anon_page``; not ``browser`` alone, which a session fixture of every test holds); the others are API-
or HTTP-level. The controller (the single process, or the xdist controller, which receives every worker's reports)
writes ``run-meta/timings.json`` beside the Allure results and prints the summary at the end of the run: wall time,
median and p95 per UI test and per API test, the slowest 10.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import dataclass, field

import pytest

from suite.plugin.run_meta import meta_dir
from suite.reporting import manifest

UI_FIXTURES = frozenset({"page", "context", "new_context", "page_as", "anon_page"})
UI_PROPERTY = "ecrm_ui"


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (``fraction`` 0..1) of ``values``; 0.0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-fraction * len(ordered) // 1))))
    return ordered[rank - 1]


@dataclass
class Timings:
    wall_s: float = 0.0
    tests: dict[str, float] = field(default_factory=dict)  # node id -> seconds (setup + call + teardown)
    ui: set[str] = field(default_factory=set)

    def add(self, nodeid: str, seconds: float, ui: bool) -> None:
        self.tests[nodeid] = self.tests.get(nodeid, 0.0) + seconds
        if ui:
            self.ui.add(nodeid)

    def summary(self, slowest: int = 10) -> dict:
        def stats(ids: list[str]) -> dict:
            values = [self.tests[i] for i in ids]
            return {"count": len(values), "median_s": round(statistics.median(values), 3) if values else 0.0,
                    "p95_s": round(percentile(values, 0.95), 3), "total_s": round(sum(values), 1)}

        ui = [i for i in self.tests if i in self.ui]
        api = [i for i in self.tests if i not in self.ui]
        top = sorted(self.tests.items(), key=lambda kv: kv[1], reverse=True)[:slowest]
        return {"wall_s": round(self.wall_s, 1), "tests": len(self.tests), "ui": stats(ui), "api": stats(api),
                "slowest": [{"nodeid": n, "seconds": round(s, 2), "ui": n in self.ui} for n, s in top]}

    def lines(self) -> list[str]:
        s = self.summary()
        out = [f"wall {s['wall_s']:.1f} s for {s['tests']} tests"]
        for label, key in (("UI tests: ", "ui"), ("API tests:", "api")):
            part = s[key]
            out.append(f"{label} {part['count']:4d}  median {part['median_s']:.2f} s  p95 {part['p95_s']:.2f} s  "
                       f"sum {part['total_s']:.0f} s")
        out.append("slowest 10:")
        out += [f"  {row['seconds']:6.2f} s  {'UI ' if row['ui'] else 'API'}  {row['nodeid']}" for row in s["slowest"]]
        return out


class TimingRecorder:
    """Registered at start-up (``pytest_configure`` below): collects every test's phases on the controller."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.timings = Timings()
        self.started = time.monotonic()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if UI_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.user_properties.append((UI_PROPERTY, True))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if hasattr(self.config, "workerinput"):
            return  # an xdist worker: its reports reach the controller, which counts them
        ui = any(name == UI_PROPERTY for name, _value in report.user_properties)
        self.timings.add(report.nodeid, report.duration, ui)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput") or not self.timings.tests:
            return
        self.timings.wall_s = time.monotonic() - self.started
        alluredir = self.config.getoption("allure_report_dir", default=None)
        if alluredir:
            directory = meta_dir(self.config)
            directory.mkdir(parents=True, exist_ok=True)
            summary = json.dumps(self.timings.summary(), indent=2)
            (directory / manifest.TIMINGS_FILE).write_text(summary, encoding="utf-8")

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if hasattr(self.config, "workerinput") or not self.timings.tests:
            return
        terminalreporter.section("e-CRM suite timing")
        for line in self.timings.lines():
            terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(TimingRecorder(config), "ecrm-timing")
