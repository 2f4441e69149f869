"""Pieces shared by the e-Service page objects (composition helpers, not base classes)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.labels import both

AUDIT_TRAIL = both("审计记录", "Audit trail")


def detail_value(region: Locator, page: Page, label: re.Pattern[str] | str) -> Locator:
    """The ``<dd>`` shown for a ``<dt>`` label inside a details region."""
    term = page.get_by_role("term").filter(has_text=label if isinstance(label, re.Pattern) else re.compile(
        rf"^\s*{re.escape(label)}\s*$"))
    return region.locator("div").filter(has=term).get_by_role("definition")
