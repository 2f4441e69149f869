"""The dashboard (工作台): the landing page after login, with the main navigation."""

from __future__ import annotations

from playwright.sync_api import Page

from pages.components import MainNav, Toast
from pages.labels import both


class DashboardPage:
    PATH = "/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("工作台", "Dashboard"))
        self.nav = MainNav(page)
        self.toast = Toast(page)

    def open(self) -> DashboardPage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> DashboardPage:
        self.heading.wait_for()
        return self

    def log_out(self):
        from pages.login_page import LoginPage

        self.nav.log_out()
        return LoginPage(self.page)
