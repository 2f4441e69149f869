"""The login page: the only page a test fills in to log in (everything else uses stored logins)."""

from __future__ import annotations

from playwright.sync_api import Page

from pages.dashboard_page import DashboardPage
from pages.labels import LOG_IN, both


class LoginPage:
    PATH = "/login/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1)
        self.username = page.get_by_label(both("用户名", "Username"))
        self.password = page.get_by_label(both("密码", "Password"))
        self.submit = page.get_by_role("button", name=LOG_IN)
        self.error = page.get_by_role("alert")

    def open(self, next_path: str | None = None) -> LoginPage:
        self.page.goto(self.PATH + (f"?next={next_path}" if next_path else ""))
        self.submit.wait_for()
        return self

    def _submit(self, username: str, password: str) -> None:
        self.username.fill(username)
        self.password.fill(password)
        self.submit.click()

    def log_in(self, username: str, password: str) -> DashboardPage:
        self._submit(username, password)
        return DashboardPage(self.page).loaded()

    def log_in_returning_to(self, page_class, username: str, password: str):
        """Log in from a redirect (``?next=``) and land on the page that was asked for."""
        self._submit(username, password)
        return page_class(self.page).loaded()

    def log_in_expecting_error(self, username: str, password: str) -> LoginPage:
        self._submit(username, password)
        self.error.wait_for()
        return self
