"""e-Service customer management (客户管理): the service customer list, a customer's service view and the
installed-product form."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
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
        self.heading = page.get_by_role("heading", level=1, name=both("客户管理", "Service customers"))
        self.table = DataTable(page.get_by_role("table", name=both("售后客户列表", "Service customer list")))
        self.controls = ListControls(page)

    def open(self, query: str = "") -> ServiceCustomerListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> ServiceCustomerListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> ServiceCustomerListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def open_customer(self, name: str) -> ServiceCustomerPage:
        self.table.rows.get_by_role("link", name=name, exact=True).click()
        return ServiceCustomerPage(self.page).loaded()


class ServiceCustomerPage:
    def __init__(self, page: Page):
        self.page = page
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=both("基本信息", "Details"))
        self.units = page.get_by_role("region", name=both("已安装产品", "Installed products"))
        self.history = page.get_by_role("region", name=both("服务记录", "Service history"))
        self.rmas = page.get_by_role("region", name=both("RMA", "RMA"))
        self.surveys = page.get_by_role("region", name=both("客户调查", "Surveys"))
        self.units_table = DataTable(self.units.get_by_role("table"))
        self.history_table = DataTable(self.history.get_by_role("table"))
        self.rma_table = DataTable(self.rmas.get_by_role("table"))
        self._add_unit = page.get_by_role("link", name=both("添加已安装产品", "Add installed product"))

    def open(self, customer_id: int) -> ServiceCustomerPage:
        self.page.goto(f"/service/customers/{customer_id}/")
        return self.loaded()

    def loaded(self) -> ServiceCustomerPage:
        self.details.wait_for()
        return self

    def add_unit(self) -> InstalledProductFormPage:
        self._add_unit.click()
        return InstalledProductFormPage(self.page).loaded()


class InstalledProductFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=both("新建已安装产品", "New installed product"))
        self.form = Form(page.get_by_role("main"))

    def loaded(self) -> InstalledProductFormPage:
        self.heading.wait_for()
        return self

    def field(self, key: str) -> Locator:
        return self.form.field(UNIT_FIELDS[key])

    def fill(self, **values: object) -> InstalledProductFormPage:
        self.form.fill({UNIT_FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> ServiceCustomerPage:
        self.form.submit()
        return ServiceCustomerPage(self.page).loaded()

    def save_expecting_errors(self) -> InstalledProductFormPage:
        self.form.submit()
        self.form.errors.wait_for()
        return self
