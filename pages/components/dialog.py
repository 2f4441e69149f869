"""A confirmation dialog (native <dialog>) with Confirm and Cancel."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.labels import CANCEL, CONFIRM


class Dialog:
    def __init__(self, page: Page, name: str | re.Pattern[str]):
        self.root: Locator = page.get_by_role("dialog", name=name)
        self._confirm = self.root.get_by_role("button", name=CONFIRM)
        self._cancel = self.root.get_by_role("button", name=CANCEL)

    def confirm(self) -> None:
        self._confirm.click()

    def dismiss(self) -> None:
        self._cancel.click()
