"""Declarative service-level objectives (SLOs) and their evaluation: Locust's missing pass/fail thresholds.

The SLO file is TOML (``tests/performance/slo*.toml``)::

    [overall]                       # the Aggregated row of the run
    p95_ms = 300                    # ceilings, in milliseconds
    p99_ms = 1000
    error_rate = 0.01               # failures / requests, a ceiling
    min_rps = 5.0                   # a floor: requests per second over the whole run

    [defaults]                      # every request name that has no table of its own
    p95_ms = 500
    min_requests = 20               # fewer samples than this: percentile checks are reported, not enforced

    [requests."customers: search"]  # one request name (Locust's name=); keys as above, plus
    p95_ms = 200
    required = true                 # the name must have been requested at all (else: absent is only noted)

Keys a table may hold: ``p95_ms``, ``p99_ms``, ``error_rate``, ``min_rps``, ``min_requests``, ``required``.
A request table inherits the ``[defaults]`` keys it does not set. Unknown keys are an error (a typo must not
silently switch a gate off).
"""

from __future__ import annotations

import html
import json
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from suite.perf.stats import NameStats, RunStats

CEILINGS = {"p95_ms": "p95_ms", "p99_ms": "p99_ms", "error_rate": "error_rate"}
FLOORS = {"min_rps": "rps"}
KNOWN_KEYS = {*CEILINGS, *FLOORS, "min_requests", "required"}
OVERALL = "(overall)"


class SloFileError(ValueError):
    """The SLO file is malformed."""


@dataclass
class Objective:
    p95_ms: float | None = None
    p99_ms: float | None = None
    error_rate: float | None = None
    min_rps: float | None = None
    min_requests: int = 0
    required: bool = False


@dataclass
class SloFile:
    overall: Objective
    defaults: Objective
    requests: dict[str, Objective]
    source: str = ""

    def objective_for(self, name: str) -> Objective:
        return self.requests.get(name, self.defaults)


def _objective(table: dict, where: str, inherit: Objective | None = None) -> Objective:
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise SloFileError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(KNOWN_KEYS)}")
    values = asdict(inherit) if inherit else {}
    for key, value in table.items():
        if key == "required":
            if not isinstance(value, bool):
                raise SloFileError(f"{where}.required must be true or false")
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise SloFileError(f"{where}.{key} must be a non-negative number, not {value!r}")
        values[key] = value
    if values.get("error_rate") is not None and values["error_rate"] > 1:
        raise SloFileError(f"{where}.error_rate is a fraction (0.01 = 1 %), not {values['error_rate']}")
    return Objective(**values)


def parse(data: dict, source: str = "") -> SloFile:
    unknown = set(data) - {"overall", "defaults", "requests"}
    if unknown:
        raise SloFileError(f"{source}: unknown table(s) {sorted(unknown)}; allowed: overall, defaults, requests")
    defaults = _objective(data.get("defaults", {}), "defaults")
    requests = {
        name: _objective(table, f'requests."{name}"', inherit=defaults)
        for name, table in data.get("requests", {}).items()
    }
    return SloFile(_objective(data.get("overall", {}), "overall"), defaults, requests, source)


def read_toml(path: Path, error: type[Exception]) -> dict:
    """A TOML file's data; a syntax error is ``error`` naming the file."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: {problem}") from problem


def load(path: Path) -> SloFile:
    return parse(read_toml(path, SloFileError), str(path))


@dataclass
class Check:
    scope: str  # a request name, or "(overall)"
    metric: str  # p95_ms, p99_ms, error_rate, min_rps, required
    limit: float
    actual: float | None
    ok: bool
    enforced: bool = True  # False: reported only (too few samples)
    note: str = ""

    def describe(self) -> str:
        return f"{self.scope} {self.metric}: {fmt(self.metric, self.actual)} vs limit {fmt(self.metric, self.limit)}"


@dataclass
class Verdict:
    passed: bool
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slo_file: str = ""

    @property
    def broken(self) -> list[Check]:
        return [check for check in self.checks if not check.ok and check.enforced]

    def to_json(self) -> dict:
        return {
            "passed": self.passed,
            "slo_file": self.slo_file,
            "broken": [asdict(check) for check in self.broken],
            "checks": [asdict(check) for check in self.checks],
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: dict) -> Verdict:
        return cls(data["passed"], [Check(**c) for c in data.get("checks", [])], data.get("notes", []),
                   data.get("slo_file", ""))


def fmt(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if metric == "error_rate":
        return f"{value * 100:.2f} %"
    if metric == "min_rps":
        return f"{value:.2f}/s"
    if metric == "required":
        return "present" if value else "absent"
    return f"{value:.0f} ms"


def _check_one(scope: str, entry: NameStats, objective: Objective) -> list[Check]:
    checks = []
    few = entry.requests < objective.min_requests
    for key, attribute in CEILINGS.items():
        limit = getattr(objective, key)
        if limit is None:
            continue
        actual = getattr(entry, attribute)
        # Percentiles of a handful of samples are noise: report them, but gate only with enough samples.
        # The error rate is gated whatever the count (one failure in three requests is a real failure).
        enforced = not (few and key != "error_rate")
        note = f"only {entry.requests} requests (< {objective.min_requests}): not enforced" if not enforced else ""
        checks.append(Check(scope, key, float(limit), float(actual), actual <= limit, enforced, note))
    for key, attribute in FLOORS.items():
        limit = getattr(objective, key)
        if limit is None:
            continue
        actual = getattr(entry, attribute)
        checks.append(Check(scope, key, float(limit), float(actual), actual >= limit))
    return checks


def evaluate(stats: RunStats, slo: SloFile) -> Verdict:
    """Check every request name and the overall row against the SLO file."""
    checks: list[Check] = []
    notes: list[str] = []
    if stats.total.requests == 0:
        checks.append(Check(OVERALL, "required", 1, 0, False, note="the run made no requests at all"))
    else:
        checks.extend(_check_one(OVERALL, stats.total, slo.overall))
    for name, entry in sorted(stats.names.items()):
        checks.extend(_check_one(name, entry, slo.objective_for(name)))
    for name, objective in sorted(slo.requests.items()):
        if name in stats.names:
            continue
        if objective.required:
            checks.append(Check(name, "required", 1, 0, False, note="no request of this name was made"))
        else:
            notes.append(f"{name}: not requested in this run (its persona or endpoint is absent)")
    passed = not any(not check.ok and check.enforced for check in checks)
    return Verdict(passed, checks, notes, slo.source)


def table(verdict: Verdict, only_broken: bool = False) -> str:
    """A plain-text table of the checks (the broken ones marked), for the console and the CI log."""
    rows = [check for check in verdict.checks if not only_broken or (not check.ok and check.enforced)]
    header = ("request name", "metric", "limit", "actual", "result")
    body = [
        (
            check.scope,
            check.metric,
            fmt(check.metric, check.limit) if check.metric != "required" else "present",
            fmt(check.metric, check.actual),
            ("ok" if check.ok else "BROKEN") if check.enforced else f"({'ok' if check.ok else 'over'}; not enforced)",
        )
        for check in rows
    ]
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    line = "  ".join("-" * width for width in widths)
    out = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths, strict=True)), line]
    out.extend("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in body)
    return "\n".join(out)


def save(verdict: Verdict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(verdict.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")


# -- the verdict in Locust's HTML report ------------------------------------------------------------------------------
REPORT_MARK = "ecrm-slo-verdict"


def html_section(verdict: Verdict, left_out: list[NameStats], why_left_out: str) -> str:
    """The SLO verdict as an HTML section for Locust's report: every check, and which requests the overall row
    leaves out and why (Locust's own Aggregated row counts them, so its percentiles differ from the gate's)."""
    state = "PASSED" if verdict.passed else "FAILED"
    rows = "".join(
        "<tr{cls}><td>{scope}</td><td>{metric}</td><td>{limit}</td><td>{actual}</td><td>{result}</td></tr>".format(
            cls=' class="broken"' if not check.ok and check.enforced else "",
            scope=html.escape(check.scope), metric=html.escape(check.metric),
            limit=html.escape(fmt(check.metric, check.limit) if check.metric != "required" else "present"),
            actual=html.escape(fmt(check.metric, check.actual)),
            result=html.escape(("ok" if check.ok else "BROKEN") if check.enforced
                               else f"{'ok' if check.ok else 'over'}; not enforced ({check.note})"),
        )
        for check in verdict.checks
    )
    left = "".join(
        f"<tr><td>{html.escape(entry.name)}</td><td>{entry.requests}</td><td>{entry.p95_ms:.0f} ms</td></tr>"
        for entry in sorted(left_out, key=lambda entry: entry.name)
    ) or '<tr><td colspan="3">none in this run</td></tr>'
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in verdict.notes)
    return f"""<section id="{REPORT_MARK}" style="font-family:sans-serif;margin:2em;max-width:70em">
<style>#{REPORT_MARK} table{{border-collapse:collapse}} #{REPORT_MARK} td,#{REPORT_MARK} th{{border:1px solid #999;
padding:2px 8px;text-align:left}} #{REPORT_MARK} tr.broken td{{background:#fdd}}</style>
<h2>SLO verdict: {state}</h2>
<p>SLO file: {html.escape(verdict.slo_file or "—")}. The gate judges the statistics Locust kept in memory; the same
checks are in <code>slo-verdict.json</code> next to this report.</p>
<h3>What the gate's overall row leaves out, and why</h3>
<p>The overall row ("(overall)" below) is every request <em>but</em> these; Locust's own "Aggregated" row above counts
them too, so its percentiles differ from the gate's. {html.escape(why_left_out)}</p>
<table><tr><th>left out of the overall row</th><th>requests</th><th>p95</th></tr>{left}</table>
<h3>Checks</h3>
<table><tr><th>request name</th><th>metric</th><th>limit</th><th>actual</th><th>result</th></tr>{rows}</table>
{f"<ul>{notes}</ul>" if notes else ""}
</section>"""


def add_to_report(report: str, section: str) -> str:
    """Locust's HTML report with the section at its end (replacing one added before)."""
    start = report.find(f'<section id="{REPORT_MARK}"')
    if start != -1:
        end = report.index("</section>", start) + len("</section>")
        report = report[:start] + report[end:]
    body = report.rfind("</body>")
    return report + section if body == -1 else report[:body] + section + report[body:]
