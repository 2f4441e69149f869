"""Logging in and out: the login page (the only page a test fills in to log in; everything else uses stored logins)
and the dashboard (工作台) it leads to. One module, since each navigates to the other."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from playwright.sync_api import Page

from pages.components import Screen
from pages.labels import LOG_IN, both


class Landing(Protocol):
    """A page a login can land on: it has a screen that knows when it has loaded."""

    @property
    def screen(self) -> Screen[Any]: ...


L = TypeVar("L", bound=Landing)


class LoginPage:
    PATH = "/login/"

    def __init__(self, page: Page):
        self.page = page
        self.username = page.get_by_label(both("用户名", "Username"))
        self.password = page.get_by_label(both("密码", "Password"))
        self.submit = page.get_by_role("button", name=LOG_IN)
        self.error = page.get_by_role("alert")
        self.screen = Screen(self, self.PATH, ready=self.submit)
        self.heading = self.screen.heading

    def open(self, next_path: str | None = None) -> LoginPage:
        self.screen.visit(query=f"next={next_path}" if next_path else "")
        return self.screen.loaded()

    def _submit(self, username: str, password: str) -> None:
        self.username.fill(username)
        self.password.fill(password)
        self.submit.click()

    def log_in(self, username: str, password: str) -> DashboardPage:
        self._submit(username, password)
        return DashboardPage(self.page).screen.loaded()

    def log_in_returning_to(self, page_class: type[L], username: str, password: str) -> L:
        """Log in from a redirect (``?next=``) and land on the page that was asked for."""
        self._submit(username, password)
        return page_class(self.page).screen.loaded()

    def log_in_expecting_error(self, username: str, password: str) -> LoginPage:
        self._submit(username, password)
        self.error.wait_for()
        return self


class DashboardPage:
    PATH = "/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("工作台", "Dashboard"))
        self.heading = self.screen.heading

    def log_out(self) -> LoginPage:
        self.screen.nav.log_out()
        return LoginPage(self.page)
