"""结款 / Settlement (claims ready to pay) and 付款记录 / Payments."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

from pages.components import DataTable, ListControls, MainNav, Toast
from pages.labels import both


class SettlementPage:
    PATH = "/expense/settlement/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("结款", "Settlement"))
        self.table = DataTable(page.get_by_role("table", name=both("待结款报销单", "Claims ready to pay")))
        self.controls = ListControls(page)

    def open(self, query: str = "") -> SettlementPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> SettlementPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> SettlementPage:
        self.controls.apply(search=text)
        return self.loaded()

    def open_claim(self, number: str):
        from pages.expense.claims import ClaimDetailPage

        self.table.rows.get_by_role("link", name=number, exact=True).click()
        return ClaimDetailPage(self.page).loaded()


class PaymentListPage:
    PATH = "/expense/payments/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("付款记录", "Payments"))
        self.table = DataTable(page.get_by_role("table", name=both("付款记录列表", "Payment list")))
        self.controls = ListControls(page)

    def open(self, query: str = "") -> PaymentListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> PaymentListPage:
        self.heading.wait_for()
        return self

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)
