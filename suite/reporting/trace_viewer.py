"""The Playwright trace viewer, offline, inside the Allure report.

Allure 3's test page opens a ``Playwright trace`` attachment by loading https://trace.playwright.dev in a new window
and posting the trace to it, which needs the internet. The trace viewer also ships with the installed Playwright
(``playwright/driver/package/lib/vite/traceViewer``: the same application, which accepts the same message). So after
``allure generate`` this copies it into ``<report>/trace-viewer/`` and points the report's trace button there (the
one ``https://trace.playwright.dev`` constant in each report plugin's script), relative to the page, so the report
works from any local web server: ``./qa open`` (or ``npx allure open reports/allure-report``). The viewer runs a
service worker, so it needs http://127.0.0.1 or https, not a file:// URL.

    python -m suite.reporting.trace_viewer [reports/allure-report]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import playwright

ONLINE_VIEWER = '"https://trace.playwright.dev"'
VIEWER_DIR = "trace-viewer"
PATCHED_SUFFIXES = (".js", ".html")


class TraceViewerError(RuntimeError):
    """The installed Playwright has no trace viewer, or the report cannot be patched."""


def bundled_viewer() -> Path:
    """The trace viewer of the installed Playwright package."""
    path = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "vite" / "traceViewer"
    if not (path / "index.html").is_file():
        raise TraceViewerError(f"the installed Playwright has no trace viewer at {path}")
    return path


def local_viewer_expression(depth: int) -> str:
    """A JavaScript expression for the copied viewer's URL, seen from a page ``depth`` directories below the report."""
    return f'new URL("{"../" * depth}{VIEWER_DIR}",location.href).href'


def install(report_dir: Path) -> list[Path]:
    """Copy the viewer into the report and point the report's trace buttons at it; the files patched."""
    if not report_dir.is_dir():
        raise TraceViewerError(f"{report_dir} is not a generated Allure report")
    target = report_dir / VIEWER_DIR
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(bundled_viewer(), target)
    patched = []
    for path in sorted(report_dir.rglob("*")):
        if path.suffix not in PATCHED_SUFFIXES or not path.is_file() or target in path.parents:
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        if ONLINE_VIEWER not in text:
            continue
        depth = len(path.relative_to(report_dir).parts) - 1
        path.write_text(text.replace(ONLINE_VIEWER, local_viewer_expression(depth)), encoding="utf-8",
                        errors="surrogateescape")
        patched.append(path)
    return patched


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m suite.reporting.trace_viewer", description=__doc__.split("\n")[0])
    parser.add_argument("report", nargs="?", type=Path, default=Path("reports/allure-report"))
    args = parser.parse_args(argv)
    try:
        patched = install(args.report)
    except (TraceViewerError, OSError) as error:
        print(f"[report] the offline trace viewer could not be installed: {error}", file=sys.stderr)
        return 2
    print(f"[report] offline trace viewer: {args.report / VIEWER_DIR} ({len(patched)} report page(s) point to it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
