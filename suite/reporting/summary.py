"""The run summary (测试总结) as a document, one per language: the run, the five figures and their reconciliation
with Allure, charts, breakdowns, the defect reports' table, what changed since the last run, what was not executed
and why, what the run left on the deployment, and the severity and priority scales.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime

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
from suite.reporting.render import (
    STATUS_KEYS,
    TRACEABILITY_NAME,
    Links,
    case_label,
    priority_text,
    result_text,
    severity_text,
)
from suite.reporting.report import Report
from suite.reporting.text import has, t

FIGURE_KEYS = ("total", "executed", "passed", "failed", "defect_reports")


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
    (re.compile(r"^in another shard: this run is shard (\d+) of --splits (\d+)$"),
     r"属于另一个分片：本次运行是 --splits \2 的第 \1 片"),
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
