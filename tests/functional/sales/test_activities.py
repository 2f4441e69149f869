"""e-Sales business activities (SAL-ACT-1..4): call follow-ups, unreachable contacts, overdue and My day, and what
a done activity needs.  Time-of-day rules run under the test clock, just before and after their boundaries."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from pages.sales.activities import ActivityDetailPage, ActivityFormPage, ActivityListPage, MyDayPage
from suite.checks.assertions import read_csv_export
from suite.checks.messages import unclear_refusal
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import UNSUCCESSFUL

pytestmark = pytest.mark.area("e-Sales", "商务活动管理")

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(text: str) -> datetime.datetime:
    """'2031-06-13 18:00' in Beijing time."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=TZ)


def parsed(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


@pytest.fixture
def customer(make_sales_customer):
    return make_sales_customer(owner="rep1")


@pytest.fixture
def contact(make_contact, customer):
    return make_contact(customer)


# --------------------------------------------------------------------------- SAL-ACT-1 follow-up proposals
@pytest.mark.spec("SAL-ACT-1", severity="critical", priority="high")
@pytest.mark.parametrize(
    ("logged", "outcome", "proposed"),
    [
        ("2031-06-13 10:00", "busy", "2031-06-13 11:00"),  # busy: one hour later
        ("2031-06-13 23:30", "busy", "2031-06-14 00:30"),  # ... even across midnight
        ("2031-06-13 09:15", "no_answer", "2031-06-13 13:15"),  # no answer: four hours later
        ("2031-06-13 21:00", "no_answer", "2031-06-14 01:00"),
        ("2031-06-13 18:00", "powered_off", "2031-06-16 09:00"),  # Friday evening → Monday 09:00
        ("2031-06-12 23:59", "powered_off", "2031-06-13 09:00"),  # Thursday just before midnight → Friday
        ("2031-06-13 00:00", "powered_off", "2031-06-16 09:00"),  # Friday just after midnight → Monday
        ("2031-06-16 08:59", "powered_off", "2031-06-17 09:00"),  # before 09:00 is still the *next* working day
        ("2031-06-14 10:00", "powered_off", "2031-06-16 09:00"),  # Saturday → Monday
        ("2031-06-15 23:59", "powered_off", "2031-06-16 09:00"),  # Sunday → Monday
        ("2031-06-13 10:00", "connected", None),
        ("2031-06-13 10:00", "wrong_number", None),
    ],
)
def test_a_logged_call_proposes_its_follow_up(set_clock, make_activity, customer, contact, logged, outcome,
                                              proposed):
    set_clock(at(logged))
    call = make_activity(customer, at(logged), contact=contact["id"], status="done", outcome=outcome)
    expected = at(proposed) if proposed else None
    assert parsed(call["proposed_follow_up"]) == expected
    assert parsed(call["next_follow_up"]) == expected


@pytest.mark.spec("SAL-ACT-1", severity="normal", priority="medium")
def test_a_follow_up_the_rep_chose_is_kept(set_clock, make_activity, customer, contact):
    set_clock(at("2031-06-13 10:00"))
    call = make_activity(customer, at("2031-06-13 10:00"), contact=contact["id"], status="done", outcome="busy",
                         next_follow_up=at("2031-06-13 16:30").isoformat())
    assert parsed(call["proposed_follow_up"]) == at("2031-06-13 11:00")
    assert parsed(call["next_follow_up"]) == at("2031-06-13 16:30")


@pytest.mark.spec("SAL-ACT-1", severity="critical", priority="high")
def test_logging_a_powered_off_call_on_friday_evening_plans_monday_nine(set_clock, page_as, make_activity, customer,
                                                                       contact):
    set_clock(at("2031-06-13 18:00"))
    planned = make_activity(customer, at("2031-06-13 17:30"), contact=contact["id"])
    form = ActivityFormPage(page_as("rep1")).screen.open_edit(planned["id"])
    detail = form.log_activity(status="已完成", outcome="关机")
    expect(detail.detail("建议跟进时间")).to_have_text("2031-06-16 09:00")
    expect(detail.detail("下次跟进")).to_have_text("2031-06-16 09:00")
    follow_up = detail.schedule_follow_up()
    expect(follow_up.screen.toast.success).to_have_text("跟进电话已安排")
    expect(follow_up.detail("计划时间")).to_have_text("2031-06-16 09:00")
    expect(follow_up.detail("状态")).to_have_text("计划中")
    expect(follow_up.detail("类型")).to_have_text("电话")


# --------------------------------------------------------------------------- SAL-ACT-2 unreachable
@pytest.mark.spec("SAL-ACT-2", severity="critical", priority="high")
@pytest.mark.parametrize("outcome", UNSUCCESSFUL)
def test_three_unsuccessful_calls_in_a_row_flag_the_contact_until_a_connected_call(
        set_clock, make_activity, api_as, customer, contact, outcome):
    set_clock(at("2031-06-13 10:00"))
    calls = []
    for index in range(3):
        calls.append(make_activity(customer, at("2031-06-13 10:00") + datetime.timedelta(minutes=index),
                                   contact=contact["id"], status="done", outcome=outcome))
        assert calls[-1]["contact_unreachable"] is (index == 2)
    connected = make_activity(customer, at("2031-06-13 10:05"), contact=contact["id"], status="done",
                              outcome="connected")
    assert connected["contact_unreachable"] is False
    again = make_activity(customer, at("2031-06-13 10:06"), contact=contact["id"], status="done", outcome=outcome)
    assert again["contact_unreachable"] is False


@pytest.mark.spec("SAL-ACT-2", severity="normal", priority="medium")
def test_a_connected_call_in_between_restarts_the_count(set_clock, make_activity, customer, contact):
    set_clock(at("2031-06-13 10:00"))
    outcomes = ["busy", "no_answer", "connected", "powered_off", "wrong_number"]
    last = None
    for index, outcome in enumerate(outcomes):
        last = make_activity(customer, at("2031-06-13 10:00") + datetime.timedelta(minutes=index),
                             contact=contact["id"], status="done", outcome=outcome)
    assert last is not None and last["contact_unreachable"] is False


@pytest.mark.spec("SAL-ACT-2", severity="normal", priority="medium")
def test_the_activity_page_shows_an_unreachable_contact(set_clock, page_as, make_activity, customer, contact):
    set_clock(at("2031-06-13 10:00"))
    last = None
    for index in range(3):
        last = make_activity(customer, at("2031-06-13 10:00") + datetime.timedelta(minutes=index),
                             contact=contact["id"], status="done", outcome="no_answer")
    detail = ActivityDetailPage(page_as("rep1")).screen.open(last["id"])
    expect(detail.unreachable_badge).to_be_visible()


# --------------------------------------------------------------------------- SAL-ACT-3 overdue and My day
@pytest.mark.spec("SAL-ACT-3", severity="critical", priority="high")
@pytest.mark.parametrize(("now", "overdue"), [("2031-06-13 09:59", False), ("2031-06-13 10:00", False),
                                               ("2031-06-13 10:01", True), ("2031-06-14 08:00", True)])
def test_a_planned_activity_is_overdue_once_its_time_has_passed(set_clock, make_activity, api_as, customer, now,
                                                                 overdue):
    set_clock(at("2031-06-13 08:00"))
    activity = make_activity(customer, at("2031-06-13 10:00"), type="visit")
    set_clock(at(now))
    fetched = api_as("rep1").sales.activities.get(activity["id"])
    assert fetched["is_overdue"] is overdue
    assert fetched["status_display"] == ("已逾期" if overdue else "计划中")


@pytest.mark.spec("SAL-ACT-3", severity="normal", priority="medium")
@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_done_or_cancelled_activities_are_never_overdue(set_clock, make_activity, api_as, customer, status):
    set_clock(at("2031-06-13 08:00"))
    activity = make_activity(customer, at("2031-06-13 09:00"), type="meeting", status=status, notes="纪要已发")
    set_clock(at("2031-06-20 08:00"))
    assert api_as("rep1").sales.activities.get(activity["id"])["is_overdue"] is False


@pytest.mark.spec("SAL-ACT-3", severity="critical", priority="high")
def test_my_day_lists_todays_and_overdue_activities(set_clock, page_as, make_activity, customer):
    set_clock(at("2031-06-13 08:00"))
    earlier_today = make_activity(customer, at("2031-06-13 09:00"), type="visit")
    later_today = make_activity(customer, at("2031-06-13 16:00"), type="meeting")
    yesterday = make_activity(customer, at("2031-06-12 15:00"), type="call")
    done_today = make_activity(customer, at("2031-06-13 08:30"), type="email", status="done", notes="已发报价")
    tomorrow = make_activity(customer, at("2031-06-14 10:00"), type="demo")
    other_rep = make_activity(customer, at("2031-06-13 11:00"), as_user="admin", type="visit")
    set_clock(at("2031-06-13 12:00"))
    my_day = MyDayPage(page_as("rep1")).screen.open()
    expect(my_day.today_label).to_contain_text("2031-06-13")
    for activity in (earlier_today, later_today, done_today):
        expect(my_day.today.row(activity["subject"])).to_have_count(1)
    for activity in (yesterday, tomorrow, other_rep):
        expect(my_day.today.row(activity["subject"])).to_have_count(0)
    for activity in (earlier_today, yesterday):
        expect(my_day.overdue.row(activity["subject"])).to_have_count(1)
    for activity in (later_today, done_today, tomorrow, other_rep):
        expect(my_day.overdue.row(activity["subject"])).to_have_count(0)
    expect(my_day.today.row(earlier_today["subject"])).to_contain_text("已逾期")


@pytest.mark.spec("SAL-ACT-3", "COM-UI-4", severity="normal", priority="medium")
def test_the_activity_list_filters_overdue_and_exports_it(set_clock, page_as, make_activity, customer, uniq,
                                                          tmp_path):
    token = uniq()
    set_clock(at("2031-06-13 08:00"))
    late = make_activity(customer, at("2031-06-13 09:00"), subject=f"回访 {token}")
    make_activity(customer, at("2031-06-13 15:00"), subject=f"拜访 {token}", type="visit")
    set_clock(at("2031-06-13 12:00"))
    listing = ActivityListPage(page_as("rep1")).screen.open().list.search(token)
    expect(listing.table.rows).to_have_count(2)
    listing.list.filter(status="已逾期")
    expect(listing.table.rows).to_have_count(1)
    expect(listing.table.rows.first).to_contain_text(late["subject"])
    rows = read_csv_export(listing.list.export_csv(tmp_path))
    assert [(r["主题"], r["状态"], r["计划时间"]) for r in rows] == [(late["subject"], "已逾期", "2031-06-13 09:00")]


# --------------------------------------------------------------------------- SAL-ACT-4 done needs a result
@pytest.mark.spec("SAL-ACT-4", severity="critical", priority="high")
@pytest.mark.parametrize(
    ("kind", "outcome", "notes", "errors"),
    [
        ("call", "", "", {"outcome", "notes"}),
        ("call", "", "   ", {"outcome", "notes"}),
        ("call", "connected", "", set()),
        ("call", "", "客户要求下周再联系", set()),
        ("visit", "", "", {"notes"}),
        ("visit", "", "现场确认需求", set()),
        ("meeting", "connected", "纪要", {"outcome"}),  # only a call has a call outcome
    ],
)
def test_a_done_activity_needs_an_outcome_or_notes(api_as, fake, uniq, customer, make_activity, kind, outcome, notes,
                                                   errors):
    payload = {"customer": customer["id"], "subject": f"{fake.word()} {uniq()}", "type": kind, "status": "done",
               "scheduled_at": "2031-06-13T10:00:00+08:00", "outcome": outcome, "notes": notes}
    if not errors:
        assert make_activity(customer, at("2031-06-13 10:00"), **{k: v for k, v in payload.items()
                                                                   if k not in ("customer", "scheduled_at")})
        return
    response = api_as("rep1").sales.activities.create_response(payload)
    assert response.status_code == 400
    assert set(response.json()) == errors


@pytest.mark.spec("SAL-ACT-4", "COM-UI-2", severity="normal", priority="medium")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "已完成的活动需要填写通话结果或备注"),
                                                    ("en", "A done activity needs a call outcome or notes")])
def test_the_form_explains_what_a_done_call_needs(page_as, set_clock, make_activity, customer, language, message):
    set_clock(at("2031-06-13 10:00"))
    planned = make_activity(customer, at("2031-06-13 09:00"))
    form = ActivityFormPage(page_as("rep1", language=language)).screen.open_edit(planned["id"])
    form.set(status="已完成" if language == "zh-hans" else "Done").save_expecting_errors()
    expect(form.field("outcome")).to_have_accessible_description(re.compile(f"^{re.escape(message)}"))
    expect(form.field("notes")).to_have_accessible_description(message)


# --------------------------------------------------------------------------- visibility and hostile input
@pytest.mark.spec("SAL-ACT-3", "COM-ROLE-1", severity="critical", priority="urgent")
def test_reps_see_only_their_own_activities(api_as, page_as, make_activity, customer):
    activity = make_activity(customer, at("2031-06-13 10:00"))
    assert api_as("rep2").sales.activities.get_response(activity['id']).status_code == 404
    assert api_as("rep2").sales.activities.update_response(activity["id"], {"notes": "x"}).status_code == 404
    assert api_as("manager").sales.activities.get_response(activity['id']).status_code == 200
    response = ActivityDetailPage(page_as("rep2")).screen.open_expecting_refusal(activity["id"])
    assert response is not None and response.status == 404


@pytest.mark.spec("SAL-ACT-4", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("text", FIELD_SAMPLE, ids=range(len(FIELD_SAMPLE)))
def test_hostile_subject_and_notes_are_stored_exactly_or_refused(api_as, make_activity, customer, uniq, text):
    payload = {"customer": customer["id"], "subject": text, "type": "visit", "status": "done", "notes": text,
               "scheduled_at": "2031-06-13T10:00:00+08:00"}
    response = api_as("rep1").sales.activities.create_response(payload)
    assert response.status_code in (201, 400), response.text
    if response.status_code == 400:
        assert set(response.json()) <= {"subject", "notes"}
        assert not unclear_refusal(response.json(), {"subject", "notes"}, sent=text), response.text
        return
    created = response.json()
    try:
        assert (created["subject"], created["notes"]) == (text.strip(), text)
    finally:
        api_as("admin").sales.activities.delete_response(created["id"])


@pytest.mark.spec("SAL-ACT-1", "COM-UI-3", "COM-API-1", severity="normal", priority="medium")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "请输入 1970 年或以后的日期和时间"),
                                                   ("en", "Enter a date and time in 1970 or later")])
def test_an_activity_before_1970_is_refused_in_the_users_language(api_as, customer, language, message):
    """Found by the API fuzz: year 20 was stored, and read back with Shanghai's pre-1901 offset +08:05:43, which no
    RFC 3339 client can parse. A planned time before 1970 is a typing error."""
    payload = {"customer": customer["id"], "subject": "year 20", "type": "call",
               "scheduled_at": "0020-01-01T09:00:00+08:00"}
    response = api_as("rep1", language=language).sales.activities.create_response(payload)
    assert response.status_code == 400, response.text
    assert response.json() == {"scheduled_at": [message]}


@pytest.mark.spec("SAL-ACT-1", "COM-UI-3", severity="normal", priority="medium")
def test_an_activity_is_logged_through_the_form(page_as, customer, contact, fake, uniq, api_as):
    subject = f"{fake.word()}沟通 {uniq()}"
    form = ActivityFormPage(page_as("rep1")).screen.open_new(customer["id"])
    detail = form.log_activity(type="电话", subject=subject, contact=f"{contact['name']} · {customer['name']}",
                               scheduled_at="2031-06-13T10:00", status="已完成", outcome="接通", notes="<b>ok</b>")
    expect(detail.heading).to_have_text(subject)
    expect(detail.detail("通话结果")).to_have_text("接通")
    expect(detail.detail("备注")).to_have_text("<b>ok</b>")
    created = [a for a in api_as("rep1").sales.activities.list(search=subject)]
    assert len(created) == 1
    api_as("admin").sales.activities.delete_response(created[0]["id"])
