"""Logging in and out: the login page (the only page a test fills in to log in; everything else uses stored logins)
and the dashboard (工作台) it leads to. One module, since each navigates to the other."""

from __future__ import annotations

from typing import Protocol, TypeVar

from playwright.sync_api import Page

from pages.components import MainNav, Screen, Toast
from pages.labels import LOG_IN, both


class Loadable(Protocol):
    def loaded(self) -> Loadable: ...


Landing = TypeVar("Landing", bound=Loadable)


class LoginPage:
    PATH = "/login/"

    def __init__(self, page: Page):
        self.page = page
        self.username = page.get_by_label(both("用户名", "Username"))
        self.password = page.get_by_label(both("密码", "Password"))
        self.submit = page.get_by_role("button", name=LOG_IN)
        self.error = page.get_by_role("alert")
        self.screen = Screen(page, self.PATH, ready=self.submit)
        self.heading = self.screen.heading

    def open(self, next_path: str | None = None) -> LoginPage:
        self.screen.visit(query=f"next={next_path}" if next_path else "")
        return self.loaded()

    def loaded(self) -> LoginPage:
        self.screen.wait()
        return self

    def _submit(self, username: str, password: str) -> None:
        self.username.fill(username)
        self.password.fill(password)
        self.submit.click()

    def log_in(self, username: str, password: str) -> DashboardPage:
        self._submit(username, password)
        return DashboardPage(self.page).loaded()

    def log_in_returning_to(self, page_class: type[Landing], username: str, password: str) -> Landing:
        """Log in from a redirect (``?next=``) and land on the page that was asked for."""
        self._submit(username, password)
        return page_class(self.page).loaded()

    def log_in_expecting_error(self, username: str, password: str) -> LoginPage:
        self._submit(username, password)
        self.error.wait_for()
        return self


class DashboardPage:
    PATH = "/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(page, self.PATH, both("工作台", "Dashboard"))
        self.heading = self.screen.heading
        self.nav = MainNav(page)
        self.toast = Toast(page)

    def open(self) -> DashboardPage:
        self.screen.visit()
        return self.loaded()

    def loaded(self) -> DashboardPage:
        self.screen.wait()
        return self

    def log_out(self) -> LoginPage:
        self.nav.log_out()
        return LoginPage(self.page)
