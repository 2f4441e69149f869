"""e-Service customer management (客户管理): SVC-CUS-1..2 and the service panels of the customer 360° page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.sales.customers import CustomerDetailPage
from pages.service.customers import ServiceCustomerListPage, ServiceCustomerPage

pytestmark = pytest.mark.area("e-Service", "客户管理")


@pytest.mark.spec("SVC-CUS-1", severity="critical", priority="high")
def test_an_engineer_registers_an_installed_product_with_its_warranty(page_as, service_customer, service_product,
                                                                       uniq):
    serial = f"sn-{uniq()}"
    view = ServiceCustomerPage(page_as("engineer")).screen.open(service_customer["id"])
    form = view.add_unit()
    expect(form.field("customer")).to_have_value(str(service_customer["id"]))
    view = form.fill(product=service_product["name"], serial=serial, purchase_date="2024-01-31",
                     warranty_months="25").save()
    row = view.units_table.row(serial.upper())
    expect(row).to_contain_text("2024-01-31")
    expect(row).to_contain_text("2026-02-28")  # Jan 31 + 25 months: the last day of February
    expect(view.screen.toast.success).to_contain_text(serial.upper())


@pytest.mark.spec("SVC-CUS-2", "COM-UI-3", severity="critical", priority="high")
def test_a_serial_already_registered_for_the_product_is_refused_naming_the_customer(page_as, make_unit, uniq,
                                                                                    service_customer, service_product,
                                                                                    make_customer):
    existing = make_unit(serial_number=f"SN-DUP-{uniq().upper()}")
    other = make_customer(owner="rep2")
    form = ServiceCustomerPage(page_as("engineer")).screen.open(other["id"]).add_unit()
    form.fill(product=service_product["name"], serial=existing["serial_number"].lower(), purchase_date="2025-03-01",
              warranty_months="12").save_expecting_errors()
    expect(form.field("serial")).to_have_attribute("aria-invalid", "true")
    expect(form.field("serial")).to_have_accessible_description(re.compile(re.escape(service_customer["name"])))


@pytest.mark.spec("SVC-CUS-2", severity="normal", priority="medium")
def test_the_same_serial_is_allowed_for_another_product(api_as, make_unit, service_customer, uniq):
    serial = f"SN-{uniq().upper()}"
    make_unit(serial_number=serial)
    other_product = api_as("admin").service.product_by_code("ups-u3")
    second = make_unit(product=other_product, serial_number=serial)
    assert second["serial_number"] == serial


@pytest.mark.spec("SVC-CUS-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("field", "value"), [("serial_number", "ab"), ("serial_number", "SN 12 34"),
                                              ("purchase_date", "2999-01-01"), ("warranty_months", 121),
                                              ("serial_number", "<script>x</script>")],
                         ids=["serial-too-short", "serial-spaces", "future-purchase", "warranty-over-10y",
                              "serial-markup"])
def test_invalid_installed_product_data_is_refused(api_as, service_customer, service_product, uniq, field, value):
    payload = {"customer": service_customer["id"], "product": service_product["id"],
               "serial_number": f"SN-{uniq().upper()}", "purchase_date": "2025-01-01", "warranty_months": 12,
               field: value}
    response = api_as("engineer", "en").service.units.create_response(payload)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.spec("SVC-CUS-1", severity="normal", priority="high")
def test_the_service_view_shows_the_customers_service_history(page_as, make_fault, make_rma, make_unit):
    ticket = make_fault()
    rma = make_rma(unit=make_unit(), fault=ticket)
    view = ServiceCustomerPage(page_as("svcmanager")).screen.open(ticket["customer"])
    expect(view.history_table.row(ticket["number"])).to_contain_text("新建")
    expect(view.rma_table.row(rma["number"])).to_contain_text("已申请")


@pytest.mark.spec("SVC-CUS-1", "COM-UI-4", severity="minor", priority="low")
def test_the_service_customer_list_finds_a_customer_by_serial_number(page_as, make_unit, service_customer):
    unit = make_unit()
    listing = ServiceCustomerListPage(page_as("engineer")).screen.open().list.search(unit["serial_number"])
    expect(listing.table.rows).to_have_count(1)
    expect(listing.table.row(service_customer["name"])).to_contain_text("1")
    view = listing.open_customer(service_customer["name"])
    expect(view.heading).to_have_text(service_customer["name"])


@pytest.mark.spec("SAL-CUS-4", "SVC-CUS-1", "COM-ROLE-2", severity="normal", priority="high")
def test_the_sales_360_page_shows_the_service_sections_read_only(page_as, make_fault, make_rma, make_unit,
                                                                 service_customer):
    ticket = make_fault()
    rma = make_rma(unit=make_unit(), fault=ticket)
    page = CustomerDetailPage(page_as("rep1")).screen.open(service_customer["id"])
    expect(page.panel("faults")).to_contain_text(ticket["number"])
    expect(page.panel_links("faults")).to_have_count(0)
    expect(page.panel("rmas")).to_contain_text(rma["number"])
    expect(page.panel("surveys")).to_contain_text("暂无记录")


@pytest.mark.spec("SVC-CUS-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep1", "manager", "finance"])
def test_sales_and_finance_roles_get_403_on_service_customers(page_as, api_as, service_customer, user):
    page = page_as(user)
    assert ServiceCustomerListPage(page).screen.open_expecting_refusal().status == 403
    assert ServiceCustomerPage(page).screen.open_expecting_refusal(service_customer["id"]).status == 403
    assert api_as(user).service.units.list_response().status_code == 403
