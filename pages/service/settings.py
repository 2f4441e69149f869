"""e-Service settings (系统设置): SLA per priority, the surveys switch, products and fault categories."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, Screen
from pages.labels import both

SETTING_FIELDS = {
    "code": both("代码", "Code"),
    "name": both("名称（中文）", "Name (Chinese)"),
    "name_en": both("名称（英文）", "Name (English)"),
    "order": both("排序", "Order"),
    "active": both("启用", "Active"),
}


def sla_field_name(priority: str, kind: str):
    """The label of an SLA field: ``kind`` is ``response`` or ``resolution``."""
    zh = {"response": "响应时限（小时）", "resolution": "解决时限（小时）"}[kind]
    en = {"response": "response (hours)", "resolution": "resolution (hours)"}[kind]
    return both(f"{priority} {zh}", f"{priority} {en}")


class ServiceSettingsPage:
    PATH = "/service/settings/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("售后设置", "Service settings"))
        self.heading = self.screen.heading
        self.sla_region = page.get_by_role(
            "region", name=both("各优先级 SLA 与客户调查", "SLA per priority and surveys"))
        self.form = Form(self.sla_region)
        self.surveys_enabled = self.sla_region.get_by_role(
            "checkbox", name=both("关闭故障记录时发送客户调查", "Send a survey when a ticket is closed"))
        self.products = DataTable(page.get_by_role("table", name=both("产品列表", "Product list")))
        self.categories = DataTable(page.get_by_role("table", name=both("故障类别列表", "Fault category list")))
        self._new_product = page.get_by_role("link", name=both("新建产品", "New product"))

    def sla_field(self, priority: str, kind: str) -> Locator:
        return self.form.field(sla_field_name(priority, kind))

    def set_sla(self, priority: str, response: object, resolution: object) -> ServiceSettingsPage:
        self.sla_field(priority, "response").fill(str(response))
        self.sla_field(priority, "resolution").fill(str(resolution))
        return self

    def save(self) -> ServiceSettingsPage:
        self.form.submit()
        return self.screen.loaded()

    def save_expecting_errors(self) -> ServiceSettingsPage:
        self.form.submit_expecting_errors()
        return self

    def new_product(self) -> SettingRowFormPage:
        return self.screen.follow(self._new_product, SettingRowFormPage)


class SettingRowFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.form = Form(page.get_by_role("main"), fields=SETTING_FIELDS)
        self.screen = Screen(self, ready=self.form.submit_button)
        self.heading = self.screen.heading

    def fill(self, **values: object) -> SettingRowFormPage:
        self.form.fill(values)
        return self

    def save(self) -> ServiceSettingsPage:
        return self.form.submit_to(ServiceSettingsPage)
