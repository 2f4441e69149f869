"""The approval workflow of e-Expense: 我的报销 / My claims (list, form, claim page with lines, approval and
payment), 我的借支 / My advances (list with the outstanding balance, form, advance page) and 审批 / Approvals (the
inbox of both, with bulk approve). One module, since the inbox opens claims and advances and approving one of them
returns to the inbox."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page

from pages.components import DataTable, DetailsList, Dialog, Form, ListControls, ListView, Screen, audit_trail
from pages.labels import DELETE, NEXT, SUBMIT, both
from suite.data.expense import CATEGORY_LABELS, AdvanceData, LineData

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
ADVANCE_FIELDS = {
    "purpose": both("用途", "Purpose"),
    "amount": both("金额", "Amount"),
    "project": both("项目", "Project"),
    "expected_repayment": both("预计还款日期", "Expected repayment date"),
}


class ApprovalPanel:
    """The approval region of a claim or an advance awaiting the user: comment, approve, reject."""

    def __init__(self, page: Page):
        self.region = page.get_by_role("region", name=both("审批", "Approval"))
        self.form = Form(self.region, submit=both("批准", "Approve"), fields={"comment": both("审批意见", "Comment")})
        self.reject_button = self.region.get_by_role("button", name=both("驳回", "Reject"))

    def approve(self, comment: str = "") -> None:
        if comment:
            self.form.set("comment", comment)
        self.form.submit()

    def reject(self, comment: str) -> None:
        self.form.set("comment", comment)
        self.reject_button.click()


# -- claims ---------------------------------------------------------------------------------------------------------
class ClaimListPage:
    PATH = "/expense/claims/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("我的报销", "My claims"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("报销单列表", "Claim list"), filters={"status": both("状态", "Status")})
        self.table, self.controls = self.list.table, self.list.controls
        self._new = page.get_by_role("link", name=both("新建报销", "New claim"))

    def new_claim(self) -> ClaimFormPage:
        return self.screen.follow(self._new, ClaimFormPage)

    def open_claim(self, number_or_draft: str) -> ClaimDetailPage:
        self.table.row(number_or_draft).get_by_role("link").first.click()
        return ClaimDetailPage(self.page).screen.loaded()


class ClaimFormPage:
    NEW_PATH = "/expense/claims/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.NEW_PATH, re.compile(r"^(新建报销|编辑报销|New claim|Edit claim)$"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=CLAIM_FIELDS)
        self.field = self.form.field


    def project_options(self) -> Locator:
        return self.form.options("project")

    def fill(self, title: str, project_label: str | None = None) -> ClaimFormPage:
        self.form.fill({"title": title, **({"project": project_label} if project_label else {})})
        return self

    def save(self) -> ClaimDetailPage:
        return self.form.submit_to(ClaimDetailPage)

    def save_expecting_errors(self) -> ClaimFormPage:
        self.form.submit_expecting_errors()
        return self


class ClaimDetailPage:
    """One claim: details, lines (add with a receipt), submit/withdraw, approve/reject, pay, audit trail."""

    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/expense/claims/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.status_badge = page.get_by_test_id("claim-status")
        self.total = page.get_by_test_id("claim-total")
        self.lines = DataTable(page.get_by_role("table", name=both("报销明细", "Claim lines")))
        self.add_line_region = page.get_by_role("region", name=both("添加明细", "Add line"))
        self.line_form = Form(self.add_line_region, submit=both("添加明细", "Add line"), fields=LINE_FIELDS)
        self.approval = ApprovalPanel(page)
        self.approval_region, self.approval_form = self.approval.region, self.approval.form
        self.pay_region = page.get_by_role("region", name=both("结款", "Pay the claim"))
        self.pay_form = Form(self.pay_region, submit=both("付款", "Pay"), fields=PAY_FIELDS)
        self.payment_region = page.get_by_role("region", name=both("付款信息", "Payment"))
        self.payment_number = page.get_by_test_id("payment-number")
        self.payment_amount = page.get_by_test_id("payment-amount")
        self.audit_trail = audit_trail(page)
        self.edit_link = page.get_by_role("link", name=both("编辑报销", "Edit claim"))
        self.submit_button = page.get_by_role("button", name=SUBMIT)
        self.withdraw_button = page.get_by_role("button", name=both("撤回", "Withdraw"))
        self.delete_button = page.get_by_role("button", name=DELETE)
        self.delete_dialog = Dialog(page, both("删除报销单", "Delete claim"))

    def detail(self, label: str) -> Locator:
        return self.details_list.value(label)

    # -- lines -------------------------------------------------------------------------------------------------
    def _fill_line(self, line: LineData, receipt: Path | None, language: str = "zh-hans") -> None:
        category = CATEGORY_LABELS[line.category][0 if language == "zh-hans" else 1]
        self.line_form.fill({"date": line.date, "category": category, "amount": line.amount,
                             "description": line.description})
        if receipt is not None:
            self.line_form.field("receipt").set_input_files(str(receipt))

    def add_line(self, line: LineData, receipt: Path | None = None, language: str = "zh-hans") -> ClaimDetailPage:
        self._fill_line(line, receipt, language)
        self.line_form.submit()
        self.screen.toast.success.wait_for()
        return self.screen.loaded()

    def add_line_expecting_errors(self, line: LineData, receipt: Path | None = None,
                                  language: str = "zh-hans") -> ClaimDetailPage:
        self._fill_line(line, receipt, language)
        self.line_form.submit_expecting_errors()
        return self

    def line_field(self, name: str) -> Locator:
        return self.line_form.field(name)

    def delete_line(self, text: str) -> ClaimDetailPage:
        self.lines.row(text).get_by_role("button", name=both("删除明细", "Delete line")).click()
        return self.screen.loaded()

    def receipt_link(self, text: str) -> Locator:
        return self.lines.row(text).get_by_role("link", name=both("查看收据", "View receipt"))

    # -- workflow ----------------------------------------------------------------------------------------------
    def submit(self) -> ClaimDetailPage:
        self.submit_button.click()
        return self.screen.loaded()

    def withdraw(self) -> ClaimDetailPage:
        self.withdraw_button.click()
        return self.screen.loaded()

    def edit(self) -> ClaimFormPage:
        return self.screen.follow(self.edit_link, ClaimFormPage)

    def delete(self) -> ClaimListPage:
        self.delete_button.click()
        self.delete_dialog.confirm()
        return ClaimListPage(self.page).screen.loaded()

    def approve(self, comment: str = "") -> ApprovalInboxPage:
        self.approval.approve(comment)
        return ApprovalInboxPage(self.page).screen.loaded()

    def reject(self, comment: str) -> ApprovalInboxPage:
        self.approval.reject(comment)
        return ApprovalInboxPage(self.page).screen.loaded()

    def reject_expecting_errors(self, comment: str = "") -> ClaimDetailPage:
        self.approval.reject(comment)
        self.approval_form.errors.first.wait_for()
        return self

    def comment_field(self) -> Locator:
        return self.approval_form.field("comment")

    # -- payment -----------------------------------------------------------------------------------------------
    def offset_field(self, advance_number: str) -> Locator:
        return self.pay_form.field(both(f"冲销 {advance_number}", f"Offset against {advance_number}"))

    def _fill_pay(self, method: str, offsets: dict[str, str] | None) -> None:
        self.pay_form.set("method", METHODS[method][0])
        for number, amount in (offsets or {}).items():
            self.offset_field(number).fill(amount)

    def pay(self, method: str = "cash", offsets: dict[str, str] | None = None) -> ClaimDetailPage:
        self._fill_pay(method, offsets)
        self.pay_form.submit()
        self.payment_region.wait_for()
        return self

    def pay_expecting_errors(self, method: str = "cash", offsets: dict[str, str] | None = None) -> ClaimDetailPage:
        self._fill_pay(method, offsets)
        self.pay_form.submit_expecting_errors()
        return self

    def pay_field(self, name: str) -> Locator:
        return self.pay_form.field(name)


# -- advances -------------------------------------------------------------------------------------------------------
class AdvanceListPage:
    PATH = "/expense/advances/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("我的借支", "My advances"))
        self.heading, self.overdue_alert = self.screen.heading, self.screen.alerts
        self.table = DataTable(page.get_by_role("table", name=both("借支列表", "Advance list")))
        self.outstanding_total = page.get_by_test_id("outstanding-total")
        self._new = page.get_by_role("link", name=both("新建借支", "New advance"))

    def new_advance(self) -> AdvanceFormPage:
        return self.screen.follow(self._new, AdvanceFormPage)


class AdvanceFormPage:
    NEW_PATH = "/expense/advances/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.NEW_PATH, re.compile(r"^(新建借支|编辑借支|New advance|Edit advance)$"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=ADVANCE_FIELDS)
        self.field = self.form.field


    def _fill(self, advance: AdvanceData, project_label: str | None) -> None:
        values = {"purpose": advance.purpose, "amount": advance.amount,
                  "expected_repayment": advance.expected_repayment}
        self.form.fill({**values, **({"project": project_label} if project_label else {})})

    def create(self, advance: AdvanceData, project_label: str | None = None) -> AdvanceDetailPage:
        self._fill(advance, project_label)
        return self.form.submit_to(AdvanceDetailPage)

    def create_expecting_errors(self, advance: AdvanceData, project_label: str | None = None) -> AdvanceFormPage:
        self._fill(advance, project_label)
        self.form.submit_expecting_errors()
        return self


class AdvanceDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/expense/advances/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.status_badge = page.get_by_test_id("advance-status")
        self.outstanding = page.get_by_test_id("advance-outstanding")
        self.audit_trail = audit_trail(page)
        self.approval = ApprovalPanel(page)
        self.approval_region, self.approval_form = self.approval.region, self.approval.form
        self._submit = page.get_by_role("button", name=SUBMIT)
        self._disburse = page.get_by_role("button", name=both("发放", "Disburse"))

    def detail(self, label: str) -> Locator:
        return self.details_list.value(label)

    def submit(self) -> AdvanceDetailPage:
        self._submit.click()
        return self.screen.loaded()

    def disburse(self) -> AdvanceDetailPage:
        self._disburse.click()
        return self.screen.loaded()

    def approve(self, comment: str = "") -> ApprovalInboxPage:
        self.approval.approve(comment)
        return ApprovalInboxPage(self.page).screen.loaded()


# -- the approval inbox ---------------------------------------------------------------------------------------------
class ApprovalInboxPage:
    """审批 / Approvals: what waits for the user, oldest first, searched (number, employee, title, purpose) and in
    pages of 20 claims and 20 advances, each list paged on its own."""

    PATH = "/expense/approvals/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("审批", "Approvals"))
        self.heading, self.errors = self.screen.heading, self.screen.alerts
        self.controls = ListControls(page)
        self.claims_region = page.get_by_role("region", name=both("待审批报销", "Claims awaiting approval"))
        self.advances_region = page.get_by_role("region", name=both("待审批借支", "Advances awaiting approval"))
        self.claims = DataTable(self.claims_region.get_by_role("table"))
        self.advances = DataTable(self.advances_region.get_by_role("table"))
        self.claims_count = page.get_by_test_id("claims-count")
        self.advances_count = page.get_by_test_id("advances-count")
        self.claims_pages = page.get_by_role("navigation", name=both("报销单分页", "Claims pages"))
        self.advances_pages = page.get_by_role("navigation", name=both("借支分页", "Advances pages"))
        self._bulk = page.get_by_role("button", name=both("批准所选", "Approve selected"))

    def open_searching(self, text: str) -> ApprovalInboxPage:
        """Open the inbox narrowed to ``text`` (a record's number, or a token its title or purpose holds): the way to
        one's own records in an inbox longer than a page."""
        return self.screen.open(query=urlencode({"q": text}))

    def search(self, text: str) -> ApprovalInboxPage:
        self.controls.apply(search=text)
        return self.screen.loaded()

    def next_claims_page(self) -> ApprovalInboxPage:
        self.claims_pages.get_by_role("link", name=NEXT).click()
        return self.screen.loaded()

    def next_advances_page(self) -> ApprovalInboxPage:
        self.advances_pages.get_by_role("link", name=NEXT).click()
        return self.screen.loaded()

    def claim_link(self, number: str) -> Locator:
        return self.claims_region.get_by_role("link", name=number, exact=True)

    def advance_link(self, number: str) -> Locator:
        return self.advances_region.get_by_role("link", name=number, exact=True)

    def open_claim(self, number: str) -> ClaimDetailPage:
        return self.screen.follow(self.claim_link(number), ClaimDetailPage)

    def open_advance(self, number: str) -> AdvanceDetailPage:
        return self.screen.follow(self.advance_link(number), AdvanceDetailPage)

    def select(self, *numbers: str) -> ApprovalInboxPage:
        for number in numbers:
            self.page.get_by_role("checkbox", name=both(f"选择 {number}", f"Select {number}")).check()
        return self

    def approve_selected(self) -> ApprovalInboxPage:
        self._bulk.click()
        return self.screen.loaded()
