"""Small inline SVG charts for the run summary: no script, no network, readable from 320 px up (they scale).

Each function returns one ``<svg>`` element as text, with a ``<title>`` for screen readers and every number written
on the chart, so nothing depends on colour alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

COLOURS = {"passed": "#1b6e34", "failed": "#b3261e", "skipped": "#8a8f98", "deselected": "#c9ced6",
           "not-run": "#e0a100"}
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def stacked_bars(title: str, rows: Sequence[tuple[str, Mapping[str, int]]], labels: Mapping[str, str],
                 width: int = 640) -> str:
    """One horizontal bar per row (a module, say), split by status; the legend names ``labels[status]``."""
    label_width, bar_left, row_height = 110, 120, 26
    statuses = [status for status in COLOURS if any(counts.get(status) for _, counts in rows)]
    biggest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    bar_width = width - bar_left - 60
    height = 30 + row_height * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" {FONT}>',
             f"<title>{_esc(title)}</title>"]
    for index, (name, counts) in enumerate(rows):
        y = 20 + index * row_height
        parts.append(f'<text x="{label_width}" y="{y + 15}" text-anchor="end">{_esc(name)}</text>')
        x = float(bar_left)
        for status in statuses:
            count = counts.get(status, 0)
            if not count:
                continue
            w = bar_width * count / biggest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="18" fill="{COLOURS[status]}">'
                         f"<title>{_esc(name)}: {_esc(labels.get(status, status))} {count}</title></rect>")
            if w > 24:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" fill="#fff">{count}</text>')
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{sum(counts.values())}</text>')
    legend_y = 20 + row_height * len(rows) + 14
    x = bar_left
    for status in statuses:
        parts.append(f'<rect x="{x}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[status]}"/>')
        text = labels.get(status, status)
        parts.append(f'<text x="{x + 16}" y="{legend_y}">{_esc(text)}</text>')
        x += 28 + 8 * len(text) if text.isascii() else 28 + 13 * len(text)
    parts.append("</svg>")
    return "".join(parts)


def heatmap(title: str, rows: Sequence[str], columns: Sequence[str], counts: Mapping[tuple[str, str], int],
            width: int = 640) -> str:
    """A grid of counts (failed cases by severity × priority); darker is more."""
    left, top, cell_h = 150, 28, 28
    cell_w = (width - left - 10) / max(len(columns), 1)
    biggest = max(counts.values(), default=0) or 1
    height = top + cell_h * len(rows) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" {FONT}>',
             f"<title>{_esc(title)}</title>"]
    for column_index, column in enumerate(columns):
        x = left + column_index * cell_w + cell_w / 2
        parts.append(f'<text x="{x:.1f}" y="18" text-anchor="middle">{_esc(column)}</text>')
    for row_index, row in enumerate(rows):
        y = top + row_index * cell_h
        parts.append(f'<text x="{left - 8}" y="{y + 18}" text-anchor="end">{_esc(row)}</text>')
        for column_index, column in enumerate(columns):
            count = counts.get((row, column), 0)
            shade = 0.12 + 0.88 * count / biggest if count else 0
            fill = f"rgba(179,38,30,{shade:.2f})" if count else "#f3f5f7"
            x = left + column_index * cell_w
            parts.append(f'<rect x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" height="{cell_h - 2}" '
                         f'fill="{fill}"><title>{_esc(row)} × {_esc(column)}: {count}</title></rect>')
            colour = "#fff" if shade > 0.5 else "#1d2126"
            parts.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 18}" text-anchor="middle" fill="{colour}">'
                         f"{count}</text>")
    parts.append("</svg>")
    return "".join(parts)


def trend(title: str, runs: Sequence[tuple[str, Mapping[str, int]]], labels: Mapping[str, str],
          width: int = 640) -> str:
    """Passed and failed per stored run, oldest first, as lines with their numbers."""
    left, top, plot_h = 40, 16, 140
    height = top + plot_h + 50
    series = [status for status in ("passed", "failed") if any(counts.get(status) for _, counts in runs)]
    biggest = max((counts.get(status, 0) for _, counts in runs for status in series), default=0) or 1
    step = (width - left - 20) / max(len(runs) - 1, 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" {FONT}>',
             f"<title>{_esc(title)}</title>",
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#d7dbe0"/>']

    def point(index: int, value: int) -> tuple[float, float]:
        return left + index * step, top + plot_h - plot_h * value / biggest

    for status in series:
        points = [point(index, counts.get(status, 0)) for index, (_, counts) in enumerate(runs)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[status]}" stroke-width="2"/>')
        for (x, y), (run, counts) in zip(points, runs, strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[status]}">'
                         f"<title>{_esc(run)}: {_esc(labels.get(status, status))} {counts.get(status, 0)}</title>"
                         "</circle>")
            parts.append(f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" fill="{COLOURS[status]}">'
                         f"{counts.get(status, 0)}</text>")
    for index, (run, _) in enumerate(runs):
        x, _ = point(index, 0)
        parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{_esc(run)}</text>')
    x = left
    for status in series:
        parts.append(f'<rect x="{x}" y="{height - 16}" width="12" height="12" fill="{COLOURS[status]}"/>')
        text = labels.get(status, status)
        parts.append(f'<text x="{x + 16}" y="{height - 6}">{_esc(text)}</text>')
        x += 40 + 8 * len(text)
    parts.append("</svg>")
    return "".join(parts)
