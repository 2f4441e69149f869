"""e-Service RMA (RMA管理): SVC-RMA-1..3 with the audit trail (COM-AUD-1)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from pages.service.faults import FaultDetailPage
from pages.service.rma import STATUS, RmaDetailPage, RmaFormPage, RmaListPage
from suite.data.service import BEIJING, add_months

pytestmark = pytest.mark.area("e-Service", "RMA管理")


def step_after(api, rma: dict, reached: str, action: str, **fields):
    """The answer to ``action`` on an RMA first moved on to ``reached`` (the step the action belongs to)."""
    api.service.advance_rma(rma["id"], reached)
    return api.service.rma_step_response(rma["id"], action, **fields)


@pytest.mark.spec("SVC-RMA-1", "COM-AUD-1", severity="blocker", priority="urgent")
def test_an_engineer_takes_an_rma_from_request_to_closed(page_as, make_rma, uniq):
    rma = make_rma()
    detail = RmaDetailPage(page_as("engineer")).screen.open(rma["id"])
    expect(detail.status_badge).to_have_text(STATUS["requested"])
    detail.do("approve")
    expect(detail.status_badge).to_have_text(STATUS["approved"])
    detail.do("receive")
    expect(detail.status_badge).to_have_text(STATUS["received"])
    detail.do("replace")
    expect(detail.status_badge).to_have_text(STATUS["replaced"])
    tracking = f"SF{uniq().upper()}01"
    detail.do("ship", tracking_number=tracking)
    expect(detail.status_badge).to_have_text(STATUS["shipped"])
    expect(detail.detail("快递单号")).to_have_text(tracking)
    detail.do("close")
    expect(detail.status_badge).to_have_text(STATUS["closed"])
    expect(detail.workflow).to_have_count(0)
    status_rows = detail.audit_trail.rows.filter(has_text="状态变更")
    expect(status_rows).to_have_count(5)
    expect(status_rows.first).to_contain_text("已寄回")
    expect(status_rows.last).to_contain_text("已批准")


@pytest.mark.spec("SVC-RMA-1", severity="critical", priority="high")
@pytest.mark.parametrize(("reach", "action"), [("requested", "receive"), ("approved", "repair"),
                                               ("approved", "ship"), ("received", "ship"), ("received", "close"),
                                               ("shipped", "approve")],
                         ids=["receive-unapproved", "repair-before-received", "ship-before-received",
                              "ship-unprocessed", "close-before-shipped", "back-to-approved"])
def test_no_rma_step_can_be_skipped(api_as, make_rma, reach, action):
    rma = make_rma()
    api = api_as("engineer")
    if reach != "requested":
        api.service.advance_rma(rma["id"], reach)
    response = api.service.rma_step_response(rma["id"], action, tracking_number="SF1234567890", quoted_price="100.00")
    assert response.status_code == 400, response.text
    assert api.service.rmas.get(rma['id'])["status"] == reach


@pytest.mark.spec("SVC-RMA-1", "COM-UI-3", severity="critical", priority="high")
def test_shipping_without_a_tracking_number_is_refused_next_to_the_field(page_as, api_as, make_rma):
    rma = make_rma()
    api_as("engineer").service.advance_rma(rma["id"], "replaced")
    detail = RmaDetailPage(page_as("engineer")).screen.open(rma["id"]).do_expecting_error("ship", tracking_number="")
    expect(detail.tracking_field).to_have_attribute("aria-invalid", "true")
    expect(detail.tracking_field).to_have_accessible_description(re.compile("快递单号"))
    expect(detail.status_badge).to_have_text(STATUS["replaced"])


@pytest.mark.spec("SVC-RMA-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("tracking", ["12345", "SF 123 456", "<script>1</script>", "A" * 41])
def test_a_malformed_tracking_number_is_refused(api_as, make_rma, tracking):
    response = step_after(api_as("engineer", "en"), make_rma(), "replaced", "ship", tracking_number=tracking)
    assert response.status_code == 400
    assert "tracking_number" in response.json()


@pytest.mark.spec("SVC-RMA-1", severity="normal", priority="high")
def test_rejecting_needs_a_reason_and_a_rejected_rma_is_final(api_as, make_rma):
    rma = make_rma()
    api = api_as("engineer")
    assert api.service.rma_step_response(rma["id"], "reject", reason=" ").status_code == 400
    body = api.expect(api.service.rma_step_response(rma["id"], "reject", reason="Physical damage, not covered"), 200)
    assert body["status"] == "rejected" and body["rejection_reason"] == "Physical damage, not covered"
    for action in ("approve", "receive", "close"):
        assert api.service.rma_step_response(rma["id"], action).status_code == 400


# -- warranty (SVC-RMA-2) ----------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-RMA-2", severity="critical", priority="high")
@pytest.mark.parametrize(("request_day", "in_warranty"), [(datetime.date(2033, 4, 15), True),
                                                          (datetime.date(2033, 4, 16), False)],
                         ids=["on-the-last-day", "one-day-after"])
def test_a_unit_is_in_warranty_until_purchase_date_plus_warranty_months(make_unit, make_rma, set_clock, request_day,
                                                                         in_warranty):
    purchased = datetime.date(2032, 4, 15)
    assert add_months(purchased, 12) == datetime.date(2033, 4, 15)
    set_clock(datetime.datetime(2032, 5, 1, 10, 0, tzinfo=BEIJING))
    unit = make_unit(purchase_date=purchased.isoformat(), warranty_months=12)
    set_clock(datetime.datetime.combine(request_day, datetime.time(23, 30), BEIJING))
    assert make_rma(unit=unit)["in_warranty"] is in_warranty


@pytest.mark.spec("SVC-RMA-2", severity="normal", priority="medium")
@pytest.mark.parametrize(("request_day", "in_warranty"), [(datetime.date(2033, 2, 28), True),
                                                          (datetime.date(2033, 3, 1), False)],
                         ids=["feb-28-still-covered", "mar-1-expired"])
def test_a_month_end_purchase_keeps_warranty_until_the_last_day_of_the_shorter_month(make_unit, make_rma, set_clock,
                                                                                     request_day, in_warranty):
    purchased = datetime.date(2033, 1, 31)  # + 1 month = 2033-02-28 (no Feb 31)
    assert add_months(purchased, 1) == datetime.date(2033, 2, 28)
    set_clock(datetime.datetime(2033, 2, 1, 9, 0, tzinfo=BEIJING))
    unit = make_unit(purchase_date=purchased.isoformat(), warranty_months=1)
    set_clock(datetime.datetime.combine(request_day, datetime.time(9, 0), BEIJING))
    rma = make_rma(unit=unit)
    assert rma["in_warranty"] is in_warranty


@pytest.mark.spec("SVC-RMA-2", severity="critical", priority="high")
def test_an_out_of_warranty_repair_needs_a_quoted_price(page_as, api_as, make_unit, make_rma, set_clock):
    set_clock(datetime.datetime(2033, 6, 1, 10, 0, tzinfo=BEIJING))
    unit = make_unit(purchase_date="2031-01-10", warranty_months=12)
    rma = make_rma(unit=unit)
    assert rma["in_warranty"] is False
    api_as("engineer").service.advance_rma(rma["id"], "received")
    detail = RmaDetailPage(page_as("engineer")).screen.open(rma["id"])
    expect(detail.warranty).to_have_text("否")
    detail.do_expecting_error("repair", quoted_price="")
    expect(detail.price_field).to_have_attribute("aria-invalid", "true")
    expect(detail.status_badge).to_have_text(STATUS["received"])
    detail.do("repair", quoted_price="1280.50")
    expect(detail.status_badge).to_have_text(STATUS["repaired"])
    expect(detail.detail("报价")).to_have_text("1280.50")


@pytest.mark.spec("SVC-RMA-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("price", ["0", "-5", "12.345", "abc", "1e309"])
def test_a_quoted_price_must_be_a_positive_amount_with_two_decimals(api_as, make_unit, make_rma, price):
    unit = make_unit(purchase_date="2020-01-01", warranty_months=12)
    response = step_after(api_as("engineer", "en"), make_rma(unit=unit), "received", "repair", quoted_price=price)
    assert response.status_code == 400
    assert "quoted_price" in response.json()


@pytest.mark.spec("SVC-RMA-2", severity="normal", priority="medium")
def test_an_in_warranty_repair_needs_no_price(api_as, make_rma):
    rma = make_rma()
    assert rma["in_warranty"] is True
    api = api_as("engineer")
    api.service.advance_rma(rma["id"], "received")
    assert api.expect(api.service.rma_step_response(rma["id"], "repair"), 200)["status"] == "repaired"


# -- link to fault records (SVC-RMA-3) ---------------------------------------------------------------------------------
@pytest.mark.spec("SVC-RMA-3", severity="normal", priority="high")
def test_an_rma_opened_from_a_ticket_is_listed_on_that_ticket(page_as, make_fault, make_unit):
    ticket = make_fault()
    unit = make_unit()
    page = page_as("svcmanager")
    form = FaultDetailPage(page).screen.open(ticket["id"]).new_rma()
    expect(form.field("fault")).to_have_value(str(ticket["id"]))
    detail = form.choose_unit(unit["serial_number"]).fill(reason="Keeps rebooting after the firmware update").save()
    expect(detail.detail("故障记录")).to_have_text(ticket["number"])
    rma_number = detail.heading.inner_text()
    fault_page = FaultDetailPage(page).screen.open(ticket["id"])
    expect(fault_page.rma_link(rma_number)).to_be_visible()


@pytest.mark.spec("SVC-RMA-3", "COM-UI-3", severity="normal", priority="medium")
def test_an_rma_cannot_link_another_customers_ticket_or_unit(api_as, make_customer, make_fault, make_unit,
                                                             service_customer):
    other = make_customer(owner="rep2")
    foreign_ticket = make_fault(customer=other)
    unit = make_unit()
    api = api_as("engineer", "en")
    response = api.service.rmas.create_response({"customer": service_customer["id"], "installed_product": unit["id"],
                                        "fault": foreign_ticket["id"], "reason": "Wrong ticket linked"})
    assert response.status_code == 400 and "fault" in response.json()
    response = api.service.rmas.create_response({"customer": other["id"], "installed_product": unit["id"],
                                        "reason": "Unit of another customer"})
    assert response.status_code == 400 and "installed_product" in response.json()


@pytest.mark.spec("SVC-RMA-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep2", "finance"])
def test_non_service_roles_cannot_see_or_process_rmas(page_as, api_as, make_rma, user):
    rma = make_rma()
    assert api_as(user).service.rmas.list_response().status_code == 403
    assert api_as(user).service.rma_step_response(rma["id"], "approve").status_code == 403
    assert RmaDetailPage(page_as(user)).screen.open_expecting_refusal(rma["id"]).status == 403


@pytest.mark.spec("SVC-RMA-1", "COM-UI-4", severity="minor", priority="low")
def test_the_rma_list_finds_an_rma_by_serial_number(page_as, make_unit, make_rma):
    unit = make_unit()
    rma = make_rma(unit=unit)
    listing = RmaListPage(page_as("engineer")).screen.open().list.search(unit["serial_number"])
    expect(listing.table.rows).to_have_count(1)
    expect(listing.table.row(rma["number"])).to_contain_text(unit["serial_number"])
    form = RmaFormPage(listing.page).screen.open_new(query=f"customer={unit['customer']}")
    expect(form.unit_options).to_have_count(2)  # the empty choice and this unit
