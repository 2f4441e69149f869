"""e-Service customer management (客户管理): the service customer list, a customer's service view and the
installed-product form."""

from __future__ import annotations

from playwright.sync_api import Page

from pages.components import DataTable, DetailsList, Form, ListView, Screen
from pages.labels import both

UNIT_FIELDS = {
    "customer": both("客户", "Customer"),
    "product": both("产品", "Product"),
    "serial": both("序列号", "Serial number"),
    "purchase_date": both("购买日期", "Purchase date"),
    "warranty_months": both("保修月数", "Warranty months"),
}


class ServiceCustomerListPage:
    PATH = "/service/customers/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("客户管理", "Service customers"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("售后客户列表", "Service customer list"))
        self.table, self.controls = self.list.table, self.list.controls

    def open_customer(self, name: str) -> ServiceCustomerPage:
        return self.list.open_row(name, ServiceCustomerPage)


class ServiceCustomerPage:
    def __init__(self, page: Page):
        self.page = page
        self.details = DetailsList(page).region
        self.screen = Screen(self, "/service/customers/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.units = page.get_by_role("region", name=both("已安装产品", "Installed products"))
        self.history = page.get_by_role("region", name=both("服务记录", "Service history"))
        self.rmas = page.get_by_role("region", name=both("RMA", "RMA"))
        self.surveys = page.get_by_role("region", name=both("客户调查", "Surveys"))
        self.units_table = DataTable(self.units.get_by_role("table"))
        self.history_table = DataTable(self.history.get_by_role("table"))
        self.rma_table = DataTable(self.rmas.get_by_role("table"))
        self._add_unit = page.get_by_role("link", name=both("添加已安装产品", "Add installed product"))

    def add_unit(self) -> InstalledProductFormPage:
        return self.screen.follow(self._add_unit, InstalledProductFormPage)


class InstalledProductFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, heading=both("新建已安装产品", "New installed product"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=UNIT_FIELDS)
        self.field = self.form.field

    def fill(self, **values: object) -> InstalledProductFormPage:
        self.form.fill(values)
        return self

    def save(self) -> ServiceCustomerPage:
        return self.form.submit_to(ServiceCustomerPage)

    def save_expecting_errors(self) -> InstalledProductFormPage:
        self.form.submit_expecting_errors()
        return self
