"""The PR gate's shards (pytest-split's ``--splits N --group I``, ``suite.plugin.shards``): the N shards are exactly
the functional selection, each test in one shard, whatever random order each runner draws."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from suite.plugin import options
from suite.plugin.shards import shard_of
from suite.reporting import shards
from suite.reporting.manifest import deselection_reason
from suite.reporting.report import run_facts
from suite.reporting.results import read_properties

pytest_plugins = ["pytester"]

SHARDS = 4
SEEDS = (11, 2222, 333, 44444)  # each shard runner draws its own order


def collected(*args: str) -> list[str]:
    """The node ids ``pytest --co`` selects from the functional suite with these arguments."""
    result = subprocess.run([sys.executable, "-m", "pytest", "tests/functional", "--co", "-q", *args],
                            cwd=options.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return [line for line in result.stdout.splitlines() if "::" in line and not line.startswith("[")]


def test_the_shards_partition_the_functional_selection_exactly():
    """The union of the 4 shards, each collected with another random seed, is the full selection, no test twice."""
    everything = collected("-p", "no:randomly")
    shards = [collected("-p", "randomly", f"--randomly-seed={seed}", f"--splits={SHARDS}", f"--group={group}")
              for group, seed in enumerate(SEEDS, start=1)]
    counts = Counter(nodeid for shard in shards for nodeid in shard)
    twice = sorted(nodeid for nodeid, count in counts.items() if count > 1)
    assert not twice, f"{len(twice)} tests in more than one shard: {twice[:5]}"
    assert sorted(counts) == sorted(everything), (
        f"missing from every shard: {sorted(set(everything) - set(counts))[:5]}; "
        f"not in the selection: {sorted(set(counts) - set(everything))[:5]}")
    assert all(shards), [len(shard) for shard in shards]


def test_the_stored_durations_give_shards_of_about_equal_time():
    """``.test_durations`` knows (almost) every functional test, and least_duration puts within 10 % of the mean time
    in each of the 4 shards. A test missing there counts as the average; when more than 5 % are missing, the file is
    stale: ``./qa durations`` stores them again."""
    durations = json.loads((options.ROOT / ".test_durations").read_text())
    everything = collected("-p", "no:randomly")
    missing = sorted(set(everything) - set(durations))
    assert len(missing) <= 0.05 * len(everything), (
        f"{len(missing)} of {len(everything)} tests have no stored duration (run ./qa durations): {missing[:5]}")
    known = [durations[nodeid] for nodeid in everything if nodeid in durations]
    average = sum(known) / len(known)
    times = [sum(durations.get(nodeid, average) for nodeid in collected("-p", "no:randomly", f"--splits={SHARDS}",
                                                                         f"--group={group}"))
             for group in range(1, SHARDS + 1)]
    mean = sum(times) / SHARDS
    assert all(abs(time - mean) <= 0.10 * mean for time in times), [round(time, 1) for time in times]


SAME_NAMES = textwrap.dedent(
    """
    import pytest

    @pytest.mark.parametrize("n", range(7))
    def test_same(n):
        pass
    """
)


def shard_ids(pytester: pytest.Pytester, seed: int, group: int) -> list[str]:
    result = pytester.runpytest_subprocess("--co", "-q", "-p", "no:cacheprovider", "-p", "randomly",
                                           f"--randomly-seed={seed}", "--splits=3", f"--group={group}",
                                           "--splitting-algorithm=least_duration",
                                           f"--durations-path={pytester.path / 'none.json'}")
    assert result.ret == 0, result.stdout.str()
    return [line for line in result.stdout.lines if "::" in line and not line.startswith("[")]


def test_tests_of_equal_name_and_no_stored_time_still_land_in_exactly_one_shard(pytester: pytest.Pytester):
    """Tests that tie on everything pytest-split sorts by (the same name, no stored time) are split on their node
    ids, not on the order each runner's seed draws: without ``suite.plugin.shards`` they fall into two shards or
    none."""
    pytester.makeconftest('pytest_plugins = ["suite.plugin.shards"]')
    for module in ("alpha", "beta", "gamma"):
        pytester.makepyfile(**{f"test_{module}": SAME_NAMES})
    shards = [shard_ids(pytester, seed, group) for group, seed in enumerate((5, 77, 901), start=1)]
    counts = Counter(nodeid for shard in shards for nodeid in shard)
    assert len(counts) == 21 and set(counts.values()) == {1}, [sorted(shard) for shard in shards]


def test_a_shard_knows_which_shard_it_is_and_says_why_the_others_are_not_run(pytester: pytest.Pytester):
    """A lone shard knows its place (its run's ``shard`` fact); the tests of the other shards are 'in another
    shard', not a mystery 'deselected by a plugin'."""
    config = pytester.parseconfig("--splits=4", "--group=2")
    item = pytester.getitem("def test_func(): pass")
    assert deselection_reason(item, config) == "in another shard: this run is shard 2 of --splits 4"
    assert shard_of(config) == (2, 4)


# -- merging the shards' results into one run (suite.reporting.shards) ------------------------------------------------
def write_shard(root: Path, group: int, splits: int, selected: list[str], everything: list[str],
                exitstatus: int = 0) -> Path:
    directory = root / str(group)
    results, meta = directory / "allure-results", directory / "run-meta"
    results.mkdir(parents=True)
    meta.mkdir()
    (results / "environment.properties").write_text(
        f"shard={group}/{splits}\nrun_id=abc123\nworkers=2\nbrowser=chromium {130 + group}\n", encoding="utf-8")
    (results / "executor.json").write_text('{"name": "CI"}', encoding="utf-8")
    for nodeid in selected:
        (results / f"{group}-{nodeid}-result.json").write_text(json.dumps({"name": nodeid}), encoding="utf-8")
    entry = {"nodeid": "", "name": "", "module": "", "function": "", "rules": [], "severity": "", "priority": ""}
    (meta / "collection.json").write_text(json.dumps({
        "schema": 1, "selected": [{**entry, "nodeid": n} for n in selected],
        "deselected": [{**entry, "nodeid": n, "reason": f"in another shard: this run is shard {group} of --splits "
                        f"{splits}"} for n in everything if n not in selected],
        "errors": [], "exitstatus": exitstatus, "stopped": "", "reruns": 2}), encoding="utf-8")
    (meta / "gw0.json").write_text('{"app_build": "dev"}', encoding="utf-8")
    (meta / "timings.json").write_text(json.dumps({"wall_s": 100.0 + group, "tests": len(selected)}), encoding="utf-8")
    return directory


TESTS = [f"t{index}" for index in range(10)]


def test_the_merged_run_is_the_union_of_its_shards(tmp_path: Path):
    parts = [TESTS[0:3], TESTS[3:6], TESTS[6:8], TESTS[8:10]]
    dirs = [write_shard(tmp_path / "shards", group, 4, part, TESTS, exitstatus=1 if group == 3 else 0)
            for group, part in enumerate(parts, start=1)]
    out = tmp_path / "out"
    done = shards.merge(list(reversed(dirs)), out)
    assert done == {"shards": 4, "files": 10, "selected": 10}
    merged = json.loads((out / "run-meta" / "collection.json").read_text())
    assert [entry["nodeid"] for entry in merged["selected"]] == sorted(TESTS)
    assert merged["deselected"] == []  # a test run by one shard is not "in another shard" in the merged run
    assert merged["exitstatus"] == 1  # shard 3 failed: so did the run
    environment = read_properties(out / "allure-results" / "environment.properties")
    assert environment["run_id"] == "abc123" and "shard" not in environment
    assert environment["shards"].startswith("4 ")
    assert environment["browser"] == "chromium 131, chromium 132, chromium 133, chromium 134"
    assert sorted(path.name for path in (out / "run-meta").glob("shard*-gw0.json")) == [
        f"shard{group}-gw0.json" for group in range(1, 5)]
    timings = json.loads((out / "run-meta" / "timings.json").read_text())
    assert timings["wall_s"] == 104.0 and timings["tests"] == 10


@pytest.mark.parametrize("groups, message", [
    ((1, 2, 4), "missing [3]"),
    ((1, 2, 2, 3, 4), "twice [2]"),
])
def test_a_missing_or_doubled_shard_is_refused_and_nothing_is_written(tmp_path: Path, groups, message, capsys):
    dirs = [write_shard(tmp_path / f"s{index}", group, 4, [f"t{group}"], TESTS) for index, group in enumerate(groups)]
    out = tmp_path / "out"
    assert shards.main(["--out", str(out), *map(str, dirs)]) == 2
    assert message in capsys.readouterr().err
    assert not (out / "allure-results").exists()


def test_a_run_that_was_not_a_shard_is_refused(tmp_path: Path, capsys):
    directory = write_shard(tmp_path, 1, 1, TESTS, TESTS)
    properties = directory / "allure-results" / "environment.properties"
    properties.write_text(properties.read_text().replace("shard=1/1\n", ""))
    assert shards.main(["--out", str(tmp_path / "out"), str(directory)]) == 2
    assert "was not a shard" in capsys.readouterr().err


def test_the_timings_are_not_environment_facts(tmp_path: Path):
    """run-meta's timing summary sits beside the workers' facts; it is not one of them (it used to fill the run's
    environment with ``slowest=[...]``)."""
    meta = tmp_path / "run-meta"
    meta.mkdir()
    (meta / "gw0.json").write_text('{"browser": "chromium 156"}')
    (meta / "timings.json").write_text('{"wall_s": 1.0, "slowest": []}')
    (meta / "collection.json").write_text('{"selected": []}')
    facts = run_facts(SimpleNamespace(environment={"run_id": "abc123"}), meta)
    assert facts == {"browser": "chromium 156", "run_id": "abc123"}
