"""e-Service alerts (报警): the inbox, the rule list and the rule form."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import Form, ListView, Screen
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
        self.screen = Screen(self, self.PATH, both("报警", "Alerts"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("报警收件箱", "Alert inbox"))
        self.table, self.controls = self.list.table, self.list.controls
        self.evaluate_button = page.get_by_role("button", name=both("立即评估规则", "Evaluate rules now"))

    def evaluate(self) -> AlertInboxPage:
        self.evaluate_button.click()
        return self.screen.loaded()

    def acknowledge_button(self, message_part: str) -> Locator:
        return self.table.row(message_part).get_by_role("button", name=starts("确认：", "Acknowledge: "))

    def acknowledge(self, message_part: str) -> AlertInboxPage:
        self.acknowledge_button(message_part).click()
        return self.screen.loaded()


class AlertRuleListPage:
    PATH = "/service/alert-rules/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("报警规则", "Alert rules"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("报警规则列表", "Alert rule list"))
        self.table, self.controls = self.list.table, self.list.controls
        self._new = page.get_by_role("link", name=both("新建报警规则", "New alert rule"))

    def new_rule(self) -> AlertRuleFormPage:
        return self.screen.follow(self._new, AlertRuleFormPage)


class AlertRuleFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, heading=both("新建报警规则", "New alert rule"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=RULE_FIELDS)
        self.field = self.form.field

    def fill(self, **values: object) -> AlertRuleFormPage:
        self.form.fill(values)
        return self

    def save(self) -> AlertRuleListPage:
        return self.form.submit_to(AlertRuleListPage)

    def save_expecting_errors(self) -> AlertRuleFormPage:
        self.form.submit_expecting_errors()
        return self
