"""e-Sales contacts (联系人): the list, the form and the contact page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.labels import both
from suite.data.sales import ContactData

FIELDS = {
    "customer": both("客户", "Customer"),
    "name": both("姓名", "Name"),
    "title": both("职务", "Job title"),
    "mobile": both("手机", "Mobile"),
    "email": both("邮箱", "Email"),
    "is_primary": both("主要联系人", "Primary contact"),
    "birthday": both("生日", "Birthday"),
    "notes": both("备注", "Notes"),
}
COLUMNS = {
    "name": both("姓名", "Name"),
    "customer": both("客户", "Customer"),
    "title": both("职务", "Job title"),
    "mobile": both("手机", "Mobile"),
    "email": both("邮箱", "Email"),
    "is_primary": both("主要联系人", "Primary contact"),
    "birthday": both("生日", "Birthday"),
}
FILTERS = {"customer": both("客户", "Customer"), "is_primary": both("主要联系人", "Primary contact")}


class ContactListPage:
    PATH = "/sales/contacts/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("联系人", "Contacts"))
        self.table = DataTable(page.get_by_role("table", name=both("联系人列表", "Contact list")))
        self.controls = ListControls(page)
        self.empty_state = page.get_by_test_id("empty-state")
        self._new = page.get_by_role("link", name=both("新建联系人", "New contact"))

    def open(self, query: str = "") -> ContactListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> ContactListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> ContactListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def filter(self, **options: str) -> ContactListPage:
        self.controls.apply(filters={FILTERS[key]: label for key, label in options.items()})
        return self.loaded()

    def sort_by(self, column: str) -> ContactListPage:
        self.table.sort_by(COLUMNS[column])
        return self.loaded()

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_contact(self) -> ContactFormPage:
        self._new.click()
        return ContactFormPage(self.page).loaded()

    def open_contact(self, name: str) -> ContactDetailPage:
        self.table.rows.get_by_role("link", name=name, exact=True).first.click()
        return ContactDetailPage(self.page).loaded()


class ContactFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1)
        self.form = Form(page.get_by_role("main"))
        self.toast = Toast(page)

    def open_new(self, customer_id: int | None = None) -> ContactFormPage:
        self.page.goto("/sales/contacts/new/" + (f"?customer={customer_id}" if customer_id else ""))
        return self.loaded()

    def loaded(self) -> ContactFormPage:
        self.form.submit_button.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def fill_contact(self, contact: ContactData, customer_label: str | None = None) -> ContactFormPage:
        values: dict = {
            "name": contact.name,
            "title": contact.title,
            "mobile": contact.mobile,
            "email": contact.email,
            "is_primary": contact.is_primary,
            "birthday": contact.birthday,
            "notes": contact.notes,
        }
        if customer_label:
            values["customer"] = customer_label
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def set(self, **values: object) -> ContactFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self):
        """Save; the e-CRM returns to the contact's customer page."""
        from pages.sales.customers import CustomerDetailPage

        self.form.submit()
        return CustomerDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> ContactFormPage:
        self.form.submit()
        self.form.errors.wait_for()
        return self

    def create_contact(self, contact: ContactData, customer_label: str | None = None):
        return self.fill_contact(contact, customer_label).save()


class ContactDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1)
        self._edit = page.get_by_role("link", name=both("编辑联系人", "Edit contact"))

    def loaded(self) -> ContactDetailPage:
        self._edit.wait_for()
        return self

    def edit(self) -> ContactFormPage:
        self._edit.click()
        return ContactFormPage(self.page).loaded()
