"""结款 / Settlement (claims ready to pay) and 付款记录 / Payments."""

from __future__ import annotations

from playwright.sync_api import Page

from pages.components import ListView, Screen
from pages.expense.workflow import ClaimDetailPage
from pages.labels import both


class SettlementPage:
    PATH = "/expense/settlement/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("结款", "Settlement"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("待结款报销单", "Claims ready to pay"))
        self.table, self.controls = self.list.table, self.list.controls

    def open_claim(self, number: str) -> ClaimDetailPage:
        return self.list.open_row(number, ClaimDetailPage)


class PaymentListPage:
    PATH = "/expense/payments/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("付款记录", "Payments"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("付款记录列表", "Payment list"))
        self.table, self.controls = self.list.table, self.list.controls
