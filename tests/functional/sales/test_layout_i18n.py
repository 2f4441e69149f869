"""COM-UI-1 and COM-UI-2 on the customer pages: responsive from 320 to 1920 px, and zh-CN / en throughout."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from pages.generic_page import GenericPage
from pages.sales.activities import ActivityDetailPage, ActivityListPage, MyDayPage
from pages.sales.customers import CustomerFormPage, CustomerListPage
from pages.sales.opportunities import OpportunityDetailPage, PipelinePage
from pages.sales.reports import PyramidReportPage
from pages.sales.review import ReviewPage
from pages.sales.settings import SettingListPage
from pages.session import DashboardPage
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake
from suite.data.sales import opportunity_data

pytestmark = pytest.mark.area("e-Sales", "客户")


VIEWPORTS = {"320": (320, 800), "768": (768, 1024), "1280": (1280, 800), "1920": (1920, 1080)}


VIEWPORTS_SALES = [(320, 640), (768, 1024), (1280, 800), (1920, 1080)]
TZ = datetime.timezone(datetime.timedelta(hours=8))


# page key: (user, opener(page, ids) -> page object, h1 zh, h1 en, rule)
PAGES = {
    "pipeline": ("rep1", lambda page, ids: PipelinePage(page).screen.open(), "销售漏斗看板", "Pipeline board",
                 "SAL-OPP-6"),
    "opportunity": ("rep1", lambda page, ids: OpportunityDetailPage(page).screen.open(ids["opportunity"]), None, None,
                    "SAL-OPP-5"),
    "activities": ("rep1", lambda page, ids: ActivityListPage(page).screen.open(), "商务活动", "Activities",
                   "SAL-ACT-3"),
    "activity": ("manager", lambda page, ids: ActivityDetailPage(page).screen.open(ids["activity"]), None, None,
                 "SAL-REV-2"),
    "my-day": ("rep1", lambda page, ids: MyDayPage(page).screen.open(), "我的一天", "My day", "SAL-ACT-3"),
    "review": ("manager", lambda page, ids: ReviewPage(page).screen.open(), "活动回顾", "Activity review", "SAL-REV-1"),
    "pyramid": ("manager", lambda page, ids: PyramidReportPage(page).open(), "客户金字塔", "Customer pyramid",
                "SAL-RPT-5"),
    "stages": ("admin", lambda page, ids: SettingListPage(page, "stages").screen.open(), "阶段", "Stages", "SAL-SET-1"),
}


@pytest.fixture
def ids(make_sales_customer, make_opportunity, make_contact, make_activity, fake, uniq, api_as):
    """An opportunity and an activity whose texts are long and unbroken (the layout must wrap them)."""
    long_word = "Ｗ" * 60 + uniq()
    customer = make_sales_customer(owner="rep1", name=f"客户{long_word}")
    data = opportunity_data(fake, uniq, customer, name=f"机会{long_word}"[:100], competitor="C" * 100).as_dict()
    data.pop("customer"), data.pop("stage")
    opportunity = make_opportunity(customer, stage="proposal", **data)
    contact = make_contact(customer)
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ), contact=contact["id"],
                             status="done", outcome="busy", notes="N" * 500, subject=f"跟进{long_word}"[:100])
    api_as("manager").sales.reviews(activity["id"]).create({"comment": "R" * 300})
    return {"opportunity": opportunity["id"], "activity": activity["id"]}


def _open(page_as, key: str, ids: dict, **options) -> Page:
    user, opener, *_ = PAGES[key]
    page = page_as(user, **options)
    opener(page, ids)
    return page


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


@pytest.mark.area("e-Sales", "布局与语言")
@pytest.mark.spec("COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("viewport", VIEWPORTS_SALES, ids=[f"{w}px" for w, _h in VIEWPORTS_SALES])
@pytest.mark.parametrize("key", list(PAGES))
def test_sales_pages_keep_their_layout_at_every_width(page_as, ids, key, viewport):
    page = _open(page_as, key, ids, viewport=viewport)
    expect(GenericPage(page).heading).to_be_visible()
    assert_layout_intact(page)


@pytest.mark.area("e-Sales", "布局与语言")
@pytest.mark.spec("COM-UI-2", severity="normal", priority="medium")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("key", list(PAGES))
def test_sales_pages_are_translated(page_as, ids, key, language):
    _user, _opener, zh, en, _rule = PAGES[key]
    page = _open(page_as, key, ids, language=language)
    shown = GenericPage(page)
    heading = shown.heading
    if zh:
        expect(heading).to_have_text(zh if language == "zh-hans" else en)
    text = shown.main.inner_text()
    assert_no_mojibake(text)
    if language == "en":
        # Every label is English; Chinese may appear only in data (names typed by users, seeded records).
        labels = " ".join(shown.column_headers.all_inner_texts()
                          + shown.terms.all_inner_texts()
                          + shown.buttons.all_inner_texts()
                          + shown.section_headings.all_inner_texts())
        assert not re.search(r"[\u4e00-\u9fff]", labels), f"untranslated label on {key}: {labels[:300]!r}"
