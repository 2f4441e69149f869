"""e-Service alerts (报警): the inbox, the rule list and the rule form."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.labels import both, starts

RULE_FIELDS = {
    "name": both("名称", "Name"),
    "kind": both("规则类型", "Rule type"),
    "threshold": both("N", "N"),
    "window": both("M（小时）", "M (hours)"),
    "priority": both("优先级筛选", "Priority filter"),
    "role": both("接收角色", "Recipient role"),
    "user": both("接收用户", "Recipient user"),
    "active": both("启用", "Active"),
}


class AlertInboxPage:
    PATH = "/service/alerts/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("报警", "Alerts"))
        self.table = DataTable(page.get_by_role("table", name=both("报警收件箱", "Alert inbox")))
        self.controls = ListControls(page)
        self.evaluate_button = page.get_by_role("button", name=both("立即评估规则", "Evaluate rules now"))

    def open(self, query: str = "") -> AlertInboxPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> AlertInboxPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> AlertInboxPage:
        self.controls.apply(search=text)
        return self.loaded()

    def evaluate(self) -> AlertInboxPage:
        self.evaluate_button.click()
        return self.loaded()

    def acknowledge_button(self, message_part: str) -> Locator:
        return self.table.row(message_part).get_by_role("button", name=starts("确认：", "Acknowledge: "))

    def acknowledge(self, message_part: str) -> AlertInboxPage:
        self.acknowledge_button(message_part).click()
        return self.loaded()


class AlertRuleListPage:
    PATH = "/service/alert-rules/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("报警规则", "Alert rules"))
        self.table = DataTable(page.get_by_role("table", name=both("报警规则列表", "Alert rule list")))
        self.controls = ListControls(page)
        self._new = page.get_by_role("link", name=both("新建报警规则", "New alert rule"))

    def open(self) -> AlertRuleListPage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> AlertRuleListPage:
        self.heading.wait_for()
        return self

    def new_rule(self) -> AlertRuleFormPage:
        self._new.click()
        return AlertRuleFormPage(self.page).loaded()


class AlertRuleFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("新建报警规则", "New alert rule"))
        self.form = Form(page.get_by_role("main"))

    def loaded(self) -> AlertRuleFormPage:
        self.heading.wait_for()
        return self

    def field(self, key: str) -> Locator:
        return self.form.field(RULE_FIELDS[key])

    def fill(self, **values: object) -> AlertRuleFormPage:
        self.form.fill({RULE_FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> AlertRuleListPage:
        self.form.submit()
        return AlertRuleListPage(self.page).loaded()

    def save_expecting_errors(self) -> AlertRuleFormPage:
        self.form.submit()
        self.form.errors.wait_for()
        return self
