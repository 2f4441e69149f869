"""e-Service SLA of fault records (故障记录管理): SVC-FLT-2, checked under the test clock at each boundary."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from pages.labels import both
from pages.service.faults import FaultDetailPage, FaultListPage
from suite.data.service import BEIJING

pytestmark = pytest.mark.area("e-Service", "故障记录管理")

BREACHED = both("已违约", "Breached")
ON_TRACK = both("正常", "On track")


def parse(stamp: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(stamp)


@pytest.mark.spec("SVC-FLT-2", severity="critical", priority="high")
@pytest.mark.parametrize("priority", ["P1", "P2", "P3", "P4"])
def test_due_times_come_from_the_priority_sla(api_as, make_fault, set_clock, priority):
    created = datetime.datetime(2032, 1, 12, 22, 30, tzinfo=BEIJING)  # late evening: wall-clock hours, no calendar
    set_clock(created)
    response_hours, resolution_hours = api_as("svcmanager").service.sla_of(priority)
    ticket = make_fault(priority=priority)
    assert parse(ticket["created_at"]) == created
    assert parse(ticket["response_due"]) == created + datetime.timedelta(hours=response_hours)
    assert parse(ticket["resolution_due"]) == created + datetime.timedelta(hours=resolution_hours)


@pytest.mark.spec("SVC-FLT-2", "SVC-SYS-1", severity="normal", priority="medium")
def test_the_demo_sla_table_holds_the_documented_defaults(api_as):
    rows = {row["priority"]: (row["response_hours"], row["resolution_hours"])
            for row in api_as("engineer").service.sla.page()}
    assert rows == {"P1": (2, 8), "P2": (4, 24), "P3": (8, 72), "P4": (24, 120)}


@pytest.mark.spec("SVC-FLT-2", severity="critical", priority="high")
@pytest.mark.parametrize(("offset", "breached"), [(datetime.timedelta(hours=2, minutes=-1), False),
                                                  (datetime.timedelta(hours=2, minutes=1), True)],
                         ids=["1m-before-due", "1m-after-due"])
def test_an_unanswered_p1_breaches_its_response_sla_just_after_two_hours(api_as, make_fault, set_clock, offset,
                                                                        breached):
    created = datetime.datetime(2032, 2, 3, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P1")
    set_clock(created + offset)
    body = api_as("svcmanager").service.faults.get(ticket["id"])
    assert (body["response_breached"], body["breached"]) == (breached, breached)
    assert body["resolution_breached"] is False


@pytest.mark.spec("SVC-FLT-2", severity="critical", priority="high")
@pytest.mark.parametrize(("offset", "breached"), [(datetime.timedelta(hours=24, minutes=-1), False),
                                                  (datetime.timedelta(hours=24, minutes=1), True)],
                         ids=["1m-before-due", "1m-after-due"])
def test_a_p2_resolved_after_24_hours_breaches_its_resolution_sla(api_as, make_fault, set_clock, svc_user_ids, offset,
                                                                  breached):
    created = datetime.datetime(2032, 2, 10, 15, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P2")
    manager = api_as("svcmanager")
    manager.service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])  # responded at once
    set_clock(created + offset)
    manager.expect(manager.service.transition_response(ticket["id"], "resolve", resolution="Swapped the PSU"), 200)
    set_clock(created + datetime.timedelta(days=5))  # the verdict stays fixed once resolved
    body = manager.service.faults.get(ticket["id"])
    assert body["response_breached"] is False
    assert body["resolution_breached"] is breached


@pytest.mark.spec("SVC-FLT-2", severity="normal", priority="high")
def test_a_response_in_time_stays_met_while_the_ticket_waits(api_as, make_fault, set_clock, svc_user_ids):
    created = datetime.datetime(2032, 2, 20, 8, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P3")
    api_as("svcmanager").service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    set_clock(created + datetime.timedelta(hours=72, minutes=1))
    body = api_as("svcmanager").service.faults.get(ticket["id"])
    assert (body["response_breached"], body["resolution_breached"]) == (False, True)


@pytest.mark.spec("SVC-FLT-2", severity="critical", priority="high")
def test_the_ticket_page_and_the_list_mark_a_late_ticket_breached(page_as, make_fault, set_clock, service_product):
    created = datetime.datetime(2032, 3, 2, 10, 0, tzinfo=BEIJING)
    set_clock(created)
    late = make_fault(priority="P1")
    set_clock(created + datetime.timedelta(hours=1, minutes=59))
    detail = FaultDetailPage(page_as("svcmanager")).screen.open(late["id"])
    expect(detail.response_sla).to_have_text(ON_TRACK)
    set_clock(created + datetime.timedelta(hours=2, minutes=1))
    detail.screen.open(late["id"])
    expect(detail.response_sla).to_have_text(BREACHED)
    expect(detail.resolution_sla).to_have_text(ON_TRACK)
    listing = FaultListPage(detail.page).screen.open(query=f"product={service_product['id']}&sla=breached")
    expect(listing.table.row(late["number"])).to_contain_text("已违约")


@pytest.mark.spec("SVC-FLT-2", "SVC-SYS-1", severity="critical", priority="high")
def test_a_changed_sla_applies_to_new_tickets(api_as, make_fault, set_clock, sla_settings):
    created = datetime.datetime(2032, 3, 9, 11, 0, tzinfo=BEIJING)
    set_clock(created)
    sla_settings.service.set_sla("P4", 10, 30)
    ticket = make_fault(priority="P4")
    assert parse(ticket["response_due"]) == created + datetime.timedelta(hours=10)
    assert parse(ticket["resolution_due"]) == created + datetime.timedelta(hours=30)


@pytest.mark.spec("SVC-FLT-2", "SVC-SYS-1", "COM-UI-3", severity="normal", priority="medium")
def test_an_sla_whose_resolution_is_shorter_than_its_response_is_refused(api_as):
    response = api_as("svcmanager").service.sla.update_response("P3", {"response_hours": 10, "resolution_hours": 5})
    assert response.status_code == 400
    assert "resolution_hours" in response.json()
    assert api_as("svcmanager").service.sla_of("P3") == (8, 72)
