"""The reports as documents: the run summary (one per language), the defect reports and the traceability matrix.

Each is a list of ``suite.reporting.document`` blocks, rendered to Markdown and to HTML by the caller; ``Links``
says where links point from the file being written (Markdown files link to each other, the HTML page to anchors).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from suite.data.rules import RULES
from suite.plugin.marks import (
    MODULES,
    PRIORITIES,
    PRIORITY_MEANING_ZH,
    PRIORITY_WORDING,
    SEVERITIES,
    SEVERITY_MEANING_ZH,
    SEVERITY_WORDING,
)
from suite.reporting import charts
from suite.reporting.cases import Case, Result
from suite.reporting.classify import Verdict
from suite.reporting.defects import BEIJING, Defect, environment_of, format_time, short_message, version_of
from suite.reporting.document import (
    Block,
    Bullets,
    Code,
    Disclosure,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Table,
    Text,
    joined,
)
from suite.reporting.figures import Check, Figures, breakdown
from suite.reporting.report import Report
from suite.reporting.text import LANG_NAMES, has, t
from suite.reporting.traceability import Coverage, RuleRow, matrix, tally

# Where `npx allure generate` (allurerc.mjs) puts the main report: one directory per report plugin.
ALLURE_REPORT_PAGE = Path("allure-report") / "awesome" / "index.html"
SUMMARY_NAME = "summary"
TRACEABILITY_NAME = "traceability"
DEFECTS_DIR = "defects"
FIGURE_KEYS = ("total", "executed", "passed", "failed", "defect_reports")
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


def _figure_columns(lang: str) -> tuple[str, ...]:
    return tuple(t(key, lang) for key in (*FIGURE_KEYS[:4], "not_executed", "defect_reports"))


def _failed_cell(figures: Figures) -> Text:
    return Text(str(figures.failed), tone="bad" if figures.failed else "")


def five_figures(figures: Figures) -> tuple[Inline, ...]:
    """用例总数 / 执行用例数 / 通过 / 未通过 / 缺陷报告数."""
    return (str(figures.total), str(figures.executed), str(figures.passed), _failed_cell(figures),
            str(figures.defect_reports))


def _figure_cells(figures: Figures) -> tuple[Inline, ...]:
    return (str(figures.total), str(figures.executed), str(figures.passed), _failed_cell(figures),
            str(figures.not_executed), str(figures.defect_reports))


def _breakdown_table(
    first: str, rows: Sequence[tuple[str, Figures]], lang: str, label: Callable[[str], Inline]
) -> Table:
    return Table(
        header=(first, *_figure_columns(lang)),
        rows=tuple((label(key), *_figure_cells(figures)) for key, figures in rows),
        empty=t("none", lang),
    )


# -- the run summary --------------------------------------------------------------------------------------------------
def local_time(iso: str) -> str:
    """An ISO 8601 time in the run's time zone (UTC+8, the e-CRM's), as every time of the reports is written."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S UTC+8")


NOT_EXECUTED_LISTED = 10  # the Markdown summary names this many not-executed tests per reason (defects.json: all)
def target_text(target: str, lang: str) -> str:
    return t("embedded_target", lang) if target.startswith("embedded") else target


_REASONS_ZH = (
    (re.compile(r"^deselected by --lf \(it passed on the previous run\)$"), "被 --lf 排除（上次运行已通过）"),
    (re.compile(r"^deselected by a pytest plugin$"), "被 pytest 插件排除"),
    (re.compile(r"^deselected by (.+)$"), r"被 \1 排除"),
    (re.compile(r"^not selected by (.+)$"), r"未被 \1 选中"),
    (re.compile(r"^Skipped: (.*)$"), r"跳过：\1"),
    (re.compile(r"^skipped$"), "跳过"),
    (re.compile(r"^not run: .*$"), "未运行：会话在此用例之前停止（被中断，或其工作进程崩溃）"),
)


def reason_text(reason: str, lang: str) -> str:
    """Why a case was not executed, in the summary's language (pytest's own reason text stays as pytest wrote it)."""
    if lang != "zh-CN":
        return reason
    for pattern, chinese in _REASONS_ZH:
        if pattern.match(reason):
            return pattern.sub(chinese, reason)
    return reason


STATUS_KEYS = {"passed": "passed", "failed": "failed", "skipped": "skipped", "deselected": "deselected",
               "not-run": "not_run"}


def _status_labels(lang: str) -> dict[str, str]:
    return {status: t(key, lang) for status, key in STATUS_KEYS.items()}


def _charts(report: Report, lang: str) -> list[Block]:
    """Results by module, failed cases by severity × priority, and the trend over the stored runs, as SVG."""
    cases = report.cases
    labels = _status_labels(lang)
    by_module = [(module, Counter(str(case.result) for case in cases if case.module == module))
                 for module in MODULES if any(case.module == module for case in cases)]
    failed = [case for case in cases if case.result is Result.FAILED]
    grid = Counter((severity_text(case.severity, lang), priority_text(case.priority, lang)) for case in failed)
    severities = [severity_text(level, lang) for level in SEVERITIES]
    priorities = [priority_text(level, lang) for level in PRIORITIES]
    figures = report.figures
    runs = [(local_time(run.get("built", ""))[5:16], run["figures"]) for run in report.history if run.get("figures")]
    runs.append((local_time(report.built)[5:16], {"passed": figures.passed, "failed": figures.failed}))
    module_table = Table(header=(t("module", lang), *labels.values()),
                         rows=tuple((module, *(str(counts.get(status, 0)) for status in labels))
                                    for module, counts in by_module))
    trend_table = Table(header=(t("run", lang), labels["passed"], labels["failed"]),
                        rows=tuple((run, str(counts.get("passed", 0)), str(counts.get("failed", 0)))
                                   for run, counts in runs))
    return [
        Heading(2, t("charts", lang)),
        Figure(charts.stacked_bars(t("chart_by_module", lang), by_module, labels), t("chart_by_module", lang),
               (module_table,)),
        Figure(charts.heatmap(t("severity_priority", lang), severities, priorities, grid),
               t("severity_priority", lang)),
        Figure(charts.trend(t("chart_trend", lang, runs=len(runs)), runs, labels),
               t("chart_trend", lang, runs=len(runs)), (trend_table,)),
    ]


def _run_facts(report: Report, lang: str) -> Table:
    facts = report.facts
    manifest = report.manifest
    span = " – ".join(part for part in (format_time(report.started), format_time(report.finished)) if part)
    rows: list[tuple[str, str]] = [
        (t("version", lang), version_of(facts, lang)),
        (t("tested_on", lang), span),
        (t("tester", lang), facts.get("tester", "")),
        (t("environment", lang), environment_of(facts, lang)),
        (t("target", lang), target_text(facts.get("target", ""), lang)),
        (t("workers", lang), facts.get("workers", "")),
        (t("reruns", lang), "" if manifest is None or manifest.reruns is None else str(manifest.reruns)),
        (t("exit_status", lang), "" if manifest is None or manifest.exitstatus is None else str(manifest.exitstatus)),
        (t("results_dir", lang), str(report.results.directory)),
        (t("built", lang), local_time(report.built)),
        (t("time_zone", lang), t("time_zone_value", lang)),
    ]
    return Table(header=("", ""), rows=tuple((name, value or "—") for name, value in rows))


def _notes(report: Report, lang: str) -> list[Block]:
    if not report.notes:
        return []
    return [Heading(2, t("notes", lang)), *(Paragraph(note.text(lang), tone="warn") for note in report.notes)]


def _identity(check: Check, lang: str) -> Inline:
    left_key, left = check.left
    right = " + ".join(f"{t(key, lang)} {value}" for key, value in check.right)
    verdict = Text(f" ✔ {t('holds', lang)}") if check.holds else Text(f" ✘ {t('broken_identity', lang)}", tone="bad")
    return [f"{t(left_key, lang)} {left} = {right}", verdict]


def _figures(report: Report, lang: str) -> list[Block]:
    figures, allure = report.figures, report.allure
    checks = report.checks
    allure_rows = (
        ("allure_total", allure.total), ("allure_passed", allure.passed), ("allure_failed", allure.failed),
        ("allure_broken", allure.broken), ("allure_skipped", allure.skipped), ("allure_unknown", allure.unknown),
        ("allure_retries", allure.retries), ("allure_flaky", allure.flaky),
    )
    return [
        Heading(2, t("five_figures", lang)),
        Table(header=tuple(t(key, lang) for key in FIGURE_KEYS), rows=(five_figures(figures),)),
        Heading(3, t("arithmetic", lang)),
        Bullets(tuple(_identity(check, lang) for check in checks[:4])),
        Paragraph(f"{t('flaky_passed', lang)}: {figures.flaky_passed}; {t('flaky_failed', lang)}: "
                  f"{figures.flaky_failed}."),
        Heading(3, t("reconciliation", lang)),
        Paragraph(t("reconciliation_intro", lang)),
        Table(header=tuple(t(key, lang) for key, _ in allure_rows), rows=(tuple(str(v) for _, v in allure_rows),)),
        Bullets(tuple(_identity(check, lang) for check in checks[4:])),
    ]


def _breakdowns(report: Report, lang: str) -> list[Block]:
    cases = report.cases
    rule_order = tuple(RULES)
    failed = [case for case in cases if case.result is Result.FAILED]
    matrix_rows = tuple(
        (severity_text(severity, lang),
         *(str(sum(c.severity == severity and c.priority == priority for c in failed)) for priority in PRIORITIES))
        for severity in SEVERITIES
    )
    return [
        Heading(2, t("by_module", lang)),
        _breakdown_table(t("module", lang), breakdown(cases, lambda c: [c.module or "—"], MODULES), lang,
                         lambda key: key),
        Heading(2, t("by_severity", lang)),
        _breakdown_table(t("severity", lang), breakdown(cases, lambda c: [c.severity or "—"], SEVERITIES), lang,
                         lambda key: severity_text(key, lang)),
        Heading(2, t("by_priority", lang)),
        _breakdown_table(t("priority", lang), breakdown(cases, lambda c: [c.priority or "—"], PRIORITIES), lang,
                         lambda key: priority_text(key, lang)),
        Heading(3, t("severity_priority", lang)),
        Table(header=(f"{t('severity', lang)} \\ {t('priority', lang)}",
                      *(priority_text(p, lang) for p in PRIORITIES)), rows=matrix_rows),
        Heading(2, t("by_rule", lang)),
        _breakdown_table(t("rule", lang), breakdown(cases, lambda c: c.rules or ("—",), rule_order), lang,
                         lambda key: Text(key, code=True)),
    ]


def _defect_row(defect: Defect, lang: str, links: Links, since: dict[str, str]) -> tuple[Inline, ...]:
    case = defect.case
    issue: Inline = Text(defect.known.issue, href=defect.known.issue) if defect.known else "—"
    return (
        Text(defect.id, href=links.defect(defect.id)),
        case.module or "—",
        case.function or "—",
        severity_text(case.severity, lang),
        priority_text(case.priority, lang),
        defect.summary,
        defect.reproducibility.text(lang),
        since.get(defect.id, "—"),
        issue,
    )


def _defect_tables(report: Report, lang: str, links: Links) -> list[Block]:
    header = tuple(t(key, lang) for key in ("defect_id", "module", "function", "severity", "priority", "summary",
                                             "reproducibility", "since_last", "issue"))
    since = {defect: t("new", lang) for defect in report.since.new}
    since.update({defect: t("still_failing", lang) for defect in report.since.still_failing})
    product = report.defects_of(Verdict.PRODUCT_DEFECT)
    new = [defect for defect in product if defect.known is None]
    known = [defect for defect in product if defect.known is not None]

    def table(defects: list[Defect]) -> Table:
        return Table(header, tuple(_defect_row(defect, lang, links, since) for defect in defects), t("none", lang))

    blocks: list[Block] = [
        Heading(2, f"{t('defects', lang)} ({len(product)})"),
        Heading(3, f"{t('new_defects', lang)} ({len(new)})"),
        table(new),
        Heading(3, f"{t('known_defects', lang)} ({len(known)})"),
        table(known),
    ]
    for verdict, heading in ((Verdict.TEST_DEFECT, "test_defects_heading"),
                             (Verdict.ENVIRONMENT, "environment_heading"), (Verdict.FLAKY, "flaky_heading")):
        defects = report.defects_of(verdict)
        blocks += [Heading(2, f"{t(heading, lang)} ({len(defects)})"), Table(
            header=tuple(t(key, lang) for key in ("defect_id", "test", "severity", "priority", "reproducibility",
                                                   "result", "message")),
            rows=tuple(
                (Text(d.id, href=links.defect(d.id)), case_label(d.case), severity_text(d.case.severity, lang),
                 priority_text(d.case.priority, lang), d.reproducibility.text(lang), result_text(d.case, lang),
                 short_message(d.message))
                for d in defects
            ),
            empty=t("none", lang),
        )]
    return blocks


def _since_last_run(report: Report, lang: str, links: Links) -> list[Block]:
    since = report.since
    blocks: list[Block] = [Heading(2, t("since_last_run", lang))]
    if not since.previous_run:
        return [*blocks, Paragraph(t("no_previous_run", lang))]
    current = {defect.id: defect for defect in report.defects}
    rows: list[tuple[Inline, ...]] = []
    for key, ids, tone in (("new", since.new, "bad"), ("still_failing", since.still_failing, "warn"),
                           ("fixed", since.fixed, "good"), ("unchecked", list(since.unchecked), "")):
        for defect_id in ids:
            defect = current.get(defect_id)
            entry = since.previous.get(defect_id, {})
            target = Text(defect_id, href=links.defect(defect_id)) if defect else Text(defect_id, code=True)
            what = defect.summary if defect else entry.get("title", "")
            rows.append((target, Text(t(key, lang), tone=tone), what, since.unchecked.get(defect_id, "")))
    return [
        *blocks,
        Paragraph(f"{t('previous_run', lang)}: {since.previous_run}"),
        Table(header=(t("defect_id", lang), t("status", lang), t("summary", lang), t("reason", lang)),
              rows=tuple(rows), empty=t("none", lang)),
    ]


def _not_executed(report: Report, lang: str) -> list[Block]:
    """Not-executed cases as a count per reason, each expandable to its tests (a --rules run deselects hundreds)."""
    cases = [case for case in report.cases if not case.result.executed]
    groups: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for case in cases:
        groups[(str(case.result), case.reason)].append(case)
    rows = tuple(
        (reason_text(reason, lang) or "—", t(f"result_{result}", lang), str(len(group)),
         Disclosure(t("show_tests", lang, count=len(group)), tuple(case_label(case) for case in group),
                    limit=NOT_EXECUTED_LISTED))
        for (result, reason), group in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    )
    blocks: list[Block] = [
        Heading(2, f"{t('not_executed_heading', lang)} ({len(cases)})"),
        Table(header=(t("reason", lang), t("result", lang), t("count", lang), t("tests", lang)), rows=rows,
              empty=t("none", lang)),
    ]
    errors = report.manifest.errors if report.manifest else []
    if errors:
        blocks += [Heading(2, t("collection_errors", lang)), Table(
            header=(t("test", lang), t("message", lang)),
            rows=tuple((Text(error["nodeid"], code=True), error.get("message", "")) for error in errors),
        )]
    return blocks


def _left_behind(report: Report, lang: str) -> list[Block]:
    """Against a deployment: per record kind, what the run created, the states the records are in now, any active."""
    if not report.left_behind:
        return []
    zh = lang == "zh-CN"

    def kind_name(total) -> str:
        kind = total.kind
        return kind.zh if zh else kind.en if lang == "en" else f"{kind.zh} {kind.en}"

    def states(total) -> str:
        return ", ".join(f"{t('state_' + state, lang) if has('state_' + state) else state} {count}"
                         for state, count in total.states)

    active = [(total, record) for total in report.left_behind for record in total.active]
    rows = tuple((kind_name(total), str(total.created), states(total), str(len(total.active)))
                 for total in report.left_behind)
    blocks: list[Block] = [
        Heading(2, t("left_behind_heading", lang)),
        Paragraph(t("left_behind_intro", lang, run_id=report.facts.get("run_id", "—"))),
        Table(header=(t("record_kind", lang), t("created", lang), t("states_now", lang), t("still_active", lang)),
              rows=rows),
        Paragraph(t("left_behind_active", lang, count=len(active)) if active else t("left_behind_none", lang),
                  tone="bad" if active else "good"),
    ]
    if active:
        blocks.append(Table(header=(t("record_kind", lang), "id", t("record_label", lang), t("state", lang)),
                            rows=tuple((kind_name(total), str(record["id"]), record.get("label", ""), record["state"])
                                       for total, record in active)))
    return blocks


def _meaning(wording: dict, zh: dict, level: str, lang: str) -> str:
    return {"zh-CN": zh[level], "en": wording[level][1]}.get(lang, f"{zh[level]} {wording[level][1]}")


def scale_blocks(lang: str) -> list[Block]:
    """The severity and priority scales with the manual team's wording."""
    header = (t("allure_level", lang), t("manual_word", lang), t("meaning", lang))
    return [
        Heading(2, t("scales", lang)),
        Paragraph(t("scales_intro", lang)),
        Table((f"{t('severity', lang)}: {header[0]}", *header[1:]),
              tuple((level, SEVERITY_WORDING[level][0], _meaning(SEVERITY_WORDING, SEVERITY_MEANING_ZH, level, lang))
                    for level in SEVERITIES)),
        Table((f"{t('priority', lang)}: {t('priority_label', lang)}", *header[1:]),
              tuple((level, PRIORITY_WORDING[level][0], _meaning(PRIORITY_WORDING, PRIORITY_MEANING_ZH, level, lang))
                    for level in PRIORITIES)),
    ]


def summary_blocks(report: Report, lang: str, links: Links, other_language: str = "") -> list[Block]:
    """The run summary (测试总结) in one language."""
    navigation: list[Inline] = [
        Text(t("allure_report", lang), href=links.allure()),
        Text(t("traceability_link", lang), href=links.file(f"{TRACEABILITY_NAME}.html")),
        Text(t("defects_json", lang), href=links.file("defects.json")),
    ]
    if other_language:
        navigation.insert(0, Text(t("other_language", lang), href=links.file(other_language)))
    return [
        Heading(1, t("summary_title", lang)),
        Paragraph(joined(navigation, " · ")),
        *_notes(report, lang),
        Heading(2, t("run", lang)),
        _run_facts(report, lang),
        *_figures(report, lang),
        *_charts(report, lang),
        *_breakdowns(report, lang),
        *_defect_tables(report, lang, links),
        *_since_last_run(report, lang, links),
        *_not_executed(report, lang),
        *_left_behind(report, lang),
        *scale_blocks(lang),
    ]


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
