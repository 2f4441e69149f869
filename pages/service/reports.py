"""e-Service reports (报表): filters, key figures, charts with their tables, CSV export."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Screen, download
from pages.labels import EXPORT_CSV, FILTER, both

SECTIONS = {
    "status": both("按状态统计工单", "Tickets by status"),
    "product": both("按产品统计工单", "Tickets by product"),
    "category": both("按类别统计工单", "Tickets by category"),
    "surveys": both("按月统计 CSAT 和 NPS", "CSAT and NPS by month"),
    "kpi": both("关键指标", "Key figures"),
}


class ServiceReportPage:
    PATH = "/service/reports/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("售后报表", "Service reports"))
        self.heading, self.errors = self.screen.heading, self.screen.alerts
        self.charts = page.get_by_role("img")
        self.filters = page.get_by_role("search", name=both("报表筛选", "Report filters"))
        self.date_from = self.filters.get_by_label(both("起始日期", "Period from"))
        self.date_to = self.filters.get_by_label(both("截止日期", "Period to"))
        self.product = self.filters.get_by_role("combobox", name=both("产品", "Product"))
        self._apply = self.filters.get_by_role("button", name=FILTER)
        self.export_link = page.get_by_role("link", name=EXPORT_CSV)
        self.mttr = page.get_by_test_id("mttr")
        self.sla_compliance = page.get_by_test_id("sla-compliance")
        self.rma_turnaround = page.get_by_test_id("rma-turnaround")
        self.csat = page.get_by_test_id("csat")
        self.nps = page.get_by_test_id("nps")

    def run(self, date_from: str, date_to: str, product_label: str | None = None) -> ServiceReportPage:
        self.date_from.fill(date_from)
        self.date_to.fill(date_to)
        if product_label:
            self.product.select_option(label=product_label)
        self._apply.click()
        return self.screen.loaded()

    def section(self, key: str) -> Locator:
        return self.page.get_by_role("region", name=SECTIONS[key])

    def chart(self, key: str) -> Locator:
        return self.section(key).get_by_role("img")

    def table(self, key: str) -> DataTable:
        return DataTable(self.section(key).get_by_role("table"))

    def export_csv(self, directory: Path) -> Path:
        return download(self.page, self.export_link, directory)
