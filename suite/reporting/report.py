"""Everything the reports say about one run, gathered from allure-results, run-meta and the project's files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from suite.data import leftovers
from suite.reporting import figures as arithmetic
from suite.reporting.cases import Case, Result, build_cases
from suite.reporting.defects import Defect, build_defects
from suite.reporting.files import read_json
from suite.reporting.known import KnownDefect, SinceLastRun, compare, load_history, previous_entry, run_id
from suite.reporting.manifest import NOT_FACTS, Manifest, load_manifest
from suite.reporting.results import ResultSet
from suite.reporting.text import t

META_DIR_NAME = "run-meta"  # next to allure-results, as suite.plugin.core writes it
LEFTOVERS_DIR = "leftovers"  # in run-meta: each process's read-back of the records it created (suite.data.leftovers)


def meta_dir_of(results_dir: Path) -> Path:
    return results_dir.parent / META_DIR_NAME


def run_facts(result_set: ResultSet, meta_dir: Path) -> dict[str, str]:
    """The environment facts of the run: the workers' run-meta files, then environment.properties (the merge)."""
    facts: dict[str, str] = {}
    for path in sorted(meta_dir.glob("*.json")) if meta_dir.is_dir() else ():
        if path.name in NOT_FACTS:
            continue
        try:
            data = read_json(path)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            facts.update({str(key): str(value) for key, value in data.items()})
    facts.update(result_set.environment)
    return facts


@dataclass
class Note:
    """Something about the run the reader must know before trusting the figures (a text key and its values)."""

    key: str
    values: dict[str, str | int] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        values = dict(self.values)
        if "status" in values:  # pytest's exit status, and what it means
            status = int(values["status"])
            values["meaning"] = t(f"exit_{status}" if 2 <= status <= 5 else "exit_other", lang)
        return t(self.key, lang, **values)


@dataclass
class Report:
    results: ResultSet
    out_dir: Path
    facts: dict[str, str]
    manifest: Manifest | None
    cases: list[Case]
    defects: list[Defect]
    known: Mapping[str, KnownDefect]
    since: SinceLastRun
    run: str  # identifies the run by its results
    built: str
    notes: list[Note] = field(default_factory=list)
    left_behind: list[leftovers.KindTotal] = field(default_factory=list)  # against a deployment: what the run left
    history: list[dict] = field(default_factory=list)  # the stored earlier runs, oldest first (for the trend)

    @property
    def figures(self) -> arithmetic.Figures:
        return arithmetic.count(self.cases)

    @property
    def allure(self) -> arithmetic.AllureCounts:
        return arithmetic.allure_counts(self.results.runs)

    @property
    def checks(self) -> list[arithmetic.Check]:
        return arithmetic.checks(self.figures, self.allure)

    @property
    def started(self) -> int:
        return min((attempt.start for attempt in self.results.attempts if attempt.start), default=0)

    @property
    def finished(self) -> int:
        return max((attempt.stop for attempt in self.results.attempts), default=0)

    def defects_of(self, *verdicts: str) -> list[Defect]:
        return [defect for defect in self.defects if defect.verdict in verdicts]


def _notes(result_set: ResultSet, manifest: Manifest | None, cases: list[Case]) -> list[Note]:
    notes = []
    if not result_set.runs:
        notes.append(Note("note_no_results"))
    if manifest is None:
        notes.append(Note("note_no_manifest"))
    else:
        if manifest.stopped:
            notes.append(Note("note_stopped", {"stopped": manifest.stopped}))
        if manifest.exitstatus is None:
            if not manifest.stopped:  # killed: neither a stop reason nor an exit status was recorded
                notes.append(Note("note_unfinished"))
        elif manifest.exitstatus not in (0, 1):
            notes.append(Note("note_exit_status", {"status": manifest.exitstatus}))
        if manifest.errors:
            notes.append(Note("note_collection_errors", {"count": len(manifest.errors)}))
    not_run = sum(case.result is Result.NOT_RUN for case in cases)
    if not_run:
        notes.append(Note("note_not_run", {"count": not_run}))
    if result_set.unreadable:
        notes.append(Note("note_unreadable", {"count": len(result_set.unreadable),
                                              "files": ", ".join(result_set.unreadable[:10])}))
    return notes


def build_report(
    result_set: ResultSet, out_dir: Path, known: Mapping[str, KnownDefect], history_file: Path
) -> Report:
    """Analyse one run: its cases, defects, and their comparison with the previous run."""
    manifest = load_manifest(meta_dir_of(result_set.directory))
    facts = run_facts(result_set, meta_dir_of(result_set.directory))
    cases = build_cases(result_set, manifest)
    this_run = run_id(attempt.uuid for attempt in result_set.attempts)
    report = Report(
        results=result_set,
        out_dir=out_dir,
        facts=facts,
        manifest=manifest,
        cases=cases,
        defects=build_defects(cases, facts, known),
        known=known,
        since=compare(previous_entry(load_history(history_file), this_run), cases),
        run=this_run,
        built=datetime.now(tz=UTC).isoformat(timespec="seconds"),
    )
    report.history = [run for run in load_history(history_file).get("runs", []) if run.get("run") != this_run]
    report.notes = _notes(result_set, manifest, cases)
    report.left_behind = leftovers.totals(leftovers.load(meta_dir_of(result_set.directory) / LEFTOVERS_DIR))
    if not all(check.holds for check in report.checks):
        report.notes.append(Note("note_reconciliation"))
    return report
