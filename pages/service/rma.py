"""e-Service RMA (RMA管理): the list, the new-RMA form and the RMA page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DetailsList, Form, ListView, Screen, audit_trail
from pages.labels import both

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
        self.screen = Screen(self, self.PATH, both("RMA", "RMA"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("RMA 列表", "RMA list"))
        self.table, self.controls = self.list.table, self.list.controls

class RmaFormPage:
    NEW_PATH = "/service/rma/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.NEW_PATH, both("新建 RMA", "New RMA"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field
        self.unit_options = self.form.options("unit")

    def choose_unit(self, serial_number: str) -> RmaFormPage:
        label = next(t for t in self.unit_options.all_inner_texts() if serial_number in t)
        self.field("unit").select_option(label=label)
        return self

    def fill(self, **values: object) -> RmaFormPage:
        self.form.fill(values)
        return self

    def save(self) -> RmaDetailPage:
        return self.form.submit_to(RmaDetailPage)


class RmaDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/service/rma/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.workflow = page.get_by_role("region", name=both("处理流程", "Workflow"))
        self.status_badge = page.get_by_test_id("rma-status")
        self.warranty = page.get_by_test_id("rma-warranty")
        self.tracking_field = self.workflow.get_by_role("textbox", name=both("快递单号", "Tracking number"))
        self.price_field = self.workflow.get_by_role("textbox", name=both("报价", "Quoted price"))
        self.reason_field = self.workflow.get_by_role("textbox", name=both("拒绝原因", "Rejection reason"))
        self.audit_trail = audit_trail(page)

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        return self.details_list.value(label)

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
        return self.screen.loaded()

    def do_expecting_error(self, action: str, **values: str) -> RmaDetailPage:
        self.do(action, **values)
        self.screen.alerts.first.wait_for()
        return self
