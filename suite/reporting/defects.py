"""One defect report per failing check, with the fields of docs/DEFECT-REPORT.md, built from a failed case.

The steps are the test's recorded Allure steps, numbered (1, 1.1 ...); a test without steps gets its docstring and
the failing check instead. The preconditions are the running e-CRM and the fixtures the test set up (with their
docstrings, from the collection manifest). The attachments are those of every failed attempt: screenshot,
Playwright trace, page HTML, browser console (see ``suite.plugin``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from suite.reporting import ids
from suite.reporting.cases import Case
from suite.reporting.classify import Reproducibility, Verdict
from suite.reporting.known import KnownDefect
from suite.reporting.results import NOT_PASSED, Attachment, Attempt, Step

BEIJING = timezone(timedelta(hours=8), "UTC+8")  # the e-CRM's TIME_ZONE (Asia/Shanghai has no daylight saving)
SUMMARY_LENGTH = 200
_QUALIFIED_EXCEPTION = re.compile(r"^(?:[a-z_][\w]*\.)+([A-Z]\w*(?::|$))")  # playwright._impl._errors.TimeoutError


def format_time(epoch_ms: int) -> str:
    if not epoch_ms:
        return ""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S UTC+8")


def version_of(facts: Mapping[str, str]) -> str:
    version, build = facts.get("app_version", ""), facts.get("app_build", "")
    return " ".join(part for part in (version, f"(build {build})" if build else "") if part)


def environment_of(facts: Mapping[str, str]) -> str:
    keys = ("os", "browser", "viewport", "locale")
    return "; ".join(f"{key} {facts[key]}" for key in keys if facts.get(key))


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def short_message(message: str) -> str:
    """The first line of a failure message, without ``AssertionError:`` or an exception's module path."""
    line = _QUALIFIED_EXCEPTION.sub(r"\1", first_line(message))
    return line.removeprefix("AssertionError:").strip() or line


def numbered_steps(steps: Iterable[Step], prefix: str = "") -> list[tuple[str, str, str]]:
    """``[(number, name, status)]``, depth first: 1, 1.1, 1.2, 2 ..."""
    rows: list[tuple[str, str, str]] = []
    for index, step in enumerate(steps, 1):
        number = f"{prefix}{index}"
        rows.append((number, step.name, step.status))
        rows += numbered_steps(step.steps, f"{number}.")
    return rows


@dataclass(frozen=True)
class Defect:
    """A defect report: one failing check of one test case."""

    id: str
    case: Case
    verdict: Verdict
    summary: str
    message: str
    preconditions: tuple[str, ...]
    steps: tuple[tuple[str, str, str], ...]  # (number, text, status)
    attachments: tuple[tuple[int, Attachment], ...]  # (attempt number, attachment)
    tested_on: str
    version: str
    tester: str
    environment: str
    reproducibility: Reproducibility
    known: KnownDefect | None = None
    test_data: str = ""  # how to repeat the data of the filed attempt: run id and Faker seed


    def to_json(self) -> dict:
        case = self.case
        return {
            "id": self.id,
            "category": str(self.verdict),
            "known": {"issue": self.known.issue, "title": self.known.title} if self.known else None,
            "module": case.module,
            "function": case.function,
            "rules": list(case.rules),
            "severity": case.severity,
            "priority": case.priority,
            "test": case.nodeid or case.key,
            "title": case.title,
            "version": self.version,
            "tested_on": self.tested_on,
            "tester": self.tester,
            "environment": self.environment,
            "preconditions": list(self.preconditions),
            "summary": self.summary,
            "steps": [{"number": number, "text": text, "status": status} for number, text, status in self.steps],
            "reproducibility": {
                "text": self.reproducibility.text("both"),
                "failed": self.reproducibility.failed,
                "attempts": self.reproducibility.attempts,
                "not_reproduced": [{"attempt": item.attempt, "how": item.how}
                                   for item in self.reproducibility.not_reproduced],
            },
            "message": self.message,
            "test_data": self.test_data,
            "attachments": [
                {"attempt": attempt, "kind": item.kind, "name": item.name, "source": item.source, "type": item.type}
                for attempt, item in self.attachments
            ],
            "id_basis": case.check_basis,
        }


def _preconditions(case: Case, attempt: Attempt, facts: Mapping[str, str]) -> tuple[str, ...]:
    """The running e-CRM, then the fixtures the test set up (the project's, with their docstrings)."""
    target = facts.get("target", "")
    system = " ".join(part for part in ("e-CRM", version_of(facts), f"({target})" if target else "") if part)
    notes = dict(case.declared.fixtures) if case.declared else {}
    set_up = [fixture.name for fixture in attempt.befores if not fixture.name.startswith("_")]
    failed = {fixture.name: fixture for fixture in attempt.befores if fixture.status in ("failed", "broken")}
    # With the manifest, describe the project's fixtures in set-up order; without it, name what was set up.
    if case.declared is not None:
        names = [name for name in set_up if name in notes] + [name for name in notes if name not in set_up]
    else:
        names = set_up
    names = list(dict.fromkeys(names + list(failed)))
    lines = [f"{system} running"]
    for name in names:
        line = f"{name}: {notes[name]}" if notes.get(name) else name
        if name in failed:
            line += f" — {failed[name].status}: {short_message(failed[name].message)}"
        lines.append(line)
    return tuple(lines)


def _steps(case: Case, attempt: Attempt) -> tuple[tuple[str, str, str], ...]:
    if attempt.steps:
        return tuple(numbered_steps(attempt.steps))
    doc = case.declared.doc if case.declared else attempt.description
    check = ids.failing_line(attempt.trace) or first_line(attempt.message)
    rows = [("1", " ".join(doc.split()), "")] if doc.strip() else []
    rows.append((str(len(rows) + 1), f"check: {check}", attempt.status))
    return tuple(rows)


def data_key_text(attempt: Attempt, facts: Mapping[str, str]) -> str:
    """The filed attempt's data, e.g. "run id k3x9a7, Faker seed 123 (attempt 1): repeat this data with ..."."""
    key = dict(attempt.data_key)
    run = key.get("run_id") or facts.get("run_id", "")
    if not run:
        return ""
    parts = [f"run id {run}"]
    if key.get("faker_seed"):
        parts.append(f"Faker seed {key['faker_seed']} (attempt {key.get('attempt', '1')})")
    return f"{', '.join(parts)}: repeat this data with --ecrm-run-id {run}"


def build_defect(case: Case, facts: Mapping[str, str], known: Mapping[str, KnownDefect]) -> Defect:
    """The defect report of a case whose check failed (``case.defect_id`` is set)."""
    attempt = case.run.failing if case.run else None
    reproducibility = case.reproducibility
    if case.run is None or attempt is None or case.verdict is None or reproducibility is None:
        raise ValueError(f"{case.key} has no failed attempt to report")
    summary = f"{case.title}: {short_message(attempt.message)}" if attempt.message else case.title
    attachments = tuple(
        (number, attachment)
        for number, each in enumerate(case.run.attempts, 1)
        if each.status in NOT_PASSED
        for attachment in each.all_attachments()
    )
    return Defect(
        id=case.defect_id,
        case=case,
        verdict=case.verdict,
        summary=summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…",
        message=attempt.message,
        preconditions=_preconditions(case, attempt, facts),
        steps=_steps(case, attempt),
        attachments=attachments,
        tested_on=format_time(attempt.start),
        version=version_of(facts),
        tester=facts.get("tester", ""),
        environment=environment_of(facts),
        reproducibility=reproducibility,
        known=known.get(case.defect_id),
        test_data=data_key_text(attempt, facts),
    )


def build_defects(cases: Iterable[Case], facts: Mapping[str, str], known: Mapping[str, KnownDefect]) -> list[Defect]:
    """Every failing check of the run (product, test and environment failures, and flaky tests), by ID."""
    defects = [build_defect(case, facts, known) for case in cases if case.defect_id and case.verdict]
    return sorted(defects, key=lambda defect: defect.id)
