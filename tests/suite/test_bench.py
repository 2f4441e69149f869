"""The benchmark against Playwright Test (``bench/``) stays runnable: every test it names exists in the suite and has
its twin, and its summary is the medians and their ratio. It measures nothing here (a benchmark is not a test)."""

from __future__ import annotations

import subprocess
import sys

from bench.compare import SPECS, read_ids, summarise, untwinned
from suite.plugin import options


def test_every_benchmarked_test_exists_and_has_a_playwright_test_twin():
    ids = read_ids()
    assert len(ids) >= 10 and len(set(ids)) == len(ids)
    assert untwinned(ids, SPECS) == []
    done = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:randomly", *ids],
                          cwd=options.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    assert sorted(line for line in done.stdout.splitlines() if "::" in line) == sorted(ids)


def test_the_summary_is_each_sides_median_and_their_ratio():
    pairs = [{"workers": 1, "pytest_s": p, "node_s": n} for p, n in ((30.0, 20.0), (10.0, 40.0), (20.0, 25.0))]
    pairs.append({"workers": 2, "pytest_s": 9.0, "node_s": 10.0})
    assert summarise(pairs, [1, 2]) == {
        "1": {"pairs": 3, "pytest_median_s": 20.0, "node_median_s": 25.0, "ratio_pytest_to_node": 0.8},
        "2": {"pairs": 1, "pytest_median_s": 9.0, "node_median_s": 10.0, "ratio_pytest_to_node": 0.9},
    }
