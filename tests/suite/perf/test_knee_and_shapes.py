"""Load shapes are bounded plans; the stress knee and capacity come from per-step histogram differences."""

from __future__ import annotations

import pytest

from suite.perf import knee, shapes


@pytest.mark.parametrize("name", shapes.NAMES)
def test_every_shape_is_bounded_in_time_and_users(name):
    plan = shapes.plan(name, environ={})
    assert plan.duration_s <= 3600 and plan.max_users <= 300
    assert plan.tick(0) is not None and plan.tick(plan.duration_s + 1) is None


def test_the_smoke_shape_fits_the_pr_gate():
    assert shapes.plan("smoke", environ={}).duration_s <= 60


def test_the_spike_goes_up_sharply_and_comes_back():
    plan = shapes.plan("spike", environ={})
    users = [plan.tick(t)[0] for t in (10, 45, 100)]
    assert users[1] >= 4 * users[0] and users[2] == users[0]


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="unknown shape"):
        shapes.plan("marathon", environ={})


def test_the_percentile_of_a_histogram():
    histogram = {10: 90, 50: 5, 400: 5}
    assert knee.percentile(histogram, 0.5) == 10
    assert knee.percentile(histogram, 0.95) == 50
    assert knee.percentile(histogram, 0.99) == 400
    assert knee.percentile({}, 0.95) == 0


def test_a_step_is_the_difference_of_two_cumulative_snapshots():
    start = knee.Snapshot(5, 10, 100, 0, {10: 100})
    end = knee.Snapshot(25, 10, 300, 2, {10: 100, 20: 150, 300: 50})
    step = knee.step_between(0, start, end)
    assert (step.requests, step.failures, step.rps) == (200, 2, 10.0)
    assert step.p95_ms == 300 and step.error_rate == 0.01


def steps(*figures):
    return [knee.Step(i, users, 30, 600, errors, rps, p95, p95 * 2, errors / 600)
            for i, (users, rps, p95, errors) in enumerate(figures)]


def test_the_knee_is_the_first_step_over_the_slo_and_capacity_the_best_step_within_200ms():
    report = knee.analyse(steps((10, 20, 40, 0), (20, 40, 60, 0), (40, 75, 150, 0), (60, 90, 350, 0),
                                (80, 85, 900, 30)), p95_limit_ms=200, error_limit=0.01)
    assert report.knee.users == 60
    assert report.capacity.users == 40 and report.capacity.rps == 75
    assert "knee: step 4 at 60 users" in report.summary()


def test_errors_alone_make_a_knee():
    report = knee.analyse(steps((10, 20, 40, 0), (20, 40, 60, 12)), p95_limit_ms=200, error_limit=0.01)
    assert report.knee.users == 20 and report.capacity.users == 10


def test_no_knee_within_the_plan_is_said_plainly():
    report = knee.analyse(steps((10, 20, 40, 0)), p95_limit_ms=200, error_limit=0.01)
    assert report.knee is None and "not reached" in report.summary()
