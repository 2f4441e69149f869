"""COM-AUTH: login, lockout, logout and CSRF. These are the only tests that log in through the form."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from pages.generic_page import GenericPage
from pages.sales.customers import CustomerListPage
from pages.session import DashboardPage, LoginPage
from suite.api.client import api_path, password_of

pytestmark = pytest.mark.area("Common", "登录")

GENERIC_ERROR = re.compile(r"^\s*(用户名或密码错误|Invalid username or password)\s*$")
BEIJING = ZoneInfo("Asia/Shanghai")
# A moment long past, so a lock made under the frozen clock has expired once the clock is released.
LOCK_MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING)


@pytest.mark.spec("COM-AUTH-1", severity="blocker", priority="urgent")
def test_a_user_logs_in_with_the_form_and_lands_on_the_dashboard(anon_page):
    dashboard = LoginPage(anon_page).open().log_in("rep1", password_of("rep1"))
    expect(dashboard.heading).to_be_visible()
    expect(dashboard.screen.nav.root).to_contain_text("e-Sales")


@pytest.mark.spec("COM-AUTH-1", severity="critical", priority="high")
def test_login_returns_to_the_page_that_was_asked_for(anon_page):
    GenericPage(anon_page).open_expecting_login(CustomerListPage.PATH)
    expect(anon_page).to_have_url(re.compile(r"/login/\?next=/sales/customers/"))
    customers = LoginPage(anon_page).log_in_returning_to(CustomerListPage, "rep1", password_of("rep1"))
    expect(customers.heading).to_be_visible()


@pytest.mark.spec("COM-AUTH-2", severity="critical", priority="high")
@pytest.mark.parametrize(("username", "password"), [("rep1", "wrong-password"), ("no-such-user", "Whatever@2026")],
                         ids=["wrong-password", "unknown-user"])
def test_a_failed_login_gives_the_same_message_for_a_wrong_user_and_a_wrong_password(anon_page, username, password):
    login = LoginPage(anon_page).open().log_in_expecting_error(username, password)
    expect(login.error).to_have_text(GENERIC_ERROR)
    expect(login.username).to_have_value(username)


@pytest.mark.spec("COM-AUTH-2", severity="critical", priority="urgent")
def test_five_failed_logins_lock_the_user_for_fifteen_minutes(anon_page, set_clock):
    set_clock(LOCK_MOMENT)
    login = LoginPage(anon_page).open()
    for _ in range(5):
        login.log_in_expecting_error("rep2", "not-the-password")
    # Locked: even the right password is refused, with the same message as any failure.
    login.log_in_expecting_error("rep2", password_of("rep2"))
    expect(login.error).to_have_text(GENERIC_ERROR)

    set_clock(LOCK_MOMENT + timedelta(minutes=14, seconds=59))
    login.log_in_expecting_error("rep2", password_of("rep2"))
    expect(login.error).to_have_text(GENERIC_ERROR)

    set_clock(LOCK_MOMENT + timedelta(minutes=15, seconds=1))
    dashboard = login.log_in("rep2", password_of("rep2"))
    expect(dashboard.heading).to_be_visible()


@pytest.mark.spec("COM-AUTH-2", severity="normal", priority="medium")
def test_four_failures_do_not_lock_and_a_success_resets_the_count(fresh_api, set_clock):
    set_clock(LOCK_MOMENT + timedelta(hours=2))
    api = fresh_api()
    for _ in range(4):
        assert api.login_response("rep2", "nope").status_code == 400
    api.login("rep2")
    api.logout()
    for _ in range(4):
        assert api.login_response("rep2", "nope").status_code == 400
    assert api.login("rep2").me()["username"] == "rep2"


@pytest.mark.spec("COM-AUTH-3", severity="critical", priority="high")
def test_logout_ends_the_session(anon_page):
    dashboard = LoginPage(anon_page).open().log_in("manager", password_of("manager"))
    login = dashboard.log_out()
    expect(login.submit).to_be_visible()
    GenericPage(anon_page).open_expecting_login(CustomerListPage.PATH)
    expect(anon_page).to_have_url(re.compile(r"/login/"))
    # The old session cookie is gone server-side too: the API answers 401.
    response = anon_page.request.get(api_path("auth", "me"))
    assert response.status == 401


@pytest.mark.spec("COM-AUTH-3", severity="critical", priority="high")
def test_a_state_changing_api_request_without_a_csrf_token_is_refused(api_as):
    api = api_as("rep1")
    response = api.session.post(api.url(api.sales.customers.path), json={"name": "CSRF probe"}, timeout=30)
    assert response.status_code == 403
    assert "CSRF" in response.text


@pytest.mark.spec("COM-AUTH-3", severity="critical", priority="high")
def test_the_session_cookie_is_http_only(fresh_api):
    api = fresh_api().login("rep1")
    cookie = next(cookie for cookie in api.session.cookies if cookie.name == "sessionid")
    assert cookie.has_nonstandard_attr("HttpOnly")


@pytest.mark.spec("COM-AUTH-1", severity="normal", priority="medium")
def test_the_login_page_is_translated(page_as):
    login = LoginPage(page_as(None, language="en")).open()
    expect(login.heading).to_have_text("Log in to e-CRM")
    expect(login.submit).to_have_text("Log in")


@pytest.mark.spec("COM-AUTH-1", severity="normal", priority="low")
def test_dashboard_greets_a_stored_login_without_the_form(page_as):
    expect(DashboardPage(page_as("finance")).screen.open().heading).to_be_visible()
