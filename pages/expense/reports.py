"""报销报表 / Expense reports: spending by employee, category, project or month, with filters and CSV."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, Screen, download
from pages.labels import EXPORT_CSV, FILTER, both

FIELDS = {
    "group": both("分组", "Group by"),
    "scope": both("报销单数", "Claims"),
    "date_from": both("开始日期", "From date"),
    "date_to": both("结束日期", "To date"),
    "employee": both("员工", "Employee"),
    "project": both("项目", "Project"),
    "category": both("类别", "Category"),
}


class ExpenseReportPage:
    PATH = "/expense/reports/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("报销报表", "Expense reports"))
        self.heading = self.screen.heading
        self.filters = Form(page.get_by_role("search", name=both("报表筛选", "Report filters")), submit=FILTER,
                            fields=FIELDS)
        self.table = DataTable(page.get_by_role("table", name=both("报销汇总", "Spending summary")))
        self.total = page.get_by_test_id("report-total")
        self._export = page.get_by_role("link", name=EXPORT_CSV)

    def field(self, name: str) -> Locator:
        return self.filters.field(name)

    def show(self, **values: str) -> ExpenseReportPage:
        """``show(group="项目", project="HZ-001 …")``: pick filters by their visible labels and apply."""
        self.filters.fill(values)
        self.filters.submit()
        return self.screen.loaded()

    def export_csv(self, directory: Path) -> Path:
        return download(self.page, self._export, directory)
