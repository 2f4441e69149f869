"""e-Service RMA (RMA管理): the list, the new-RMA form and the RMA page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.labels import both
from pages.service._common import AUDIT_TRAIL, detail_value

FIELDS = {
    "customer": both("客户", "Customer"),
    "unit": both("设备", "Unit"),
    "fault": both("故障记录", "Fault record"),
    "reason": both("原因", "Reason"),
}
ACTIONS = {
    "approve": both("批准", "Approve"),
    "reject": both("拒绝", "Reject"),
    "receive": both("确认收货", "Mark received"),
    "repair": both("标记已维修", "Mark repaired"),
    "replace": both("标记已更换", "Mark replaced"),
    "ship": both("寄回", "Ship"),
    "close": both("关闭", "Close"),
}
STATUS = {
    "requested": both("已申请", "Requested"), "approved": both("已批准", "Approved"),
    "rejected": both("已拒绝", "Rejected"), "received": both("已收货", "Received"),
    "repaired": both("已维修", "Repaired"), "replaced": both("已更换", "Replaced"),
    "shipped": both("已寄回", "Shipped"), "closed": both("已关闭", "Closed"),
}


class RmaListPage:
    PATH = "/service/rma/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.heading = page.get_by_role("heading", level=1, name=both("RMA", "RMA"))
        self.table = DataTable(page.get_by_role("table", name=both("RMA 列表", "RMA list")))
        self.controls = ListControls(page)

    def open(self, query: str = "") -> RmaListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> RmaListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> RmaListPage:
        self.controls.apply(search=text)
        return self.loaded()


class RmaFormPage:
    NEW_PATH = "/service/rma/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("新建 RMA", "New RMA"))
        self.form = Form(page.get_by_role("main"))

    def open_new(self, query: str = "") -> RmaFormPage:
        self.page.goto(self.NEW_PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> RmaFormPage:
        self.heading.wait_for()
        return self

    def field(self, key: str) -> Locator:
        return self.form.field(FIELDS[key])

    def choose_unit(self, serial_number: str) -> RmaFormPage:
        select = self.field("unit")
        label = next(t for t in select.get_by_role("option").all_inner_texts() if serial_number in t)
        select.select_option(label=label)
        return self

    def fill(self, **values: object) -> RmaFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> RmaDetailPage:
        self.form.submit()
        return RmaDetailPage(self.page).loaded()


class RmaDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=both("基本信息", "Details"))
        self.workflow = page.get_by_role("region", name=both("处理流程", "Workflow"))
        self.status_badge = page.get_by_test_id("rma-status")
        self.warranty = page.get_by_test_id("rma-warranty")
        self.tracking_field = self.workflow.get_by_role("textbox", name=both("快递单号", "Tracking number"))
        self.price_field = self.workflow.get_by_role("textbox", name=both("报价", "Quoted price"))
        self.reason_field = self.workflow.get_by_role("textbox", name=both("拒绝原因", "Rejection reason"))
        self.audit_trail = DataTable(page.get_by_role("table", name=AUDIT_TRAIL))

    def open(self, rma_id: int) -> RmaDetailPage:
        self.page.goto(f"/service/rma/{rma_id}/")
        return self.loaded()

    def loaded(self) -> RmaDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        return detail_value(self.details, self.page, label)

    def action_button(self, action: str) -> Locator:
        return self.workflow.get_by_role("button", name=ACTIONS[action])

    def do(self, action: str, tracking_number: str | None = None, quoted_price: str | None = None,
           reason: str | None = None) -> RmaDetailPage:
        if tracking_number is not None:
            self.tracking_field.fill(tracking_number)
        if quoted_price is not None:
            self.price_field.fill(quoted_price)
        if reason is not None:
            self.reason_field.fill(reason)
        self.action_button(action).click()
        return self.loaded()

    def do_expecting_error(self, action: str, **values: str) -> RmaDetailPage:
        self.do(action, **values)
        self.page.get_by_role("alert").first.wait_for()
        return self
