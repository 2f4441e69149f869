"""A list page's data table, and its search, filter, sort, pagination and export controls."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.labels import EXPORT_CSV, FILTER, NEXT, PAGINATION, PREVIOUS, SEARCH

Name = str | re.Pattern[str]


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
        with self.page.expect_download() as download_info:
            self.export_link.click()
        download = download_info.value
        target = directory / download.suggested_filename
        download.save_as(target)
        return target
