"""The PR gate's speed figures: per-test time (setup + call + teardown), UI vs API split, percentiles, slowest."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from suite.plugin.timing import UI_PROPERTY, TimingRecorder, Timings, percentile


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.95) == 3.0
    assert percentile([], 0.95) == 0.0


def test_a_tests_phases_add_up_and_ui_tests_are_counted_apart():
    timings = Timings()
    for phase in (0.2, 1.0, 0.3):
        timings.add("t.py::ui", phase, ui=True)
    timings.add("t.py::api", 0.1, ui=False)
    summary = timings.summary()
    assert summary["tests"] == 2
    assert summary["ui"] == {"count": 1, "median_s": 1.5, "p95_s": 1.5, "total_s": 1.5}
    assert summary["api"]["count"] == 1 and summary["api"]["median_s"] == 0.1
    assert [row["nodeid"] for row in summary["slowest"]] == ["t.py::ui", "t.py::api"]
    assert summary["slowest"][0]["ui"] is True


def test_the_slowest_list_is_cut_at_ten():
    timings = Timings()
    for index in range(15):
        timings.add(f"t.py::t{index}", float(index), ui=False)
    slowest = timings.summary()["slowest"]
    assert len(slowest) == 10
    assert slowest[0] == {"nodeid": "t.py::t14", "seconds": 14.0, "ui": False}


def _config(tmp_path, worker: bool = False):
    config = SimpleNamespace(getoption=lambda name, default=None: str(tmp_path / "allure-results"))
    if worker:
        config.workerinput = {"workerid": "gw0"}
    return config


def _report(nodeid: str, duration: float, ui: bool):
    return SimpleNamespace(nodeid=nodeid, duration=duration, user_properties=[(UI_PROPERTY, True)] if ui else [])


def test_the_controller_writes_the_figures_and_a_worker_does_not(tmp_path):
    worker = TimingRecorder(_config(tmp_path, worker=True))
    worker.pytest_runtest_logreport(_report("a", 1.0, True))
    worker.pytest_sessionfinish(None)
    assert not (tmp_path / "run-meta" / "timings.json").exists()

    controller = TimingRecorder(_config(tmp_path))
    controller.pytest_runtest_logreport(_report("a", 1.0, True))
    controller.pytest_runtest_logreport(_report("a", 0.5, True))
    controller.pytest_runtest_logreport(_report("b", 0.25, False))
    controller.pytest_sessionfinish(None)
    written = json.loads((tmp_path / "run-meta" / "timings.json").read_text(encoding="utf-8"))
    assert written["tests"] == 2
    assert written["ui"]["median_s"] == 1.5
    assert written["api"]["median_s"] == 0.25
    assert written["wall_s"] >= 0


@pytest.mark.parametrize(("fixtures", "ui"), [(("page_as", "browser"), True), (("api_as", "uniq", "browser"), False)])
def test_a_test_is_ui_when_it_uses_a_browser_fixture(tmp_path, fixtures, ui):
    recorder = TimingRecorder(_config(tmp_path))
    item = SimpleNamespace(fixturenames=fixtures, user_properties=[])
    recorder.pytest_runtest_setup(item)
    assert ((UI_PROPERTY, True) in item.user_properties) is ui
