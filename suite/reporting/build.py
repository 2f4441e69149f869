"""Build the run summary, the defect reports and the traceability matrix from a run's Allure results.

    python -m suite.reporting.build [--results reports/allure-results] [--out reports]

Reads ``<results>`` (``*-result.json``, containers, attachments, environment.properties) and ``<results>/../run-meta``
(environment facts and the collection manifest), then writes into ``<out>``:

- ``summary.zh-CN.md``, ``summary.en.md`` and ``summary.html`` (both languages, self-contained): the run summary;
- ``defects.json`` (machine-readable) and ``defects/<ID>.md``: one defect report per failing check;
- ``traceability.md`` and ``traceability.html``: every spec rule ID → its tests → their result;
- ``history/defects-history.json``: this run's defect IDs, for "new since the last run";

and into ``<results>``: ``categories.json`` (Allure 2 format), the defect annotations (``suite.reporting.annotate``),
and fixture containers without the framework's and private fixtures (``suite.reporting.fixture_rows``).
Works on a partial run and on an empty results directory (it says so); exits 0 unless the inputs cannot be read (2).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from suite.reporting import render, summary
from suite.reporting.annotate import annotate
from suite.reporting.categories import write_allure2_categories
from suite.reporting.document import html_page, to_markdown
from suite.reporting.files import write_json, write_text
from suite.reporting.fixture_rows import hide_framework_fixtures, project_fixtures
from suite.reporting.known import KnownDefectsError, load_history, load_known, record_run
from suite.reporting.report import Report, build_report
from suite.reporting.results import ResultsError, load_results
from suite.reporting.text import LANG_NAMES, LANGS, t

ROOT = Path(__file__).resolve().parents[2]
KNOWN_DEFECTS = ROOT / "docs" / "known-defects.toml"
HISTORY_FILE = Path("history") / "defects-history.json"


def defects_json(report: Report) -> dict:
    figures, allure = report.figures, report.allure
    since = report.since
    status = {**dict.fromkeys(since.new, "new"), **dict.fromkeys(since.still_failing, "still failing")}
    return {
        "schema": 1,
        "run": report.run,
        "built": report.built,
        "results": str(report.results.directory),
        "facts": report.facts,
        "notes": [note.text("en") for note in report.notes],
        "figures": {
            "total": figures.total,
            "executed": figures.executed,
            "passed": figures.passed,
            "failed": figures.failed,
            "defect_reports": figures.defect_reports,
            "not_executed": figures.not_executed,
            "skipped": figures.skipped,
            "deselected": figures.deselected,
            "not_run": figures.not_run,
            "product_defects": figures.product_defects,
            "test_defects": figures.test_defects,
            "environment_failures": figures.environment_failures,
            "flaky_failed": figures.flaky_failed,
            "flaky_passed": figures.flaky_passed,
        },
        "allure": asdict(allure),
        "checks": [
            {"left": check.left[0], "right": [key for key, _ in check.right], "holds": check.holds}
            for check in report.checks
        ],
        "defects": [{**defect.to_json(), "since_last_run": status.get(defect.id, "")} for defect in report.defects],
        "not_executed": [
            {"test": case.nodeid or case.key, "result": str(case.result), "reason": case.reason}
            for case in report.cases
            if not case.result.executed
        ],
        "left_behind": [
            {"kind": total.kind.collection, "created": total.created, "states": dict(total.states),
             "active": list(total.active)}
            for total in report.left_behind
        ],
        "since_last_run": {
            "previous_run": since.previous_run,
            "new": since.new,
            "still_failing": since.still_failing,
            "fixed": since.fixed,
            "unchecked": since.unchecked,
        },
    }


def write_reports(report: Report) -> list[Path]:
    """Write every output of the reporting step; the paths written."""
    out = report.out_dir
    results_dir = report.results.directory
    written = []
    for lang in LANGS:
        links = render.Links(base=out, out_dir=out, results_dir=results_dir)
        blocks = summary.summary_blocks(report, lang, links, other_language=render.other_language(lang))
        written.append(write_text(out / render.language_file(lang), to_markdown(blocks)))
    page_links = render.Links(base=out, out_dir=out, results_dir=results_dir, in_page_defects=True)
    sections = [(lang, LANG_NAMES[lang], summary.summary_blocks(report, lang, page_links)) for lang in LANGS]
    details = [block for defect in report.defects for block in render.defect_blocks(defect, page_links, level=2)]
    written.append(write_text(out / f"{render.SUMMARY_NAME}.html", html_page(t("summary_title", "both"), sections,
                                                                            details)))
    written.append(write_json(out / "defects.json", defects_json(report)))
    defects_dir = out / render.DEFECTS_DIR
    for stale in defects_dir.glob("*.md") if defects_dir.is_dir() else ():
        stale.unlink()
    links = render.Links(base=defects_dir, out_dir=out, results_dir=results_dir)
    for defect in report.defects:
        written.append(write_text(defects_dir / f"{defect.id}.md", to_markdown(render.defect_blocks(defect, links))))
    trace_links = render.Links(base=out, out_dir=out, results_dir=results_dir)
    matrix = render.traceability_blocks(report.cases, links=trace_links)
    written.append(write_text(out / f"{render.TRACEABILITY_NAME}.md", to_markdown(matrix)))
    written.append(write_text(out / f"{render.TRACEABILITY_NAME}.html", html_page(t("traceability_title", "both"),
                                                                                 [("zh-CN", "", matrix)])))
    return written


def print_summary(report: Report, written: Sequence[Path]) -> None:
    figures = report.figures
    for note in report.notes:
        print(f"[report] NOTE: {note.text('en')}")
    print(
        f"[report] {t('total', 'both')} {figures.total} | {t('executed', 'both')} {figures.executed} | "
        f"{t('passed', 'both')} {figures.passed} | {t('failed', 'both')} {figures.failed} | "
        f"{t('defect_reports', 'both')} {figures.defect_reports}"
    )
    print(f"[report] run summary: {report.out_dir / (render.SUMMARY_NAME + '.html')} ({len(written)} files written)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.reporting.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=Path("reports/allure-results"), help="allure-results dir")
    parser.add_argument("--out", type=Path, default=Path("reports"), help="where to write the reports")
    parser.add_argument("--known", type=Path, default=KNOWN_DEFECTS, help="the known-defects file (TOML)")
    parser.add_argument("--history", type=Path, help="the defect history file (default: <out>/history/...)")
    args = parser.parse_args(argv)
    history_file = args.history or args.out / HISTORY_FILE
    try:
        result_set = load_results(args.results)
        known = load_known(args.known)
        load_history(history_file)
    except (ResultsError, KnownDefectsError, ValueError) as error:
        print(f"[report] cannot read the inputs: {error}", file=sys.stderr)
        return 2
    hide_framework_fixtures(args.results, project_fixtures(ROOT))  # the test page shows the project's set-up only
    report = build_report(result_set, args.out, known, history_file)
    write_allure2_categories(args.results)
    if annotate(args.results, report.defects):  # Allure's counts (flaky) now include the annotations
        report = build_report(load_results(args.results), args.out, known, history_file)
    written = write_reports(report)
    if result_set.runs:
        figures = {"total": report.figures.total, "passed": report.figures.passed, "failed": report.figures.failed}
        written.append(record_run(history_file, load_history(history_file), report.run, report.built, report.cases,
                                  figures))
    print_summary(report, written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
