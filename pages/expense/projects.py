"""项目 / Projects: list with budget, spend and utilisation; the form; the project page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DetailsList, Form, ListView, Screen
from pages.labels import both

FIELDS = {
    "code": both("项目编号", "Project code"),
    "name": both("项目名称", "Project name"),
    "budget": both("预算", "Budget"),
    "manager": both("项目经理", "Project manager"),
    "active": both("在用", "Active"),
    "allow_overspend": both("允许超支", "Allow overspend"),
}
COLUMNS = {
    "code": both("项目编号", "Project code"),
    "budget": both("预算", "Budget"),
    "spend": both("支出", "Spend"),
    "utilisation": both("使用率 %", "Utilisation %"),
}


class ProjectListPage:
    PATH = "/expense/projects/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("项目", "Projects"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("项目列表", "Project list"), COLUMNS)
        self.table, self.controls = self.list.table, self.list.controls
        self.new_link = page.get_by_role("link", name=both("新建项目", "New project"))

    def row(self, code: str) -> Locator:
        return self.table.row(code)

    def cell(self, code: str, column: str) -> Locator:
        return self.list.cell(code, column)

    def new_project(self) -> ProjectFormPage:
        return self.screen.follow(self.new_link, ProjectFormPage)


class ProjectFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, heading=re.compile(r"^(新建项目|编辑项目|New project|Edit project)$"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def fill(self, **values: object) -> ProjectFormPage:
        self.form.fill(values)
        return self

    def save(self) -> ProjectDetailPage:
        return self.form.submit_to(ProjectDetailPage)

    def save_expecting_errors(self) -> ProjectFormPage:
        self.form.submit_expecting_errors()
        return self


class ProjectDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/expense/projects/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.spend = page.get_by_test_id("project-spend")
        self.utilisation = page.get_by_test_id("project-utilisation")

    def detail(self, label: str) -> Locator:
        return self.details_list.value(label)
