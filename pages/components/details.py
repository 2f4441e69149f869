"""A record page's details list (``<dl>`` of terms and values) and its audit trail table."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components.table import DataTable
from pages.labels import AUDIT_TRAIL, DETAILS, Name


class DetailsList:
    """The details region (基本信息 / Details unless named otherwise): one value per label."""

    def __init__(self, page: Page, name: Name = DETAILS):
        self.region: Locator = page.get_by_role("region", name=name)
        self._terms = page.get_by_role("term")

    def value(self, label: Name) -> Locator:
        """The value (``dd``) shown for a label (``dt``): ``"电话"`` matches that text exactly."""
        pattern = label if isinstance(label, re.Pattern) else re.compile(rf"^\s*{re.escape(label)}\s*$")
        return self.region.locator("div").filter(has=self._terms.filter(has_text=pattern)).get_by_role("definition")


def audit_trail(page: Page) -> DataTable:
    """The record's audit trail: who changed what, newest first."""
    return DataTable(page.get_by_role("table", name=AUDIT_TRAIL))
