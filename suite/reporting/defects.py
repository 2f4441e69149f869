"""One defect report per failing check, with the fields of docs/DEFECT-REPORT.md, built from a failed case.

Everything comes from the run (``plugin.steps`` records it): the steps are the test's recorded Allure steps, numbered
(1, 1.1 ...) up to and including the failing one, each with its parameters, and a failing check outside any step as
the last one; the preconditions are the deployment, the logins the test used and the records it made (the facts
attachment); the summary is the rule checked, then what was expected against what happened. Results without facts
(from before steps were recorded) fall back to the fixtures' docstrings. The attachments are those of every failed
attempt: screenshot, Playwright trace, page HTML, browser console (see ``suite.plugin.core``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from suite.plugin.step_titles import ROLES
from suite.reporting import ids
from suite.reporting.cases import Case
from suite.reporting.classify import Reproducibility, Verdict
from suite.reporting.known import KnownDefect
from suite.reporting.results import NOT_PASSED, Attachment, Attempt, Step

BEIJING = timezone(timedelta(hours=8), "UTC+8")  # the e-CRM's TIME_ZONE (Asia/Shanghai has no daylight saving)
SUMMARY_LENGTH = 300
SUBJECT_IN_SUMMARY = 60  # a longer locator stays in the steps, out of the one-line summary
CHECK_PREFIX = "检查 Check"  # suite.plugin.steps.CHECK: a Playwright assertion recorded as a step
# Parameters of a check step that are not what it expects (suite.plugin.steps adds the element or page it checks).
CHECK_OPTIONS = frozenset({"timeout", "ignore_case", "use_inner_text", "exact", "element", "page"})
_QUALIFIED_EXCEPTION = re.compile(r"^(?:[a-z_][\w]*\.)+([A-Z]\w*(?::|$))")  # playwright._impl._errors.TimeoutError


def format_time(epoch_ms: int) -> str:
    if not epoch_ms:
        return ""
    return datetime.fromtimestamp(epoch_ms / 1000, tz=UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S UTC+8")


ENVIRONMENT_KEYS = {"os": ("操作系统", "os"), "browser": ("浏览器", "browser"), "viewport": ("视口", "viewport"),
                    "locale": ("语言", "locale")}
# What the run-meta's values say in parentheses (fixtures/browser.py), in Chinese.
_NOTES_ZH = {"(default; layout tests vary it)": "（默认；布局测试会改变）",
             "(default; en tests switch)": "（默认；英文测试会切换）"}


def version_of(facts: Mapping[str, str], lang: str = "both") -> str:
    version, build = facts.get("app_version", ""), facts.get("app_build", "")
    word = {"zh-CN": "构建", "en": "build"}.get(lang, "构建 build")
    return " ".join(part for part in (version, f"({word} {build})" if build else "") if part)


def environment_of(facts: Mapping[str, str], lang: str = "both") -> str:
    parts = []
    for key, (zh, en) in ENVIRONMENT_KEYS.items():
        value = facts.get(key)
        if not value:
            continue
        if lang == "zh-CN":
            for note, chinese in _NOTES_ZH.items():
                value = value.replace(" " + note, chinese)
        parts.append(f"{ {'zh-CN': zh, 'en': en}.get(lang, f'{zh} {en}') } {value}")
    return ("；" if lang == "zh-CN" else "; ").join(parts)


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def short_message(message: str) -> str:
    """The first line of a failure message, without ``AssertionError:`` or an exception's module path."""
    line = _QUALIFIED_EXCEPTION.sub(r"\1", first_line(message))
    return line.removeprefix("AssertionError:").strip() or line


def step_text(step: Step) -> str:
    """A step's title with its parameters: what to do, and with which values."""
    params = "; ".join(f"{name}={value}" for name, value in step.parameters if value != "")
    return f"{step.name} — {params}" if params else step.name


def numbered_steps(steps: Iterable[Step], prefix: str = "") -> list[tuple[str, str, str]]:
    """``[(number, text, status)]``, depth first: 1, 1.1, 1.2, 2 ..."""
    rows: list[tuple[str, str, str]] = []
    for index, step in enumerate(steps, 1):
        number = f"{prefix}{index}"
        rows.append((number, step_text(step), step.status))
        rows += numbered_steps(step.steps, f"{number}.")
    return rows


def steps_until_failure(steps: Iterable[Step], prefix: str = "") -> tuple[list[tuple[str, str, str]], bool]:
    """The numbered steps up to and including the innermost failing one; True when a step failed. The innermost
    failing step says what happened (实际 actual)."""
    rows: list[tuple[str, str, str]] = []
    for index, step in enumerate(steps, 1):
        number = f"{prefix}{index}"
        rows.append((number, step_text(step), step.status))
        children, failed = steps_until_failure(step.steps, f"{number}.")
        rows += children
        if failed:
            return rows, True
        if step.status in NOT_PASSED:
            happened = actual_of(step.message) or short_message(step.message)
            if happened:
                rows[-1] = (number, f"{rows[-1][1]} — 实际 actual: {happened}", step.status)
            return rows, True
    return rows, False


def failing_step(steps: Iterable[Step]) -> Step | None:
    """The innermost recorded step that failed."""
    for step in steps:
        if step.status in NOT_PASSED:
            return failing_step(step.steps) or step
    return None


def actual_of(message: str) -> str:
    match = _ACTUAL.search(message)
    return (match.group(1).strip() or "(empty)") if match else ""


_ACTUAL = re.compile(r"^\s*(?:Actual value|Received(?: string| value)?|Actual)\s*:\s*(.*)$", re.M | re.I)
_EXPECTED = re.compile(r"^\s*Expected(?: string| value| pattern)?\s*:\s*(.*)$", re.M | re.I)
_LOCATOR_EXPECTED = re.compile(r"^(?:AssertionError:\s*)?(?:Locator|Page) expected (.+)$", re.M)
_ASSERT_EQUAL = re.compile(r"^(?:AssertionError:\s*)?assert (.+?) == (.+)$", re.M)


def expected_actual(message: str, trace: str = "", step: Step | None = None) -> tuple[str, str] | None:
    """What the check expected and what happened instead, read from the failing check step (its title and expected
    value) and the failure message (None when they say neither)."""
    if step is not None and step.name.startswith(CHECK_PREFIX):
        expected_value = next((value for name, value in step.parameters if name not in CHECK_OPTIONS), "")
        what = step.name.removeprefix(CHECK_PREFIX).lstrip(": ")
        wanted = f"{what} “{expected_value}”" if expected_value else what
        subject = dict(step.parameters).get("element") or dict(step.parameters).get("page")
        if subject and len(subject) <= SUBJECT_IN_SUMMARY:
            wanted += f"（{subject}）"
        return wanted, actual_of(message) or short_message(message)
    actual = _ACTUAL.search(message)
    expected = _EXPECTED.search(message)
    locator = _LOCATOR_EXPECTED.search(message)
    check = ids.failing_line(trace)
    if actual or expected:
        wanted = expected.group(1).strip() if expected else (
            f"{locator.group(1).strip()} — {check}" if locator and check else (check or first_line(message)))
        return wanted, (actual.group(1).strip() if actual else "") or "(empty)"
    equal = _ASSERT_EQUAL.search(message)
    if equal:
        return equal.group(2).strip(), equal.group(1).strip()
    return None


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


def _system(facts: Mapping[str, str]) -> str:
    target = facts.get("target", "")
    where = "the embedded reference e-CRM (./qa serve; demo users from python manage.py seed)" if (
        target.startswith("embedded")) else target
    line = " ".join(part for part in ("e-CRM", version_of(facts)) if part)
    line = f"{line} 运行中 running: {where}" if where else f"{line} 运行中 running"
    if facts.get("seeded_defects"):
        line += f"; 植入缺陷 seeded defect ECRM_DEFECTS={facts['seeded_defects']}"
    return line


def _role(role: str) -> str:
    zh, en = ROLES.get(role, (role, role))
    return f"{zh} {en}" if role else ""


def login_line(login: Mapping) -> str:
    """``以 rep1（销售代表 sales rep）登录浏览器 / logged in as rep1 in the browser (zh-hans, 1280x800)``."""
    user, role = login.get("user", ""), _role(login.get("role", ""))
    details = ", ".join(str(login[key]) for key in ("language", "viewport") if login.get(key))
    how = f" ({details})" if details else ""
    if user == "anonymous":
        return f"未登录的访客打开浏览器 an anonymous visitor in the browser{how}"
    channel = ("浏览器", "in the browser") if login.get("via") == "browser" else (" API", "through the API")
    who = f"{user}（{role}）" if role else user
    return (f"以 {who}登录{channel[0]} logged in as {user} {channel[1]}{how} — 密码见 README「演示用户」"
            f" password: README, Demo users")


def record_line(record: Mapping) -> str:
    """``客户 customer #31: name=…, owner=张三（admin 通过 API 创建 made by admin through the API）``."""
    fields = ", ".join(f"{key}={value}" for key, value in (record.get("fields") or {}).items())
    by = record.get("by") or "anonymous"
    return (f"{record.get('kind_zh', '')} {record.get('kind', '')} #{record.get('id')}"
            f"{': ' + fields if fields else ''}（{by} 通过 API 创建 made by {by} through the API）").strip()


def _preconditions(case: Case, attempt: Attempt, facts: Mapping[str, str]) -> tuple[str, ...]:
    """The running e-CRM, the logins the test used and the records it made before acting (from the run's facts);
    a test that neither logged in nor made a record (or older results without facts) names the fixtures it set up,
    with their docstrings."""
    failed = {fixture.name: fixture for fixture in attempt.befores if fixture.status in ("failed", "broken")}
    lines = [_system(facts)]
    if attempt.facts.get("logins") or attempt.facts.get("records"):
        lines += [login_line(login) for login in attempt.facts.get("logins") or ()]
        lines += [record_line(record) for record in attempt.facts.get("records") or ()
                  if record.get("phase") != "act"]
    else:
        notes = dict(case.declared.fixtures) if case.declared else {}
        set_up = [fixture.name for fixture in attempt.befores if not fixture.name.startswith("_")]
        names = [name for name in set_up if name in notes] + [name for name in notes if name not in set_up]
        lines += [f"{name}: {notes[name]}" if notes.get(name) else name for name in (names or set_up)]
    for name, fixture in failed.items():
        lines.append(f"{name} — {fixture.status}: {short_message(fixture.message)}")
    return tuple(lines)


def _steps(case: Case, attempt: Attempt) -> tuple[tuple[str, str, str], ...]:
    """The steps the test took, numbered, up to and including the failing one; a failing check outside any step
    (an ``expect`` or ``assert`` in the test) is the last step."""
    rows, failed = steps_until_failure(attempt.steps)
    if not rows and not failed:
        doc = case.declared.doc if case.declared else attempt.description
        rows = [("1", " ".join(doc.split()), "")] if doc.strip() else []
    if not failed:
        check = ids.failing_line(attempt.trace) or first_line(attempt.message)
        pair = expected_actual(attempt.message, attempt.trace)
        text = f"检查 Check: {check}"
        if pair:
            text += f" — 预期 expected: {pair[0]}；实际 actual: {pair[1]}"
        top = sum(1 for number, _, _ in rows if "." not in number)
        rows.append((str(top + 1), text, attempt.status))
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


def summary_of(case: Case, attempt: Attempt) -> str:
    """简单描述: the rule the test checks, then what was expected against what happened."""
    pair = expected_actual(attempt.message, attempt.trace, failing_step(attempt.steps))
    if pair:
        text = f"{case.title}：预期 expected {pair[0]}，实际 actual {pair[1]}"
    else:
        text = f"{case.title}: {short_message(attempt.message)}" if attempt.message else case.title
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def build_defect(case: Case, facts: Mapping[str, str], known: Mapping[str, KnownDefect]) -> Defect:
    """The defect report of a case whose check failed (``case.defect_id`` is set)."""
    attempt = case.run.failing if case.run else None
    reproducibility = case.reproducibility
    if case.run is None or attempt is None or case.verdict is None or reproducibility is None:
        raise ValueError(f"{case.key} has no failed attempt to report")
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
        summary=summary_of(case, attempt),
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
