"""e-Sales customers (客户): the list, the form and the 360° detail page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Dialog, Form, ListControls, MainNav, Toast
from pages.labels import both
from suite.data.sales import CustomerData

FIELDS = {
    "name": both("名称", "Name"),
    "industry": both("行业", "Industry"),
    "level": both("级别", "Level"),
    "source": both("来源", "Source"),
    "region": both("地区", "Region"),
    "city": both("城市", "City"),
    "address": both("地址", "Address"),
    "phone": both("电话", "Phone"),
    "website": both("网站", "Website"),
    "owner": both("负责人", "Owner"),
    "tags": both("标签", "Tags"),
}
COLUMNS = {
    "name": both("名称", "Name"),
    "level": both("级别", "Level"),
    "industry": both("行业", "Industry"),
    "source": both("来源", "Source"),
    "city": both("城市", "City"),
    "phone": both("电话", "Phone"),
    "owner": both("负责人", "Owner"),
    "created": both("创建时间", "Created on"),
}
FILTERS = {
    "level": both("级别", "Level"),
    "industry": both("行业", "Industry"),
    "owner": both("负责人", "Owner"),
    "status": both("状态", "Status"),
}
PANELS = {
    "details": both("基本信息", "Details"),
    "contacts": both("联系人", "Contacts"),
    "opportunities": both("销售机会", "Opportunities"),
    "activities": both("商务活动", "Activities"),
    "faults": both("故障记录", "Fault records"),
    "rmas": both("RMA", "RMA"),
    "surveys": both("客户调查", "Surveys"),
}


class CustomerListPage:
    PATH = "/sales/customers/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("客户", "Customers"))
        self.table = DataTable(page.get_by_role("table", name=both("客户列表", "Customer list")))
        self.controls = ListControls(page)
        self.empty_state = page.get_by_test_id("empty-state")
        self._new = page.get_by_role("link", name=both("新建客户", "New customer"))

    def open(self, query: str = "") -> CustomerListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> CustomerListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> CustomerListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def filter(self, **options: str) -> CustomerListPage:
        """``filter(level="顶端", owner="张三")``: pick filter options by their visible labels."""
        self.controls.apply(filters={FILTERS[key]: label for key, label in options.items()})
        return self.loaded()

    def sort_by(self, column: str) -> CustomerListPage:
        """Click a column header (again to reverse the order); ``column`` is a key of COLUMNS."""
        self.table.sort_by(COLUMNS[column])
        return self.loaded()

    def next_page(self) -> CustomerListPage:
        self.controls.next_link.click()
        return self.loaded()

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_customer(self) -> CustomerFormPage:
        self._new.click()
        return CustomerFormPage(self.page).loaded()

    def open_customer(self, name: str) -> CustomerDetailPage:
        self.table.rows.get_by_role("link", name=name, exact=True).click()
        return CustomerDetailPage(self.page).loaded()


class CustomerFormPage:
    NEW_PATH = "/sales/customers/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role(
            "heading", level=1, name=re.compile(r"^(新建客户|编辑客户|New customer|Edit customer)$")
        )
        self.form = Form(page.get_by_role("main"))
        self.toast = Toast(page)

    def open_new(self) -> CustomerFormPage:
        self.page.goto(self.NEW_PATH)
        return self.loaded()

    def loaded(self) -> CustomerFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        """A field by its key in FIELDS (``"name"``, ``"phone"`` ...)."""
        return self.form.field(FIELDS[name])

    def fill_customer(self, customer: CustomerData, owner_label: str | None = None) -> CustomerFormPage:
        """Fill the form from ``customer``; ``owner_label`` picks the owner by display name (managers only)."""
        values = {
            "name": customer.name,
            "level": customer.level,
            "region": customer.region,
            "city": customer.city,
            "address": customer.address,
            "phone": customer.phone,
            "website": customer.website,
            "tags": customer.tags,
        }
        if customer.industry:
            values["industry"] = customer.industry
        if customer.source:
            values["source"] = customer.source
        if owner_label:
            values["owner"] = owner_label
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def set(self, **values: object) -> CustomerFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> CustomerDetailPage:
        self.form.submit()
        return CustomerDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> CustomerFormPage:
        self.form.submit()
        self.form.errors.wait_for()
        return self

    def create_customer(self, customer: CustomerData, owner_label: str | None = None) -> CustomerDetailPage:
        return self.fill_customer(customer, owner_label).save()


class CustomerDetailPage:
    """The 360° view of one customer."""

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=PANELS["details"])
        self.audit_trail = DataTable(page.get_by_role("table", name=both("审计记录", "Audit trail")))
        self.archived_badge = page.get_by_test_id("archived-badge")
        self._edit = page.get_by_role("link", name=both("编辑客户", "Edit customer"))
        self._add_contact = page.get_by_role("link", name=both("添加联系人", "Add contact"))
        self._archive = page.get_by_role("button", name=both("归档", "Archive"))
        self._restore = page.get_by_role("button", name=both("恢复", "Restore"))
        self.archive_dialog = Dialog(page, both("归档客户", "Archive customer"))

    def open(self, customer_id: int) -> CustomerDetailPage:
        self.page.goto(f"/sales/customers/{customer_id}/")
        return self.loaded()

    def loaded(self) -> CustomerDetailPage:
        self.details.wait_for()
        return self

    def panel(self, key: str) -> Locator:
        """A 360° section: ``contacts``, ``opportunities``, ``activities``, ``faults``, ``rmas``, ``surveys``."""
        return self.page.get_by_role("region", name=PANELS[key])

    def detail(self, label: str) -> Locator:
        """The value shown for a label in the details section (e.g. ``"电话"``)."""
        return self.details.locator("div").filter(has=self.page.get_by_role("term").filter(
            has_text=re.compile(rf"^{re.escape(label)}$"))).get_by_role("definition")

    def edit(self) -> CustomerFormPage:
        self._edit.click()
        return CustomerFormPage(self.page).loaded()

    def add_contact(self):
        from pages.sales.contacts import ContactFormPage

        self._add_contact.click()
        return ContactFormPage(self.page).loaded()

    def _confirm_archive(self) -> None:
        self._archive.click()
        self.archive_dialog.confirm()

    def archive(self) -> CustomerDetailPage:
        """Archive after confirming; the e-CRM shows the customer again, marked archived."""
        self._confirm_archive()
        self._restore.wait_for()
        return self

    def archive_expecting_refusal(self) -> CustomerDetailPage:
        self._confirm_archive()
        self.toast.error.wait_for()
        return self

    def restore(self) -> CustomerDetailPage:
        self._restore.click()
        return self.loaded()
