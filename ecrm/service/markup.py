"""The knowledge base's restricted markup (SVC-KB-1): everything is escaped; only three things are rendered.

- a blank line starts a new paragraph, a single newline is a line break;
- ``[text](https://example.com/path)`` is a link, for ``http`` and ``https`` URLs only (anything else, such as
  ``javascript:``, stays as escaped text); links open with ``rel="noopener noreferrer nofollow"``.

No HTML written by an author ever reaches the page as HTML, so no script, event handler or ``javascript:`` link can run.
"""
from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((https?://[^\s()<>\"']{1,500})\)")


def _inline(text: str) -> str:
    out, pos = [], 0
    for match in _LINK.finditer(text):
        out.append(escape(text[pos:match.start()]))
        label, url = match.group(1), match.group(2)
        out.append(f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(label)}</a>')
        pos = match.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def render(text: str) -> SafeString:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join("<p>" + "<br>".join(_inline(line) for line in p.strip("\n").split("\n")) + "</p>"
                   for p in paragraphs)
    return mark_safe(html)  # every piece of author text above went through escape()


def excerpt(text: str, length: int = 120) -> str:
    """Plain-text start of the content (the template escapes it)."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
