"""e-Sales contacts (联系人): SAL-CON-1..2, the contact list, and who sees which contacts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.sales.customers import ContactDetailPage, ContactFormPage, ContactListPage, CustomerDetailPage
from suite.checks.assertions import read_csv_export
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import contact_data

pytestmark = pytest.mark.area("e-Sales", "联系人")

PRIMARY_YES = re.compile(r"^(是|Yes)$")


@pytest.mark.spec("SAL-CON-2", severity="critical", priority="high")
def test_a_rep_adds_a_contact_from_the_customer_page(page_as, make_customer, fake, uniq):
    customer = make_customer(owner="rep1")
    contact = contact_data(fake, uniq)
    form = CustomerDetailPage(page_as("rep1")).screen.open(customer["id"]).add_contact()
    detail = form.create_contact(contact)
    expect(detail.heading).to_have_text(customer["name"])
    expect(detail.panel("contacts")).to_contain_text(contact.name)
    expect(detail.panel("contacts")).to_contain_text(contact.mobile)


@pytest.mark.spec("SAL-CON-1", severity="critical", priority="high")
def test_marking_a_new_primary_contact_clears_the_old_one(page_as, make_customer, make_contact, fake, uniq):
    customer = make_customer(owner="rep1")
    old = make_contact(customer, is_primary=True)
    new = contact_data(fake, uniq, is_primary=True)
    detail = ContactFormPage(page_as("rep1")).screen.open_new(customer["id"]).create_contact(new)
    expect(detail.primary_mark(new.name)).to_have_text(PRIMARY_YES)
    expect(detail.primary_mark(old["name"])).not_to_have_text(
        PRIMARY_YES)


@pytest.mark.spec("SAL-CON-1", "COM-API-1", severity="critical", priority="high")
def test_a_customer_never_has_two_primary_contacts_through_the_api(api_as, make_customer, make_contact):
    customer = make_customer(owner="rep1")
    first = make_contact(customer, is_primary=True)
    second = make_contact(customer, is_primary=True)
    contacts = api_as("rep1").sales.contacts.list(customer=customer["id"])
    primaries = [contact["id"] for contact in contacts if contact["is_primary"]]
    assert primaries == [second["id"]], f"expected only {second['id']} primary, first was {first['id']}"


@pytest.mark.spec("SAL-CON-2", "COM-UI-3", severity="normal", priority="high")
def test_a_contact_needs_a_mobile_or_an_email(page_as, make_customer, fake, uniq):
    customer = make_customer(owner="rep1")
    form = ContactFormPage(page_as("rep1")).screen.open_new(customer["id"])
    form.fill_contact(contact_data(fake, uniq, mobile="", email="")).save_expecting_errors()
    for field in ("mobile", "email"):
        expect(form.field(field)).to_have_attribute("aria-invalid", "true")
        expect(form.field(field)).to_have_accessible_description(re.compile("手机和邮箱至少填写一项"))


@pytest.mark.spec("SAL-CON-2", "COM-UI-3", severity="normal", priority="high")
@pytest.mark.parametrize(("field", "value"), [("email", "not-an-email"), ("email", "a@b"), ("mobile", "12345678901"),
                                              ("mobile", "1381234567x")],
                         ids=["email-no-at", "email-no-domain", "mobile-12x", "mobile-letter"])
def test_an_invalid_email_or_mobile_is_refused_next_to_its_field(page_as, make_customer, fake, uniq, field, value):
    customer = make_customer(owner="rep1")
    form = ContactFormPage(page_as("rep1")).screen.open_new(customer["id"])
    form.fill_contact(contact_data(fake, uniq, **{field: value})).save_expecting_errors()
    expect(form.field(field)).to_have_attribute("aria-invalid", "true")
    expect(form.field(field)).to_have_accessible_description(re.compile(r"\S"))


@pytest.mark.spec("SAL-CON-2", severity="minor", priority="medium")
def test_english_users_get_english_validation_messages(page_as, make_customer, fake_en, uniq):
    customer = make_customer(owner="rep1")
    form = ContactFormPage(page_as("rep1", language="en")).screen.open_new(customer["id"])
    form.fill_contact(contact_data(fake_en, uniq, email="bad@", mobile="")).save_expecting_errors()
    expect(form.form.errors).to_contain_text("Please correct the errors marked below.")
    expect(form.field("email")).to_have_accessible_description(re.compile(r"[A-Za-z]"))
    expect(form.field("email")).not_to_have_accessible_description(re.compile(r"[\u4e00-\u9fff]"))


@pytest.mark.spec("COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("hostile", FIELD_SAMPLE[:8], ids=[f"hostile-{index}" for index in range(8)])
def test_hostile_notes_are_stored_exactly_and_shown_inert(api_as, make_customer, make_contact, page_as, hostile):
    customer = make_customer(owner="rep1")
    contact = make_contact(customer, notes=hostile)
    assert api_as("rep1").sales.contacts.get_response(contact['id']).json()["notes"] == hostile
    page = page_as("rep1")
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    shown = ContactDetailPage(page).screen.open(contact["id"])
    expect(shown.screen.main).to_contain_text(hostile.strip())
    assert page.evaluate("() => window.__xss") is None


@pytest.mark.spec("COM-UI-4", severity="normal", priority="medium")
def test_the_contact_list_searches_and_exports_utf8_with_bom(page_as, make_customer, make_contact, uniq, tmp_path):
    customer = make_customer(owner="rep1")
    tag = uniq()
    contact = make_contact(customer, name=f"欧阳娜娜{tag}")
    page = ContactListPage(page_as("rep1")).screen.open().list.search(tag)
    expect(page.table.rows).to_have_count(1)
    expect(page.table.row(contact["name"])).to_contain_text(customer["name"])
    rows = read_csv_export(page.list.export_csv(tmp_path))
    assert [row["姓名"] for row in rows] == [contact["name"]]
    assert rows[0]["客户"] == customer["name"]


@pytest.mark.spec("COM-ROLE-2", "COM-ROLE-1", severity="critical", priority="urgent")
def test_a_rep_does_not_see_contacts_of_another_reps_customers(page_as, api_as, make_customer, make_contact, uniq):
    theirs = make_customer(owner="rep2")
    contact = make_contact(theirs, name=f"隐私联系人{uniq()}")
    page = ContactListPage(page_as("rep1")).screen.open().list.search(contact["name"])
    expect(page.empty_state).to_be_visible()
    assert api_as("rep1").sales.contacts.get_response(contact['id']).status_code == 404
    response = ContactDetailPage(page.page).screen.open_expecting_refusal(contact["id"])
    assert response is not None and response.status == 404


@pytest.mark.spec("SAL-CON-2", severity="normal", priority="medium")
def test_a_birthday_in_the_future_is_refused(page_as, make_customer, fake, uniq):
    customer = make_customer(owner="rep1")
    form = ContactFormPage(page_as("rep1")).screen.open_new(customer["id"])
    form.fill_contact(contact_data(fake, uniq, birthday="2999-01-01")).save_expecting_errors()
    expect(form.field("birthday")).to_have_attribute("aria-invalid", "true")
