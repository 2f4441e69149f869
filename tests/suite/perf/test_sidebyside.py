"""The side-by-side compare's statistics (``suite.perf.sidebyside``) on simulated slices, and ``./qa perf compare``'s
refusal of bad input. Locust stays out: slices are built here as the samples files would make them.

The simulated noise is the one the design must survive (docs/PERFORMANCE.md, "Side-by-side compare"): every name's
per-slice median varies by ±10-15 % on its own, every slice of the host by ±5 % for all names at once, and a common
drift (a linear trend of up to ±30 % over the run plus a random walk) moves both sides alike.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import statistics
import subprocess
import sys

import pytest

from suite.perf import compare, sidebyside, signedrank
from suite.perf.sidebyside import BASE, CANDIDATE, NameSlice, Sample, Slice

ROOT = compare.ROOT
PAIRS = 10  # the compare's default
SEEDS = 200
NAMES = 40
# Seven requests around a median of 1 (a latency's spread; the per-slice noise comes from the slice's median).
SPREAD = (0.6, 0.75, 0.9, 1.0, 1.2, 1.5, 2.2)


def simulated(seed: int, names: int = NAMES, shift: tuple[str, float] | None = None, noise=(0.10, 0.15),
              drift: float = 0.3, host: float = 0.05, walk: float = 0.02, server: bool = True,
              requests: dict[str, int] | None = None, pairs: int = PAIRS) -> list[Slice]:
    """The slices of one compare run in ABBA order: both sides the same app unless ``shift`` = (name, ratio) makes
    that name slower in the candidate."""
    rng = random.Random(seed)
    order = sidebyside.schedule(pairs)
    slope, level, common = rng.uniform(-drift, drift) / len(order), 0.0, []
    for index in range(len(order)):
        level += rng.gauss(0, walk)
        common.append(slope * index + level + rng.gauss(0, host))
    medians = {f"name {n:02d}": rng.uniform(15, 60) for n in range(names)}
    spreads = {name: rng.uniform(*noise) for name in medians}
    slices = []
    for index, (pair, side) in enumerate(order):
        entries = {}
        for name, typical in medians.items():
            factor = common[index] + rng.gauss(0, spreads[name])
            if shift and name == shift[0] and side == CANDIDATE:
                factor += math.log(shift[1])
            median = typical * math.exp(factor)
            server_median = 0.8 * median * math.exp(rng.gauss(0, 0.03))  # the server's part, without the network
            count = (requests or {}).get(name, len(SPREAD))
            values = SPREAD if count == len(SPREAD) else tuple(1 + (i - count // 2) * 0.1 for i in range(count))
            entries[name] = NameSlice([median * v for v in values],
                                      [server_median * v for v in values] if server else [])
        slices.append(Slice(index, pair, side, entries, requests=len(entries) * len(SPREAD)))
    return slices


def verdicts(result: sidebyside.Result) -> dict[str, str]:
    return {row.name: row.verdict for row in result.rows}


# --------------------------------------------------------------------------- the schedule and the warm-up
def test_the_schedule_alternates_abba_so_that_a_linear_drift_cancels():
    assert sidebyside.schedule(4) == [(0, BASE), (0, CANDIDATE), (1, CANDIDATE), (1, BASE),
                                      (2, BASE), (2, CANDIDATE), (3, CANDIDATE), (3, BASE)]
    for pairs in (2, 4, 10):
        order = sidebyside.schedule(pairs)
        positions = {side: sum(i for i, (_, s) in enumerate(order) if s == side) for side in (BASE, CANDIDATE)}
        assert positions[BASE] == positions[CANDIDATE]  # the same mean time: a linear drift adds as much to each
        assert all(sorted(s for p, s in order if p == pair) == [BASE, CANDIDATE] for pair in range(pairs))


def test_the_warm_up_is_cut_after_the_spawns_last_log_in_and_log_ins_and_probes_are_left_out():
    t0 = 1_000.0
    samples = [Sample(t0 + 0.1 * i, "auth: login", 900) for i in range(10)]  # the spawn's log-ins, up to t0 + 0.9
    samples += [Sample(t0 + 1.5, "probe: page exists", 300), Sample(t0 + 2.0, "api: root", 40)]
    samples += [Sample(t0 + 1.0 + 0.5 * i, "customers: search", 40) for i in range(30)]  # t0 + 1.0 … t0 + 15.5
    samples.append(Sample(t0 + 14.0, "auth: login", 900))  # a log-in repeated late, after a failure
    kept = sidebyside.measured(samples, warmup_s=2.0)
    assert min(s.t for s in kept) >= t0 + 4.0  # the last log-in or probe of the spawn (t0 + 2.0) + 2 s
    assert {s.name for s in kept} == {"customers: search"}
    assert len(kept) == 24  # the late log-in does not void the slice
    piece = sidebyside.summarise(samples, 0, 0, BASE, warmup_s=2.0)
    assert piece.warmup_s == 4.0 and piece.requests == 24 and piece.names["customers: search"].requests == 24


def test_a_sample_file_with_a_torn_line_is_read_and_unnamed_paths_are_folded(tmp_path):
    path = tmp_path / "samples.jsonl"
    path.write_text('{"t": 1.0, "name": "claims: my list", "ms": 12.5, "ok": true, "server_ms": 9.1, "queries": 4}\n'
                    '{"t": 2.0, "name": "/api/v1/fault-records/4907/transition/", "ms": 70, "ok": false, '
                    '"server_ms": null, "queries": null}\n{"t": 3.0, "name": "cla', encoding="utf-8")
    samples = sidebyside.read_samples(path)
    assert samples == [Sample(1.0, "claims: my list", 12.5, True, 9.1, 4),
                       Sample(2.0, "/api/v1/fault-records/{id}/transition/", 70.0, False, None, None)]


# --------------------------------------------------------------------------- the exact test
def brute_force_p(d: list[float]) -> float:
    """The signed-rank p by listing every sign assignment (no ties): the reference the fast count must match."""
    ranks = {i: r + 1 for r, i in enumerate(sorted(range(len(d)), key=lambda i: abs(d[i])))}
    observed = sum(ranks[i] for i, x in enumerate(d) if x > 0)
    centre = len(d) * (len(d) + 1) / 4
    hits = sum(1 for signs in itertools.product((0, 1), repeat=len(d))
               if abs(sum(ranks[i] for i, s in enumerate(signs) if s) - centre) >= abs(observed - centre))
    return hits / 2 ** len(d)


def test_the_signed_rank_test_is_exact():
    rng = random.Random(3)
    for _ in range(30):
        d = [rng.gauss(0.1, 0.2) for _ in range(rng.choice((6, 8, 10)))]
        assert signedrank.signed_rank_p(d) == pytest.approx(brute_force_p(d))
    assert signedrank.signed_rank_p([0.1 * i for i in range(1, 11)]) == 2 / 2 ** 10  # every pair slower
    assert signedrank.signed_rank_p([0.0] * 10) == 1.0
    found = signedrank.shift([0.25, 0.3, 0.2, 0.28, 0.35, 0.22, 0.31, 0.27, 0.24, 0.29])
    assert found.low <= found.estimate <= found.high and found.ratio == pytest.approx(math.exp(0.2725), abs=0.01)
    assert signedrank.shift([0.1, 0.2]).low is None  # two pairs cannot give a 95 % interval


# --------------------------------------------------------------------------- false alarms and detection
def test_an_unchanged_app_raises_no_alarm_in_at_least_97_percent_of_runs_of_40_names():
    """200 simulated unchanged runs × 40 names × 2 metrics. At alpha 0.02 alone, a name would be 'significant' in
    2 % of runs and a run of 80 tests in most; the +25 % floor is what keeps the family quiet. Over 1,000 seeds the
    rate is 1.9 % (latency alone 1.3 %): a false alarm in about one nightly run in 50. The bound, 3 %, leaves room for
    the 200 seeds' own spread (4 of them raise one)."""
    alarms = [seed for seed in range(SEEDS) if not sidebyside.compare(simulated(seed)).passed]
    print(f"\nunchanged runs with an alarm: {len(alarms)} of {SEEDS} ({len(alarms) / SEEDS:.1%}), seeds {alarms}")
    assert len(alarms) <= 0.03 * SEEDS, alarms


def test_the_simulated_noise_is_as_large_as_the_design_says():
    """The per-slice medians of one side vary by at least ±10 % (drift included), as the brief's noise demands."""
    slices = simulated(0)
    spreads = [statistics.pstdev([math.log(statistics.median(s.names[name].ms)) for s in slices if s.side == BASE])
               for name in slices[0].names]
    assert statistics.median(spreads) >= 0.10


def test_a_thirty_percent_slower_name_is_flagged():
    result = sidebyside.compare(simulated(1, shift=("name 07", 1.3)))
    found = verdicts(result)
    assert found["name 07"] == "regressed" and result.regressions == [r for r in result.rows if r.name == "name 07"]
    row = result.regressions[0]
    assert row.latency.verdict == "regressed" and row.latency.ratio_low > 1 and row.latency.p <= result.alpha
    assert "REGRESSED" in compare.table(result)
    # Over many runs: +30 % on one name is caught in most of them, +40 % in nearly all (docs/PERFORMANCE.md).
    rates = {}
    for ratio, noise in ((1.3, (0.10, 0.15)), (1.3, (0.08, 0.10)), (1.4, (0.10, 0.15))):
        rates[ratio, noise] = sum(
            verdicts(sidebyside.compare(simulated(seed, shift=("name 07", ratio), noise=noise)))["name 07"]
            == "regressed" for seed in range(100)) / 100
    print(f"\ncaught: {rates}")
    assert rates[1.3, (0.10, 0.15)] >= 0.6 and rates[1.3, (0.08, 0.10)] >= 0.75 and rates[1.4, (0.10, 0.15)] >= 0.9


def test_the_hosts_slice_to_slice_noise_is_taken_out_of_each_name():
    """On this 2-core host a whole slice runs up to ±20-30 % slower or faster than its neighbour, for every name at
    once (Locust, three gunicorn workers and PostgreSQL share the cores; measured in the compares of
    docs/PERFORMANCE.md). Each name's ratio is judged against the pair's host level over the other names' requests:
    with that noise the unchanged runs stay quiet and +30 % is caught as often as on a calm host. Unadjusted, the
    same runs raised 8 false alarms in 100 and caught +30 % in half."""
    unchanged = [seed for seed in range(100) if not sidebyside.compare(simulated(seed, host=0.2)).passed]
    caught = sum(verdicts(sidebyside.compare(simulated(seed, host=0.2, shift=("name 07", 1.3))))["name 07"]
                 == "regressed" for seed in range(100))
    print(f"\nhost noise 0.2: {len(unchanged)} alarms in 100 unchanged runs, +30 % caught in {caught}")
    assert len(unchanged) <= 3 and caught >= 70, (unchanged, caught)


def test_at_the_noise_measured_on_this_host_twenty_pairs_keep_false_alarms_rare():
    """The compares of docs/PERFORMANCE.md measured each judged name's per-slice median moving by ±20-28 % on its
    own (5-15 requests a slice from a wide latency spread), three times what the first design assumed, and about 18
    names judged on the floor. At 12 pairs such runs raise a false alarm in about 7 % and catch +40 % in 64 %; the
    nightly's 20 pairs (``--slices 20 --slice-s 30``) in 2.5 % and 87 % (200 seeds each, measured)."""
    noisy = {"noise": (0.20, 0.28), "host": 0.2, "pairs": 20, "names": 18}
    alarms = sum(not sidebyside.compare(simulated(seed, **noisy)).passed for seed in range(100))
    caught = sum(verdicts(sidebyside.compare(simulated(seed, shift=("name 07", 1.4), **noisy)))["name 07"]
                 == "regressed" for seed in range(100))
    print(f"\n20 pairs at this host's noise: {alarms} alarms in 100 unchanged runs, +40 % caught in {caught}")
    assert alarms <= 5 and caught >= 78, (alarms, caught)


def test_the_host_level_leaves_the_judged_names_own_requests_out():
    ordered = [1.0, 2.0, 2.0, 3.0, 5.0, 8.0, 9.0]
    assert sidebyside.median_without(ordered, []) == 3.0
    assert sidebyside.median_without(ordered, [2.0, 9.0]) == 3.0  # 1 2 3 5 8
    assert sidebyside.median_without(ordered, [2.0, 2.0, 8.0]) == 4.0  # 1 3 5 9
    assert sidebyside.median_without(ordered, [1.0, 2.0, 2.0, 3.0, 5.0, 8.0, 9.0]) is None
    for seed in range(50):  # the same as taking them out by hand
        rng = random.Random(seed)
        values = sorted(rng.choice(range(6)) for _ in range(rng.randint(2, 12)))
        removed = sorted(rng.sample(values, rng.randint(0, len(values) - 1)))
        rest = list(values)
        for value in removed:
            rest.remove(value)
        assert sidebyside.median_without(values, removed) == statistics.median(rest)


def test_a_common_drift_of_the_host_is_not_flagged():
    """The host slows down by up to +/-80 % over the run, for both sides: ABBA cancels it."""
    for seed in range(20):
        result = sidebyside.compare(simulated(seed, drift=0.8, noise=(0.03, 0.05)))
        assert result.passed, compare.table(result)


# --------------------------------------------------------------------------- what is not judged
def test_thin_names_are_listed_not_judged():
    result = sidebyside.compare(simulated(2, names=3, requests={"name 01": 4}, shift=("name 01", 1.3)))
    row = next(r for r in result.rows if r.name == "name 01")
    assert row.verdict == "thin" and row.latency.verdict == "thin" and row.fewest_in_a_slice == 4
    assert "fewest 4 in a slice" in row.latency.note
    assert row.latency.base_median_ms is not None and row.latency.ratio is not None  # still reported


def test_a_thin_name_slower_in_every_pair_by_half_is_flagged():
    """A slow endpoint completes fewer requests: thin, but every pair x1.5 or more is no noise (the slow search)."""
    result = sidebyside.compare(simulated(2, names=3, requests={"name 01": 2}, shift=("name 01", 3.0)))
    row = next(r for r in result.rows if r.name == "name 01")
    assert row.verdict == "regressed" and "thin, but every pair" in row.latency.note


def test_a_thin_name_nearly_twice_as_slow_is_flagged_when_ten_pairs_or_more_show_it():
    """The missing index (COM-PERF-D04): 2-3 requests a slice, x1.9 in all, every pair beyond the floor (x1.38 the
    least). Flagged over 12 pairs; over 9 the same evidence is too little for a name this thin."""
    ratios = [1.58, 1.95, 2.39, 2.81, 1.9, 2.0, 1.77, 1.44, 1.98, 1.38, 1.95, 3.0]
    for pairs, expected in ((12, "regressed"), (9, "thin")):
        slices = simulated(4, names=3, requests={"name 01": 2}, pairs=pairs, noise=(0.01, 0.02), drift=0, walk=0,
                           host=0)
        for piece in slices:
            if piece.side == CANDIDATE:
                entry = piece.names["name 01"]
                entry.ms = [v * ratios[piece.pair] for v in entry.ms]
                entry.server_ms = [v * ratios[piece.pair] for v in entry.server_ms]
        row = next(r for r in sidebyside.compare(slices).rows if r.name == "name 01")
        assert row.verdict == expected, (pairs, row.latency.note)
        if expected == "regressed":
            assert row.latency.rule == "every pair" and "every pair at least x1.25" in row.latency.note


def test_the_stratified_rank_test_compares_requests_within_each_pair():
    same = [([0.1, 0.5, 0.9], [0.1, 0.5, 0.9])] * 10
    assert signedrank.stratified_shift(same).p == 1.0 and signedrank.stratified_shift(same).estimate == 0
    slower = [([0.1, 0.5, 0.9], [1.1, 1.5, 1.9])] * 10
    found = signedrank.stratified_shift(slower)
    assert found.p < 1e-8 and found.z > 0 and found.estimate == pytest.approx(1.0) and found.pairs == 10
    faster = signedrank.stratified_shift([(c, b) for b, c in slower])
    assert faster.p == pytest.approx(found.p) and faster.z == pytest.approx(-found.z)
    assert signedrank.stratified_shift([([], [1.0]), ([0.5], [])]).pairs == 0  # no pair has both sides


def thin_requests_run(seed: int, ratio: float) -> list[Slice]:
    """The missing index's shape: a name of 2-10 requests a slice (about 80 a side over the run, as measured) whose
    requests spread by a log SD of 0.5 and whose slices add ±20 % of their own (0.6-0.7 over the run, as measured
    on 'activities: my list'), beside 30 well-sampled names; ``ratio`` slows it in the candidate."""
    rng = random.Random(seed)
    slices = []
    for index, (pair, side) in enumerate(sidebyside.schedule(12)):
        host = rng.gauss(0, 0.2)
        names = {f"name {n:02d}": NameSlice([20 * math.exp(host + rng.gauss(0, 0.3)) for _ in range(12)])
                 for n in range(30)}
        own = host + rng.gauss(0, 0.2) + (math.log(ratio) if side == CANDIDATE else 0)
        names["thin"] = NameSlice([35 * math.exp(own + rng.gauss(0, 0.5)) for _ in range(rng.randint(2, 10))])
        for entry in names.values():
            entry.server_ms = [0.8 * v for v in entry.ms]
        slices.append(Slice(index, pair, side, names))
    return slices


def test_a_thin_name_nearly_twice_as_slow_is_flagged_on_its_requests_though_its_pairs_disagree():
    """COM-PERF-D04 in the second measured run: x2.3 on its medians over the run, but 3 of 12 pairs the other way
    (two requests in some slices). Flagged on its requests within the pairs; unchanged, it is not, over 100 runs."""
    caught = [verdicts(sidebyside.compare(thin_requests_run(seed, 2.0)))["thin"] for seed in range(30)]
    assert caught.count("regressed") >= 24, caught  # 90 % over 60 seeds; x1.8: 70 %; x1.5: 30 %
    row = next(r for r in sidebyside.compare(thin_requests_run(0, 2.0)).rows if r.name == "thin")
    assert row.server.rule == "requests" and "van Elteren" in row.server.note
    alarms = [seed for seed in range(100) if not sidebyside.compare(thin_requests_run(seed, 1.0)).passed]
    assert not alarms, alarms


def thin_run(seed: int) -> list[Slice]:
    """40 names of 3 requests a slice whose medians wobble by ±30-60 %, each missing from a fifth of the slices."""
    slices = simulated(seed, noise=(0.3, 0.6), requests={f"name {n:02d}": 3 for n in range(NAMES)})
    rng = random.Random(seed)
    for piece in slices:
        for name in [name for name in piece.names if rng.random() < 0.2]:
            del piece.names[name]
    return slices


def test_thin_noisy_names_raise_no_alarm():
    """The floor cannot hold such names, the every-pair rule does (1,000 seeds: one alarm)."""
    alarms = [seed for seed in range(SEEDS) if not sidebyside.compare(thin_run(seed)).passed]
    assert len(alarms) <= 0.01 * SEEDS, alarms


def test_a_change_slowing_every_name_a_little_is_seen_in_all_requests():
    """+40 % everywhere, each name thin: the mix-adjusted row of all requests is flagged."""
    slices = simulated(8, noise=(0.3, 0.6), requests={f"name {n:02d}": 3 for n in range(NAMES)})
    for piece in slices:
        if piece.side == CANDIDATE:
            for entry in piece.names.values():
                entry.ms = [v * 1.4 for v in entry.ms]
    result = sidebyside.compare(slices)
    assert result.rows[0].name == sidebyside.OVERALL and result.rows[0].latency.verdict == "regressed"


def test_a_base_without_server_time_is_judged_on_latency_only():
    slices = simulated(4, names=5, shift=("name 02", 1.5))
    for piece in slices:
        if piece.side == BASE:
            for entry in piece.names.values():
                entry.server_ms = []
    result = sidebyside.compare(slices)
    assert "server time not judged: the base sends no Server-Timing" in result.notes
    assert not result.server_judged
    assert all(row.server.verdict == "not judged" for row in result.rows)
    assert verdicts(result)["name 02"] == "regressed"  # on latency


def test_a_name_only_one_side_requested_is_absent_not_judged():
    slices = simulated(5, names=3)
    for piece in slices:
        if piece.side == CANDIDATE:
            del piece.names["name 00"]
    assert verdicts(sidebyside.compare(slices))["name 00"] == "absent in candidate"


def test_a_name_that_makes_more_queries_is_flagged_on_its_count_though_its_times_hold():
    """A lost select_related on a fast detail: 7 queries become 10, and the times hide it in the noise. The count
    is the host's no matter how busy the host is: it is judged as it is, without the host level."""
    slices = simulated(9, names=6)
    for piece in slices:
        for name, entry in piece.names.items():
            count = 10.0 if name == "name 03" and piece.side == CANDIDATE else 7.0
            entry.queries = [count] * len(entry.ms)
    result = sidebyside.compare(slices)
    row = next(r for r in result.rows if r.name == "name 03")
    assert row.verdict == "regressed" and row.queries.verdict == "regressed"
    assert (row.queries.base_median_ms, row.queries.candidate_median_ms) == (7.0, 10.0)
    assert row.queries.ratio == pytest.approx(10 / 7) and row.latency.verdict == "same"
    assert [r.name for r in result.regressions] == ["name 03"]
    assert "7 -> 10" in compare.table(result)


def test_the_query_count_is_not_judged_when_a_side_sends_none():
    slices = simulated(9, names=3)
    for piece in slices:
        for entry in piece.names.values():
            entry.queries = [5.0] * len(entry.ms) if piece.side == CANDIDATE else []
    result = sidebyside.compare(slices)
    assert "query count not judged: the base sends no query count (Server-Timing db;count)" in result.notes
    assert all(row.queries.verdict == "not judged" for row in result.rows)


def write_slices(folder, slices: list[Slice]) -> None:
    """Samples files as a compare's slices write them (one request per line), and its compare.json."""
    for piece in slices:
        lines = []
        for name, entry in piece.names.items():
            for i, ms in enumerate(entry.ms):
                t = 100 * piece.index + 10 + i * 0.01  # after the warm-up of the log-in at t = 100 * index
                lines.append(json.dumps({"t": t, "name": name, "ms": ms, "ok": True,
                                         "server_ms": entry.server_ms[i] if entry.server_ms else None,
                                         "queries": 4}))
        folder.joinpath("slices", f"{piece.index + 1:02d}-{piece.side}").mkdir(parents=True)
        login = json.dumps({"t": 100 * piece.index, "name": "auth: log in", "ms": 90, "ok": True})
        folder.joinpath("slices", f"{piece.index + 1:02d}-{piece.side}", "samples.jsonl").write_text(
            "\n".join([login, *lines]) + "\n", encoding="utf-8")
    folder.joinpath("compare.json").write_text(json.dumps({
        "started": "2026-12-04T02:00:00+0000", "seconds": 700,
        "base": {"revision": "main", "commit": "0123456789abcdef", "sut": "gunicorn"},
        "candidate": {"defects": ["COM-PERF-D04"], "sut": "gunicorn"},
        "load": {"users": 13, "slice_s": 30, "pairs": 10}, "slices": []}), encoding="utf-8")


def test_an_earlier_compares_samples_are_judged_again_with_other_options(tmp_path, capsys):
    write_slices(tmp_path, simulated(3, names=5, shift=("name 02", 1.35)))
    assert compare.main(["--judge", str(tmp_path)]) == 1
    verdict = json.loads((tmp_path / "verdict.json").read_text(encoding="utf-8"))
    assert verdict["defects"] == ["COM-PERF-D04"] and verdict["base"] == "0123456789abcdef"
    assert [failure.split(":")[0] for failure in verdict["failures"]] == ["name 02"]
    # The same samples with a floor above the shift: nothing regressed, and the verdict says so.
    assert compare.main(["--judge", str(tmp_path), "--min-effect", "0.5"]) == 0
    assert json.loads((tmp_path / "verdict.json").read_text(encoding="utf-8"))["passed"] is True
    assert "name 02" in (tmp_path / "compare.html").read_text(encoding="utf-8")


def test_judging_a_folder_without_a_compare_is_refused_in_one_line(tmp_path, capsys):
    assert compare.main(["--judge", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"qa perf compare: {tmp_path} holds no compare of an earlier run")


def test_the_report_lists_every_name(tmp_path):
    result = sidebyside.compare(simulated(6, names=4, shift=("name 03", 1.6)))
    summary = {"base": {"revision": "HEAD~1", "commit": "0123456789abcdef", "sut": "gunicorn"},
               "candidate": {"defects": ["COM-PERF-D01"], "sut": "gunicorn"}, "started": "2026-12-03T02:00:00+0000",
               "seconds": 330.0, "load": {"shape": "13 users"}, "slices": []}
    page = compare.render(summary, result)
    assert all(f">name 0{i}<" in page for i in range(4)) and "FAILED: 1 name(s) regressed" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")


# --------------------------------------------------------------------------- bad input
def test_an_unknown_base_revision_exits_2_with_one_clear_line():
    result = subprocess.run([sys.executable, "-m", "suite.perf", "compare", "--base", "no-such-revision-here"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"qa perf compare: unknown revision 'no-such-revision-here': git knows no "
                                     f"commit by that name in {ROOT}")


def test_a_revision_without_the_ecrm_is_named_with_what_it_lacks(tmp_path):
    assert compare.missing_files(tmp_path) == list(compare.NEEDED)
    assert compare.missing_files(ROOT) == []


def test_too_few_pairs_for_the_alpha_are_refused():
    with pytest.raises(compare.CompareError, match="smallest p is 0.250"):
        compare._check(compare._parser().parse_args(["--base", "HEAD", "--slices", "3"]))
