"""我的报销 / My claims: the list, the claim form and the claim page (lines, workflow, approval, payment)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Dialog, Form, ListControls, MainNav, Toast
from pages.expense.common import DETAILS, audit_trail, detail_value
from pages.labels import both
from suite.data.expense import CATEGORY_LABELS, LineData

CLAIM_FIELDS = {"title": both("标题", "Title"), "project": both("项目", "Project")}
LINE_FIELDS = {
    "date": both("日期", "Date"),
    "category": both("类别", "Category"),
    "amount": both("金额", "Amount"),
    "description": both("说明", "Description"),
    "receipt": both("收据", "Receipt"),
}
PAY_FIELDS = {"method": both("付款方式", "Payment method"), "paid_on": both("付款日期", "Payment date")}
METHODS = {"bank": ("银行转账", "Bank transfer"), "cash": ("现金", "Cash")}


class ClaimListPage:
    PATH = "/expense/claims/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("我的报销", "My claims"))
        self.table = DataTable(page.get_by_role("table", name=both("报销单列表", "Claim list")))
        self.controls = ListControls(page)
        self._new = page.get_by_role("link", name=both("新建报销", "New claim"))

    def open(self, query: str = "") -> ClaimListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> ClaimListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> ClaimListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def filter_status(self, label: str) -> ClaimListPage:
        self.controls.apply(filters={both("状态", "Status"): label})
        return self.loaded()

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_claim(self) -> ClaimFormPage:
        self._new.click()
        return ClaimFormPage(self.page).loaded()

    def open_claim(self, number_or_draft: str) -> ClaimDetailPage:
        self.table.row(number_or_draft).get_by_role("link").first.click()
        return ClaimDetailPage(self.page).loaded()


class ClaimFormPage:
    NEW_PATH = "/expense/claims/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            r"^(新建报销|编辑报销|New claim|Edit claim)$"))
        self.form = Form(page.get_by_role("main"))

    def open_new(self) -> ClaimFormPage:
        self.page.goto(self.NEW_PATH)
        return self.loaded()

    def loaded(self) -> ClaimFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(CLAIM_FIELDS[name])

    def project_options(self) -> Locator:
        return self.field("project").get_by_role("option")

    def fill(self, title: str, project_label: str | None = None) -> ClaimFormPage:
        self.form.set(CLAIM_FIELDS["title"], title)
        if project_label:
            self.form.set(CLAIM_FIELDS["project"], project_label)
        return self

    def save(self) -> ClaimDetailPage:
        self.form.submit()
        return ClaimDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> ClaimFormPage:
        self.form.submit()
        self.form.errors.first.wait_for()
        return self


class ClaimDetailPage:
    """One claim: details, lines (add with a receipt), submit/withdraw, approve/reject, pay, audit trail."""

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=DETAILS)
        self.status_badge = page.get_by_test_id("claim-status")
        self.total = page.get_by_test_id("claim-total")
        self.lines = DataTable(page.get_by_role("table", name=both("报销明细", "Claim lines")))
        self.add_line_region = page.get_by_role("region", name=both("添加明细", "Add line"))
        self.line_form = Form(self.add_line_region, submit=both("添加明细", "Add line"))
        self.approval_region = page.get_by_role("region", name=both("审批", "Approval"))
        self.approval_form = Form(self.approval_region, submit=both("批准", "Approve"))
        self._reject = self.approval_region.get_by_role("button", name=both("驳回", "Reject"))
        self.pay_region = page.get_by_role("region", name=both("结款", "Pay the claim"))
        self.pay_form = Form(self.pay_region, submit=both("付款", "Pay"))
        self.payment_region = page.get_by_role("region", name=both("付款信息", "Payment"))
        self.payment_number = page.get_by_test_id("payment-number")
        self.payment_amount = page.get_by_test_id("payment-amount")
        self.audit_trail = audit_trail(page)
        self.edit_link = page.get_by_role("link", name=both("编辑报销", "Edit claim"))
        self.submit_button = page.get_by_role("button", name=both("提交", "Submit"))
        self.withdraw_button = page.get_by_role("button", name=both("撤回", "Withdraw"))
        self.delete_button = page.get_by_role("button", name=both("删除", "Delete"))
        self.delete_dialog = Dialog(page, both("删除报销单", "Delete claim"))

    def open(self, claim_id: int) -> ClaimDetailPage:
        self.page.goto(f"/expense/claims/{claim_id}/")
        return self.loaded()

    def loaded(self) -> ClaimDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str) -> Locator:
        return detail_value(self.page, self.details, label)

    # -- lines -------------------------------------------------------------------------------------------------
    def _fill_line(self, line: LineData, receipt: Path | None, language: str = "zh-hans") -> None:
        category = CATEGORY_LABELS[line.category][0 if language == "zh-hans" else 1]
        self.line_form.fill({LINE_FIELDS["date"]: line.date, LINE_FIELDS["category"]: category,
                             LINE_FIELDS["amount"]: line.amount, LINE_FIELDS["description"]: line.description})
        if receipt is not None:
            self.line_form.field(LINE_FIELDS["receipt"]).set_input_files(str(receipt))
        self.line_form.submit()

    def add_line(self, line: LineData, receipt: Path | None = None, language: str = "zh-hans") -> ClaimDetailPage:
        self._fill_line(line, receipt, language)
        self.toast.success.wait_for()
        return self.loaded()

    def add_line_expecting_errors(self, line: LineData, receipt: Path | None = None,
                                  language: str = "zh-hans") -> ClaimDetailPage:
        self._fill_line(line, receipt, language)
        self.line_form.errors.first.wait_for()
        return self

    def line_field(self, name: str) -> Locator:
        return self.line_form.field(LINE_FIELDS[name])

    def delete_line(self, text: str) -> ClaimDetailPage:
        self.lines.row(text).get_by_role("button", name=both("删除明细", "Delete line")).click()
        return self.loaded()

    def receipt_link(self, text: str) -> Locator:
        return self.lines.row(text).get_by_role("link", name=both("查看收据", "View receipt"))

    # -- workflow ----------------------------------------------------------------------------------------------
    def submit(self) -> ClaimDetailPage:
        self.submit_button.click()
        return self.loaded()

    def withdraw(self) -> ClaimDetailPage:
        self.withdraw_button.click()
        return self.loaded()

    def edit(self) -> ClaimFormPage:
        self.edit_link.click()
        return ClaimFormPage(self.page).loaded()

    def delete(self) -> ClaimListPage:
        self.delete_button.click()
        self.delete_dialog.confirm()
        return ClaimListPage(self.page).loaded()

    def approve(self, comment: str = ""):
        from pages.expense.approvals import ApprovalInboxPage

        if comment:
            self.approval_form.set(both("审批意见", "Comment"), comment)
        self.approval_form.submit()
        return ApprovalInboxPage(self.page).loaded()

    def reject(self, comment: str):
        from pages.expense.approvals import ApprovalInboxPage

        self.approval_form.set(both("审批意见", "Comment"), comment)
        self._reject.click()
        return ApprovalInboxPage(self.page).loaded()

    def reject_expecting_errors(self, comment: str = "") -> ClaimDetailPage:
        self.approval_form.set(both("审批意见", "Comment"), comment)
        self._reject.click()
        self.approval_form.errors.first.wait_for()
        return self

    def comment_field(self) -> Locator:
        return self.approval_form.field(both("审批意见", "Comment"))

    # -- payment -----------------------------------------------------------------------------------------------
    def offset_field(self, advance_number: str) -> Locator:
        return self.pay_form.field(both(f"冲销 {advance_number}", f"Offset against {advance_number}"))

    def _fill_pay(self, method: str, offsets: dict[str, str] | None) -> None:
        self.pay_form.set(PAY_FIELDS["method"], METHODS[method][0])
        for number, amount in (offsets or {}).items():
            self.offset_field(number).fill(amount)
        self.pay_form.submit()

    def pay(self, method: str = "cash", offsets: dict[str, str] | None = None) -> ClaimDetailPage:
        self._fill_pay(method, offsets)
        self.payment_region.wait_for()
        return self

    def pay_expecting_errors(self, method: str = "cash", offsets: dict[str, str] | None = None) -> ClaimDetailPage:
        self._fill_pay(method, offsets)
        self.pay_form.errors.first.wait_for()
        return self

    def pay_field(self, name: str) -> Locator:
        return self.pay_form.field(PAY_FIELDS[name])
