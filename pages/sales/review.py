"""e-Sales activity review (活动管理回顾): planned / done / overdue / completion rate per rep, with drill-down."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, Screen
from pages.labels import FILTER, both
from pages.sales.activities import ActivityListPage

FILTERS = {
    "period": both("周期", "Period"),
    "date": both("日期", "Date"),
    "rep": both("销售代表", "Sales rep"),
}
COLUMNS = {
    "rep": both("销售代表", "Sales rep"),
    "planned": both("计划中", "Planned"),
    "done": both("已完成", "Done"),
    "overdue": both("已逾期", "Overdue"),
    "rate": both("完成率", "Completion rate"),
}


class ReviewPage:
    PATH = "/sales/review/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("活动回顾", "Activity review"))
        self.heading, self.errors = self.screen.heading, self.screen.alerts
        self.filters = Form(page.get_by_role("form", name=both("回顾筛选", "Review filters")), submit=FILTER,
                            fields=FILTERS)
        self.table = DataTable(page.get_by_role("table", name=both("各销售代表的活动", "Activities per rep")))
        self.period = page.get_by_test_id("period")

    def show(self, period: str | None = None, date: str | None = None, rep: str | None = None) -> ReviewPage:
        """Filter: ``period`` and ``rep`` are option labels (周 / Week, 月 / Month; a display name), ``date`` ISO."""
        values = {"period": period, "date": date, "rep": rep}
        self.filters.fill({key: value for key, value in values.items() if value is not None})
        self.filters.submit()
        return self.screen.loaded()

    def row(self, rep: str) -> Locator:
        return self.table.row(rep)

    def cell(self, rep: str, column: str) -> Locator:
        return self.row(rep).get_by_role("cell").nth(self.table.column_index(COLUMNS[column]) - 1)

    def drill_down(self, rep: str, column: str) -> ActivityListPage:
        """Follow a count (``planned``, ``done`` or ``overdue``) to the filtered activity list."""
        self.cell(rep, column).get_by_role("link").click()
        return ActivityListPage(self.page).screen.loaded()
