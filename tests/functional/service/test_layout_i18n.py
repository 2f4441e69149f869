"""e-Service pages at every width and in both languages (COM-UI-1, COM-UI-2), with the rule each page serves."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.generic_page import GenericPage
from pages.service.alerts import AlertInboxPage, AlertRuleListPage
from pages.service.customers import ServiceCustomerListPage
from pages.service.faults import FaultDetailPage, FaultListPage
from pages.service.kb import KbListPage
from pages.service.reports import ServiceReportPage
from pages.service.rma import RmaListPage
from pages.service.settings import ServiceSettingsPage
from pages.service.surveys import SurveyListPage
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake

pytestmark = pytest.mark.area("e-Service", "界面与语言")

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


@pytest.mark.spec("SVC-FLT-1", "SVC-FLT-3", "COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", WIDTHS)
def test_the_ticket_page_fits_every_width(page_as, busy_ticket, width):
    page = page_as("svcmanager", viewport=(width, 900))
    ticket = FaultDetailPage(page).screen.open(busy_ticket["id"])
    expect(ticket.heading).to_have_text(busy_ticket["number"])
    assert_layout_intact(page)


@pytest.mark.spec("SVC-RPT-1", "COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", WIDTHS)
def test_the_report_page_fits_every_width(page_as, width):
    page = page_as("svcmanager", viewport=(width, 900))
    report = ServiceReportPage(page).screen.open()
    expect(report.charts.first).to_be_visible()
    assert_layout_intact(page)


@pytest.mark.spec("SVC-FLT-1", "SVC-ALR-2", "SVC-KB-2", "COM-UI-1", "COM-UI-4", severity="minor", priority="low")
@pytest.mark.parametrize("path", [FaultListPage.PATH, AlertInboxPage.PATH, KbListPage.PATH,
                                  ServiceCustomerListPage.PATH], ids=["faults", "alerts", "kb", "customers"])
def test_the_lists_fit_a_phone(page_as, path):
    page = page_as("svcmanager", viewport=(320, 800))
    expect(GenericPage(page).open(path).tables).to_be_visible()
    assert_layout_intact(page)


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
