"""Nightly history, baseline and regression check.

Each nightly run is stored as ``reports/performance/history/<UTC time>-<run id>.json`` (a ``RunRecord``); the last
``keep`` records are kept. The baseline of a request name is the **median** of its p95 over the last ``k`` stored runs
that may be the norm (a median ignores one odd run). A run may be the norm when nothing but the absolute SLO gate
failed: no regression against the history, no Locust error, the integrity check passed. The SLO gate is a verdict on the
run, not on the code's change: a host too small for the SLOs breaks the same checks every night, and such a run still
says what unchanged code does there. A run that regressed never becomes the norm. A request name regressed when its p95
is above the baseline by more than ``margin`` (default +30 %) **and** by at least ``min_delta_ms`` (default 30 ms)
**and** above the highest p95 any run of the baseline showed: the relative margin alone would flag a 6 ms → 9 ms wobble
of a fast endpoint, the absolute floor alone would miss a slow endpoint getting much slower, and a value the unchanged
runs themselves reached is noise, not evidence. Names with fewer than ``min_requests`` (200) samples in this run — their
p95 rests on the ten slowest requests or fewer — are reported, not judged, unless even their median is past the
regression line (then half the requests are slower than the allowed p95: no noise does that); baselines of fewer than
``min_runs`` runs are reported, not judged. The margin was chosen from measured run-to-run noise (docs/PERFORMANCE.md,
"Baseline, noise and the margin").
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

from suite.perf.stats import RunStats

DEFAULT_MARGIN = 0.30
DEFAULT_MIN_DELTA_MS = 30.0
DEFAULT_K = 5
DEFAULT_KEEP = 30
DEFAULT_MIN_REQUESTS = 200
DEFAULT_MIN_RUNS = 3
MEDIAN_EVIDENCE_MIN_REQUESTS = 20  # a median of fewer samples is no evidence either


@dataclass
class RunRecord:
    run_id: str
    started: str  # ISO 8601 UTC
    shape: str
    passed: bool
    stats: dict  # RunStats.to_json()
    defects: list[str] = field(default_factory=list)
    revision: str = ""
    sut: str = ""
    # May this run be part of the baseline? None (records written before the flag): the same as ``passed``.
    norm: bool | None = None

    @property
    def is_norm(self) -> bool:
        return self.passed if self.norm is None else self.norm

    @property
    def run_stats(self) -> RunStats:
        return RunStats.from_json(self.stats)


def store(history_dir: Path, record: RunRecord, keep: int = DEFAULT_KEEP) -> Path:
    """Write the record and prune the oldest beyond ``keep``."""
    history_dir.mkdir(parents=True, exist_ok=True)
    stamp = record.started.replace(":", "").replace("-", "").replace("+0000", "Z")[:15]
    path = history_dir / f"{stamp}-{record.run_id}.json"
    path.write_text(json.dumps(asdict(record), indent=2, ensure_ascii=False), encoding="utf-8")
    files = sorted(history_dir.glob("*.json"))
    for old in files[: max(0, len(files) - keep)]:
        old.unlink()
    return path


def load_history(history_dir: Path, shape: str | None = None) -> list[RunRecord]:
    """Stored records, oldest first (file names sort by time); unreadable files are skipped."""
    records = []
    for path in sorted(history_dir.glob("*.json")) if history_dir.is_dir() else []:
        try:
            record = RunRecord(**json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            continue
        if shape is None or record.shape == shape:
            records.append(record)
    return records


@dataclass
class BaselineEntry:
    p95_ms: float
    rps: float
    runs: int  # how many stored runs the median was taken over
    max_p95_ms: float = 0.0  # the highest p95 of those runs: the top of the noise the unchanged app showed


def baseline(history: list[RunRecord], k: int = DEFAULT_K) -> dict[str, BaselineEntry]:
    """Per request name: the median p95 and throughput over the last ``k`` norm runs that requested it."""
    samples: dict[str, list[tuple[float, float]]] = {}
    for record in reversed([r for r in history if r.is_norm]):
        stats = record.run_stats
        for name, entry in [*stats.names.items(), ("(overall)", stats.total)]:
            if entry.requests == 0:
                continue
            bucket = samples.setdefault(name, [])
            if len(bucket) < k:
                bucket.append((entry.p95_ms, entry.rps))
    return {
        name: BaselineEntry(statistics.median(p for p, _ in values), statistics.median(r for _, r in values),
                            len(values), max(p for p, _ in values))
        for name, values in samples.items()
    }


@dataclass
class Comparison:
    name: str
    status: str  # regressed | ok | improved | new | few samples | building baseline
    current_p95_ms: float
    baseline_p95_ms: float | None
    delta_ms: float | None
    delta_pct: float | None
    current_rps: float
    baseline_rps: float | None
    runs: int


@dataclass
class BaselineVerdict:
    passed: bool
    margin: float
    min_delta_ms: float
    k: int
    rows: list[Comparison]
    note: str = ""

    @property
    def regressions(self) -> list[Comparison]:
        return [row for row in self.rows if row.status == "regressed"]

    def to_json(self) -> dict:
        return {**asdict(self), "regressions": [asdict(row) for row in self.regressions]}


def compare(
    current: RunStats,
    base: dict[str, BaselineEntry],
    margin: float = DEFAULT_MARGIN,
    min_delta_ms: float = DEFAULT_MIN_DELTA_MS,
    min_requests: int = DEFAULT_MIN_REQUESTS,
    k: int = DEFAULT_K,
    min_runs: int = DEFAULT_MIN_RUNS,
) -> BaselineVerdict:
    rows = []
    for name, entry in [*sorted(current.names.items()), ("(overall)", current.total)]:
        ref = base.get(name)
        if ref is None:
            rows.append(Comparison(name, "new", entry.p95_ms, None, None, None, entry.rps, None, 0))
            continue
        delta = entry.p95_ms - ref.p95_ms
        pct = delta / ref.p95_ms if ref.p95_ms else None
        # The p95 of a few dozen samples is one or two slow requests: too thin to judge. Unless the name's median
        # request is itself past the regression line: then half the requests are, which no tail noise explains.
        overwhelming = (entry.requests >= MEDIAN_EVIDENCE_MIN_REQUESTS and entry.p50_ms - ref.p95_ms >= min_delta_ms
                        and entry.p50_ms > ref.p95_ms * (1 + margin))
        if entry.requests < min_requests and not overwhelming:
            status = "few samples"
        elif ref.runs < min_runs:
            status = "building baseline"
        elif delta >= min_delta_ms and (pct is None or pct > margin) and entry.p95_ms > ref.max_p95_ms:
            status = "regressed"
        elif -delta >= min_delta_ms and pct is not None and -pct > margin:
            status = "improved"
        else:
            status = "ok"
        rows.append(Comparison(name, status, entry.p95_ms, ref.p95_ms, round(delta, 1),
                               round(pct, 4) if pct is not None else None, entry.rps, ref.rps, ref.runs))
    note = "" if base else "no stored baseline yet: this run becomes the first one"
    if base and max(ref.runs for ref in base.values()) < min_runs:
        note = f"the baseline is still being built ({max(ref.runs for ref in base.values())} of {min_runs} runs): " \
               "reported, not judged"
    passed = not any(row.status == "regressed" for row in rows)
    return BaselineVerdict(passed, margin, min_delta_ms, k, rows, note)


def table(verdict: BaselineVerdict) -> str:
    header = ("request name", "baseline p95", "this run p95", "delta", "result")
    body = []
    for row in verdict.rows:
        delta = "—" if row.delta_ms is None else f"{row.delta_ms:+.0f} ms ({(row.delta_pct or 0) * 100:+.0f} %)"
        base = "—" if row.baseline_p95_ms is None else f"{row.baseline_p95_ms:.0f} ms (k={row.runs})"
        result = "REGRESSED" if row.status == "regressed" else row.status
        body.append((row.name, base, f"{row.current_p95_ms:.0f} ms", delta, result))
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    out = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)), "  ".join("-" * w for w in widths)]
    out.extend("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in body)
    return "\n".join(out)
