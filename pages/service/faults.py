"""e-Service fault records (故障记录): the list, the new-ticket form and the ticket page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, DetailsList, Form, ListView, Screen, audit_trail
from pages.labels import both
from pages.service.rma import RmaFormPage

FIELDS = {
    "customer": both("客户", "Customer"),
    "contact": both("联系人", "Contact"),
    "product": both("产品", "Product"),
    "serial": both("序列号", "Serial number"),
    "category": both("故障类别", "Fault category"),
    "priority": both("优先级", "Priority"),
    "channel": both("渠道", "Channel"),
    "description": both("故障描述", "Fault description"),
}
COLUMNS = {
    "number": both("工单号", "Ticket number"),
    "customer": both("客户", "Customer"),
    "product": both("产品", "Product"),
    "status": both("状态", "Status"),
    "assignee": both("负责工程师", "Assignee"),
    "sla": both("SLA", "SLA"),
    "priority": both("优先级", "Priority"),
}
FILTERS = {"status": both("状态", "Status"), "sla": both("SLA", "SLA"), "product": both("产品", "Product"),
           "priority": both("优先级", "Priority")}
ACTIONS = {
    "start": both("开始处理", "Start work"),
    "await_customer": both("等待客户确认", "Wait for customer"),
    "resume": both("继续处理", "Resume work"),
    "close": both("关闭", "Close"),
    "reopen": both("重新打开", "Reopen"),
}
STATUS = {
    "new": both("新建", "New"), "assigned": both("已分派", "Assigned"), "in_progress": both("处理中", "In progress"),
    "pending_customer": both("待客户确认", "Pending customer"), "resolved": both("已解决", "Resolved"),
    "closed": both("已关闭", "Closed"),
}


class FaultListPage:
    PATH = "/service/faults/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("故障记录", "Fault records"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("故障记录列表", "Fault record list"), COLUMNS, FILTERS)
        self.table, self.controls, self.empty_state = self.list.table, self.list.controls, self.list.empty_state
        self._new = page.get_by_role("link", name=both("新建故障记录", "New fault record"))

    def new_fault(self) -> FaultFormPage:
        return self.screen.follow(self._new, FaultFormPage)

    def open_fault(self, number: str) -> FaultDetailPage:
        return self.list.open_row(number, FaultDetailPage)


class FaultFormPage:
    NEW_PATH = "/service/faults/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.NEW_PATH, both("新建故障记录", "New fault record"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def product_options(self, name: str) -> Locator:
        """The product select's options named ``name`` (an inactive product is not offered)."""
        return self.form.options("product", name)

    def fill(self, **values: object) -> FaultFormPage:
        """``fill(customer="杭州…", product="…", description="…")``: selects by option label."""
        self.form.fill(values)
        return self

    def save(self) -> FaultDetailPage:
        return self.form.submit_to(FaultDetailPage)

    def save_expecting_errors(self) -> FaultFormPage:
        self.form.submit_expecting_errors()
        return self


class FaultDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/service/faults/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.sla = page.get_by_role("region", name=both("SLA", "SLA"))
        self.workflow = page.get_by_role("region", name=both("处理流程", "Workflow"))
        self.work_log = page.get_by_role("region", name=both("工作日志", "Work log"))
        self.kb = page.get_by_role("region", name=both("知识库文章", "Knowledge-base articles"))
        self.rmas = page.get_by_role("region", name=both("RMA", "RMA"))
        self.survey = page.get_by_role("region", name=both("客户调查", "Customer survey"))
        self.status_badge = page.get_by_test_id("fault-status")
        self.response_sla = page.get_by_test_id("response-sla")
        self.resolution_sla = page.get_by_test_id("resolution-sla")
        self.survey_link = page.get_by_test_id("survey-link")
        self.audit_trail = audit_trail(page)
        self.work_log_table = DataTable(self.work_log.get_by_role("table"))
        self.assignee_select = self.workflow.get_by_role("combobox", name=both("负责工程师", "Assignee"))
        self.assign_button = self.workflow.get_by_role("button", name=both("分派", "Assign"))
        self.resolution_field = self.workflow.get_by_role("textbox", name=both("解决方案", "Resolution"))
        self.resolve_button = self.workflow.get_by_role("button", name=both("解决", "Resolve"))
        self.entry_field = self.work_log.get_by_role("textbox", name=both("工作日志内容", "Work log entry"))
        self.add_entry_button = self.work_log.get_by_role("button", name=both("添加日志", "Add entry"))
        self.article_select = self.kb.get_by_role("combobox", name=both("知识库文章", "Knowledge-base article"))
        self.link_button = self.kb.get_by_role("button", name=both("关联文章", "Link article"))
        self._new_rma = self.rmas.get_by_role("link", name=both("新建 RMA", "New RMA"))

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        return self.details_list.value(label)

    def article_link(self, title: str) -> Locator:
        """A linked knowledge-base article's link."""
        return self.kb.get_by_role("link", name=title)

    def article_options(self, title: str) -> Locator:
        """The article select's options named ``title`` (only published articles are offered)."""
        return self.article_select.get_by_role("option", name=title)

    def rma_link(self, number: str) -> Locator:
        return self.rmas.get_by_role("link", name=number)

    def action_button(self, action: str) -> Locator:
        return self.workflow.get_by_role("button", name=ACTIONS[action])

    def assign_to(self, display_name_prefix: str) -> FaultDetailPage:
        """Pick the engineer whose option starts with ``display_name_prefix`` (e.g. 陈工) and assign."""
        options = self.assignee_select.get_by_role("option").all_inner_texts()
        label = next(text for text in options if text.startswith(display_name_prefix))
        self.assignee_select.select_option(label=label)
        self.assign_button.click()
        return self.screen.loaded()

    def do(self, action: str) -> FaultDetailPage:
        self.action_button(action).click()
        return self.screen.loaded()

    def resolve(self, resolution: str) -> FaultDetailPage:
        self.resolution_field.fill(resolution)
        self.resolve_button.click()
        return self.screen.loaded()

    def resolve_expecting_error(self, resolution: str = "") -> FaultDetailPage:
        self.resolution_field.fill(resolution)
        self.resolve_button.click()
        self.screen.alerts.first.wait_for()
        return self

    def add_work_log(self, text: str) -> FaultDetailPage:
        self.entry_field.fill(text)
        self.add_entry_button.click()
        return self.screen.loaded()

    def link_article(self, title: str) -> FaultDetailPage:
        self.article_select.select_option(label=title)
        self.link_button.click()
        return self.screen.loaded()

    def new_rma(self) -> RmaFormPage:
        return self.screen.follow(self._new_rma, RmaFormPage)
