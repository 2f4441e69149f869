"""What every page object has: the page's address, its level-1 heading and the one way to open it and wait for it.

Composed into each page as ``self.screen = Screen(self, path, heading)``: the page keeps its own labels and services,
the screen knows how to get there and when the page has loaded (its ready element: the heading unless the page names
another). The screen is generic over its owner page, so its navigation returns the owner, typed:
``CustomerListPage(page).screen.open()`` is a ``CustomerListPage``, loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from playwright.sync_api import Locator, Page, Response

from pages.components.nav import MainNav
from pages.components.toast import Toast
from pages.labels import Name


class PageObject(Protocol):
    page: Page


P = TypeVar("P", bound=PageObject)  # the page object a component is composed into (its owner)
Q = TypeVar("Q")  # the page object a navigation leads to


def arrive(page: Page, target: Callable[[Page], Any]) -> Any:
    """The page object ``target`` (a page class) of the browser page, once it has loaded: where a navigation
    leads."""
    return target(page).screen.loaded()


class Screen(Generic[P]):
    SERVICES = ("open", "open_new", "open_edit", "open_expecting_refusal")  # what a test calls through the owner

    def __init__(self, owner: P, path: str = "", heading: Name | None = None, ready: Locator | None = None,
                 new_path: str = ""):
        """``path`` may hold ``{}`` placeholders for the record's id (``"/sales/customers/{}/"``); ``new_path`` is a
        form's address for a new record, beside its edit address ``path``."""
        self.owner = owner
        self.page = page = owner.page
        self.path = path
        self.new_path = new_path or path
        self.heading: Locator = page.get_by_role("heading", level=1) if heading is None else page.get_by_role(
            "heading", level=1, name=heading)
        self.body: Locator = page.locator("body")  # the whole document: header, main and footer
        self.main: Locator = page.get_by_role("main")
        self.alerts: Locator = page.get_by_role("alert")
        self.ready: Locator = self.heading if ready is None else ready
        self.nav = MainNav(page)  # the layout's frame around every page: its header and its feedback messages
        self.toast = Toast(page)

    def url(self, *ids: object, query: str = "") -> str:
        """The address (of the record ``ids``); a query string is given by name, ``query="q=ACME"``."""
        if len(ids) != self.path.count("{}"):
            raise TypeError(f"{self.path} takes {self.path.count('{}')} id(s), not {ids!r} (a query goes as query=)")
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

    def loaded(self) -> P:
        """The owner page, once it has loaded (what every navigation to it returns)."""
        self.wait()
        return self.owner

    def follow(self, link: Locator, target: Callable[[Page], Q]) -> Q:
        """Follow a link or button of the page to the page ``target`` (a page class), loaded."""
        link.click()
        return arrive(self.page, target)

    def open(self, *ids: object, query: str = "") -> P:
        """Open the page (a record's page by its id) and wait for it."""
        self.visit(*ids, query=query)
        return self.loaded()

    def open_new(self, customer_id: int | None = None, query: str = "") -> P:
        """Open a form for a new record, prefilled for a customer (``?customer=<id>``) when one is given."""
        self.go(self.new_path, query or (f"customer={customer_id}" if customer_id else ""))
        return self.loaded()

    def open_edit(self, record_id: int) -> P:
        """Open the form of an existing record."""
        self.visit(record_id)
        return self.loaded()

    def open_expecting_refusal(self, *ids: object) -> Response | None:
        """Open the page where the user may not: the browser's answer (403 or 404, and the e-CRM's refusal page)."""
        return self.visit(*ids)
