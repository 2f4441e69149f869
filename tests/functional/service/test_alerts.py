"""e-Service alert rules (报警规则): SVC-ALR-1 rule types and SVC-ALR-2 evaluation, each checked just before and just
after its boundary under the test clock."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from pages.service.alerts import AlertInboxPage, AlertRuleListPage
from suite.data.service import BEIJING

pytestmark = pytest.mark.area("e-Service", "报警规则")


def fired_for(api, rule: dict, key: str) -> list[dict]:
    return [a for a in api.service.alerts_of(rule["id"]) if a["object_key"] == key]


def either_side_of(due: datetime.timedelta, ids: tuple[str, str] = ("before-due", "after-due")):
    """The clock a minute before a rule's limit (nothing fires) and a minute after it (the alert fires)."""
    minute = datetime.timedelta(minutes=1)
    return pytest.mark.parametrize(("offset", "fires"), [(due - minute, False), (due + minute, True)], ids=list(ids))


def fired_after(api_as, set_clock, moment: datetime.datetime, rule: dict, key: str, role: str) -> list[dict]:
    """The alerts of ``rule`` about ``key`` that ``role`` sees once the service manager evaluates at ``moment``."""
    set_clock(moment)
    api_as("svcmanager").service.evaluate()
    return fired_for(api_as(role), rule, key)


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="critical", priority="high")
@pytest.mark.parametrize(("minutes", "fires"), [(29, False), (31, True)], ids=["29min", "31min"])
def test_an_unassigned_ticket_alerts_after_n_minutes(api_as, make_fault, make_rule, set_clock, minutes, fires):
    created = datetime.datetime(2035, 1, 8, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P2")
    rule = make_rule(kind="unassigned", threshold=30, priority="P2")
    set_clock(created + datetime.timedelta(minutes=minutes))
    manager = api_as("svcmanager")
    manager.service.evaluate()
    alerts = fired_for(manager, rule, f"fault:{ticket['id']}")
    assert len(alerts) == (1 if fires else 0)
    if fires:
        assert ticket["number"] in alerts[0]["message"] and alerts[0]["fault"] == ticket["id"]


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="critical", priority="high")
@either_side_of(datetime.timedelta(hours=4))
def test_a_response_breach_alerts_once_the_response_is_late(api_as, make_fault, make_rule, set_clock, svc_user_ids,
                                                            offset, fires):
    created = datetime.datetime(2035, 1, 9, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P2")  # P2: respond within 4 h
    api_as("svcmanager").service.advance_fault(ticket["id"], "assigned", svc_user_ids["engineer"])
    rule = make_rule(kind="response_breach", recipient_role="engineer")
    alerts = fired_after(api_as, set_clock, created + offset, rule, f"fault:{ticket['id']}", "engineer")
    assert len(alerts) == (1 if fires else 0)


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="critical", priority="high")
@either_side_of(datetime.timedelta(hours=8))
def test_a_resolution_breach_alerts_once_the_ticket_is_late(api_as, make_fault, make_rule, set_clock, svc_user_ids,
                                                            offset, fires):
    created = datetime.datetime(2035, 1, 10, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P1")  # P1: resolve within 8 h
    api_as("svcmanager").service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    rule = make_rule(kind="resolution_breach", priority="P1")
    alerts = fired_after(api_as, set_clock, created + offset, rule, f"fault:{ticket['id']}", "svcmanager")
    assert len(alerts) == (1 if fires else 0)


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="normal", priority="high")
@either_side_of(datetime.timedelta(days=3), ids=("before-3-days", "after-3-days"))
def test_an_rma_not_received_within_n_days_alerts(api_as, make_unit, make_rma, make_rule, set_clock, offset, fires):
    start = datetime.datetime(2035, 2, 1, 10, 0, tzinfo=BEIJING)
    set_clock(start)
    rma = make_rma(unit=make_unit(purchase_date="2034-12-01"))
    api_as("engineer").expect(api_as("engineer").service.rma_step_response(rma["id"], "approve"), 200)
    rule = make_rule(kind="rma_not_received", threshold=3)
    alerts = fired_after(api_as, set_clock, start + offset, rule, f"rma:{rma['id']}", "svcmanager")
    assert len(alerts) == (1 if fires else 0)


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="normal", priority="high")
@pytest.mark.parametrize(("tickets", "fires"), [(2, False), (3, True)], ids=["2-of-3", "3-of-3"])
def test_n_tickets_for_one_product_within_m_hours_alert(api_as, make_fault, make_rule, service_product, set_clock,
                                                       tickets, fires):
    start = datetime.datetime(2035, 3, 5, 8, 0, tzinfo=BEIJING)
    set_clock(start - datetime.timedelta(hours=7))  # outside the 6-hour window: never counted
    make_fault()
    for index in range(tickets):
        set_clock(start + datetime.timedelta(hours=index))
        make_fault()
    rule = make_rule(kind="product_burst", threshold=3, window_hours=6)
    set_clock(start + datetime.timedelta(hours=5))
    api_as("svcmanager").service.evaluate()
    alerts = [a for a in api_as("svcmanager").service.alerts_of(rule["id"]) if a["product"] == service_product["id"]]
    assert len(alerts) == (1 if fires else 0)


@pytest.mark.spec("SVC-ALR-1", severity="normal", priority="medium")
def test_the_priority_filter_ignores_other_priorities(api_as, make_fault, make_rule, set_clock):
    created = datetime.datetime(2035, 4, 2, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    p1, p3 = make_fault(priority="P1"), make_fault(priority="P3")
    rule = make_rule(kind="unassigned", threshold=10, priority="P1")
    set_clock(created + datetime.timedelta(hours=1))
    api_as("svcmanager").service.evaluate()
    keys = {a["object_key"] for a in api_as("svcmanager").service.alerts_of(rule["id"])}
    assert f"fault:{p1['id']}" in keys and f"fault:{p3['id']}" not in keys


@pytest.mark.spec("SVC-ALR-2", severity="critical", priority="high")
def test_evaluating_again_never_duplicates_an_alert(api_as, make_fault, make_rule, set_clock):
    created = datetime.datetime(2035, 4, 3, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P4")
    rule = make_rule(kind="unassigned", threshold=5, priority="P4")
    set_clock(created + datetime.timedelta(minutes=10))
    manager = api_as("svcmanager")
    manager.service.evaluate()
    set_clock(created + datetime.timedelta(minutes=20))
    manager.service.evaluate()
    manager.service.evaluate()
    assert len(fired_for(manager, rule, f"fault:{ticket['id']}")) == 1


@pytest.mark.spec("SVC-ALR-1", "SVC-ALR-2", severity="normal", priority="medium")
def test_an_inactive_rule_does_not_fire(api_as, make_fault, make_rule, set_clock):
    created = datetime.datetime(2035, 4, 4, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    make_fault(priority="P3")
    rule = make_rule(kind="unassigned", threshold=1, priority="P3", active=False)
    set_clock(created + datetime.timedelta(hours=2))
    api_as("svcmanager").service.evaluate()
    assert api_as("svcmanager").service.alerts_of(rule["id"]) == []


@pytest.mark.spec("SVC-ALR-1", "COM-ROLE-1", severity="normal", priority="medium")
def test_an_alert_reaches_only_its_recipient(api_as, make_fault, make_rule, set_clock, svc_user_ids):
    created = datetime.datetime(2035, 4, 5, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P1")
    to_manager = make_rule(kind="unassigned", threshold=5, priority="P1", recipient_user=svc_user_ids["svcmanager"])
    set_clock(created + datetime.timedelta(minutes=6))
    api_as("svcmanager").service.evaluate()
    assert len(fired_for(api_as("svcmanager"), to_manager, f"fault:{ticket['id']}")) == 1
    assert fired_for(api_as("engineer"), to_manager, f"fault:{ticket['id']}") == []


@pytest.mark.spec("SVC-ALR-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("fields", "error_field"), [
    ({"kind": "unassigned", "threshold": 5}, "recipient_role"),
    ({"kind": "unassigned", "threshold": 5, "recipient_role": "engineer", "recipient_user": 1}, "recipient_role"),
    ({"kind": "unassigned", "recipient_role": "engineer"}, "threshold"),
    ({"kind": "product_burst", "threshold": 3, "recipient_role": "engineer"}, "window_hours"),
    ({"kind": "unassigned", "threshold": 0, "recipient_role": "engineer"}, "threshold"),
], ids=["no-recipient", "two-recipients", "no-n", "no-m", "zero-n"])
def test_an_incomplete_rule_is_refused(api_as, uniq, fields, error_field):
    response = api_as("svcmanager", "en").service.rules.create_response({"name": f"bad {uniq()}", **fields})
    assert response.status_code == 400
    assert error_field in response.json()


@pytest.mark.spec("SVC-ALR-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["engineer", "rep1", "finance"])
def test_only_the_service_manager_manages_rules_and_evaluates_on_demand(page_as, api_as, user):
    api = api_as(user)
    assert api.service.rules.list_response().status_code == 403
    assert api.service.rules.collection_action_response("evaluate").status_code == 403
    assert AlertRuleListPage(page_as(user)).screen.open_expecting_refusal().status == 403


# -- UI --------------------------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-ALR-1", severity="normal", priority="high")
def test_the_service_manager_creates_a_rule_through_the_form(page_as, api_as, uniq):
    name = f"P1 unassigned {uniq()}"
    form = AlertRuleListPage(page_as("svcmanager")).screen.open().new_rule()
    form.fill(name=name, kind="超过 N 分钟未分派", threshold="15", priority="P1 紧急", role="售后工程师")
    listing = form.save()
    row = listing.table.row(name)
    expect(row).to_contain_text("超过 N 分钟未分派")
    expect(row).to_contain_text("售后工程师")
    manager = api_as("svcmanager")
    rule = next(r for r in manager.service.rules.list() if r["name"] == name)
    manager.service.rules.delete(rule['id'])


@pytest.mark.spec("SVC-ALR-1", "COM-UI-3", severity="normal", priority="medium")
def test_the_rule_form_explains_a_missing_recipient_next_to_the_field(page_as, uniq):
    form = AlertRuleListPage(page_as("svcmanager")).screen.open().new_rule()
    form.fill(name=f"rule {uniq()}", kind="响应 SLA 违约").save_expecting_errors()
    expect(form.field("role")).to_have_attribute("aria-invalid", "true")
    expect(form.field("role")).to_have_accessible_description("请选择接收角色或接收用户（二选一）")


@pytest.mark.spec("SVC-ALR-2", severity="critical", priority="high")
def test_the_manager_evaluates_on_demand_and_acknowledges_an_alert_in_the_inbox(page_as, make_fault, make_rule,
                                                                                 set_clock):
    created = datetime.datetime(2035, 5, 6, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P1")
    make_rule(kind="unassigned", threshold=5, priority="P1")
    set_clock(created + datetime.timedelta(minutes=6))
    inbox = AlertInboxPage(page_as("svcmanager")).screen.open().evaluate()
    expect(inbox.screen.toast.success).to_contain_text("报警规则已评估")
    inbox.list.search(ticket["number"])
    expect(inbox.table.rows).to_have_count(1)
    inbox.acknowledge(ticket["number"])
    expect(inbox.acknowledge_button(ticket["number"])).to_have_count(0)
    expect(inbox.table.row(ticket["number"])).to_contain_text("刘经理")


@pytest.mark.spec("SVC-ALR-2", severity="normal", priority="medium")
def test_an_engineer_sees_role_alerts_but_no_evaluate_button(page_as, api_as, make_fault, make_rule, set_clock):
    created = datetime.datetime(2035, 5, 7, 9, 0, tzinfo=BEIJING)
    set_clock(created)
    ticket = make_fault(priority="P2")
    make_rule(kind="unassigned", threshold=5, priority="P2", recipient_role="engineer")
    set_clock(created + datetime.timedelta(minutes=6))
    api_as("svcmanager").service.evaluate()
    inbox = AlertInboxPage(page_as("engineer")).screen.open(query=f"q={ticket['number']}")
    expect(inbox.evaluate_button).to_have_count(0)
    expect(inbox.table.rows).to_have_count(1)
    expect(inbox.table.row(ticket["number"])).to_contain_text("未分派")
