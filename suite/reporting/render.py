"""The reports as documents: the defect reports and the traceability matrix, and what the run summary
(``suite.reporting.summary``) shares with them: the files' names, the links, the wording of a level or a result.

Each is a list of ``suite.reporting.document`` blocks, rendered to Markdown and to HTML by the caller; ``Links``
says where links point from the file being written (Markdown files link to each other, the HTML page to anchors).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from suite.plugin.marks import PRIORITY_WORDING, SEVERITY_WORDING
from suite.reporting.cases import Case, Result
from suite.reporting.classify import Verdict
from suite.reporting.defects import Defect
from suite.reporting.document import Block, Code, Disclosure, Heading, Inline, Paragraph, Table, Text, joined
from suite.reporting.text import LANG_NAMES, t
from suite.reporting.traceability import Coverage, RuleRow, matrix, tally

# Where `npx allure generate` (allurerc.mjs) puts the main report: one directory per report plugin.
ALLURE_REPORT_PAGE = Path("allure-report") / "awesome" / "index.html"
SUMMARY_NAME = "summary"
TRACEABILITY_NAME = "traceability"
DEFECTS_DIR = "defects"
COVERAGE_TONES = {Coverage.PASSING: "good", Coverage.FAILING: "warn", Coverage.UNRUN: "", Coverage.UNCOVERED: "bad"}
ROW_TONES = {Coverage.UNCOVERED: "bad", Coverage.FAILING: "warn"}
COVERAGE_TEXT = {
    Coverage.PASSING: "trace_passing",
    Coverage.FAILING: "trace_failing",
    Coverage.UNRUN: "trace_unrun",
    Coverage.UNCOVERED: "trace_uncovered",
}


@dataclass(frozen=True)
class Links:
    """Link targets as seen from the directory of the file being written."""

    base: Path  # the directory of the file being written
    out_dir: Path
    results_dir: Path
    in_page_defects: bool = False  # the HTML summary holds the defect reports itself

    def _to(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.base)).as_posix()

    def defect(self, defect_id: str) -> str:
        if self.in_page_defects:
            return f"#{defect_id}"
        return self._to(self.out_dir / DEFECTS_DIR / f"{defect_id}.md")

    def attachment(self, source: str) -> str:
        return self._to(self.results_dir / source)

    def file(self, name: str) -> str:
        return self._to(self.out_dir / name)

    def allure(self, uuid: str = "") -> str:
        """The Allure report, or one test result in it (Allure 3 names a result by the MD5 of its UUID)."""
        page = self._to(self.out_dir / ALLURE_REPORT_PAGE)
        return f"{page}#{hashlib.md5(uuid.encode()).hexdigest()}" if uuid else page


# -- shared wording ---------------------------------------------------------------------------------------------------
def severity_text(severity: str, lang: str) -> str:
    if severity not in SEVERITY_WORDING:
        return severity or "—"
    word, meaning = SEVERITY_WORDING[severity]
    return f"{severity} {word}" if lang != "both" else f"{severity} {word} ({meaning})"


def priority_text(priority: str, lang: str) -> str:
    if priority not in PRIORITY_WORDING:
        return priority or "—"
    word, meaning = PRIORITY_WORDING[priority]
    return f"{priority} {word}" if lang != "both" else f"{priority} {word} ({meaning})"


def verdict_text(verdict: Verdict | None, lang: str) -> str:
    return t(f"verdict_{verdict}", lang) if verdict else "—"


def result_text(case: Case, lang: str) -> str:
    text = t(f"result_{case.result}", lang)
    if case.verdict not in (None, Verdict.PASSED, Verdict.SKIPPED):
        text += f" ({verdict_text(case.verdict, lang)})"
    return text


def case_label(case: Case) -> Text:
    return Text(case.nodeid or case.name, code=True)

STATUS_KEYS = {"passed": "passed", "failed": "failed", "skipped": "skipped", "deselected": "deselected",
               "not-run": "not_run"}


# -- one defect report -------------------------------------------------------------------------------------------------
def _step(number: str, text: str, status: str) -> Text:
    failed = status in ("failed", "broken")
    return Text(f"{number} {text}" + (f" ✘ ({status})" if failed else ""), tone="bad" if failed else "")


def _steps_cell(defect: Defect) -> Inline:
    return joined(_step(*step) for step in defect.steps) or "—"


def _attachments_cell(defect: Defect, links: Links) -> Inline:
    return joined(
        Text(f"#{attempt} {attachment.kind}: {attachment.name}", href=links.attachment(attachment.source))
        for attempt, attachment in defect.attachments
    ) or "—"


def defect_blocks(defect: Defect, links: Links, level: int = 1) -> list[Block]:
    """One defect report, with the fields of docs/DEFECT-REPORT.md labelled in both languages."""
    case = defect.case
    known: Inline = [t("filed_as", "both") + " ", Text(defect.known.issue, href=defect.known.issue)] if (
        defect.known) else t("new", "both")
    rows: list[tuple[str, Inline]] = [
        (t("defect_id", "both"), Text(defect.id, code=True)),
        (t("category", "both"), verdict_text(defect.verdict, "both")),
        (t("known", "both"), known),
        (t("field_module", "both"), case.module or "—"),
        (t("function", "both"), case.function or "—"),
        (t("rule", "both"), ", ".join(case.rules) or "—"),
        (t("test", "both"), case_label(case)),
        (t("version", "both"), defect.version or "—"),
        (t("tested_on", "both"), defect.tested_on or "—"),
        (t("tester", "both"), defect.tester or "—"),
        (t("field_priority", "both"), priority_text(case.priority, "both")),
        (t("severity", "both"), severity_text(case.severity, "both")),
        (t("environment", "both"), defect.environment or "—"),
        (t("test_data", "both"), defect.test_data or "—"),
        (t("preconditions", "both"), "\n".join(defect.preconditions) or "—"),
        (t("summary", "both"), defect.summary),
        (t("steps", "both"), _steps_cell(defect)),
        (t("reproducibility", "both"), defect.reproducibility.text("both")),
        (t("attachments", "both"), _attachments_cell(defect, links)),
        (t("allure_report", "both"), Text(case.key, href=links.allure(case.run.final.uuid if case.run else ""))),
    ]
    trace = case.run.failing.trace if case.run and case.run.failing else ""
    return [
        Heading(level, f"{defect.id} — {defect.summary}", anchor=defect.id),
        Table(header=(t("field", "both"), t("value", "both")), rows=tuple(rows)),
        Heading(level + 1, t("message", "both")),
        Code(defect.message or "—"),
        *([Heading(level + 1, t("trace", "both")), Code(trace)] if trace else []),
        Paragraph([f"{t('id_basis', 'both')}: ", Text(case.check_basis, code=True)]),
    ]


# -- the traceability matrix -------------------------------------------------------------------------------------------
RESULT_TONES = {Result.PASSED: "good", Result.FAILED: "bad"}
FUNCTIONAL_PREFIX = "tests/functional/"


def _case_link(case: Case, text: str, lang: str, links: Links | None) -> list[Text]:
    href = links.allure(case.run.final.uuid) if links is not None and case.run else ""
    tone = RESULT_TONES.get(case.result, "")
    return [Text(text, href=href, code=not href), Text(" " + result_text(case, lang), tone=tone)]


def _test_item(name: str, cases: Sequence[Case], lang: str, links: Links | None) -> Inline:
    """One test function: a line, or (parametrised) its cases grouped under it, each linked to Allure."""
    if len(cases) == 1:
        return _case_link(cases[0], name, lang, links)
    counts = Counter(str(case.result) for case in cases)
    tally_text = ", ".join(f"{t(STATUS_KEYS[status], lang)} {counts[status]}" for status in STATUS_KEYS
                           if counts.get(status))
    summary = [Text(name, code=True), f" — {t('cases', lang, count=len(cases))}: {tally_text}"]
    items = tuple(_case_link(case, "[" + (case.nodeid or case.name).split("[", 1)[-1].rstrip("]") + "]", lang, links)
                  for case in cases)
    return Disclosure(summary, items)


def _rule_tests(row: RuleRow, lang: str, links: Links | None) -> Inline:
    if not row.cases:
        return Text(t("no_test", lang), tone="bad")
    functions: dict[str, list[Case]] = defaultdict(list)
    for case in row.cases:  # tests/functional/common/test_auth.py::test_x → common/test_auth.py::test_x
        functions[(case.nodeid or case.name).split("[", 1)[0].removeprefix(FUNCTIONAL_PREFIX)].append(case)
    items = tuple(_test_item(name, cases, lang, links) for name, cases in functions.items())
    return Disclosure(t("rule_tests_summary", lang, tests=len(functions), cases=len(row.cases)), items)


def traceability_blocks(report_cases: Sequence[Case], lang: str = "both", only: str = "",
                        links: Links | None = None) -> list[Block]:
    """One row per rule ID: its requirement in full, its cases counted by result, its latest result, and its tests
    (expandable; parametrised cases grouped under their test, each linked to its Allure page). Rules without a test
    are red. ``only`` keeps one module's prefix."""
    rows = [row for row in matrix(report_cases) if not only or row.rule.startswith(f"{only}-")]
    counts = tally(rows)

    def count_cell(row: RuleRow, *results: Result) -> Text:
        number = sum(case.result in results for case in row.cases)
        tone = "bad" if Result.FAILED in results and number else ""
        return Text(str(number), tone=tone)

    return [
        Heading(1, t("traceability_title", lang)),
        Paragraph(t("trace_intro", lang)),
        Paragraph(t("trace_counts", lang, rules=len(rows), passing=counts[Coverage.PASSING],
                    failing=counts[Coverage.FAILING], unrun=counts[Coverage.UNRUN],
                    uncovered=counts[Coverage.UNCOVERED]),
                  tone="bad" if counts[Coverage.UNCOVERED] else ""),
        Table(
            header=(t("rule", lang), t("module", lang), t("rule_text", lang), t("passed", lang), t("failed", lang),
                    t("not_executed", lang), t("latest_result", lang), t("tests", lang)),
            rows=tuple(
                (Text(row.rule, code=True), row.module, row.text, count_cell(row, Result.PASSED),
                 count_cell(row, Result.FAILED),
                 count_cell(row, Result.SKIPPED, Result.DESELECTED, Result.NOT_RUN),
                 Text(t(COVERAGE_TEXT[row.coverage], lang), tone=COVERAGE_TONES[row.coverage]),
                 _rule_tests(row, lang, links))
                for row in rows
            ),
            row_tones=tuple(ROW_TONES.get(row.coverage, "") for row in rows),
            css_class="trace",
        ),
    ]


def language_file(lang: str, extension: str = "md") -> str:
    return f"{SUMMARY_NAME}.{lang}.{extension}"


def other_language(lang: str) -> str:
    return next(language_file(other) for other in LANG_NAMES if other != lang)
