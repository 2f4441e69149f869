"""Server-side inline SVG charts (SAL-RPT-5): accessible (``role="img"`` with an ``aria-label`` that reads the
numbers, inside a ``figure`` with a ``figcaption``), no script, no external resource."""
from django.utils.html import format_html, format_html_join

WIDTH = 640
LABEL_W = 150
VALUE_W = 120
BAR_H = 22
GAP = 10


def _shorten(text, limit=18):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(chart_id, caption, bars, description):
    """A horizontal bar chart.  ``bars`` = [(label, value (number), value text)]; ``description`` is the
    text alternative read by screen readers (the same numbers as the table)."""
    peak = max((float(value) for _label, value, _text in bars), default=0.0)
    plot_w = WIDTH - LABEL_W - VALUE_W
    height = max(len(bars), 1) * (BAR_H + GAP) + GAP
    rows = []
    for index, (label, value, text) in enumerate(bars):
        y = GAP + index * (BAR_H + GAP)
        width = 0 if peak <= 0 else max(float(value) / peak * plot_w, 1 if float(value) > 0 else 0)
        rows.append((
            y + BAR_H * 0.7, _shorten(label), LABEL_W, y, round(width, 1), BAR_H, label, value,
            LABEL_W + width + 6, y + BAR_H * 0.7, text,
        ))
    body = format_html_join(
        "",
        '<text x="4" y="{}" class="chart-label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="3" class="chart-bar" data-testid="chart-bar"'
        ' data-label="{}" data-value="{}"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        rows,
    )
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="{}"'
        ' focusable="false">{}</svg>',
        WIDTH, height, description, body,
    )
    return format_html(
        '<figure class="chart-figure" aria-labelledby="{}-caption">{}<figcaption id="{}-caption">{}</figcaption>'
        "</figure>",
        chart_id, svg, chart_id, caption,
    )
