"""Any page of the e-CRM opened by its address, for the checks that run over many pages alike (layout at every
width, the language of the page furniture, access and redirects): what every page has, found the same way."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response

from pages.components import Screen
from pages.session import LoginPage


class GenericPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self)
        self.heading, self.main = self.screen.heading, self.screen.main
        self.tables: Locator = page.get_by_role("table")
        self.images: Locator = page.get_by_role("img")
        # The page's own furniture inside main: what must be in the user's language.
        self.column_headers: Locator = self.main.get_by_role("columnheader")
        self.terms: Locator = self.main.get_by_role("term")
        self.buttons: Locator = self.main.get_by_role("button")
        self.section_headings: Locator = self.main.get_by_role("heading", level=2)

    def open(self, path: str) -> GenericPage:
        """Open ``path`` and wait for its heading."""
        self.screen.go(path)
        self.screen.wait()
        return self

    def open_path(self, path: str) -> Response | None:
        """Open ``path``; the browser's answer, whatever it is (an accessibility scan reads any page)."""
        return self.screen.go(path)

    def open_expecting_refusal(self, path: str) -> Response | None:
        """Open ``path`` where the user may not: the browser's answer (403 or 404, and the e-CRM's refusal page)."""
        return self.screen.go(path)

    def open_expecting_login(self, path: str) -> LoginPage:
        """Open a protected ``path`` without a session: the e-CRM sends the visitor to log in (``?next=path``)."""
        self.screen.go(path)
        return LoginPage(self.page).screen.loaded()

    def text(self, value: str) -> Locator:
        """Where ``value`` is shown on the page."""
        return self.screen.text(value)
