"""The trend chart: one self-contained HTML page, inline SVG per request name, no outside resources."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from suite.perf import trend

from .helpers import record


def test_the_trend_page_has_a_p95_and_a_throughput_chart_per_request_name(tmp_path):
    history = [record(i, {"customers: search": 80 + i, "customer: 360 view": 120}) for i in range(4)]
    history.append(record(4, {"customers: search": 200, "customer: 360 view": 121}, passed=False))
    path = trend.write(history, tmp_path / "trend.html")
    page = path.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3 * 2  # (overall), two names; p95 and throughput each
    for svg in svgs:
        ET.fromstring(svg)  # well-formed
    assert 'aria-label="customers: search: p95 (ms) per run"' in page
    assert "run 5: 200.0 ms (not part of the baseline)" in page  # the failed run is marked
    assert not re.search(r"<script|src=\"http|href=\"http", page)  # self-contained
    assert page.count("<tr><td>") == 5


def test_names_are_escaped_and_an_empty_history_still_renders():
    page = trend.render([record(0, {"<script>x</script>": 10})])
    assert "<script>x" not in page and "&lt;script&gt;" in page
    assert "No stored runs yet" in trend.render([])
