"""A server-rendered chart: a ``figure`` named by its caption holding an ``img`` (the SVG, whose accessible name
reads the numbers) and one bar per row (``data-testid="chart-bar"`` with ``data-label`` and ``data-value``)."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Locator, Page

Name = str | re.Pattern[str]


class Chart:
    def __init__(self, page: Page, caption: Name):
        self.figure: Locator = page.get_by_role("figure", name=caption)
        self.image: Locator = self.figure.get_by_role("img")
        self.bars: Locator = self.figure.get_by_test_id("chart-bar")

    def values(self) -> list[tuple[str, Decimal]]:
        """(label, value) of every bar, top to bottom (read once; wait for the chart first with ``expect``)."""
        result = []
        for bar in self.bars.all():
            result.append((bar.get_attribute("data-label") or "", Decimal(bar.get_attribute("data-value") or "0")))
        return result

    def description(self) -> str:
        return self.image.get_attribute("aria-label") or ""
