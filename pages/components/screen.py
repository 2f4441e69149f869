"""What every page object has: the page's address, its level-1 heading and the one way to open it and wait for it.

Composed into each page as ``self.screen``: the page keeps its own labels and services, the screen knows how to get
there (``visit``) and when the page has loaded (``wait``: its ready element, the heading unless the page names
another).
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response

from pages.labels import Name


class Screen:
    def __init__(self, page: Page, path: str = "", heading: Name | None = None, ready: Locator | None = None):
        """``path`` may hold ``{}`` placeholders for the record's id (``"/sales/customers/{}/"``)."""
        self.page = page
        self.path = path
        self.heading: Locator = page.get_by_role("heading", level=1) if heading is None else page.get_by_role(
            "heading", level=1, name=heading)
        self.body: Locator = page.locator("body")  # the whole document: header, main and footer
        self.main: Locator = page.get_by_role("main")
        self.alerts: Locator = page.get_by_role("alert")
        self.ready: Locator = self.heading if ready is None else ready

    def url(self, *ids: object, query: str = "") -> str:
        return self.path.format(*ids) + (f"?{query}" if query else "")

    def visit(self, *ids: object, query: str = "") -> Response | None:
        """Go to the page's address; the browser's answer (its status tells a refusal from a page)."""
        return self.go(self.url(*ids, query=query))

    def go(self, path: str, query: str = "") -> Response | None:
        """Go to another address of the same page (a form's "new" address beside its "edit" one)."""
        return self.page.goto(path + (f"?{query}" if query else ""))

    def text(self, value: str) -> Locator:
        """Where ``value`` is shown on the page (a record's text that must, or must not, be there)."""
        return self.page.get_by_text(value)

    def wait(self) -> None:
        """Wait until the page has loaded: its ready element is there."""
        self.ready.wait_for()
