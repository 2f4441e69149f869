"""e-Sales analysis reports (销售分析报表): each has filters, a chart, a table with a total row and CSV export."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import Form, Screen, download
from pages.components.chart import Chart
from pages.labels import EXPORT_CSV, FILTER, both, label_table

FILTERS = label_table(start=("开始日期", "Start date"), end=("结束日期", "End date"), rep=("销售代表", "Sales rep"))


class TopCustomers:
    """The pyramid report's top customers by won amount and their share of the won amount (SAL-RPT-4)."""

    def __init__(self, page: Page):
        self.share: Locator = page.get_by_test_id("top-share")
        self.table: Locator = page.get_by_role("table", name=both("赢单金额最高的客户", "Top customers by won amount"))
        self.rows: Locator = self.table.get_by_role("row")


@dataclasses.dataclass(frozen=True)
class Report:
    """What tells one report from another: its address part, its heading, its table's and its chart's names, and
    whether it lists the top customers."""

    kind: str
    title: re.Pattern[str]
    table: re.Pattern[str]
    chart: re.Pattern[str]
    top_customers: bool = False


REPORTS = (
    Report("pipeline", both("按阶段的销售漏斗", "Pipeline by stage"), both("按阶段的销售漏斗", "Pipeline by stage"),
           both("各阶段金额", "Amount by stage")),
    Report("forecast", both("按月预测", "Forecast by month"),
           both("按预计成交月份的预测", "Forecast by month of expected close"),
           both("各月加权金额", "Weighted amount by month")),
    Report("win-rate", both("销售代表赢单率", "Win rate by rep"), both("销售代表赢单率", "Win rate by rep"),
           both("销售代表赢单率", "Win rate by rep")),
    Report("pyramid", both("客户金字塔", "Customer pyramid"), both("各级别客户数", "Customers per level"),
           both("各级别客户数", "Customers per level"), top_customers=True),
)


class ReportPage:
    """One report page (``ReportPage(page, report)``): filters, a chart, a table with a total row and CSV export."""

    def __init__(self, page: Page, report: Report):
        self.page = page
        self.report = report
        self.screen = Screen(self, f"/sales/reports/{report.kind}/", report.title)
        self.heading, self.errors = self.screen.heading, self.screen.alerts
        self.filters = Form(page.get_by_role("form", name=both("报表筛选", "Report filters")), submit=FILTER,
                            fields=FILTERS)
        self.table: Locator = page.get_by_role("table", name=report.table)
        self.body_rows: Locator = self.table.locator("tbody").get_by_role("row")
        self.total_row: Locator = self.table.locator("tfoot").get_by_role("row")
        self.headers: Locator = self.table.get_by_role("columnheader")
        self.chart = Chart(page, report.chart)
        self.export_link = page.get_by_role("link", name=EXPORT_CSV)
        self.report_links = page.get_by_role("navigation", name=both("销售分析报表", "Sales reports"))
        self.top = TopCustomers(page) if report.top_customers else None

    @property
    def path(self) -> str:
        return self.screen.path

    def open(self, start: str | None = None, end: str | None = None, rep: int | None = None) -> ReportPage:
        params = "&".join(f"{k}={v}" for k, v in (("start", start), ("end", end), ("rep", rep)) if v is not None)
        self.screen.visit(query=params)
        return self.screen.loaded()

    def show(self, start: str | None = None, end: str | None = None, rep: str | None = None) -> ReportPage:
        """Filter through the form: ISO dates and the rep's display name (or 全部 / All)."""
        values = {"start": start, "end": end, "rep": rep}
        self.filters.fill({key: value for key, value in values.items() if value is not None})
        self.filters.submit()
        return self.screen.loaded()

    def show_expecting_errors(self, **values: str) -> ReportPage:
        self.filters.fill(values)
        self.filters.submit()
        self.errors.first.wait_for()
        return self

    def column_names(self) -> list[str]:
        return [" ".join(t.split()) for t in self.headers.all_inner_texts()]

    def rows(self) -> list[list[str]]:
        """Every body row's cell texts (read once; wait for the table first with ``expect``)."""
        return [[" ".join(c.split()) for c in row.get_by_role("cell").all_inner_texts()]
                for row in self.body_rows.all()]

    def total_cell(self, index: int) -> Locator:
        """One cell of the total row (0 is its label)."""
        return self.total_row.get_by_role("cell").nth(index)

    def totals(self) -> list[str]:
        return [" ".join(c.split()) for c in self.total_row.get_by_role("cell").all_inner_texts()]

    def row(self, first_cell: str) -> Locator:
        return self.body_rows.filter(has=self.page.get_by_role("cell", name=first_cell, exact=True))

    def export_csv(self, directory: Path) -> Path:
        return download(self.page, self.export_link, directory)

    def go_to(self, title: str | re.Pattern[str]) -> None:
        self.report_links.get_by_role("link", name=title).click()


REPORT_PAGES = {report.kind: functools.partial(ReportPage, report=report) for report in REPORTS}
PyramidReportPage = REPORT_PAGES["pyramid"]  # the one report with its top customers
