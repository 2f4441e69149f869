"""The system under test's own figures per Locust request name: query counts and server time.

Each response's ``Server-Timing`` header (``suite.perf.server_timing``) is added to a ``SignalBook`` under the
request's ``name=``. In a distributed run every worker keeps its own book and sends what it gathered with each report
to the master (``drain`` / ``merge``), as Locust does with its own statistics; the master writes the summary at the
end: per name the requests seen, how many carried each signal, the median and the largest query count, and the
server time's median, p95 and largest value. A name whose responses carried no signal says so (``lacking``), so a
deployment that does not send ``Server-Timing`` is reported as such, not as zero.

Server times are kept as a histogram of whole milliseconds up to 10 s (then 10 ms buckets), like Locust's own
response times: exact enough for a percentile, small enough to send every few seconds.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from suite.perf.server_timing import Signals


def _bucket(ms: float) -> int:
    value = int(round(ms))
    return value if value < 10_000 else int(round(value, -1))


def percentile(histogram: Counter, fraction: float) -> float | None:
    """The value below which ``fraction`` of the counted values lie (nearest rank), None for no values."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))


@dataclass
class NameSignals:
    requests: int = 0
    server_ms: Counter = field(default_factory=Counter)
    queries: Counter = field(default_factory=Counter)

    def add(self, signals: Signals) -> None:
        self.requests += 1
        if signals.server_ms is not None:
            self.server_ms[_bucket(signals.server_ms)] += 1
        if signals.queries is not None:
            self.queries[signals.queries] += 1

    def merge(self, data: dict) -> None:
        self.requests += int(data.get("requests", 0))
        self.server_ms.update({int(k): int(v) for k, v in data.get("server_ms", {}).items()})
        self.queries.update({int(k): int(v) for k, v in data.get("queries", {}).items()})

    def raw(self) -> dict:
        return {"requests": self.requests, "server_ms": dict(self.server_ms), "queries": dict(self.queries)}

    def summary(self) -> dict:
        with_time, with_queries = sum(self.server_ms.values()), sum(self.queries.values())
        lacking = [label for label, count in (("server time", with_time), ("query count", with_queries))
                   if count == 0]
        return {
            "requests": self.requests,
            "with_server_time": with_time,
            "with_query_count": with_queries,
            "queries_median": percentile(self.queries, 0.5),
            "queries_max": float(max(self.queries)) if self.queries else None,
            "server_p50_ms": percentile(self.server_ms, 0.5),
            "server_p95_ms": percentile(self.server_ms, 0.95),
            "server_max_ms": float(max(self.server_ms)) if self.server_ms else None,
            "lacking": lacking,
        }


@dataclass
class SignalBook:
    names: dict[str, NameSignals] = field(default_factory=dict)

    def add(self, name: str, signals: Signals) -> None:
        self.names.setdefault(name, NameSignals()).add(signals)

    def drain(self) -> dict:
        """What was gathered since the last drain, as plain data (a worker's report to the master); then empty."""
        data = {name: entry.raw() for name, entry in self.names.items()}
        self.names = {}
        return data

    def merge(self, data: dict) -> None:
        for name, entry in data.items():
            self.names.setdefault(name, NameSignals()).merge(entry)

    def summary(self) -> dict:
        names = {name: entry.summary() for name, entry in sorted(self.names.items())}
        lacking = sorted({label for entry in names.values() for label in entry["lacking"]})
        total = sum(entry["requests"] for entry in names.values())
        return {"names": names, "requests": total,
                "lacking": lacking if total else ["server time", "query count"],
                "note": _note(names, total)}

    def save(self, path: Path) -> dict:
        summary = self.summary()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
        return summary


def _note(names: dict, total: int) -> str:
    if not total:
        return "no request was made"
    timed = sum(entry["with_server_time"] for entry in names.values())
    counted = sum(entry["with_query_count"] for entry in names.values())
    if not timed and not counted:
        return ("the system under test sent no Server-Timing header: latency is all the run measured "
                "(no server time, no query count)")
    parts = []
    if timed < total:
        parts.append(f"{total - timed} of {total} responses carried no server time")
    if counted < total:
        parts.append(f"{total - counted} of {total} carried no query count")
    return "; ".join(parts) or "every response carried its server time and query count"


def table(summary: dict, limit: int | None = None) -> str:
    """A plain-text table of the summary, one row per request name."""
    rows = [("request name", "requests", "queries med/max", "server p50/p95 ms")]
    for name, entry in list(summary["names"].items())[:limit]:
        def show(value):
            return "-" if value is None else f"{value:.0f}"
        rows.append((name, str(entry["requests"]), f"{show(entry['queries_median'])}/{show(entry['queries_max'])}",
                     f"{show(entry['server_p50_ms'])}/{show(entry['server_p95_ms'])}"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    return "\n".join(lines + [f"({summary['note']})"])
