"""A self-contained HTML trend page (inline SVG, no script, no outside files) of the stored nightly runs:
per request name, p95 and throughput over the runs, with the baseline band (median of the last k ± margin)."""

from __future__ import annotations

import html
import statistics
from pathlib import Path

from suite.perf.baseline import DEFAULT_K, DEFAULT_MARGIN, RunRecord

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 460, 170, 52, 12, 14, 30


def _series(history: list[RunRecord]) -> dict[str, list[tuple[int, float, float, bool]]]:
    """name -> [(run index, p95 ms, req/s, run part of the baseline)]."""
    out: dict[str, list[tuple[int, float, float, bool]]] = {}
    for index, record in enumerate(history):
        stats = record.run_stats
        for name, entry in [("(overall)", stats.total), *sorted(stats.names.items())]:
            if entry.requests:
                out.setdefault(name, []).append((index, entry.p95_ms, entry.rps, record.is_norm))
    return out


def _chart(title: str, points: list[tuple[int, float, bool]], runs: int, unit: str, band: tuple | None) -> str:
    top = max([p for _, p, _ in points] + ([band[1]] if band else [])) or 1.0
    top *= 1.1
    span = max(runs - 1, 1)

    def x(i: int) -> float:
        return PAD_L + (WIDTH - PAD_L - PAD_R) * (i / span if runs > 1 else 0.5)

    def y(v: float) -> float:
        return PAD_T + (HEIGHT - PAD_T - PAD_B) * (1 - v / top)

    parts = [f'<svg role="img" aria-label="{html.escape(title)}" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>{html.escape(title)}</title>"]
    for fraction in (0, 0.5, 1):
        value = top * fraction
        parts.append(f'<line x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     'stroke="#ddd"/>')
        parts.append(f'<text x="{PAD_L - 4}" y="{y(value) + 4:.1f}" font-size="10" text-anchor="end">'
                     f"{value:.0f}{unit}</text>")
    if band:
        parts.append(f'<rect x="{PAD_L}" width="{WIDTH - PAD_L - PAD_R}" y="{y(band[1]):.1f}" '
                     f'height="{max(y(band[0]) - y(band[1]), 1):.1f}" fill="#2a7" opacity="0.12">'
                     f"<title>baseline {band[0]:.0f}{unit}, flagged above {band[1]:.0f}{unit}</title></rect>")
    path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v, _ in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#246" stroke-width="1.5"/>')
    for i, v, ok in points:
        colour = "#246" if ok else "#c22"
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                     f"<title>run {i + 1}: {v:.1f}{unit}{'' if ok else ' (not part of the baseline)'}</title></circle>")
    parts.append(f'<text x="{PAD_L}" y="{HEIGHT - 8}" font-size="10">run 1</text>')
    parts.append(f'<text x="{WIDTH - PAD_R}" y="{HEIGHT - 8}" font-size="10" text-anchor="end">run {runs}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(history: list[RunRecord], k: int = DEFAULT_K, margin: float = DEFAULT_MARGIN,
           min_delta_ms: float = 20.0) -> str:
    runs = len(history)
    rows = []
    for name, points in _series(history).items():
        passed = [p for i, p, _, ok in points if ok][-k:]
        band = None
        if passed:
            base = statistics.median(passed)
            band = (base, max(base * (1 + margin), base + min_delta_ms))
        p95 = _chart(f"{name}: p95 (ms) per run", [(i, p, ok) for i, p, _, ok in points], runs, " ms", band)
        rps = _chart(f"{name}: throughput (req/s) per run", [(i, r, ok) for i, _, r, ok in points], runs, "/s", None)
        last = points[-1]
        rows.append(f"<section><h2>{html.escape(name)}</h2><p>latest: p95 {last[1]:.0f} ms, "
                    f"{last[2]:.2f} req/s over {len(points)} run(s)</p><div class=charts>{p95}{rps}</div></section>")
    listing = "".join(
        f"<tr><td>{i + 1}</td><td>{html.escape(r.started)}</td><td>{html.escape(r.run_id)}</td>"
        f"<td>{html.escape(r.shape)}</td><td>{'passed' if r.passed else 'failed'}</td>"
        f"<td>{'yes' if r.is_norm else 'no'}</td>"
        f"<td>{html.escape(', '.join(r.defects) or '—')}</td><td>{html.escape(r.revision or '—')}</td></tr>"
        for i, r in enumerate(history)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>e-CRM performance trend</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font:14px system-ui,sans-serif;margin:1rem;max-width:1000px}}
.charts{{display:flex;flex-wrap:wrap;gap:8px}}svg{{max-width:100%;height:auto;border:1px solid #eee}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}</style></head>
<body><h1>e-CRM performance trend</h1>
<p>{runs} stored run(s). Green band: the baseline p95 (median of the last {k} runs that are part of it) up to the
regression threshold (+{margin * 100:.0f} % and at least +{min_delta_ms:.0f} ms). Red points: runs left out of the
baseline (a regression, an error, an integrity failure; a run that failed only the SLO gate is still part of it).</p>
{''.join(rows) or '<p>No stored runs yet.</p>'}
<h2>Runs</h2><table><caption>Stored runs, oldest first</caption><thead><tr><th>#</th><th>started (UTC)</th>
<th>run</th><th>shape</th><th>verdict</th><th>in the baseline</th><th>defects on</th><th>revision</th></tr></thead>
<tbody>{listing}</tbody>
</table></body></html>
"""


def write(history: list[RunRecord], path: Path, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(history, **kwargs), encoding="utf-8")
    return path
