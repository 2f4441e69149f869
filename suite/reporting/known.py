"""Known defects (docs/known-defects.toml) and the defect history between runs (new / still failing / fixed).

``docs/known-defects.toml`` lists defects already filed, by defect ID, each with its issue link::

    [[defect]]
    id = "SAL-CUS-1f0c9a2e"
    issue = "https://tracker.example.com/browse/ECRM-123"
    title = "a duplicate customer name is accepted"   # optional

``reports/history/defects-history.json`` keeps the defect IDs of the last runs; the summary compares this run with
the previous one. A run is identified by its results (the attempts' UUIDs), so rebuilding the reports of the same
run replaces its entry instead of comparing the run with itself.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from suite.reporting.cases import Case, Result
from suite.reporting.files import read_json, write_json

HISTORY_RUNS_KEPT = 30


class KnownDefectsError(ValueError):
    """docs/known-defects.toml is malformed."""


@dataclass(frozen=True)
class KnownDefect:
    id: str
    issue: str
    title: str = ""


def load_known(path: Path) -> dict[str, KnownDefect]:
    """The known defects by ID; an absent file means none."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise KnownDefectsError(f"{path}: {error}") from error
    known = {}
    for index, entry in enumerate(data.get("defect", [])):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("issue"):
            raise KnownDefectsError(f"{path}: [[defect]] #{index + 1} needs an id and an issue link")
        known[entry["id"]] = KnownDefect(id=entry["id"], issue=entry["issue"], title=entry.get("title", ""))
    return known


def run_id(attempt_uuids: Iterable[str]) -> str:
    """Identifies a run by its results, so the same results always give the same run."""
    return hashlib.sha1("\n".join(sorted(attempt_uuids)).encode()).hexdigest()[:12]


@dataclass
class SinceLastRun:
    """This run's failing checks against the previous run's."""

    previous_run: str = ""  # when the previous run was built; empty when there is none
    new: list[str] = field(default_factory=list)
    still_failing: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)  # its test passed this time
    unchecked: dict[str, str] = field(default_factory=dict)  # ID → why this run says nothing about it
    previous: dict[str, dict] = field(default_factory=dict)  # the previous run's entries, by ID


def _entries(cases: Iterable[Case]) -> dict[str, dict]:
    return {
        case.defect_id: {"test": case.key, "verdict": str(case.verdict), "title": case.title}
        for case in cases
        if case.defect_id
    }


def compare(previous: dict | None, cases: Sequence[Case]) -> SinceLastRun:
    """New, still failing, fixed and unchecked defect IDs, against the previous run's history entry."""
    current = _entries(cases)
    if previous is None:
        return SinceLastRun(new=sorted(current))
    before: dict[str, dict] = previous.get("defects", {})
    by_test = {case.key: case for case in cases}
    failing_ids_by_test = {entry["test"]: defect for defect, entry in current.items()}
    since = SinceLastRun(previous_run=previous.get("built", ""), previous=before)
    since.new = sorted(set(current) - set(before))
    since.still_failing = sorted(set(current) & set(before))
    for defect in sorted(set(before) - set(current)):
        test = before[defect].get("test", "")
        case = by_test.get(test)
        if case is not None and case.result is Result.PASSED and not case.defect_id:
            since.fixed.append(defect)
        elif test in failing_ids_by_test:
            since.unchecked[defect] = f"the test now fails differently, as {failing_ids_by_test[test]}"
        elif case is None:
            since.unchecked[defect] = "the test is not in this run"
        else:
            since.unchecked[defect] = f"the test was {case.result}" + (f": {case.reason}" if case.reason else "")
    return since


def previous_entry(history: dict, this_run: str) -> dict | None:
    """The most recent run in the history other than this one."""
    return next((run for run in reversed(history.get("runs", [])) if run.get("run") != this_run), None)


def load_history(path: Path) -> dict:
    return read_json(path) if path.is_file() else {"runs": []}


def record_run(path: Path, history: dict, this_run: str, built: str, cases: Sequence[Case],
               figures: dict[str, int] | None = None) -> Path:
    """Add (or replace) this run's defect IDs (and its figures, for the summary's trend) in the history file,
    keeping the last runs only."""
    runs = [run for run in history.get("runs", []) if run.get("run") != this_run]
    entry = {"run": this_run, "built": built, "defects": _entries(cases)}
    if figures is not None:
        entry["figures"] = figures
    runs.append(entry)
    return write_json(path, {"runs": runs[-HISTORY_RUNS_KEPT:]})
