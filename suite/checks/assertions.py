"""Shared checks that tests call (page objects never assert): layout, CSV exports, encoding.

Each check raises ``AssertionError`` with a message a developer can act on.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from playwright.sync_api import Page

UTF8_BOM = b"\xef\xbb\xbf"

# Visible controls and text blocks, their boxes, and the pairs of them that overlap (an ancestor and its descendant
# never count, nor do boxes that touch only at an edge). Runs in the page.
_LAYOUT_PROBE = """
() => {
  const selector = 'a, button, input, select, textarea, label, h1, h2, th, td, [role=status], [role=alert]';
  // Visually hidden on purpose (the screen-reader-only pattern: a 1 px clipped box), or not rendered at all.
  const srOnly = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      const clipped = style.clip === 'rect(0px, 0px, 0px, 0px)';
      if (clipped || (style.overflow === 'hidden' && (box.width <= 1 || box.height <= 1))) return true;
    }
    return false;
  };
  const visible = el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0
      && !el.closest('dialog:not([open])') && !el.closest('[hidden]') && !srOnly(el);
  };
  const items = [...document.querySelectorAll(selector)].filter(visible);
  const describe = el => {
    const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || '').trim();
    return `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`;
  };
  const boxes = items.map(el => ({ el, box: el.getBoundingClientRect() }));
  const width = document.documentElement.clientWidth;
  // Partly outside the viewport's width. (Wholly off-screen, like a skip link parked at -9999 px, is a deliberate
  // hiding technique and would widen the page if it were on the right, which scrollWidth catches.)
  const cutOff = boxes
    .filter(({ box }) => (box.left < -1 && box.right > 0) || (box.left < width && box.right > width + 1))
    .map(({ el, box }) => `${describe(el)} spans x=${Math.round(box.left)}..${Math.round(box.right)}`);
  const overlaps = [];
  // Each line box of an element (an inline link that wraps has several): a wrapped link's bounding box spans the
  // whole width, but only its line boxes are drawn.
  const leaves = boxes.filter(({ el }) => ['A','BUTTON','INPUT','SELECT','TEXTAREA'].includes(el.tagName))
    .map(({ el }) => ({ el, rects: [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0) }));
  const intersects = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i], b = leaves[j];
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      if (a.rects.some(ra => b.rects.some(rb => intersects(ra, rb))))
        overlaps.push(`${describe(a.el)} overlaps ${describe(b.el)}`);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    cutOff: cutOff.slice(0, 10),
    overlaps: overlaps.slice(0, 10),
  };
}
"""


def assert_layout_intact(page: Page) -> None:
    """COM-UI-1: no horizontal scroll, nothing cut off at the sides, no control overlapping another."""
    probe = page.evaluate(_LAYOUT_PROBE)
    problems = []
    if probe["scrollWidth"] > probe["clientWidth"] + 1:
        problems.append(
            f"the page scrolls horizontally ({probe['scrollWidth']} px content in {probe['clientWidth']} px)"
        )
    problems += [f"cut off: {item}" for item in probe["cutOff"]]
    problems += [f"overlap: {item}" for item in probe["overlaps"]]
    viewport = page.viewport_size or {}
    assert not problems, f"layout broken at {viewport.get('width')}x{viewport.get('height')} on {page.url}:\n  " + \
        "\n  ".join(problems)


def read_csv_export(path: Path) -> list[dict[str, str]]:
    """COM-UI-4: the export is UTF-8 with a BOM (so Excel reads Chinese); returns its rows as dicts."""
    raw = path.read_bytes()
    assert raw.startswith(UTF8_BOM), f"{path.name} has no UTF-8 BOM: starts with {raw[:8]!r}"
    text = raw[len(UTF8_BOM):].decode("utf-8")  # raises on anything that is not UTF-8
    return list(csv.DictReader(io.StringIO(text)))


MOJIBAKE_MARKERS = ("\ufffd", "Ã", "Â", "â€", "锟斤拷", "ï¿½")


def assert_no_mojibake(text: str) -> None:
    """COM-UI-2: no replacement characters or the tell-tale sequences of text decoded with the wrong charset."""
    found = [marker for marker in MOJIBAKE_MARKERS if marker in text]
    assert not found, f"mojibake {found} in: {text[:200]!r}"
