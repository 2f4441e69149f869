"""A tiny document model (headings, paragraphs, lists, tables) rendered as Markdown or as self-contained HTML.

The summary, the defect reports and the traceability matrix are built once as blocks and rendered both ways, so the
Markdown and the HTML always say the same thing. A ``tone`` marks a cell or paragraph as bad (red), warn or good.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TONE_MARKS = {"bad": "🔴 ", "warn": "🟠 ", "good": "🟢 "}


@dataclass(frozen=True)
class Text:
    """A run of text, optionally a link, optionally code, optionally toned."""

    text: str
    href: str = ""
    tone: str = ""
    code: bool = False


@dataclass(frozen=True)
class Disclosure:
    """A summary line that expands to a list (HTML ``<details>``; Markdown: the summary, then the items)."""

    summary: Sequence[str | Text] | str
    items: tuple[Sequence[str | Text] | str | Text, ...]
    limit: int = 0  # Markdown has no <details>: it lists this many items at most (0: all), then says how many more


Inline = str | Text | Disclosure | Sequence[str | Text | Disclosure]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    content: Inline
    tone: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inline, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    empty: str = "—"  # what to say when there are no rows
    row_tones: tuple[str, ...] = ()  # a tone per row (HTML colours the row; Markdown marks its first cell)
    css_class: str = ""  # HTML only: a class on the table, for its column widths


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Figure:
    """An inline SVG chart (HTML only), with a caption; Markdown gets ``fallback`` blocks (a table) instead."""

    svg: str
    caption: str
    fallback: tuple = ()


Block = Heading | Paragraph | Bullets | Table | Code | Figure


def joined(items: Iterable[Inline], separator: str = "\n") -> list[str | Text]:
    """Several inline contents as one, with a separator between them."""
    out: list[str | Text] = []
    for index, item in enumerate(items):
        if index:
            out.append(separator)
        out += _parts(item)
    return out


def _parts(content: Inline) -> list[Text | Disclosure]:
    if isinstance(content, str):
        return [Text(content)]
    if isinstance(content, Text | Disclosure):
        return [content]
    return [part if isinstance(part, Text | Disclosure) else Text(part) for part in content]


# -- Markdown ----------------------------------------------------------------------------------------------------------
def _md_escape(text: str, in_table: bool) -> str:
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
    return text.replace("|", "\\|").replace("\n", "<br>") if in_table else text


def _md_inline(content: Inline, in_table: bool = False) -> str:
    out = []
    for part in _parts(content):
        if isinstance(part, Disclosure):
            separator = "<br>" if in_table else "\n"
            shown = part.items[: part.limit] if part.limit else part.items
            items = separator.join(f"- {_md_inline(item, in_table)}" for item in shown)
            if len(shown) < len(part.items):
                items += f"{separator}- … +{len(part.items) - len(shown)}"
            out.append(_md_inline(part.summary, in_table) + (separator + items if items else ""))
            continue
        if part.code:
            body = part.text.replace("`", "ˋ").replace("\n", " ")
            body = f"`{body.replace('|', '¦')}`" if in_table else f"`{body}`"
        else:
            body = _md_escape(part.text, in_table)
        if part.href:
            body = f"[{body}]({part.href.replace(' ', '%20')})"
        out.append(TONE_MARKS.get(part.tone, "") + body)
    return "".join(out)


def to_markdown(blocks: Iterable[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += ["#" * block.level + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [TONE_MARKS.get(block.tone, "") + _md_inline(block.content), ""]
        elif isinstance(block, Bullets):
            for number, item in enumerate(block.items, 1):
                lines.append(f"{number}. " if block.numbered else "- ")
                lines[-1] += _md_inline(item).replace("\n", "\n   ")
            lines.append("")
        elif isinstance(block, Table):
            if not block.rows:
                lines += [block.empty, ""]
                continue
            lines.append("| " + " | ".join(_md_escape(cell, True) for cell in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            for index, row in enumerate(block.rows):
                tone = block.row_tones[index] if index < len(block.row_tones) else ""
                cells = [_md_inline(cell, True) for cell in row]
                cells[0] = TONE_MARKS.get(tone, "") + cells[0]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
        elif isinstance(block, Code):
            fence = "````" if "```" in block.text else "```"
            lines += [fence, block.text.rstrip(), fence, ""]
        elif isinstance(block, Figure):
            lines += [f"*{block.caption}*", ""]
            lines.append(to_markdown(block.fallback).rstrip() if block.fallback else "")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------------------------------------
_BACKTICKS = re.compile(r"``(.+?)``|`([^`]+)`")


def _html_text(text: str) -> str:
    """Escaped text; Markdown code spans (```x``` or ``` ``x`` ```) become ``<code>``, never raw backticks."""
    out, last = [], 0
    for match in _BACKTICKS.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<code>{html.escape(match.group(1) or match.group(2))}</code>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out).replace("\n", "<br>")


def _html_inline(content: Inline) -> str:
    out = []
    for part in _parts(content):
        if isinstance(part, Disclosure):
            items = "".join(f"<li>{_html_inline(item)}</li>" for item in part.items)
            out.append(f"<details><summary>{_html_inline(part.summary)}</summary><ul>{items}</ul></details>")
            continue
        body = html.escape(part.text).replace("\n", "<br>") if part.code else _html_text(part.text)
        if part.code:
            body = f"<code>{body}</code>"
        if part.href:
            body = f'<a href="{html.escape(part.href, quote=True)}">{body}</a>'
        if part.tone:
            body = f'<span class="{part.tone}">{body}</span>'
        out.append(body)
    return "".join(out)


def to_html_fragment(blocks: Iterable[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            anchor = f' id="{html.escape(block.anchor, quote=True)}"' if block.anchor else ""
            out.append(f"<h{block.level}{anchor}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            tone = f' class="{block.tone}"' if block.tone else ""
            out.append(f"<p{tone}>{_html_inline(block.content)}</p>")
        elif isinstance(block, Bullets):
            tag = "ol" if block.numbered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_html_inline(item)}</li>" for item in block.items) + f"</{tag}>")
        elif isinstance(block, Table):
            if not block.rows:
                out.append(f'<p class="muted">{html.escape(block.empty)}</p>')
                continue
            head = "".join(f"<th>{html.escape(cell)}</th>" for cell in block.header)
            labels = [f' data-label="{html.escape(cell, quote=True)}"' if cell else "" for cell in block.header]
            tones = block.row_tones + ("",) * (len(block.rows) - len(block.row_tones))
            body = "".join(
                (f'<tr class="row-{tone}">' if tone else "<tr>")
                + "".join(f"<td{labels[index] if index < len(labels) else ''}>{_html_inline(cell)}</td>"
                          for index, cell in enumerate(row))
                + "</tr>"
                for row, tone in zip(block.rows, tones, strict=True)
            )
            table_class = f' class="{html.escape(block.css_class, quote=True)}"' if block.css_class else ""
            out.append(f'<div class="table"><table{table_class}><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
                       "</table></div>")
        elif isinstance(block, Code):
            out.append(f"<pre>{html.escape(block.text.rstrip())}</pre>")
        elif isinstance(block, Figure):
            out.append(f'<figure>{block.svg}<figcaption>{html.escape(block.caption)}</figcaption></figure>')
    return "\n".join(out)


STYLE = """
:root { color-scheme: light; --bad: #b3261e; --bad-bg: #fde7e6; --warn: #8a5a00; --warn-bg: #fff4d6;
        --good: #1b6e34; --line: #d7dbe0; --muted: #5f6670; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; color: #1d2126; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; }
.table { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
td { overflow-wrap: anywhere; }
table.trace { table-layout: fixed; }
table.trace th:nth-child(1) { width: 8.5em; } table.trace td:nth-child(1) code { white-space: nowrap; }
table.trace th:nth-child(2) { width: 6.5em; } table.trace th:nth-child(3) { width: 24%; }
table.trace th:nth-child(4), table.trace th:nth-child(5), table.trace th:nth-child(6) { width: 5.5em; }
table.trace th:nth-child(7) { width: 7.5em; }
details summary { cursor: pointer; color: #0b57d0; }
details ul { margin: .25rem 0; padding-left: 1.2rem; }
figure { margin: .5rem 0 1rem; max-width: 720px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
tr.row-bad td { background: var(--bad-bg); } tr.row-warn td { background: var(--warn-bg); }
.bad { color: var(--bad); font-weight: 600; } .warn { color: var(--warn); } .good { color: var(--good); }
.muted { color: var(--muted); }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }
.lang-switch { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid var(--line); }
.lang-switch label { margin-right: 1rem; cursor: pointer; color: #0b57d0; }
.lang-radio { position: absolute; opacity: 0; pointer-events: none; }
#lang-zh:checked ~ .lang-switch label[for="lang-zh"], #lang-en:checked ~ .lang-switch label[for="lang-en"],
#lang-both:checked ~ .lang-switch label[for="lang-both"] { font-weight: 700; color: inherit; }
#lang-zh:checked ~ main .lang-en, #lang-en:checked ~ main .lang-zh { display: none; }
#lang-both:checked ~ main { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }
#lang-both:checked ~ main .common { grid-column: 1 / -1; }
@media (max-width: 640px) {
  body { padding: .5rem .75rem 2rem; }
  #lang-both:checked ~ main { display: block; }
  .table { overflow-x: visible; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { position: absolute; left: -9999px; }
  tr { border: 1px solid var(--line); margin-bottom: .5rem; }
  td { border: 0; border-bottom: 1px solid var(--line); }
  td[data-label]::before { content: attr(data-label); display: block; font-weight: 600; color: var(--muted); }
  td:first-child code { white-space: normal; }
}
"""


def html_page(
    title: str, sections: Sequence[tuple[str, str, Sequence[Block]]], common: Sequence[Block] = ()
) -> str:
    """One self-contained page (inline CSS, no script, no external asset).

    ``sections`` is ``[(lang, label, blocks)]``; with more than one, radio buttons switch between the languages or
    show them side by side. ``common`` blocks (already bilingual) follow, whatever the choice.
    """
    switch = ""
    if len(sections) > 1:
        choices = [(lang.split("-")[0], label) for lang, label, _ in sections] + [("both", "中文 | English")]
        radios = "".join(
            f'<input class="lang-radio" type="radio" name="lang" id="lang-{key}"{" checked" if index == 0 else ""}>'
            for index, (key, _) in enumerate(choices)
        )
        labels = "".join(f'<label for="lang-{key}">{html.escape(label)}</label>' for key, label in choices)
        switch = f'{radios}<nav class="lang-switch">{labels}</nav>'
    body = "".join(
        f'<section class="lang-{lang.split("-")[0]}" lang="{lang}">{to_html_fragment(blocks)}</section>'
        for lang, _, blocks in sections
    )
    if common:
        body += f'<section class="common">{to_html_fragment(common)}</section>'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{switch}\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
