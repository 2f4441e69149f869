"""COM-UI-1 and COM-UI-2 on the customer pages: responsive from 320 to 1920 px, and zh-CN / en throughout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.generic_page import GenericPage
from pages.sales.customers import CustomerDetailPage, CustomerFormPage, CustomerListPage
from pages.session import DashboardPage
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake
from suite.data.sales import customer_data

pytestmark = pytest.mark.area("e-Sales", "客户")

VIEWPORTS = {"320": (320, 800), "768": (768, 1024), "1280": (1280, 800), "1920": (1920, 1080)}


@pytest.mark.spec("COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_customer_list_fits_every_width(page_as, make_customer, width):
    make_customer(owner="rep1")
    page = CustomerListPage(page_as("rep1", viewport=VIEWPORTS[width])).screen.open()
    expect(page.table.rows.first).to_be_visible()
    assert_layout_intact(page.page)


@pytest.mark.spec("COM-UI-1", "COM-UI-3", severity="minor", priority="medium")
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_customer_form_with_errors_fits_every_width(page_as, width):
    form = CustomerFormPage(page_as("rep1", viewport=VIEWPORTS[width])).screen.open_new()
    form.set(name="!", phone="!@#$%^&*").save_expecting_errors()
    expect(form.field("phone")).to_have_attribute("aria-invalid", "true")
    assert_layout_intact(form.page)


@pytest.mark.spec("COM-UI-1", "SAL-CUS-4", severity="minor", priority="medium")
@pytest.mark.parametrize("width", VIEWPORTS)
def test_the_360_view_fits_every_width(page_as, make_customer, make_contact, uniq, width):
    long_name = f"A customer with a rather long name to test wrapping {'长' * 20} {uniq()}"
    customer = make_customer(owner="rep1", name=long_name)
    make_contact(customer)
    detail = CustomerDetailPage(page_as("rep1", viewport=VIEWPORTS[width])).screen.open(customer["id"])
    expect(detail.panel_rows("contacts")).not_to_have_count(0)
    assert_layout_intact(detail.page)


@pytest.mark.spec("COM-UI-1", severity="minor", priority="low")
def test_on_a_phone_the_menu_collapses_and_still_reaches_every_subsystem(page_as):
    dashboard = DashboardPage(page_as("rep1", viewport=VIEWPORTS["320"])).screen.open()
    expect(dashboard.screen.nav.menu_button).to_be_visible()
    dashboard.screen.nav.go(re.compile("^客户$"))
    expect(CustomerListPage(dashboard.page).heading).to_be_visible()


@pytest.mark.spec("COM-UI-2", severity="normal", priority="high")
def test_the_language_switch_turns_the_customer_pages_into_english_and_back(page_as, make_customer):
    make_customer(owner="rep1")
    page = CustomerListPage(page_as("rep1")).screen.open()
    expect(page.heading).to_have_text("客户")
    page.screen.nav.switch_language("en")
    expect(page.heading).to_have_text("Customers")
    expect(page.screen.nav.root).to_contain_text("Customers")
    expect(page.table.header(re.compile("^Owner$"))).to_be_visible()
    assert_no_mojibake(page.screen.main.inner_text())
    page.screen.nav.switch_language("zh-hans")
    expect(page.heading).to_have_text("客户")


@pytest.mark.spec("COM-UI-2", "SAL-CUS-2", severity="normal", priority="medium")
def test_english_users_get_english_field_errors(page_as, fake_en, uniq):
    form = CustomerFormPage(page_as("rep1", language="en")).screen.open_new()
    form.fill_customer(customer_data(fake_en, uniq, phone="12345")).save_expecting_errors()
    expect(form.heading).to_have_text("New customer")
    expect(form.field("phone")).to_have_accessible_description(re.compile(r"^[\x20-\x7e“”‘’–—]+$"))


@pytest.mark.spec("COM-UI-2", severity="normal", priority="medium")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_shows_mojibake_or_untranslated_text(page_as, make_customer, language):
    customer = make_customer(owner="rep1")
    page = GenericPage(page_as("rep1", language=language))
    for path in ("/", "/sales/", "/sales/customers/", "/sales/customers/new/", f"/sales/customers/{customer['id']}/",
                 "/sales/contacts/"):
        page.open(path)
        text = page.main.inner_text()
        assert_no_mojibake(text)
        chrome = page.screen.nav.root.inner_text()
        if language == "en":
            # The subsystem names keep their Chinese in both languages ("e-Sales 销售" is the product's name).
            untranslated = re.sub("销售|报销|售后", "", chrome)
            assert not re.search(r"[\u4e00-\u9fff]", untranslated), f"Chinese left in the English nav on {path}"
        else:
            expect(page.heading).not_to_have_text(re.compile(r"^(Customers|Contacts)$"))
