"""A kanban board: one region per column (named by its heading) with a count, an amount and a list of cards."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

Name = str | re.Pattern[str]


class KanbanBoard:
    def __init__(self, page: Page):
        self.page = page
        self.columns: Locator = page.get_by_role("main").get_by_role("region")

    def column(self, name: Name) -> Locator:
        """The column region named ``name`` (the stage's label)."""
        return self.page.get_by_role("region", name=name, exact=isinstance(name, str))

    def count(self, name: Name) -> Locator:
        """The column's count (its text and ``data-count`` attribute)."""
        return self.column(name).get_by_test_id("column-count")

    def amount(self, name: Name) -> Locator:
        """The column's amount (its text and ``data-amount`` attribute, a plain decimal)."""
        return self.column(name).get_by_test_id("column-amount")

    def cards(self, name: Name) -> Locator:
        return self.column(name).get_by_role("listitem")

    def overflow(self, name: Name) -> Locator:
        """The note under a full column: how many more cards the list view holds (the board shows the newest 50)."""
        return self.column(name).get_by_text(re.compile(r"^(列表视图中还有 \d+ 个|\d+ more in the list view)$"))

    def card(self, name: Name, text: str) -> Locator:
        return self.cards(name).filter(has_text=text)

    def column_names(self) -> list[str]:
        return [" ".join(h.split()) for h in self.columns.get_by_role("heading", level=2).all_inner_texts()]

    def open_card(self, name: Name, opportunity: str) -> None:
        self.column(name).get_by_role("link", name=opportunity, exact=True).click()
