"""The collection manifest: every functional test pytest collected and every one it deselected, and why.

The suite's plugin (``suite.plugin.core``) writes it, so that cases that were not executed are counted and explained:

- each process that collects (the single pytest process, or every xdist worker) writes
  ``run-meta/collection/<session>/<worker>.json`` as soon as collection is done: the selected tests, the deselected
  ones with the reason, and the modules that failed to import (``<session>`` is the controller's session id);
- the controller merges those into ``run-meta/collection.json``, with pytest's exit status, the reason the session
  stopped early (``pytest.exit``, Ctrl-C) and the number of re-runs;
- ``load_manifest`` reads the merged file, or merges the partial ones itself when the run was killed first.

Each test carries its module, function, rule IDs, severity and priority (``marks.case_of``), its docstring and
the project fixtures it uses, with the first paragraph of their docstrings: a defect report's preconditions.
"""

from __future__ import annotations

import functools
import inspect
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pytest

try:  # pytest's own -k/-m matchers, as its deselection uses them (not public API: without them, no reason is guessed)
    from _pytest.mark import KeywordMatcher, MarkMatcher
    from _pytest.mark.expression import Expression
except ImportError:
    KeywordMatcher = MarkMatcher = Expression = None

from suite.plugin.marks import MarkError, case_of
from suite.reporting.files import read_json, write_json

DESELECTION_REASON = pytest.StashKey[str]()  # why the suite's own plugin deselected a test (--rules, the deployment)
COLLECTION_FILE = "collection.json"
TIMINGS_FILE = "timings.json"  # the run's timing summary (suite.plugin.timing), beside the manifest in run-meta/
NOT_FACTS = frozenset({COLLECTION_FILE, TIMINGS_FILE})  # run-meta's files that are not the workers' environment facts
PARTIALS_DIR = "collection"
SCHEMA = 1


def first_paragraph(doc: str | None) -> str:
    return " ".join((doc or "").strip().split("\n\n", 1)[0].split())


def _is_project_file(path: Path, root: Path) -> bool:
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return not {"site-packages", ".venv", "node_modules"} & set(relative.parts)


@functools.cache
def _fixture_note(function, root: Path) -> dict[str, str] | None:
    """A project fixture's note (its first paragraph), None for pytest's or a plugin's: once per fixture function,
    not once per test using it (1,319 tests ask about 9,000 times)."""
    try:
        source = inspect.getsourcefile(function)
    except TypeError:
        source = None
    if source and _is_project_file(Path(source), root):
        return {"doc": first_paragraph(inspect.getdoc(function))}
    return None


def project_fixtures(item: pytest.Item, root: Path) -> list[dict[str, str]]:
    """The fixtures a test asks for (its arguments, ``usefixtures``, autouse ones) that the project defines, not pytest
    or a plugin, with the first paragraph of their docstrings."""
    # pytest has no public API that maps a test's fixture names to their functions; _fixtureinfo is what plugins use.
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    notes = []
    for name in info.initialnames:
        definitions = info.name2fixturedefs.get(name) if not name.startswith("_") else None
        if not definitions:
            continue
        note = _fixture_note(definitions[-1].func, root)
        if note is not None:
            notes.append({"name": name, **note})
    return notes


def entry_of(item: pytest.Item, root: Path) -> dict:
    """What the manifest records about one collected test."""
    try:
        case = case_of(item)
    except MarkError:
        case = None  # collection fails with the mark errors; the manifest still lists the test
    test = getattr(item, "obj", None)
    return {
        "nodeid": item.nodeid,
        "name": item.name,
        "module": case.module if case else "",
        "function": case.function if case else "",
        "rules": list(case.rules) if case else [],
        "severity": case.severity if case else "",
        "priority": case.priority if case else "",
        "doc": (inspect.getdoc(test) or "") if test is not None else "",
        "fixtures": project_fixtures(item, root),
    }


def _fails_expression(kind: str, expression: str, item: pytest.Item) -> bool | None:
    """Whether a ``-k``/``-m`` expression deselects an item; None when pytest's matchers cannot be used."""
    if Expression is None:
        return None
    try:  # pytest's own matchers, as its deselection uses them (not public API: fall back when they change)
        compiled = Expression.compile(expression)
        if kind == "keyword":
            return not compiled.evaluate(KeywordMatcher.from_item(item))
        return not compiled.evaluate(MarkMatcher.from_markers(item.iter_markers()))
    except (AttributeError, TypeError, SyntaxError):
        return None


def deselection_reason(item: pytest.Item, config: pytest.Config) -> str:
    """Why pytest deselected a test: the suite's own reason, ``-k``, ``-m``, ``--deselect``, ``--lf`` or a plugin."""
    if DESELECTION_REASON in item.stash:
        return item.stash[DESELECTION_REASON]
    for prefix in config.getoption("deselect", None) or ():
        if item.nodeid.startswith(prefix):
            return f"deselected by --deselect {prefix}"
    keyword = (config.getoption("keyword", None) or "").strip()
    markexpr = (config.getoption("markexpr", None) or "").strip()
    if keyword and _fails_expression("keyword", keyword, item):
        return f"deselected by -k {keyword!r}"
    if markexpr and _fails_expression("mark", markexpr, item):
        return f"deselected by -m {markexpr!r}"
    if config.getoption("lf", None):
        return "deselected by --lf (it passed on the previous run)"
    if config.getoption("stepwise", None):
        return "deselected by --stepwise"
    splits, group = getattr(config.option, "splits", None), getattr(config.option, "group", None)
    if splits and group:  # pytest-split (suite.plugin.shards): it runs after every other selection
        return f"in another shard: this run is shard {group} of --splits {splits}"
    options = [f"-k {keyword!r}" if keyword else "", f"-m {markexpr!r}" if markexpr else ""]
    given = " / ".join(option for option in options if option)
    return f"deselected by {given}" if given else "deselected by a pytest plugin"


def merge(parts: Iterable[dict]) -> dict:
    """Merge the partial manifests of the processes that collected (all xdist workers collect the same tests)."""
    selected: dict[str, dict] = {}
    deselected: dict[str, dict] = {}
    errors: dict[str, dict] = {}
    for part in parts:
        selected.update((entry["nodeid"], entry) for entry in part.get("selected", ()))
        for entry in part.get("deselected", ()):
            deselected.setdefault(entry["nodeid"], entry)
        errors.update((error["nodeid"], error) for error in part.get("errors", ()))
    return {
        "selected": [selected[key] for key in sorted(selected)],
        "deselected": [deselected[key] for key in sorted(deselected) if key not in selected],
        "errors": [errors[key] for key in sorted(errors)],
    }


def _session_dir(meta_dir: Path, session: str) -> Path:
    return meta_dir / PARTIALS_DIR / session


def write_partial(meta_dir: Path, session: str, worker: str, part: dict) -> Path:
    return write_json(_session_dir(meta_dir, session) / f"{worker}.json", {"schema": SCHEMA, **part}, compact=True)


def has_partials(meta_dir: Path, session: str) -> bool:
    return any(_session_dir(meta_dir, session).glob("*.json"))


def _partials(directory: Path) -> list[dict]:
    return [read_json(path) for path in sorted(directory.glob("*.json"))]


def write_manifest(meta_dir: Path, session: str, facts: dict, final: bool = False) -> Path:
    """Merge a session's partial manifests with the session's facts into ``collection.json``.

    The final write (at the end of the session) removes the session's parts; a killed run leaves them for
    ``load_manifest``.
    """
    parts_dir = _session_dir(meta_dir, session)
    path = write_json(meta_dir / COLLECTION_FILE, {"schema": SCHEMA, **merge(_partials(parts_dir)), **facts},
                      compact=True)
    if final:
        shutil.rmtree(parts_dir, ignore_errors=True)
    return path


@dataclass(frozen=True)
class Declared:
    """What names a test and what its marks declare: what a manifest entry and a case of the run (``cases.Case``)
    share."""

    nodeid: str
    name: str
    module: str
    function: str
    rules: tuple[str, ...]
    severity: str
    priority: str

    def declared_fields(self) -> dict:
        """These fields as keywords, for a ``Declared`` of another kind."""
        return {item.name: getattr(self, item.name) for item in fields(Declared)}


@dataclass(frozen=True)
class ManifestTest(Declared):
    doc: str = ""
    fixtures: tuple[tuple[str, str], ...] = ()  # (name, first paragraph of its docstring)
    reason: str = ""  # why it was deselected

    @classmethod
    def from_json(cls, entry: dict) -> ManifestTest:
        return cls(
            nodeid=entry["nodeid"],
            name=entry.get("name", entry["nodeid"].rsplit("::", 1)[-1]),
            module=entry.get("module", ""),
            function=entry.get("function", ""),
            rules=tuple(entry.get("rules", ())),
            severity=entry.get("severity", ""),
            priority=entry.get("priority", ""),
            doc=entry.get("doc", ""),
            fixtures=tuple((note["name"], note.get("doc", "")) for note in entry.get("fixtures", ())),
            reason=entry.get("reason", ""),
        )


@dataclass
class Manifest:
    selected: dict[str, ManifestTest] = field(default_factory=dict)
    deselected: dict[str, ManifestTest] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)  # {"nodeid", "message"}: modules that failed to collect
    exitstatus: int | None = None  # None: the controller never finished (killed, or only partial files)
    stopped: str = ""  # why the session stopped early (pytest.exit, Ctrl-C)
    reruns: int | None = None

    @property
    def tests(self) -> dict[str, ManifestTest]:
        return {**self.selected, **self.deselected}


def load_manifest(meta_dir: Path) -> Manifest | None:
    """The run's collection manifest, or None when the run wrote none (e.g. results from elsewhere)."""
    path = meta_dir / COLLECTION_FILE
    data = read_json(path) if path.is_file() else None
    if data is None:  # killed before the controller merged: the parts of the latest session
        sessions = [entry for entry in (meta_dir / PARTIALS_DIR).glob("*") if entry.is_dir()]
        if not sessions:
            return None
        data = merge(_partials(max(sessions, key=lambda entry: entry.stat().st_mtime)))
    return Manifest(
        selected={entry["nodeid"]: ManifestTest.from_json(entry) for entry in data.get("selected", ())},
        deselected={entry["nodeid"]: ManifestTest.from_json(entry) for entry in data.get("deselected", ())},
        errors=list(data.get("errors", ())),
        exitstatus=data.get("exitstatus"),
        stopped=data.get("stopped", ""),
        reruns=data.get("reruns"),
    )
