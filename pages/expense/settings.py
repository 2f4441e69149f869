"""系统设置 / System settings: thresholds, employee types (员工类型) with their limits, and categories."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import Dialog, Form, ListView, Screen
from pages.labels import DELETE, both

NAME = both("名称", "Name")
THRESHOLDS = {"receipt": both("收据金额门槛", "Receipt threshold"),
              "approval": both("审批金额门槛", "Approval threshold")}


class ExpenseSettingsPage:
    PATH = "/expense/settings/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("系统设置", "System settings"))
        self.heading = self.screen.heading
        self.form = Form(page.get_by_role("region", name=both("金额门槛", "Thresholds")), fields=THRESHOLDS)
        self.field = self.form.field
        self.employee_types_link = page.get_by_role("link", name=both("员工类型", "Employee types")).last

    def save(self, **values: str) -> ExpenseSettingsPage:
        for name, value in values.items():
            self.field(name).fill(value)
        self.form.submit()
        return self.screen.loaded()

    def open_employee_types(self) -> EmployeeTypesPage:
        return self.screen.follow(self.employee_types_link, EmployeeTypesPage)


class EmployeeTypesPage:
    """员工类型: the form for a new type (name, Save) above the list of types."""

    PATH = "/expense/settings/employee-types/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("员工类型", "Employee types"))
        self.heading = self.screen.heading
        self.new_region = page.get_by_role("region", name=both("新建员工类型", "New employee type"))
        self.form = Form(self.new_region, fields={"name": NAME})
        self.name = self.form.field("name")
        self.list = ListView(self, both("员工类型列表", "Employee type list"))
        self.table, self.controls = self.list.table, self.list.controls

    def add(self, name: str) -> EmployeeTypesPage:
        self.name.fill(name)
        self.form.submit()
        self.screen.toast.success.wait_for()
        return self.screen.loaded()

    def add_expecting_error(self, name: str) -> EmployeeTypesPage:
        self.name.fill(name)
        self.form.submit_expecting_errors()
        return self

    def error_for_name(self) -> Locator:
        """The message shown next to the name field."""
        return self.form.error_of("name")

    def open_type(self, name: str) -> EmployeeTypeEditPage:
        return self.list.open_row(name, EmployeeTypeEditPage)


class EmployeeTypeEditPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, heading=both("编辑员工类型", "Edit employee type"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main)
        self._delete = page.get_by_role("button", name=DELETE)
        self.delete_dialog = Dialog(page, both("删除员工类型", "Delete employee type"))

    def limit_field(self, category_label: str) -> Locator:
        return self.form.field(re.compile(rf"^\s*{re.escape(category_label)}\s*(限额|limit)\s*$"))

    def set_limit(self, category_label: str, value: str) -> EmployeeTypesPage:
        self.limit_field(category_label).fill(value)
        return self.form.submit_to(EmployeeTypesPage)

    def set_limit_expecting_errors(self, category_label: str, value: str) -> EmployeeTypeEditPage:
        self.limit_field(category_label).fill(value)
        self.form.submit_expecting_errors()
        return self

    def delete(self) -> EmployeeTypesPage:
        self._delete.click()
        self.delete_dialog.confirm()
        return EmployeeTypesPage(self.page).screen.loaded()

    def delete_expecting_refusal(self) -> EmployeeTypeEditPage:
        self._delete.click()
        self.delete_dialog.confirm()
        self.screen.toast.error.first.wait_for()
        return self.screen.loaded()
