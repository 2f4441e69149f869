"""The trace viewer opens from the report with no internet: the viewer of the installed Playwright is copied into the
report, the report's trace button points at it, and ``./qa open`` serves it all on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import urllib.request
from pathlib import Path

from suite.reporting import trace_viewer

ROOT = Path(__file__).resolve().parents[3]


def test_the_report_trace_button_points_at_the_bundled_viewer(tmp_path):
    report = tmp_path / "allure-report"
    (report / "awesome").mkdir(parents=True)
    script = report / "awesome" / "app.js"
    script.write_text(f"const viewer = {trace_viewer.ONLINE_VIEWER}; open(viewer);", encoding="utf-8")
    patched = trace_viewer.install(report)
    assert patched == [script]
    text = script.read_text(encoding="utf-8")
    assert "trace.playwright.dev" not in text
    assert trace_viewer.local_viewer_expression(1) in text
    assert (report / trace_viewer.VIEWER_DIR / "index.html").read_bytes() == (
        trace_viewer.bundled_viewer() / "index.html").read_bytes()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_qa_open_serves_the_reports_on_loopback():
    port = _free_port()
    server = subprocess.Popen(["./qa", "open"], cwd=ROOT,
                              env={**os.environ, "ECRM_REPORT_PORT": str(port), "PYTHONUNBUFFERED": "1"},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        said = []
        for line in server.stdout:  # http.server says when it listens
            said.append(line)
            if line.startswith("Serving HTTP on"):
                break
        assert said and said[-1].startswith("Serving HTTP on"), "".join(said)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/README.md", timeout=10) as response:
            body = response.read().decode("utf-8")
        assert body == (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
