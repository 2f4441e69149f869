"""The layout's header: main navigation, language switch and log-out."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.labels import LANGUAGE, LOG_OUT, MAIN_NAV, MENU, SWITCH


class MainNav:
    def __init__(self, page: Page):
        self.page = page
        self.root: Locator = page.get_by_role("navigation", name=MAIN_NAV)
        self.menu_button = page.get_by_role("button", name=MENU)
        self.language = page.get_by_role("combobox", name=LANGUAGE)
        self._switch = page.get_by_role("button", name=SWITCH)
        self._log_out = page.get_by_role("button", name=LOG_OUT)

    def link(self, name: str | re.Pattern[str], exact: bool | None = None) -> Locator:
        return self.root.get_by_role("link", name=name, exact=exact)

    def go(self, name: str | re.Pattern[str]) -> None:
        """Follow a navigation link, opening the collapsed menu first on narrow screens."""
        link = self.link(name)
        if not link.is_visible() and self.menu_button.is_visible():
            self.menu_button.click()
        link.click()

    def switch_language(self, code: str) -> None:
        """``code`` is ``"zh-hans"`` or ``"en"``."""
        if not self.language.is_visible() and self.menu_button.is_visible():
            self.menu_button.click()
        self.language.select_option(code)
        self._switch.click()

    def log_out(self) -> None:
        if not self._log_out.is_visible() and self.menu_button.is_visible():
            self.menu_button.click()
        self._log_out.click()
