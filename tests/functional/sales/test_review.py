"""e-Sales activity review (SAL-REV-1..2): the manager's per-rep numbers for a week or month with drill-down, and
review comments that the rep sees."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.labels import both
from pages.sales.activities import ActivityDetailPage
from pages.sales.review import ReviewPage
from suite.checks.messages import unclear_refusal
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import percent

pytestmark = pytest.mark.area("e-Sales", "活动管理回顾")

TZ = datetime.timezone(datetime.timedelta(hours=8))
REVIEW_COMMENT = both("点评意见", "Review comment")


def monday_of(year: int) -> datetime.date:
    day = datetime.date(year, 3, 10)
    return day - datetime.timedelta(days=day.weekday())


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def week(report_year, set_clock, make_sales_customer, make_activity):
    """A week of a far-future year with activities of rep1 and rep2 (and one just after the week), the clock on
    its Wednesday noon.  Returns (monday, expected numbers per username)."""
    monday = monday_of(report_year)
    c1, c2 = make_sales_customer(owner="rep1"), make_sales_customer(owner="rep2")
    days = [monday + datetime.timedelta(days=n) for n in range(8)]
    made = {
        "rep1": [
            make_activity(c1, at(days[0], 9), status="done", outcome="connected"),
            make_activity(c1, at(days[1], 10), type="visit"),  # overdue on Wednesday noon
            make_activity(c1, at(days[2], 11, 59), type="call"),  # one minute overdue
            make_activity(c1, at(days[2], 12, 1), type="call"),  # not yet
            make_activity(c1, at(days[3], 10), type="meeting", status="cancelled"),
        ],
        "rep2": [
            make_activity(c2, at(days[0], 10), as_user="rep2", type="visit", status="done", notes="已确认"),
            make_activity(c2, at(days[6], 23, 59), as_user="rep2", type="demo"),  # Sunday, in the week
        ],
    }
    make_activity(c1, at(days[7], 0, 0), type="call")  # next Monday 00:00: outside the week, inside the month
    set_clock(at(days[2], 12, 0))
    expected = {
        "rep1": {"planned": 5, "done": 1, "overdue": 2, "rate": percent(1, 5)},
        "rep2": {"planned": 2, "done": 1, "overdue": 0, "rate": percent(1, 2)},
    }
    return monday, expected, made


# --------------------------------------------------------------------------- SAL-REV-1 numbers
@pytest.mark.spec("SAL-REV-1", severity="critical", priority="high")
def test_the_week_review_counts_planned_done_overdue_and_completion_rate(api_as, week):
    monday, expected, _made = week
    body = api_as("manager").sales.review.get(period="week", date=(monday + datetime.timedelta(days=4)).isoformat())
    assert (body["start"], body["end"]) == (monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat())
    rows = {row["rep_name"]: row for row in body["rows"]}
    assert set(rows) == {"张三", "李四"}  # the manager's team
    for username, name in (("rep1", "张三"), ("rep2", "李四")):
        want = expected[username]
        got = rows[name]
        assert (got["planned"], got["done"], got["overdue"], Decimal(got["rate"])) == (
            want["planned"], want["done"], want["overdue"], want["rate"])
    assert body["totals"]["planned"] == sum(r["planned"] for r in body["rows"]) == 7
    assert Decimal(body["totals"]["rate"]) == percent(2, 7)


@pytest.mark.spec("SAL-REV-1", severity="normal", priority="medium")
def test_the_month_review_includes_the_rest_of_the_month(api_as, week):
    monday, expected, _made = week
    body = api_as("manager").sales.review.get(period="month", date=monday.isoformat())
    assert body["start"] == monday.replace(day=1).isoformat()
    rep1 = next(r for r in body["rows"] if r["rep_name"] == "张三")
    assert rep1["planned"] == expected["rep1"]["planned"] + 1  # the call on the next Monday
    assert rep1["overdue"] == expected["rep1"]["overdue"]


@pytest.mark.spec("SAL-REV-1", severity="critical", priority="high")
def test_the_review_page_shows_the_numbers_and_drills_down_to_the_list(page_as, week):
    monday, expected, made = week
    review = ReviewPage(page_as("manager")).screen.open().show(period="周", date=monday.isoformat())
    expect(review.period).to_contain_text(monday.isoformat())
    want = expected["rep1"]
    expect(review.cell("张三", "planned")).to_have_text(str(want["planned"]))
    expect(review.cell("张三", "done")).to_have_text(str(want["done"]))
    expect(review.cell("张三", "overdue")).to_have_text(str(want["overdue"]))
    expect(review.cell("张三", "rate")).to_have_text(f"{want['rate']}%")
    listing = review.drill_down("张三", "overdue")
    expect(listing.table.rows).to_have_count(2)
    for activity in made["rep1"][1:3]:
        expect(listing.table.row(activity["subject"])).to_have_count(1)


@pytest.mark.spec("SAL-REV-1", "COM-ROLE-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("user", ["rep1", "rep2", "finance", "engineer"])
def test_only_managers_use_the_review(api_as, page_as, user):
    assert api_as(user).sales.review.get_response({"period": "week"}).status_code == 403
    response = ReviewPage(page_as(user)).screen.open_expecting_refusal()
    assert response is not None and response.status == 403


@pytest.mark.spec("SAL-REV-1", severity="normal", priority="low")
@pytest.mark.parametrize(("params", "field"), [({"period": "year"}, "period"), ({"date": "2031-02-30"}, "date"),
                                               ({"rep": "999999"}, "rep")])
def test_a_bad_review_filter_is_refused_clearly(api_as, params, field):
    response = api_as("manager", language="en").sales.review.get_response(params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


# --------------------------------------------------------------------------- SAL-REV-2 comments
@pytest.mark.spec("SAL-REV-2", severity="critical", priority="high")
def test_the_manager_reviews_an_activity_and_the_rep_sees_it(page_as, make_sales_customer, make_activity, fake):
    customer = make_sales_customer(owner="rep1")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ), status="done",
                             outcome="connected")
    comment = f"{fake.sentence()} 请明天跟进报价。"
    manager_view = ActivityDetailPage(page_as("manager")).screen.open(activity["id"]).add_review(comment)
    expect(manager_view.screen.toast.success).to_have_text("点评已保存")
    expect(manager_view.review_items).to_have_count(1)
    rep_view = ActivityDetailPage(page_as("rep1")).screen.open(activity["id"])
    expect(rep_view.review_items.first).to_contain_text(comment)
    expect(rep_view.review_items.first).to_contain_text("王经理")
    expect(rep_view.review_form.submit_button).to_have_count(0)


@pytest.mark.spec("SAL-REV-2", "COM-ROLE-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("user", ["rep1", "rep2"])
def test_reps_cannot_review(api_as, make_sales_customer, make_activity, user):
    customer = make_sales_customer(owner="rep1")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ))
    status = api_as(user).sales.add_review_comment_response(activity["id"], "自评").status_code
    assert status == (403 if user == "rep1" else 404)
    assert api_as("rep1").sales.activities.get(activity["id"])["reviews"] == []


@pytest.mark.spec("SAL-REV-2", severity="normal", priority="medium")
@pytest.mark.parametrize("user", ["manager", "admin"])
def test_managers_and_the_administrator_may_review(api_as, make_sales_customer, make_activity, user):
    customer = make_sales_customer(owner="rep2")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ), as_user="rep2")
    review = api_as(user).expect(api_as(user).sales.add_review_comment_response(activity["id"], "很好"), 201)
    seen = api_as("rep2").sales.activities.get(activity["id"])["reviews"]
    assert [(r["id"], r["comment"]) for r in seen] == [(review["id"], "很好")]


@pytest.mark.spec("SAL-REV-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "这个字段是必填项。"),
                                                    ("en", "This field is required.")])
def test_an_empty_review_comment_is_refused(page_as, make_sales_customer, make_activity, language, message):
    customer = make_sales_customer(owner="rep1")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ))
    detail = ActivityDetailPage(page_as("manager", language=language)).screen.open(activity["id"])
    detail.add_review_expecting_errors("   ")
    expect(detail.review_form.field(REVIEW_COMMENT)).to_have_accessible_description(message)
    expect(detail.review_items).to_have_count(0)


@pytest.mark.spec("SAL-REV-2", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("text", FIELD_SAMPLE, ids=range(len(FIELD_SAMPLE)))
def test_hostile_review_comments_are_stored_exactly_or_refused(api_as, make_sales_customer, make_activity, text):
    customer = make_sales_customer(owner="rep1")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ))
    response = api_as("manager").sales.add_review_comment_response(activity["id"], text)
    assert response.status_code in (201, 400), response.text
    if response.status_code == 201:
        assert api_as("rep1").sales.activities.get(activity["id"])["reviews"][0]["comment"] == text
    else:
        assert list(response.json()) == ["comment"]
        assert not unclear_refusal(response.json(), {"comment"}, sent=text), response.text


@pytest.mark.spec("SAL-REV-2", "COM-UI-3", severity="critical", priority="high")
def test_a_script_in_a_review_comment_does_not_run(page_as, api_as, make_sales_customer, make_activity):
    customer = make_sales_customer(owner="rep1")
    activity = make_activity(customer, datetime.datetime(2031, 6, 13, 10, tzinfo=TZ))
    text = '"><img src=x onerror="window.__xss=1">'
    api_as("manager").expect(api_as("manager").sales.add_review_comment_response(activity["id"], text), 201)
    page = page_as("rep1")
    detail = ActivityDetailPage(page).screen.open(activity["id"])
    expect(detail.review_items.first).to_contain_text(text)
    assert page.evaluate("window.__xss") is None
