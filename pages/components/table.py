"""A list page's data table, and its search, filter, sort, pagination and export controls."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from playwright.sync_api import Locator, Page

from pages.labels import EXPORT_CSV, FILTER, NEXT, PAGINATION, PREVIOUS, SEARCH, Name


class Listed(Protocol):
    """A page with a list: its page and its screen (to wait for the reloaded list)."""

    page: Page

    @property
    def screen(self) -> Waits: ...


class Waits(Protocol):
    def wait(self) -> None: ...

    def follow(self, link: Locator, target: Callable[[Page], Any]) -> Any: ...


P = TypeVar("P", bound=Listed)
Q = TypeVar("Q")  # the page a row's link leads to


class DataTable:
    def __init__(self, root: Locator):
        self.root = root
        self.rows: Locator = root.locator("tbody").get_by_role("row")
        self.headers: Locator = root.get_by_role("columnheader")

    def header(self, name: Name) -> Locator:
        return self.root.get_by_role("columnheader", name=name)

    def row(self, text: str) -> Locator:
        """The body row containing ``text``."""
        return self.rows.filter(has_text=text)

    def column_index(self, name: Name) -> int:
        """The position of the column whose header's accessible name is ``name``."""
        return self.header(name).evaluate("cell => cell.cellIndex")

    def column(self, name: Name) -> list[str]:
        """The texts of one column, top to bottom (read once; wait for the table first with ``expect``)."""
        index = self.column_index(name)
        return [" ".join(row.get_by_role("cell").nth(index).inner_text().split()) for row in self.rows.all()]

    def cell(self, text: str, name: Name) -> Locator:
        """The cell of column ``name`` in the body row containing ``text``."""
        return self.row(text).get_by_role("cell").nth(self.column_index(name))

    def link(self, name: str) -> Locator:
        """The link named exactly ``name`` in the body rows (a record's number or name)."""
        return self.rows.get_by_role("link", name=name, exact=True)

    def sort_by(self, name: Name) -> None:
        self.header(name).get_by_role("link").click()


class ListControls:
    """Search box, filter selects and the filter button, pagination and CSV export of a list page."""

    def __init__(self, page: Page):
        self.page = page
        self.search_region = page.get_by_role("search")
        self.search_box = self.search_region.get_by_role("searchbox", name=SEARCH)
        self.apply_button = self.search_region.get_by_role("button", name=FILTER)
        self.pagination = page.get_by_role("navigation", name=PAGINATION)
        self.next_link = self.pagination.get_by_role("link", name=NEXT)
        self.previous_link = self.pagination.get_by_role("link", name=PREVIOUS)
        self.result_count = page.get_by_test_id("result-count")
        self.export_link = page.get_by_role("link", name=EXPORT_CSV)

    def filter_select(self, name: Name) -> Locator:
        return self.search_region.get_by_role("combobox", name=name)

    def apply(self, search: str | None = None, filters: dict[Name, str] | None = None) -> None:
        """Search and/or filter; ``filters`` maps a filter's accessible name to an option label."""
        if search is not None:
            self.search_box.fill(search)
        for name, option in (filters or {}).items():
            self.filter_select(name).select_option(label=option)
        self.apply_button.click()

    def export(self, directory: Path) -> Path:
        """Download the CSV export into ``directory`` and return its path."""
        return download(self.page, self.export_link, directory)


def download(page: Page, link: Locator, directory: Path) -> Path:
    """Follow a download link and save the file into ``directory``; its path."""
    with page.expect_download() as download_info:
        link.click()
    target = directory / download_info.value.suggested_filename
    download_info.value.save_as(target)
    return target


class ListView(Generic[P]):
    """A list page's list: its data table with search, filters (by key), sort (by column key), pages and CSV export.

    Composed as ``self.list = ListView(self, table_name, columns, filters)``; every control that reloads the list
    returns the owner page, loaded: ``CustomerListPage.list.search("ACME")`` is the ``CustomerListPage``.
    """

    SERVICES = ("search", "filter", "sort_by", "next_page", "export_csv")  # what a test calls through the owner

    def __init__(self, owner: P, table: Name, columns: dict[str, Name] | None = None,
                 filters: dict[str, Name] | None = None):
        self.owner = owner
        self.page = page = owner.page
        self.table = DataTable(page.get_by_role("table", name=table))
        self.controls = ListControls(page)
        self.empty_state: Locator = page.get_by_test_id("empty-state")
        self.columns: dict[str, Name] = dict(columns or {})
        self.filters: dict[str, Name] = dict(filters or {})

    def _reloaded(self) -> P:
        self.owner.screen.wait()
        return self.owner

    def search(self, text: str) -> P:
        self.controls.apply(search=text)
        return self._reloaded()

    def filter(self, **options: str) -> P:
        """``filter(level="顶端")``: pick filter options (by filter key) by their visible labels and apply."""
        self.controls.apply(filters={self.filters[key]: label for key, label in options.items()})
        return self._reloaded()

    def sort_by(self, column: str) -> P:
        """Click a column header (again to reverse the order); ``column`` is a key of the columns."""
        self.table.sort_by(self.columns[column])
        return self._reloaded()

    def next_page(self) -> P:
        self.controls.next_link.click()
        return self._reloaded()

    def export_csv(self, directory: Path) -> Path:
        """Download the list's CSV export into ``directory``; its path."""
        return self.controls.export(directory)

    def cell(self, text: str, column: str) -> Locator:
        return self.table.cell(text, self.columns[column])

    def open_row(self, name: str, target: Callable[[Page], Q]) -> Q:
        """Follow the (first) link named ``name`` in the table to the record's page ``target`` (a page class)."""
        return self.owner.screen.follow(self.table.link(name).first, target)
