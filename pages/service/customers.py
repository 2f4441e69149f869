"""e-Service customer management (客户管理): the service customer list, a customer's service view and the
installed-product form."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response

from pages.components import DataTable, DetailsList, Form, ListView, MainNav, Screen, Toast
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
        self.nav = MainNav(page)
        self.screen = Screen(page, self.PATH, both("客户管理", "Service customers"))
        self.heading = self.screen.heading
        self.list = ListView(page, both("售后客户列表", "Service customer list"))
        self.table, self.controls = self.list.table, self.list.controls

    def open(self, query: str = "") -> ServiceCustomerListPage:
        self.screen.visit(query=query)
        return self.loaded()

    def open_expecting_refusal(self) -> Response | None:
        """Open the list where the user may not: the browser's answer (403)."""
        return self.screen.visit()

    def loaded(self) -> ServiceCustomerListPage:
        self.screen.wait()
        return self

    def search(self, text: str) -> ServiceCustomerListPage:
        self.list.search(text)
        return self.loaded()

    def open_customer(self, name: str) -> ServiceCustomerPage:
        self.list.open_row(name)
        return ServiceCustomerPage(self.page).loaded()


class ServiceCustomerPage:
    def __init__(self, page: Page):
        self.page = page
        self.toast = Toast(page)
        self.details = DetailsList(page).region
        self.screen = Screen(page, "/service/customers/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.units = page.get_by_role("region", name=both("已安装产品", "Installed products"))
        self.history = page.get_by_role("region", name=both("服务记录", "Service history"))
        self.rmas = page.get_by_role("region", name=both("RMA", "RMA"))
        self.surveys = page.get_by_role("region", name=both("客户调查", "Surveys"))
        self.units_table = DataTable(self.units.get_by_role("table"))
        self.history_table = DataTable(self.history.get_by_role("table"))
        self.rma_table = DataTable(self.rmas.get_by_role("table"))
        self._add_unit = page.get_by_role("link", name=both("添加已安装产品", "Add installed product"))

    def open(self, customer_id: int) -> ServiceCustomerPage:
        self.screen.visit(customer_id)
        return self.loaded()

    def open_expecting_refusal(self, customer_id: int) -> Response | None:
        """Open a customer's service view where the user may not: the browser's answer (403)."""
        return self.screen.visit(customer_id)

    def loaded(self) -> ServiceCustomerPage:
        self.screen.wait()
        return self

    def add_unit(self) -> InstalledProductFormPage:
        self._add_unit.click()
        return InstalledProductFormPage(self.page).loaded()


class InstalledProductFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(page, heading=both("新建已安装产品", "New installed product"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=UNIT_FIELDS)

    def loaded(self) -> InstalledProductFormPage:
        self.screen.wait()
        return self

    def field(self, key: str) -> Locator:
        return self.form.field(key)

    def fill(self, **values: object) -> InstalledProductFormPage:
        self.form.fill(values)
        return self

    def save(self) -> ServiceCustomerPage:
        self.form.submit()
        return ServiceCustomerPage(self.page).loaded()

    def save_expecting_errors(self) -> InstalledProductFormPage:
        self.form.submit_expecting_errors()
        return self
