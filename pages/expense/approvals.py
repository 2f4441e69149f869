"""审批 / Approvals: the inbox of claims and advances waiting for the user, with bulk approve."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, MainNav, Toast
from pages.labels import both


class ApprovalInboxPage:
    PATH = "/expense/approvals/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("审批", "Approvals"))
        self.claims_region = page.get_by_role("region", name=both("待审批报销", "Claims awaiting approval"))
        self.advances_region = page.get_by_role("region", name=both("待审批借支", "Advances awaiting approval"))
        self.claims = DataTable(self.claims_region.get_by_role("table"))
        self.advances = DataTable(self.advances_region.get_by_role("table"))
        self.errors = page.get_by_role("alert")
        self._bulk = page.get_by_role("button", name=both("批准所选", "Approve selected"))

    def open(self) -> ApprovalInboxPage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> ApprovalInboxPage:
        self.heading.wait_for()
        return self

    def claim_link(self, number: str) -> Locator:
        return self.claims_region.get_by_role("link", name=number, exact=True)

    def advance_link(self, number: str) -> Locator:
        return self.advances_region.get_by_role("link", name=number, exact=True)

    def open_claim(self, number: str):
        from pages.expense.claims import ClaimDetailPage

        self.claim_link(number).click()
        return ClaimDetailPage(self.page).loaded()

    def open_advance(self, number: str):
        from pages.expense.advances import AdvanceDetailPage

        self.advance_link(number).click()
        return AdvanceDetailPage(self.page).loaded()

    def select(self, *numbers: str) -> ApprovalInboxPage:
        for number in numbers:
            self.page.get_by_role("checkbox", name=both(f"选择 {number}", f"Select {number}")).check()
        return self

    def approve_selected(self) -> ApprovalInboxPage:
        self._bulk.click()
        return self.loaded()
