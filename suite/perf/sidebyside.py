"""The statistics of the side-by-side compare (``./qa perf compare --base REV``; ``suite.perf.compare`` runs it).

The base revision and the candidate run on the same host in the same run, in short alternating **slices** of the
same load, in the order A B, B A, A B … (``schedule``): a linear drift of the host then adds as much to each side
over every two pairs, and a slow stretch of the host hits both sides of a pair alike. Every request of a slice is one
``Sample`` (one JSON line written by ``tests/performance/perf_signals.py``).

Per request name, per slice, the **median** latency (and the median server time, from ``Server-Timing``); per pair of
slices the log ratio candidate / base; over the pairs an **exact Wilcoxon signed-rank test** (the null distribution
enumerated over all 2^k sign assignments, so it holds for any noise that is symmetric between the sides of a pair),
the **Hodges-Lehmann** estimate of the shift (the median of the pairs' Walsh averages) and its exact confidence
interval. The slice is the unit, not the request: requests within a slice share that slice's host, so a test over
requests would take the host's noise between slices for a difference between the sides.

A name is **regressed** when its shift is significant (p ≤ ``alpha``, 0.02) **and** at least the effect floor
(``min_effect``, +25 %). About 40 names × 2 metrics are judged per run: a test at level ``alpha`` alone would raise a
false alarm in most unchanged runs, and a floor alone would let a noisy name's large-looking wobble through. With 10
pairs and per-slice medians that vary by ±10-15 % (and a common drift), the two together raise an alarm in about 2 %
of unchanged runs of 40 names and catch +30 % on one name in about 70-80 % of runs, +40 % in 97 % or more (simulated:
``tests/suite/perf/test_sidebyside.py``; docs/PERFORMANCE.md, "Side-by-side compare").

A name with fewer than ``min_requests`` in some slice is **thin**: listed, and flagged only when every pair that
has it on both sides is apart by twice the floor (a slow endpoint completes fewer requests and must not hide). The
row ``(all requests)`` judges every request of a slice as a ratio to its name's median over the run.

Pure: no Locust, no Django; ``tests/suite/perf/test_sidebyside.py`` checks it on simulated noise.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from suite.api.transport import api_path
from suite.perf.signedrank import Shift, shift, stratified_shift

# Log-ins and probes: not part of the load (a log-in hashes the password on purpose, once per user; probes find out
# which endpoints exist). The API's auth/ path is a log-in's own CSRF fetch when it has to repeat it (no name=).
# tests/performance/perf_hooks.py leaves the same names out of the SLO gate's overall row.
UNMEASURED_PREFIXES = ("auth:", "probe:", "api: root", api_path("auth"))

BASE, CANDIDATE = "base", "candidate"
LATENCY, SERVER, QUERIES = "latency", "server time", "queries"
DEFAULT_ALPHA = 0.02
DEFAULT_MIN_EFFECT = 0.25
DEFAULT_MIN_REQUESTS = 5  # per side and slice
DEFAULT_WARMUP_S = 2.0  # after the last log-in of a slice's spawn (and after its first request)
THIN_FACTOR = 2  # a thin name is flagged only when its estimate is twice the effect floor ...
THIN_MIN_PAIRS = 10  # ... every one of at least 10 pairs with both sides is beyond the floor, and p <= alpha;
# or its requests, within each pair, are that much slower by van Elteren's test at this p (see _judge_metric).
THIN_ALPHA = 1e-5
OVERALL = "(all requests)"


_NUMBER_SEGMENT = re.compile(r"/\d+(?=/|$)")


def unmeasured(name: str) -> bool:
    return name.startswith(UNMEASURED_PREFIXES)


def request_name(raw: str) -> str:
    """Locust's name of a request; a request sent without ``name=`` is named by its path, whose record ids are
    folded (``/api/v1/fault-records/4907/transition/`` → ``…/fault-records/{id}/transition/``) so that one row
    gathers them."""
    return _NUMBER_SEGMENT.sub("/{id}", raw) if raw.startswith("/") else raw


@dataclass(frozen=True)
class Sample:
    """One request: its end time (unix s), Locust's name, latency (ms), success, server time (ms) and query count."""

    t: float
    name: str
    ms: float
    ok: bool = True
    server_ms: float | None = None
    queries: int | None = None


def read_samples(path: Path) -> list[Sample]:
    """The samples file of one slice; a torn or foreign line (a process stopped mid-write) is skipped."""
    samples = []
    if not path.exists():
        return samples
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
            samples.append(Sample(float(row["t"]), request_name(str(row["name"])), float(row["ms"]),
                                  bool(row.get("ok", True)),
                                  None if row.get("server_ms") is None else float(row["server_ms"]),
                                  None if row.get("queries") is None else int(row["queries"])))
        except (ValueError, TypeError, KeyError):
            continue
    return samples


def schedule(pairs: int) -> list[tuple[int, str]]:
    """The slices in run order as (pair index, side): A B, B A, A B, B A … (A = base, B = candidate)."""
    order = []
    for pair in range(pairs):
        sides = (BASE, CANDIDATE) if pair % 2 == 0 else (CANDIDATE, BASE)
        order.extend((pair, side) for side in sides)
    return order


def warmup_end(samples: list[Sample], warmup_s: float = DEFAULT_WARMUP_S) -> float:
    """When a slice's measurement starts: ``warmup_s`` after its first request and after the last log-in or probe
    of its spawn (those in the slice's first half; a log-in repeated late, after a failure, does not void the slice)."""
    if not samples:
        return 0.0
    start = min(s.t for s in samples)
    half = start + (max(s.t for s in samples) - start) / 2
    spawn = [s.t for s in samples if unmeasured(s.name) and s.t <= half]
    return max([start, *spawn]) + warmup_s


def measured(samples: list[Sample], warmup_s: float = DEFAULT_WARMUP_S) -> list[Sample]:
    """The slice's samples after its warm-up, without log-ins and probes."""
    cut = warmup_end(samples, warmup_s)
    return [s for s in samples if s.t >= cut and not unmeasured(s.name)]


@dataclass
class NameSlice:
    """One request name in one slice: its successful requests' latencies, server times and query counts, and its
    failures."""

    ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    queries: list[float] = field(default_factory=list)
    failures: int = 0

    @property
    def requests(self) -> int:
        return len(self.ms)


@dataclass
class Slice:
    index: int  # run order, from 0
    pair: int
    side: str  # base | candidate
    names: dict[str, NameSlice]
    requests: int = 0  # measured requests (after the warm-up)
    warmup_s: float = 0.0  # seconds cut at the start
    seconds: float = 0.0  # measured seconds


def summarise(samples: list[Sample], index: int, pair: int, side: str,
              warmup_s: float = DEFAULT_WARMUP_S) -> Slice:
    kept = measured(samples, warmup_s)
    names: dict[str, NameSlice] = {}
    for sample in kept:
        entry = names.setdefault(sample.name, NameSlice())
        if not sample.ok:
            entry.failures += 1
            continue
        entry.ms.append(sample.ms)
        if sample.server_ms is not None:
            entry.server_ms.append(sample.server_ms)
        if sample.queries is not None:
            entry.queries.append(float(sample.queries))
    first = min((s.t for s in samples), default=0.0)
    cut = warmup_end(samples, warmup_s)
    seconds = max((s.t for s in kept), default=cut) - cut
    return Slice(index, pair, side, names, len(kept), round(max(cut - first, 0.0), 2), round(max(seconds, 0.0), 2))


# --------------------------------------------------------------------------- judging the names
@dataclass
class Metric:
    """One metric (latency, server time or query count) of one request name, both sides (``*_ms``: a count for
    the query count)."""

    metric: str
    verdict: str  # regressed | improved | same | thin | not judged
    base_median_ms: float | None = None
    candidate_median_ms: float | None = None
    base_p95_ms: float | None = None
    candidate_p95_ms: float | None = None
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    p: float | None = None
    pair_ratios: list[float] = field(default_factory=list)
    note: str = ""
    rule: str = ""  # what flagged it: "floor" (significant and at the floor) or "every pair" (a thin name)


@dataclass
class NameResult:
    name: str
    verdict: str  # regressed | improved | same | thin | absent in base | absent in candidate
    requests_base: int
    requests_candidate: int
    failures_base: int
    failures_candidate: int
    fewest_in_a_slice: int  # the fewest successful requests of this name in any slice of either side
    latency: Metric
    server: Metric
    queries: Metric = field(default_factory=lambda: Metric(QUERIES, "not judged"))

    @property
    def metrics(self) -> tuple[Metric, Metric, Metric]:
        return self.latency, self.server, self.queries


@dataclass
class Result:
    pairs: int
    alpha: float
    min_effect: float
    min_requests: int
    rows: list[NameResult]
    server_judged: bool
    notes: list[str] = field(default_factory=list)

    @property
    def regressions(self) -> list[NameResult]:
        return [row for row in self.rows if row.verdict == "regressed"]

    @property
    def passed(self) -> bool:
        return not self.regressions

    def largest(self, metric: str = LATENCY) -> NameResult | None:
        """The judged name whose estimated shift is the largest in size (the unchanged run's worst wobble)."""
        judged = [row for row in self.rows if _metric(row, metric).ratio is not None
                  and _metric(row, metric).verdict != "thin"]
        return max(judged, key=lambda row: abs(math.log(_metric(row, metric).ratio)), default=None)

    def to_json(self) -> dict:
        return {**asdict(self), "passed": self.passed, "regressions": [row.name for row in self.regressions]}


def _metric(row: NameResult, metric: str) -> Metric:
    return {LATENCY: row.latency, SERVER: row.server, QUERIES: row.queries}[metric]


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def judge(d: list[float], alpha: float, min_effect: float) -> tuple[str, Shift]:
    found = shift(d)
    floor = math.log(1 + min_effect)
    if found.p <= alpha and found.estimate >= floor:
        return "regressed", found
    if found.p <= alpha and found.estimate <= -floor:
        return "improved", found
    return "same", found


def _log_ratios(pairs: list[tuple[NameSlice, NameSlice]], values: str, offsets: list[float]) -> list[float]:
    """Per pair, log(candidate's median / base's median) less the pair's host offset; 0 where a side has no positive
    value."""
    d = []
    for (base, cand), offset in zip(pairs, offsets, strict=True):
        b, c = statistics.median(getattr(base, values)), statistics.median(getattr(cand, values))
        d.append(math.log(c / b) - offset if b > 0 and c > 0 else 0.0)
    return d


def _judge_metric(metric: str, pairs: list[tuple[NameSlice, NameSlice]], values: str, alpha: float,
                  min_effect: float, min_requests: int, why_not: str, offsets: list[float] | None = None) -> Metric:
    base_all = [v for base, _ in pairs for v in getattr(base, values)]
    cand_all = [v for _, cand in pairs for v in getattr(cand, values)]
    result = Metric(metric, "not judged", statistics.median(base_all) if base_all else None,
                    statistics.median(cand_all) if cand_all else None, _p95(base_all), _p95(cand_all))
    if why_not:
        result.note = why_not
        return result
    fewest = min(min(len(getattr(base, values)), len(getattr(cand, values))) for base, cand in pairs)
    # A slow endpoint completes fewer requests, down to none in a slice: the pairs that have both sides still count.
    offsets = offsets or [0.0] * len(pairs)
    kept = [(pair, offset) for pair, offset in zip(pairs, offsets, strict=True)
            if getattr(pair[0], values) and getattr(pair[1], values)]
    present = [pair for pair, _ in kept]
    if len(present) < 2:
        result.verdict, result.note = "thin", f"requested in both sides of {len(present)} pair(s) only"
        return result
    d = _log_ratios(present, values, [offset for _, offset in kept])
    verdict, found = judge(d, alpha, min_effect)
    result.ratio, result.ratio_low, result.ratio_high = found.ratio, found.ratio_low, found.ratio_high
    result.p = found.p
    result.pair_ratios = [round(math.exp(x), 4) for x in d]
    if fewest >= min_requests:
        result.verdict, result.rule = verdict, "floor" if verdict in ("regressed", "improved") else ""
        return result
    # Too few requests for the floor to hold a noisy median's wobble (unchanged thin names reach x2 and more on this
    # host); but a slow endpoint must not hide behind "thin". Each of at least THIN_MIN_PAIRS pairs beyond the floor,
    # an estimate of twice the floor (+50 %) and p <= alpha is evidence no sampling noise gives: a name whose pairs
    # wobble by a factor of 3 either way is beyond +25 % in 42 % of the pairs, in all of 10 once in 6,000 runs.
    floor, bar = math.log(1 + min_effect), math.log(1 + THIN_FACTOR * min_effect)
    result.verdict, result.note = "thin", f"fewest {fewest} in a slice (< {min_requests})"
    if len(d) >= THIN_MIN_PAIRS and found.p <= alpha:
        if found.estimate >= bar and all(x >= floor for x in d):
            result.verdict, result.rule = "regressed", "every pair"
            result.note = f"thin, but every pair at least x{math.exp(floor):.2f} and x{found.ratio:.2f} in all"
        elif found.estimate <= -bar and all(x <= -floor for x in d):
            result.verdict, result.rule = "improved", "every pair"
            result.note = f"thin, but every pair at most x{math.exp(-floor):.2f} and x{found.ratio:.2f} in all"
    if result.verdict == "thin" and len(d) >= THIN_MIN_PAIRS:
        # Its requests, within each pair: two or three a slice are too few for a median, not for ranks. Requests of
        # one slice share that slice's host beyond its level, so the normal p of van Elteren's test is too small;
        # THIN_ALPHA is set far below what unchanged thin names reached on this host (3e-4 at the least, over three
        # runs of some 240 tests each; docs/PERFORMANCE.md).
        ranked = stratified_shift([([math.log(v) for v in getattr(base, values) if v > 0],
                                    [math.log(v) - offset for v in getattr(cand, values) if v > 0])
                                   for (base, cand), offset in kept])
        if ranked.p <= THIN_ALPHA and abs(ranked.estimate) >= bar:
            result.verdict = "regressed" if ranked.estimate > 0 else "improved"
            result.rule, result.ratio, result.p = "requests", ranked.ratio, ranked.p
            result.ratio_low = result.ratio_high = None  # the pairs' interval is not this estimate's
            result.note = (f"thin, but its requests x{ranked.ratio:.2f} within the pairs (van Elteren, "
                           f"p {ranked.p:.1e})")
    if len(present) < len(pairs):
        result.note += f" ({len(pairs) - len(present)} pair(s) without it on one side)"
    return result


# --------------------------------------------------------------------------- the host's level of each slice
def _typical(complete: list[tuple[Slice, Slice]], values: str) -> dict[str, float]:
    """Each name's median over the whole run, both sides pooled (the yardstick of the host's level)."""
    pooled: dict[str, list[float]] = {}
    for pair in complete:
        for piece in pair:
            for name, entry in piece.names.items():
                pooled.setdefault(name, []).extend(getattr(entry, values))
    return {name: statistics.median(v) for name, v in pooled.items() if v and statistics.median(v) > 0}


def median_without(ordered: list[float], removed: list[float]) -> float | None:
    """The median of the sorted ``ordered`` once the values of the sorted ``removed`` (a sub-multiset) are taken out,
    without copying ``ordered``."""
    count = len(ordered) - len(removed)
    if count <= 0:
        return None
    positions, seen = [], {}
    for value in removed:  # each removed value's own index in ``ordered`` (ties: the next equal one)
        positions.append(bisect.bisect_left(ordered, value) + seen.get(value, 0))
        seen[value] = seen.get(value, 0) + 1

    def at(rank: int) -> float:
        index = rank
        for position in positions:
            if position <= index:
                index += 1
        return ordered[index]

    return (at((count - 1) // 2) + at(count // 2)) / 2


class HostLevel:
    """One slice's level, the median over its requests of log(value / the name's typical value): how slow the host
    ran that slice for every name at once. ``without(name)`` leaves the judged name's own requests out, so that a
    name's own regression does not move the yardstick it is measured against."""

    def __init__(self, piece: Slice, values: str, typical: dict[str, float]):
        self.own = {name: sorted(math.log(v / typical[name]) for v in getattr(entry, values) if v > 0)
                    for name, entry in piece.names.items() if name in typical}
        self.ordered = sorted(x for logs in self.own.values() for x in logs)

    def without(self, name: str) -> float | None:
        return median_without(self.ordered, self.own.get(name, []))


def host_offsets(complete: list[tuple[Slice, Slice]], values: str) -> Callable[[str], list[float]]:
    """``offsets(name)``: per pair, the candidate slice's host level less the base slice's, over the other names'
    requests (0 where a slice has no other request). Subtracted from the name's log ratio, it takes out what the
    host did to both sides' slices of a pair alike; a change that slows every name is the (all requests) row's."""
    typical = _typical(complete, values)
    levels = [(HostLevel(base, values, typical), HostLevel(cand, values, typical)) for base, cand in complete]

    def offsets(name: str) -> list[float]:
        found = []
        for base, cand in levels:
            b, c = base.without(name), cand.without(name)
            found.append(0.0 if b is None or c is None else c - b)
        return found

    return offsets


def _overall(complete: list[tuple[Slice, Slice]]) -> list[tuple[NameSlice, NameSlice]]:
    """Per pair, every measured request of the slice as a ratio to its name's median over the whole run (both
    sides): the mix of names may differ between slices, the ratio's median does not follow it. One well-sampled
    row that a change slowing many names a little moves, while each of them alone is thin."""
    typical = {values: _typical(complete, values) for values in ("ms", "server_ms")}

    def normalised(piece: Slice) -> NameSlice:
        entry = NameSlice(failures=sum(e.failures for e in piece.names.values()))
        for name, found in piece.names.items():
            for values in ("ms", "server_ms"):
                if name in typical[values]:
                    getattr(entry, values).extend(v / typical[values][name] for v in getattr(found, values))
        return entry

    return [(normalised(base), normalised(cand)) for base, cand in complete]


def compare(slices: list[Slice], alpha: float = DEFAULT_ALPHA, min_effect: float = DEFAULT_MIN_EFFECT,
            min_requests: int = DEFAULT_MIN_REQUESTS) -> Result:
    """Judge every request name over the complete pairs of ``slices``."""
    by_pair: dict[int, dict[str, Slice]] = {}
    for piece in slices:
        by_pair.setdefault(piece.pair, {})[piece.side] = piece
    complete = [(sides[BASE], sides[CANDIDATE]) for _, sides in sorted(by_pair.items())
                if BASE in sides and CANDIDATE in sides]
    notes = []
    if len(complete) < len(by_pair):
        notes.append(f"{len(by_pair) - len(complete)} pair(s) without both sides left out")
    why_not = _unsent(complete, "server_ms", "server time not judged: {side} sends no Server-Timing")
    why_not_queries = _unsent(complete, "queries",
                              "query count not judged: {side} sends no query count (Server-Timing db;count)")
    notes.extend(note for note in (why_not, why_not_queries) if note)
    names = sorted({name for base, cand in complete for name in (*base.names, *cand.names)})
    offsets = {values: host_offsets(complete, values) for values in ("ms", "server_ms")}
    rows = []
    for name in names:
        pairs = [(base.names.get(name, NameSlice()), cand.names.get(name, NameSlice())) for base, cand in complete]
        counts = (sum(b.requests for b, _ in pairs), sum(c.requests for _, c in pairs))
        failures = (sum(b.failures for b, _ in pairs), sum(c.failures for _, c in pairs))
        fewest = min((min(b.requests, c.requests) for b, c in pairs), default=0)
        latency = _judge_metric(LATENCY, pairs, "ms", alpha, min_effect, min_requests, "", offsets["ms"](name))
        server = _judge_metric(SERVER, pairs, "server_ms", alpha, min_effect, min_requests, why_not,
                               offsets["server_ms"](name))
        _confirm(latency, server)
        # The host does not change how many queries a request makes: the count is judged as it is.
        queries = _judge_metric(QUERIES, pairs, "queries", alpha, min_effect, min_requests, why_not_queries)
        if counts[0] == 0 or counts[1] == 0:
            verdict = "absent in base" if counts[0] == 0 else "absent in candidate"
            latency.verdict = server.verdict = queries.verdict = "not judged"
            latency.note = verdict
        else:
            verdicts = {latency.verdict, server.verdict, queries.verdict}
            verdict = next((v for v in ("regressed", "improved", "same") if v in verdicts), "thin")
        rows.append(NameResult(name, verdict, *counts, *failures, fewest, latency, server, queries))
    if complete:
        rows.insert(0, _overall_row(complete, alpha, min_effect, min_requests, why_not))
    return Result(len(complete), alpha, min_effect, min_requests, rows, not why_not and bool(complete), notes)


def _confirm(latency: Metric, server: Metric) -> None:
    """On the floor rule, a shift of time counts when the latency and the server time both show it: a change of the
    e-CRM moves both, while Locust's own process (sharing the cores) moves latency alone. Where the server time is
    not judged, latency stands alone; a thin name's every-pair verdict needs no confirmation."""
    if server.verdict in ("not judged", "thin") or latency.verdict in ("not judged", "thin"):
        return
    for one, other in ((latency, server), (server, latency)):
        if one.rule == "floor" and other.verdict != one.verdict:
            one.note = (f"{one.verdict} alone, not confirmed by the {other.metric} (x{other.ratio:.2f}, "
                        f"p {other.p:.3f})")
            one.verdict, one.rule = "same", ""


def _unsent(complete: list[tuple[Slice, Slice]], values: str, why: str) -> str:
    """Why a server signal is not judged ('' when both sides send it): ``why`` with {side} filled in."""
    sent = [any(getattr(entry, values) for entry in piece.names.values()) for piece in (s for p in complete for s in p)]
    base_sends, candidate_sends = any(sent[0::2]), any(sent[1::2])
    if base_sends and candidate_sends:
        return ""
    if not base_sends and not candidate_sends:
        return why.format(side="neither side").replace("sends no", "sends")
    return why.format(side="the base" if not base_sends else "the candidate")


def _overall_row(complete: list[tuple[Slice, Slice]], alpha: float, min_effect: float, min_requests: int,
                 why_not: str) -> NameResult:
    pairs = _overall(complete)
    latency = _judge_metric(LATENCY, pairs, "ms", alpha, min_effect, min_requests, "")
    server = _judge_metric(SERVER, pairs, "server_ms", alpha, min_effect, min_requests, why_not)
    for metric, values in ((latency, "ms"), (server, "server_ms")):  # judged as ratios to the names', shown in ms
        base_all, cand_all = ([v for piece in side for e in piece.names.values() for v in getattr(e, values)]
                              for side in zip(*complete, strict=True))
        metric.base_median_ms = statistics.median(base_all) if base_all else None
        metric.candidate_median_ms = statistics.median(cand_all) if cand_all else None
        metric.base_p95_ms, metric.candidate_p95_ms = _p95(base_all), _p95(cand_all)
    counts = (sum(b.requests for b, _ in pairs), sum(c.requests for _, c in pairs))
    verdicts = {latency.verdict, server.verdict}
    verdict = next((v for v in ("regressed", "improved", "same") if v in verdicts), "thin")
    return NameResult(OVERALL, verdict, *counts, sum(b.failures for b, _ in pairs), sum(c.failures for _, c in pairs),
                      min(min(b.requests, c.requests) for b, c in pairs), latency, server)
