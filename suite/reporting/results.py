"""Read an allure-results directory: test results (one per attempt), fixture containers, attachments, environment.

allure-pytest writes one ``*-result.json`` per attempt of a test; pytest-rerunfailures re-runs give a test several
results with the same ``historyId``. ``group_attempts`` puts them together the way Allure 3 does for its retries:
the attempt that started last is the one Allure counts, the earlier ones are its retries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from suite.plugin.marks import MODULES

NOT_PASSED = frozenset({"failed", "broken", "unknown"})
NODEID_LABEL = "nodeid"  # added by suite.plugin.core to every functional test, to join results with the collection
FACTS_ATTACHMENT = "预置条件 preconditions (facts)"  # plugin.steps.FACTS_ATTACHMENT (no allure here)


DATA_KEY_PARAMETERS = ("run_id", "faker_seed", "attempt")  # fixtures/data.py: what a test's data derives from


class ResultsError(OSError):
    """The results directory cannot be read at all."""


@dataclass(frozen=True)
class Attachment:
    name: str
    source: str  # file name inside allure-results
    type: str

    @property
    def kind(self) -> str:
        """screenshot, trace, html, console, video or other: what a defect report calls it."""
        name = self.name.lower()
        if self.type.startswith("image/"):
            return "screenshot"
        if "trace" in self.type or "trace" in name:
            return "trace"
        if self.type == "text/html":
            return "html"
        if name.startswith("console"):
            return "console"
        if self.type.startswith("video/"):
            return "video"
        return "other"


@dataclass(frozen=True)
class Step:
    name: str
    status: str
    message: str = ""
    trace: str = ""
    steps: tuple[Step, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    parameters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Fixture:
    """A fixture set-up (``before``) or tear-down (``after``) from a container."""

    name: str
    status: str
    start: int
    message: str = ""
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Attempt:
    """One ``*-result.json``: one run of one test."""

    uuid: str
    file: str
    name: str
    full_name: str
    history_id: str
    status: str
    message: str
    trace: str
    start: int
    stop: int
    description: str
    labels: tuple[tuple[str, str], ...]
    parameters: tuple[tuple[str, str], ...]  # the parameters Allure keys retries on (excluded ones left out)
    steps: tuple[Step, ...]
    attachments: tuple[Attachment, ...]
    flaky: bool = False
    befores: tuple[Fixture, ...] = ()
    afters: tuple[Fixture, ...] = ()
    data_key: tuple[tuple[str, str], ...] = ()  # the excluded parameters the test data derives from (run id, seed)
    facts: dict = field(default_factory=dict)  # who logged in, what was made (suite.plugin.steps, attached as JSON)

    def label(self, name: str) -> str:
        return next((value for key, value in self.labels if key == name), "")

    def labels_named(self, name: str) -> tuple[str, ...]:
        return tuple(value for key, value in self.labels if key == name)

    @property
    def retry_key(self) -> str:
        """Which attempts are retries of one another: the historyId, else the full name and parameters."""
        return self.history_id or f"{self.full_name}|{sorted(self.parameters)}|{self.name}"

    def all_attachments(self) -> Iterator[Attachment]:
        """Attachments of the test, of its steps (depth first) and of its fixtures."""
        yield from (attachment for fixture in self.befores for attachment in fixture.attachments)
        yield from self.attachments
        yield from _step_attachments(self.steps)
        yield from (attachment for fixture in self.afters for attachment in fixture.attachments)


def _step_attachments(steps: Iterable[Step]) -> Iterator[Attachment]:
    for step in steps:
        yield from step.attachments
        yield from _step_attachments(step.steps)


@dataclass(frozen=True)
class CaseResult:
    """All attempts of one test in one run, oldest first; the last is the one Allure counts."""

    attempts: tuple[Attempt, ...]

    @property
    def final(self) -> Attempt:
        return self.attempts[-1]

    @property
    def key(self) -> str:
        return self.final.retry_key

    @property
    def nodeid(self) -> str:
        return self.final.label(NODEID_LABEL)

    @property
    def module(self) -> str:
        epic = self.final.label("epic")
        return epic if epic in MODULES else ""

    @property
    def function(self) -> str:
        return self.final.label("feature")

    @property
    def rules(self) -> tuple[str, ...]:
        return self.final.labels_named("rule")

    @property
    def severity(self) -> str:
        return self.final.label("severity")

    @property
    def priority(self) -> str:
        return self.final.label("priority")

    @property
    def failing(self) -> Attempt | None:
        """The first attempt that did not pass: the failure a defect report files (re-runs only confirm it or not;
        see ``suite.reporting.classify``)."""
        return next((attempt for attempt in self.attempts if attempt.status in NOT_PASSED), None)


@dataclass
class ResultSet:
    """Everything read from one allure-results directory."""

    directory: Path
    runs: list[CaseResult] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # half-written files of an interrupted run

    @property
    def attempts(self) -> Iterator[Attempt]:
        return (attempt for run in self.runs for attempt in run.attempts)


def _attachments(raw: dict) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(name=str(item.get("name", "")), source=str(item["source"]), type=str(item.get("type", "")))
        for item in raw.get("attachments") or ()
        if item and item.get("source")
    )


def _details(raw: dict) -> dict:
    return raw.get("statusDetails") or {}


def _steps(raw: dict) -> tuple[Step, ...]:
    return tuple(
        Step(
            name=str(step.get("name", "")),
            status=str(step.get("status") or "unknown"),
            message=str(_details(step).get("message") or ""),
            trace=str(_details(step).get("trace") or ""),
            steps=_steps(step),
            attachments=_attachments(step),
            parameters=tuple((str(p.get("name", "")), str(p.get("value", ""))) for p in step.get("parameters") or ()),
        )
        for step in raw.get("steps") or ()
        if step
    )


def _fixtures(items: Iterable[dict], with_attachments: bool) -> tuple[Fixture, ...]:
    return tuple(
        Fixture(
            name=str(item.get("name", "")),
            status=str(item.get("status") or "unknown"),
            start=int(item.get("start") or 0),
            message=str(_details(item).get("message") or ""),
            attachments=_attachments(item) if with_attachments else (),
        )
        for item in items
        if item
    )


def parse_attempt(
    raw: dict, file: str = "", befores: tuple[Fixture, ...] = (), afters: tuple[Fixture, ...] = ()
) -> Attempt:
    """One Allure result as written by allure-pytest (``*-result.json``)."""
    details = _details(raw)
    return Attempt(
        uuid=str(raw.get("uuid", "")),
        file=file,
        name=str(raw.get("name", "")),
        full_name=str(raw.get("fullName") or raw.get("name", "")),
        history_id=str(raw.get("historyId") or ""),
        status=str(raw.get("status") or "unknown"),
        message=str(details.get("message") or ""),
        trace=str(details.get("trace") or ""),
        start=int(raw.get("start") or 0),
        stop=int(raw.get("stop") or 0),
        description=str(raw.get("description") or ""),
        labels=tuple((str(label.get("name", "")), str(label.get("value", ""))) for label in raw.get("labels") or ()),
        parameters=tuple(
            (str(param.get("name", "")), str(param.get("value", "")))
            for param in raw.get("parameters") or ()
            if not param.get("excluded")
        ),
        steps=_steps(raw),
        attachments=_attachments(raw),
        flaky=bool(details.get("flaky")),
        befores=befores,
        afters=afters,
        data_key=tuple(
            (str(param.get("name", "")), str(param.get("value", "")))
            for param in raw.get("parameters") or ()
            if param.get("excluded") and param.get("name") in DATA_KEY_PARAMETERS
        ),
    )


def group_attempts(attempts: Iterable[Attempt]) -> list[CaseResult]:
    """Group attempts into tests as Allure 3 groups retries; each test's attempts sorted oldest first."""
    groups: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        groups[attempt.retry_key].append(attempt)
    runs = [CaseResult(tuple(sorted(group, key=lambda a: (a.start, a.stop, a.uuid)))) for group in groups.values()]
    return sorted(runs, key=lambda run: (run.module, run.final.full_name, run.final.name))


def read_properties(path: Path) -> dict[str, str]:
    """A Java-style ``key=value`` file (Allure's environment.properties)."""
    facts: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith(("#", "!")) and "=" in line:
            key, value = line.split("=", 1)
            facts[key.strip()] = value.strip()
    return facts


def _read_json(path: Path, unreadable: list[str]) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        unreadable.append(path.name)
        return None
    return data if isinstance(data, dict) else None


def _read_facts(directory: Path, attempt: Attempt, unreadable: list[str]) -> dict:
    """The test's facts (logins, records made), from its JSON attachment; {} when it has none."""
    source = next((item.source for item in attempt.attachments if item.name == FACTS_ATTACHMENT), "")
    return (_read_json(directory / source, unreadable) or {}) if source else {}


def load_results(directory: Path) -> ResultSet:
    """Read every result and container of an allure-results directory (missing directory: ``ResultsError``)."""
    if not directory.is_dir():
        raise ResultsError(f"{directory} is not a directory of Allure results")
    try:
        names = sorted(path.name for path in directory.iterdir())
    except OSError as error:
        raise ResultsError(f"cannot list {directory}: {error}") from error
    result_set = ResultSet(directory=directory)
    befores: dict[str, list[Fixture]] = defaultdict(list)
    afters: dict[str, list[Fixture]] = defaultdict(list)
    for name in names:
        if name.endswith("-container.json"):
            container = _read_json(directory / name, result_set.unreadable) or {}
            children = container.get("children") or ()
            own = len(children) == 1  # a shared (module or session) fixture's attachments belong to no one test
            for child in children:
                befores[child].extend(_fixtures(container.get("befores") or (), own))
                afters[child].extend(_fixtures(container.get("afters") or (), own))
    attempts = []
    for name in names:
        if name.endswith("-result.json"):
            raw = _read_json(directory / name, result_set.unreadable)
            if raw is not None:
                uuid = str(raw.get("uuid", ""))
                attempt = parse_attempt(
                    raw,
                    file=name,
                    befores=tuple(sorted(befores.get(uuid, ()), key=lambda fixture: fixture.start)),
                    afters=tuple(sorted(afters.get(uuid, ()), key=lambda fixture: fixture.start)),
                )
                if attempt.status in NOT_PASSED:  # only a defect report reads them
                    attempt = replace(attempt, facts=_read_facts(directory, attempt, result_set.unreadable))
                attempts.append(attempt)
    result_set.runs = group_attempts(attempts)
    properties = directory / "environment.properties"
    if properties.is_file():
        result_set.environment = read_properties(properties)
    return result_set
