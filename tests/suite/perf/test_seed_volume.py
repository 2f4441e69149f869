"""seed_volume scales each module's nominal counts (the keyword defaults of its volume.run)."""

from __future__ import annotations

from ecrm.common.management.commands.seed_volume import scaled_counts


def test_integer_defaults_are_scaled_and_never_reach_zero():
    def run(stdout, customers=5000, activities=20000, verbose=False, label="x"):
        raise AssertionError("not called")

    assert scaled_counts(run, 1.0) == {"customers": 5000, "activities": 20000}
    assert scaled_counts(run, 0.2) == {"customers": 1000, "activities": 4000}
    assert scaled_counts(run, 0.00001) == {"customers": 1, "activities": 1}
