"""The statistics format shared by the SLO gate, the baseline and the trend chart.

A run's statistics are a ``RunStats``: one ``NameStats`` per request name (Locust's ``name=``) and the overall
("Aggregated") row. They are built either from Locust's ``<prefix>_stats.csv`` (``from_csv``) or, inside the Locust
process, from its in-memory entries (``tests/performance/perf_hooks.py`` converts them with ``NameStats(...)``), and
saved as ``stats.json`` (``to_json`` / ``from_json``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOTAL = "Aggregated"


@dataclass
class NameStats:
    """One request name's figures. Times in milliseconds; ``rps`` is requests per second over the run."""

    name: str
    method: str = ""
    requests: int = 0
    failures: int = 0
    avg_ms: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    rps: float = 0.0

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass
class RunStats:
    names: dict[str, NameStats] = field(default_factory=dict)
    total: NameStats = field(default_factory=lambda: NameStats(TOTAL))
    duration_s: float = 0.0

    def to_json(self) -> dict:
        return {
            "duration_s": round(self.duration_s, 2),
            "total": asdict(self.total),
            "names": {name: asdict(entry) for name, entry in sorted(self.names.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> RunStats:
        return cls(
            names={name: NameStats(**entry) for name, entry in data.get("names", {}).items()},
            total=NameStats(**data["total"]) if data.get("total") else NameStats(TOTAL),
            duration_s=float(data.get("duration_s", 0.0)),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RunStats:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def _number(raw: str | None) -> float:
    try:
        return float(raw) if raw not in (None, "", "N/A") else 0.0
    except ValueError:
        return 0.0


def from_csv(path: Path) -> RunStats:
    """Read Locust's ``<prefix>_stats.csv`` (one row per method+name, then the ``Aggregated`` row).

    Two methods on the same name (rare; the scenarios avoid it) are kept apart as ``"METHOD name"``.
    """
    run = RunStats()
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["Name"]] = seen.get(row["Name"], 0) + 1
    for row in rows:
        entry = NameStats(
            name=row["Name"],
            method=row.get("Type", ""),
            requests=int(_number(row.get("Request Count"))),
            failures=int(_number(row.get("Failure Count"))),
            avg_ms=_number(row.get("Average Response Time")),
            p50_ms=_number(row.get("50%")),
            p95_ms=_number(row.get("95%")),
            p99_ms=_number(row.get("99%")),
            max_ms=_number(row.get("Max Response Time")),
            rps=_number(row.get("Requests/s")),
        )
        if row["Name"] == TOTAL and not row.get("Type"):
            run.total = entry
            continue
        key = row["Name"] if seen[row["Name"]] == 1 else f"{row.get('Type', '')} {row['Name']}"
        run.names[key] = entry
    return run
