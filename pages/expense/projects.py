"""项目 / Projects: list with budget, spend and utilisation; the form; the project page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.expense.common import DETAILS, detail_value
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
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("项目", "Projects"))
        self.table = DataTable(page.get_by_role("table", name=both("项目列表", "Project list")))
        self.controls = ListControls(page)
        self.new_link = page.get_by_role("link", name=both("新建项目", "New project"))

    def open(self, query: str = "") -> ProjectListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> ProjectListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> ProjectListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def row(self, code: str) -> Locator:
        return self.table.row(code)

    def cell(self, code: str, column: str) -> Locator:
        return self.row(code).get_by_role("cell").nth(self.table.column_index(COLUMNS[column]))

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_project(self) -> ProjectFormPage:
        self.new_link.click()
        return ProjectFormPage(self.page).loaded()


class ProjectFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            r"^(新建项目|编辑项目|New project|Edit project)$"))
        self.form = Form(page.get_by_role("main"))

    def loaded(self) -> ProjectFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def fill(self, **values: object) -> ProjectFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> ProjectDetailPage:
        self.form.submit()
        return ProjectDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> ProjectFormPage:
        self.form.submit()
        self.form.errors.first.wait_for()
        return self


class ProjectDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=DETAILS)
        self.spend = page.get_by_test_id("project-spend")
        self.utilisation = page.get_by_test_id("project-utilisation")

    def open(self, project_id: int) -> ProjectDetailPage:
        self.page.goto(f"/expense/projects/{project_id}/")
        return self.loaded()

    def loaded(self) -> ProjectDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str) -> Locator:
        return detail_value(self.page, self.details, label)
