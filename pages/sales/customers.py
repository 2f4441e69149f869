"""e-Sales customers (客户) and their contacts (联系人): the lists, the forms, the 360° customer page and the contact
page. One module: the customer page adds a contact and the contact form returns to the customer page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, Response

from pages.components import DataTable, DetailsList, Dialog, Form, ListView, Screen, audit_trail
from pages.labels import AUDIT_TRAIL, DETAILS, both
from suite.data.sales import ContactData, CustomerData

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
    "details": DETAILS,
    "contacts": both("联系人", "Contacts"),
    "opportunities": both("销售机会", "Opportunities"),
    "activities": both("商务活动", "Activities"),
    "faults": both("故障记录", "Fault records"),
    "rmas": both("RMA", "RMA"),
    "surveys": both("客户调查", "Surveys"),
    "audit": AUDIT_TRAIL,
}
CONTACT_FIELDS = {
    "customer": both("客户", "Customer"),
    "name": both("姓名", "Name"),
    "title": both("职务", "Job title"),
    "mobile": both("手机", "Mobile"),
    "email": both("邮箱", "Email"),
    "is_primary": both("主要联系人", "Primary contact"),
    "birthday": both("生日", "Birthday"),
    "notes": both("备注", "Notes"),
}
CONTACT_COLUMNS = {**{key: CONTACT_FIELDS[key] for key in ("name", "customer", "title", "mobile", "email")},
                   "is_primary": CONTACT_FIELDS["is_primary"], "birthday": CONTACT_FIELDS["birthday"]}
CONTACT_FILTERS = {"customer": CONTACT_FIELDS["customer"], "is_primary": CONTACT_FIELDS["is_primary"]}


class CustomerListPage:
    PATH = "/sales/customers/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("客户", "Customers"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("客户列表", "Customer list"), COLUMNS, FILTERS)
        self.table, self.controls, self.empty_state = self.list.table, self.list.controls, self.list.empty_state
        self._new = page.get_by_role("link", name=both("新建客户", "New customer"))

    def new_customer(self) -> CustomerFormPage:
        return self.screen.follow(self._new, CustomerFormPage)

    def open_customer(self, name: str) -> CustomerDetailPage:
        return self.list.open_row(name, CustomerDetailPage)


class CustomerFormPage:
    NEW_PATH = "/sales/customers/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, "/sales/customers/{}/edit/", re.compile(
            r"^(新建客户|编辑客户|New customer|Edit customer)$"), new_path=self.NEW_PATH)
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def open_edit_expecting_refusal(self, customer_id: int) -> Response | None:
        """Open another user's customer's edit form by its URL: the browser's answer (404)."""
        return self.screen.visit(customer_id)

    def fill_customer(self, customer: CustomerData, owner_label: str | None = None) -> CustomerFormPage:
        """Fill the form from ``customer``; ``owner_label`` picks the owner by display name (managers only)."""
        values = {key: getattr(customer, key) for key in ("name", "level", "region", "city", "address", "phone",
                                                          "website", "tags")}
        optional = {"industry": customer.industry, "source": customer.source, "owner": owner_label}
        self.form.fill({**values, **{key: value for key, value in optional.items() if value}})
        return self

    def set(self, **values: object) -> CustomerFormPage:
        self.form.fill(values)
        return self

    def save(self) -> CustomerDetailPage:
        return self.form.submit_to(CustomerDetailPage)

    def save_expecting_errors(self) -> CustomerFormPage:
        self.form.submit_expecting_errors()
        return self

    def create_customer(self, customer: CustomerData, owner_label: str | None = None) -> CustomerDetailPage:
        return self.fill_customer(customer, owner_label).save()


class CustomerDetailPage:
    """The 360° view of one customer."""

    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page, PANELS["details"])
        self.details = self.details_list.region
        self.screen = Screen(self, "/sales/customers/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.audit_trail = audit_trail(page)
        self.archived_badge = page.get_by_test_id("archived-badge")
        self._edit = page.get_by_role("link", name=both("编辑客户", "Edit customer"))
        self._add_contact = page.get_by_role("link", name=both("添加联系人", "Add contact"))
        self._archive = page.get_by_role("button", name=both("归档", "Archive"))
        self._restore = page.get_by_role("button", name=both("恢复", "Restore"))
        self.archive_dialog = Dialog(page, both("归档客户", "Archive customer"))

    def panel(self, key: str) -> Locator:
        """A 360° section: ``contacts``, ``opportunities``, ``activities``, ``faults``, ``rmas``, ``surveys``."""
        return self.page.get_by_role("region", name=PANELS[key])

    def panel_rows(self, key: str) -> Locator:
        """The table rows of a 360° section."""
        return self.panel(key).get_by_role("row")

    def panel_links(self, key: str) -> Locator:
        """The links of a 360° section (the read-only sections have none)."""
        return self.panel(key).get_by_role("link")

    def primary_mark(self, contact_name: str) -> Locator:
        """The Primary contact cell (是 / 否) of a contact in the contacts section."""
        return DataTable(self.panel("contacts").get_by_role("table")).cell(contact_name, CONTACT_FIELDS["is_primary"])

    def detail(self, label: str) -> Locator:
        """The value shown for a label in the details section (e.g. ``"电话"``)."""
        return self.details_list.value(label)

    def edit(self) -> CustomerFormPage:
        return self.screen.follow(self._edit, CustomerFormPage)

    def add_contact(self) -> ContactFormPage:
        return self.screen.follow(self._add_contact, ContactFormPage)

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
        self.screen.toast.error.wait_for()
        return self

    def restore(self) -> CustomerDetailPage:
        self._restore.click()
        return self.screen.loaded()


class ContactListPage:
    PATH = "/sales/contacts/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("联系人", "Contacts"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("联系人列表", "Contact list"), CONTACT_COLUMNS, CONTACT_FILTERS)
        self.table, self.controls, self.empty_state = self.list.table, self.list.controls, self.list.empty_state
        self._new = page.get_by_role("link", name=both("新建联系人", "New contact"))

    def new_contact(self) -> ContactFormPage:
        return self.screen.follow(self._new, ContactFormPage)

    def open_contact(self, name: str) -> ContactDetailPage:
        return self.list.open_row(name, ContactDetailPage)


class ContactFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.form = Form(page.get_by_role("main"), fields=CONTACT_FIELDS)
        self.field = self.form.field
        self.screen = Screen(self, "/sales/contacts/new/", ready=self.form.submit_button)
        self.heading = self.screen.heading

    def fill_contact(self, contact: ContactData, customer_label: str | None = None) -> ContactFormPage:
        values: dict = {key: getattr(contact, key) for key in ("name", "title", "mobile", "email", "is_primary",
                                                                 "birthday", "notes")}
        self.form.fill({**values, **({"customer": customer_label} if customer_label else {})})
        return self

    def set(self, **values: object) -> ContactFormPage:
        self.form.fill(values)
        return self

    def save(self) -> CustomerDetailPage:
        """Save; the e-CRM returns to the contact's customer page."""
        return self.form.submit_to(CustomerDetailPage)

    def save_expecting_errors(self) -> ContactFormPage:
        self.form.submit_expecting_errors()
        return self

    def create_contact(self, contact: ContactData, customer_label: str | None = None) -> CustomerDetailPage:
        return self.fill_contact(contact, customer_label).save()


class ContactDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self._edit = page.get_by_role("link", name=both("编辑联系人", "Edit contact"))
        self.screen = Screen(self, "/sales/contacts/{}/", ready=self._edit)
        self.heading = self.screen.heading

    def edit(self) -> ContactFormPage:
        return self.screen.follow(self._edit, ContactFormPage)
