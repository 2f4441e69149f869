"""Feedback messages: success in a status region, errors in an alert."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class Toast:
    def __init__(self, page: Page):
        self.success: Locator = page.get_by_test_id("toast")
        self.error: Locator = page.get_by_role("alert")
