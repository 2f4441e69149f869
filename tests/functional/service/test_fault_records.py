"""e-Service fault records (故障记录管理): SVC-FLT-1 and SVC-FLT-3 with the audit trail (COM-AUD-1) and roles."""

from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from pages.generic_page import GenericPage
from pages.labels import both
from pages.service.alerts import AlertInboxPage, AlertRuleListPage
from pages.service.customers import ServiceCustomerListPage
from pages.service.faults import STATUS, FaultDetailPage, FaultFormPage, FaultListPage
from pages.service.kb import KbListPage
from pages.service.reports import ServiceReportPage
from pages.service.rma import RmaListPage
from pages.service.settings import ServiceSettingsPage
from pages.service.surveys import SurveyListPage
from suite.api.client import EcrmApi
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake
from suite.data import hostile
from suite.data.service import BEIJING

pytestmark = pytest.mark.area("e-Service", "故障记录管理")

NUMBER = re.compile(r"^SR-(\d{8})-(\d{3,})$")


# -- numbering ---------------------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-FLT-1", severity="critical", priority="high")
def test_ticket_numbers_are_sr_date_and_a_gapless_daily_sequence(make_fault, set_clock):
    set_clock(datetime.datetime(2031, 7, 14, 10, 0, tzinfo=BEIJING))
    numbers = [make_fault()["number"] for _ in range(3)]
    parts = [NUMBER.match(n) for n in numbers]
    assert all(parts), numbers
    assert {p.group(1) for p in parts} == {"20310714"}
    sequence = [int(p.group(2)) for p in parts]
    assert sequence == list(range(sequence[0], sequence[0] + 3)), numbers


@pytest.mark.spec("SVC-FLT-1", severity="critical", priority="high")
def test_tickets_created_at_the_same_moment_get_distinct_consecutive_numbers(ecrm_url, make_fault, service_customer,
                                                                              service_product, set_clock, fake):
    set_clock(datetime.datetime(2031, 7, 15, 9, 30, tzinfo=BEIJING))
    first = make_fault()
    hardware = EcrmApi(ecrm_url).login("svcmanager").service.category_id()

    def create(index: int) -> str:
        api = EcrmApi(ecrm_url).login("svcmanager")
        return api.service.create_fault(service_customer["id"], service_product["id"], hardware,
                                        f"{fake.sentence()} parallel {index}")["number"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(create, range(6)))
    sequence = sorted(int(NUMBER.match(n).group(2)) for n in numbers)
    start = int(NUMBER.match(first["number"]).group(2))
    assert sequence == list(range(start + 1, start + 7)), numbers


# -- creating --------------------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-FLT-1", "COM-AUD-1", severity="blocker", priority="urgent")
def test_the_service_manager_opens_a_ticket_through_the_form(page_as, service_customer, service_product, fake, uniq):
    description = f"{fake.sentence()} {uniq()}"
    form = FaultFormPage(page_as("svcmanager")).screen.open_new(customer_id=service_customer["id"])
    detail = form.fill(product=service_product["name"], category="硬件", priority="P1 紧急", channel="电话",
                       serial=f"sn-{uniq()}", description=description).save()
    expect(detail.heading).to_have_text(NUMBER)
    expect(detail.status_badge).to_have_text(STATUS["new"])
    expect(detail.detail("故障描述")).to_have_text(description)
    expect(detail.detail("客户")).to_have_text(service_customer["name"])
    expect(detail.audit_trail.rows.first).to_contain_text("新建")


@pytest.mark.spec("SVC-FLT-1", "COM-UI-3", severity="normal", priority="high")
def test_an_empty_ticket_form_reports_each_missing_field(page_as):
    form = FaultFormPage(page_as("svcmanager")).screen.open_new().save_expecting_errors()
    for key in ("customer", "product", "category", "description"):
        expect(form.field(key)).to_have_attribute("aria-invalid", "true")


@pytest.mark.spec("SVC-FLT-1", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("text", hostile.values("xss-script", "xss-img-attr", "emoji-name", "template-mixed"),
                         ids=["script", "img-onerror", "emoji", "template"])
def test_hostile_descriptions_are_stored_exactly_and_shown_as_text(page_as, make_fault, text):
    ticket = make_fault(description=f"desc {text}")
    page = page_as("svcmanager")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    detail = FaultDetailPage(page).screen.open(ticket["id"])
    expect(detail.detail("故障描述")).to_have_text(f"desc {text}")
    assert page.evaluate("() => window.__xss === undefined")
    assert dialogs == []


@pytest.mark.spec("SVC-FLT-1", "COM-UI-3", severity="normal", priority="medium")
def test_a_description_with_a_nul_character_is_refused_with_a_message(api_as, service_customer, service_product):
    api = api_as("svcmanager", "en")
    response = api.service.faults.create_response({"customer": service_customer["id"], "product": service_product["id"],
                                          "category": api.service.category_id(), "description": "bad\x00text"})
    assert response.status_code == 400
    assert "description" in response.json()


# -- workflow --------------------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-FLT-1", "COM-AUD-1", severity="blocker", priority="urgent")
def test_a_ticket_moves_through_every_state_and_each_change_is_audited(page_as, make_fault, uniq):
    ticket = make_fault(priority="P2")
    manager = FaultDetailPage(page_as("svcmanager")).screen.open(ticket["id"]).assign_to("陈工")
    expect(manager.status_badge).to_have_text(STATUS["assigned"])
    engineer = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"])
    engineer.do("start")
    expect(engineer.status_badge).to_have_text(STATUS["in_progress"])
    engineer.do("await_customer")
    expect(engineer.status_badge).to_have_text(STATUS["pending_customer"])
    engineer.do("resume")
    engineer.resolve(f"Replaced the fan {uniq()}")
    expect(engineer.status_badge).to_have_text(STATUS["resolved"])
    engineer.do("close")
    expect(engineer.status_badge).to_have_text(STATUS["closed"])
    status_rows = engineer.audit_trail.rows.filter(has_text="状态变更")
    expect(status_rows).to_have_count(6)
    expect(status_rows.first).to_contain_text("已解决")
    expect(status_rows.first).to_contain_text("已关闭")
    expect(engineer.audit_trail.rows.filter(has_text="负责工程师")).to_contain_text("陈工")


@pytest.mark.spec("SVC-FLT-1", "COM-ROLE-1", severity="critical", priority="high")
def test_an_engineer_cannot_assign_a_ticket(page_as, api_as, make_fault, svc_user_ids):
    ticket = make_fault(as_user="engineer")
    response = api_as("engineer").service.assign_response(ticket["id"], svc_user_ids["engineer"])
    assert response.status_code == 403
    detail = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"])
    expect(detail.assign_button).to_have_count(0)
    expect(detail.status_badge).to_have_text(STATUS["new"])


@pytest.mark.spec("SVC-FLT-1", severity="normal", priority="medium")
def test_the_admin_may_assign_like_the_service_manager(api_as, make_fault, svc_user_ids):
    ticket = make_fault()
    body = api_as("admin").expect(api_as("admin").service.assign_response(ticket["id"], svc_user_ids["engineer"]), 200)
    assert (body["status"], body["assignee"]) == ("assigned", svc_user_ids["engineer"])


@pytest.mark.spec("SVC-FLT-1", "COM-UI-3", severity="critical", priority="high")
def test_resolving_without_a_resolution_is_refused_next_to_the_field(page_as, api_as, make_fault, svc_user_ids):
    ticket = make_fault()
    api_as("svcmanager").service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    detail = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"]).resolve_expecting_error("   ")
    expect(detail.resolution_field).to_have_attribute("aria-invalid", "true")
    expect(detail.resolution_field).to_have_accessible_description(re.compile("解决方案"))
    expect(detail.status_badge).to_have_text(STATUS["in_progress"])


@pytest.mark.spec("SVC-FLT-1", severity="critical", priority="high")
def test_the_api_refuses_to_resolve_without_a_resolution(api_as, make_fault, svc_user_ids):
    ticket = make_fault()
    manager = api_as("svcmanager", "en")
    manager.service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    response = manager.service.transition_response(ticket["id"], "resolve", resolution="")
    assert response.status_code == 400
    assert "resolution" in response.json()
    assert manager.service.faults.get(ticket["id"])["status"] == "in_progress"


@pytest.mark.spec("SVC-FLT-1", severity="critical", priority="high")
@pytest.mark.parametrize(("reach", "action"), [("new", "start"), ("new", "resolve"), ("assigned", "resolve"),
                                               ("in_progress", "close"), ("assigned", "reopen")],
                         ids=["start-unassigned", "resolve-new", "resolve-assigned", "close-unresolved",
                              "reopen-open"])
def test_no_step_of_the_ticket_workflow_can_be_skipped(api_as, make_fault, svc_user_ids, reach, action):
    ticket = make_fault()
    manager = api_as("svcmanager")
    if reach != "new":
        manager.service.advance_fault(ticket["id"], reach, svc_user_ids["engineer"])
    response = manager.service.transition_response(ticket["id"], action, resolution="done")
    assert response.status_code == 400, response.text
    assert manager.service.faults.get(ticket["id"])["status"] == reach


@pytest.mark.spec("SVC-FLT-1", severity="critical", priority="high")
@pytest.mark.parametrize(("after", "allowed"), [(datetime.timedelta(days=7, minutes=-1), True),
                                                (datetime.timedelta(days=7, minutes=1), False)],
                         ids=["6d23h59m-reopens", "7d1m-refused"])
def test_a_resolved_ticket_can_be_reopened_only_within_seven_days(api_as, make_fault, svc_user_ids, set_clock,
                                                                   after, allowed):
    resolved_at = datetime.datetime(2031, 8, 4, 16, 0, tzinfo=BEIJING)
    set_clock(resolved_at - datetime.timedelta(hours=3))
    ticket = make_fault()
    manager = api_as("svcmanager")
    manager.service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    set_clock(resolved_at)
    manager.expect(manager.service.transition_response(ticket["id"], "resolve", resolution="Reseated the board"), 200)
    set_clock(resolved_at + after)
    assert manager.service.faults.get(ticket["id"])["can_reopen"] is allowed
    response = manager.service.transition_response(ticket["id"], "reopen")
    assert response.status_code == (200 if allowed else 400), response.text
    assert manager.service.faults.get(ticket["id"])["status"] == ("in_progress" if allowed else "resolved")


@pytest.mark.spec("SVC-FLT-1", severity="normal", priority="medium")
def test_the_reopen_button_disappears_after_seven_days(page_as, api_as, make_fault, svc_user_ids, set_clock):
    resolved_at = datetime.datetime(2031, 9, 1, 9, 0, tzinfo=BEIJING)
    set_clock(resolved_at - datetime.timedelta(hours=1))
    ticket = make_fault()
    api_as("svcmanager").service.advance_fault(ticket["id"], "resolved", svc_user_ids["engineer"])
    set_clock(resolved_at + datetime.timedelta(days=6))
    detail = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"])
    expect(detail.action_button("reopen")).to_be_visible()
    set_clock(resolved_at + datetime.timedelta(days=8))
    detail.screen.open(ticket["id"])
    expect(detail.action_button("reopen")).to_have_count(0)
    expect(detail.action_button("close")).to_be_visible()


# -- visibility and roles --------------------------------------------------------------------------------------------
@pytest.mark.spec("SVC-FLT-1", "COM-ROLE-1", severity="critical", priority="high")
def test_an_engineer_sees_only_tickets_assigned_to_them(page_as, api_as, make_fault, svc_user_ids):
    mine = make_fault()
    other = make_fault()
    api_as("svcmanager").service.advance_fault(mine["id"], "assigned", svc_user_ids["engineer"])
    api_as("svcmanager").service.advance_fault(other["id"], "assigned", svc_user_ids["svcmanager"])
    engineer = api_as("engineer")
    assert engineer.service.faults.get_response(other['id']).status_code == 404
    listing = FaultListPage(page_as("engineer")).screen.open(query=f"q={mine['number'][:11]}")
    expect(listing.table.row(mine["number"])).to_have_count(1)
    expect(listing.table.row(other["number"])).to_have_count(0)


@pytest.mark.spec("SVC-FLT-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep1", "manager", "finance"])
def test_sales_and_finance_roles_get_403_on_fault_records(page_as, api_as, make_fault, user):
    ticket = make_fault()
    assert api_as(user).service.faults.list_response().status_code == 403
    assert api_as(user).service.faults.get_response(ticket['id']).status_code == 403
    page = FaultDetailPage(page_as(user))
    response = page.screen.open_expecting_refusal(ticket["id"])
    assert response.status == 403
    expect(page.screen.text(ticket["description"])).to_have_count(0)


@pytest.mark.spec("SVC-FLT-1", "COM-AUTH-1", severity="critical", priority="high")
def test_anonymous_visitors_are_sent_to_login_and_the_api_answers_401(page_as, anon_api):
    page = page_as(None)
    GenericPage(page).open_expecting_login(FaultListPage.PATH)
    expect(page).to_have_url(re.compile(r"/login/\?next="))
    assert anon_api.service.faults.list_response().status_code == 401


@pytest.mark.spec("SVC-FLT-1", "COM-UI-4", severity="normal", priority="medium")
def test_the_list_filters_by_status_and_exports_csv(page_as, api_as, make_fault, svc_user_ids, service_product,
                                                    tmp_path):
    new = make_fault()
    assigned = make_fault()
    api_as("svcmanager").service.advance_fault(assigned["id"], "assigned", svc_user_ids["engineer"])
    listing = FaultListPage(page_as("svcmanager")).screen.open(query=f"product={service_product['id']}")
    expect(listing.table.rows).to_have_count(2)
    listing.list.filter(status="已分派")
    expect(listing.table.rows).to_have_count(1)
    expect(listing.table.row(assigned["number"])).to_have_count(1)
    from suite.checks.assertions import read_csv_export

    rows = read_csv_export(listing.list.export_csv(tmp_path))
    assert [r["工单号"] for r in rows] == [assigned["number"]]
    assert rows[0]["状态"] == "已分派"
    assert new["number"] not in {r["工单号"] for r in rows}


# -- work log and KB links (SVC-FLT-3) -------------------------------------------------------------------------------
@pytest.mark.spec("SVC-FLT-3", severity="normal", priority="high")
def test_work_log_entries_are_timestamped_by_the_server_clock(page_as, api_as, make_fault, svc_user_ids, set_clock,
                                                              uniq):
    moment = datetime.datetime(2031, 10, 8, 14, 25, tzinfo=BEIJING)
    set_clock(moment - datetime.timedelta(minutes=30))
    ticket = make_fault()
    api_as("svcmanager").service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    set_clock(moment)
    text = f"Checked the logs {uniq()}"
    detail = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"]).add_work_log(text)
    row = detail.work_log_table.row(text)
    expect(row).to_contain_text("2031-10-08 14:25")
    expect(row).to_contain_text("陈工")


@pytest.mark.spec("SVC-FLT-3", "COM-ROLE-1", severity="normal", priority="medium")
def test_only_the_assignee_or_a_manager_writes_the_work_log(api_as, make_fault, svc_user_ids):
    ticket = make_fault()
    api_as("svcmanager").service.advance_fault(ticket["id"], "assigned", svc_user_ids["svcmanager"])
    # The engineer opened nothing and is not the assignee: the ticket is not even visible.
    assert api_as("engineer").service.faults.nested(ticket['id'],
                                                    "work-log").create_response({"text": "hi"}).status_code == 404
    manager = api_as("svcmanager")
    entry = manager.service.faults.nested(ticket['id'], "work-log").create({"text": "Called back"})
    assert entry["author"] == svc_user_ids["svcmanager"] and entry["at"]


@pytest.mark.spec("SVC-FLT-3", "SVC-KB-1", severity="normal", priority="medium")
def test_a_published_article_is_linked_to_a_ticket_and_a_draft_cannot_be(page_as, api_as, make_fault, make_article,
                                                                         svc_user_ids, uniq):
    ticket = make_fault()
    api_as("svcmanager").service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    article = make_article(title=f"Power supply checklist {uniq()}")
    draft = make_article(title=f"Unfinished notes {uniq()}", status="draft")
    detail = FaultDetailPage(page_as("engineer")).screen.open(ticket["id"]).link_article(article["title"])
    expect(detail.article_link(article["title"])).to_be_visible()
    expect(detail.article_options(draft["title"])).to_have_count(0)
    response = api_as("engineer").service.faults.nested(ticket['id'],
                                                        "kb-links").create_response({"article": draft["id"]})
    assert response.status_code == 400


WIDTHS = [320, 768, 1280, 1920]
SERVICE_HOME = "/service/"


@pytest.fixture
def busy_ticket(api_as, make_fault, make_article, svc_user_ids, uniq):
    """A ticket with a long description, a work-log entry and a linked article (a realistic, crowded page)."""
    ticket = make_fault(description="Customer reports intermittent reboots " * 8 + uniq())
    manager = api_as("svcmanager")
    manager.service.advance_fault(ticket["id"], "in_progress", svc_user_ids["engineer"])
    manager.service.faults.nested(ticket['id'], "work-log").create({"text": "Checked the PSU " * 10})
    article = make_article()
    manager.expect(manager.service.faults.nested(ticket['id'], "kb-links").create_response({"article": article["id"]}),
                   200)
    return ticket


PAGES = [
    (FaultListPage.PATH, "故障记录", "Fault records", "SVC-FLT-1"),
    (RmaListPage.PATH, "RMA", "RMA", "SVC-RMA-1"),
    (AlertInboxPage.PATH, "报警", "Alerts", "SVC-ALR-2"),
    (AlertRuleListPage.PATH, "报警规则", "Alert rules", "SVC-ALR-1"),
    (KbListPage.PATH, "知识库", "Knowledge base", "SVC-KB-1"),
    (ServiceCustomerListPage.PATH, "客户管理", "Service customers", "SVC-CUS-1"),
    (SurveyListPage.PATH, "客户调查", "Customer surveys", "SVC-SUR-1"),
    (ServiceReportPage.PATH, "售后报表", "Service reports", "SVC-RPT-1"),
    (ServiceSettingsPage.PATH, "售后设置", "Service settings", "SVC-SYS-1"),
]


BREACHED = both("已违约", "Breached")
ON_TRACK = both("正常", "On track")


def parse(stamp: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(stamp)


@pytest.mark.area("e-Service", "界面与语言")
@pytest.mark.spec("SVC-FLT-1", "SVC-FLT-3", "COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", WIDTHS)
def test_the_ticket_page_fits_every_width(page_as, busy_ticket, width):
    page = page_as("svcmanager", viewport=(width, 900))
    ticket = FaultDetailPage(page).screen.open(busy_ticket["id"])
    expect(ticket.heading).to_have_text(busy_ticket["number"])
    assert_layout_intact(page)


@pytest.mark.area("e-Service", "界面与语言")
@pytest.mark.spec("SVC-FLT-1", "SVC-ALR-2", "SVC-KB-2", "COM-UI-1", "COM-UI-4", severity="minor", priority="low")
@pytest.mark.parametrize("path", [FaultListPage.PATH, AlertInboxPage.PATH, KbListPage.PATH,
                                  ServiceCustomerListPage.PATH], ids=["faults", "alerts", "kb", "customers"])
def test_the_lists_fit_a_phone(page_as, path):
    page = page_as("svcmanager", viewport=(320, 800))
    expect(GenericPage(page).open(path).tables).to_be_visible()
    assert_layout_intact(page)


@pytest.mark.area("e-Service", "界面与语言")
@pytest.mark.spec("SVC-FLT-1", "SVC-RMA-1", "SVC-ALR-1", "SVC-KB-1", "SVC-CUS-1", "SVC-SUR-1", "SVC-RPT-1",
                  "SVC-SYS-1", "COM-UI-2", severity="minor", priority="medium")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_service_page_is_in_the_users_language(page_as, language):
    page = GenericPage(page_as("svcmanager", language=language))
    for path, zh, en, _rule in PAGES:
        page.open(path)
        expect(page.heading).to_have_text(zh if language == "zh-hans" else en)
        text = page.main.inner_text()
        assert_no_mojibake(text)
        if language == "en":
            # No Chinese left in the page's own furniture (data such as customer names may be Chinese).
            chrome = page.buttons.all_inner_texts() + page.column_headers.all_inner_texts()
            assert not any("\u4e00" <= ch <= "\u9fff" for label in chrome for ch in label), (path, chrome)


@pytest.mark.area("e-Service", "界面与语言")
@pytest.mark.spec("SVC-FLT-1", "COM-UI-2", severity="minor", priority="low")
def test_the_navigation_lists_the_service_functions_for_each_role(page_as):
    manager = page_as("svcmanager", language="en")
    nav = GenericPage(manager).open(SERVICE_HOME).screen.nav
    for name in ("Fault records", "RMA", "Alerts", "Knowledge base", "Service customers", "Customer surveys",
                 "Alert rules", "Service reports", "Service settings"):
        expect(nav.link(name, exact=True)).to_be_visible()
    engineer = page_as("engineer")
    nav = GenericPage(engineer).open(SERVICE_HOME).screen.nav
    expect(nav.link("故障记录", exact=True)).to_be_visible()
    expect(nav.link("报警规则", exact=True)).to_have_count(0)
    expect(nav.link("售后报表", exact=True)).to_have_count(0)


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
