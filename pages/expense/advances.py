"""我的借支 / My advances: the list with the outstanding balance, the form and the advance page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.expense.common import DETAILS, audit_trail, detail_value
from pages.labels import both
from suite.data.expense import AdvanceData

FIELDS = {
    "purpose": both("用途", "Purpose"),
    "amount": both("金额", "Amount"),
    "project": both("项目", "Project"),
    "expected_repayment": both("预计还款日期", "Expected repayment date"),
}


class AdvanceListPage:
    PATH = "/expense/advances/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("我的借支", "My advances"))
        self.table = DataTable(page.get_by_role("table", name=both("借支列表", "Advance list")))
        self.controls = ListControls(page)
        self.outstanding_total = page.get_by_test_id("outstanding-total")
        self.overdue_alert = page.get_by_role("alert")
        self._new = page.get_by_role("link", name=both("新建借支", "New advance"))

    def open(self) -> AdvanceListPage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> AdvanceListPage:
        self.heading.wait_for()
        return self

    def new_advance(self) -> AdvanceFormPage:
        self._new.click()
        return AdvanceFormPage(self.page).loaded()


class AdvanceFormPage:
    NEW_PATH = "/expense/advances/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            r"^(新建借支|编辑借支|New advance|Edit advance)$"))
        self.form = Form(page.get_by_role("main"))

    def open_new(self) -> AdvanceFormPage:
        self.page.goto(self.NEW_PATH)
        return self.loaded()

    def loaded(self) -> AdvanceFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def _fill(self, advance: AdvanceData, project_label: str | None) -> None:
        values = {FIELDS["purpose"]: advance.purpose, FIELDS["amount"]: advance.amount,
                  FIELDS["expected_repayment"]: advance.expected_repayment}
        if project_label:
            values[FIELDS["project"]] = project_label
        self.form.fill(values)
        self.form.submit()

    def create(self, advance: AdvanceData, project_label: str | None = None) -> AdvanceDetailPage:
        self._fill(advance, project_label)
        return AdvanceDetailPage(self.page).loaded()

    def create_expecting_errors(self, advance: AdvanceData, project_label: str | None = None) -> AdvanceFormPage:
        self._fill(advance, project_label)
        self.form.errors.first.wait_for()
        return self


class AdvanceDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=DETAILS)
        self.status_badge = page.get_by_test_id("advance-status")
        self.outstanding = page.get_by_test_id("advance-outstanding")
        self.audit_trail = audit_trail(page)
        self.approval_region = page.get_by_role("region", name=both("审批", "Approval"))
        self.approval_form = Form(self.approval_region, submit=both("批准", "Approve"))
        self._submit = page.get_by_role("button", name=both("提交", "Submit"))
        self._disburse = page.get_by_role("button", name=both("发放", "Disburse"))

    def open(self, advance_id: int) -> AdvanceDetailPage:
        self.page.goto(f"/expense/advances/{advance_id}/")
        return self.loaded()

    def loaded(self) -> AdvanceDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str) -> Locator:
        return detail_value(self.page, self.details, label)

    def submit(self) -> AdvanceDetailPage:
        self._submit.click()
        return self.loaded()

    def disburse(self) -> AdvanceDetailPage:
        self._disburse.click()
        return self.loaded()

    def approve(self, comment: str = ""):
        from pages.expense.approvals import ApprovalInboxPage

        if comment:
            self.approval_form.set(both("审批意见", "Comment"), comment)
        self.approval_form.submit()
        return ApprovalInboxPage(self.page).loaded()
