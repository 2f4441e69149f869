"""e-Sales opportunities (销售机会): the list, the pipeline board, the form and the detail page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.components.kanban import KanbanBoard
from pages.labels import both

FIELDS = {
    "customer": both("客户", "Customer"),
    "name": both("名称", "Name"),
    "amount": both("金额", "Amount"),
    "stage": both("阶段", "Stage"),
    "probability": both("概率", "Probability"),
    "expected_close": both("预计成交日期", "Expected close date"),
    "competitor": both("竞争对手", "Competitor"),
    "lost_reason": both("输单原因", "Lost reason"),
}
COLUMNS = {
    "name": both("名称", "Name"),
    "customer": both("客户", "Customer"),
    "stage": both("阶段", "Stage"),
    "amount": both("金额", "Amount"),
    "probability": both("概率", "Probability"),
    "weighted": both("加权金额", "Weighted amount"),
    "expected_close": both("预计成交日期", "Expected close date"),
    "owner": both("负责人", "Owner"),
}
FILTERS = {"stage": both("阶段", "Stage"), "owner": both("负责人", "Owner"), "status": both("状态", "Status")}


class OpportunityListPage:
    PATH = "/sales/opportunities/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("销售机会", "Opportunities"))
        self.table = DataTable(page.get_by_role("table", name=both("销售机会列表", "Opportunity list")))
        self.controls = ListControls(page)
        self.empty_state = page.get_by_test_id("empty-state")
        self._new = page.get_by_role("link", name=both("新建销售机会", "New opportunity"))
        self._board = page.get_by_role("link", name=both("销售漏斗看板", "Pipeline board"))

    def open(self, query: str = "") -> OpportunityListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> OpportunityListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> OpportunityListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def filter(self, **options: str) -> OpportunityListPage:
        self.controls.apply(filters={FILTERS[key]: label for key, label in options.items()})
        return self.loaded()

    def sort_by(self, column: str) -> OpportunityListPage:
        self.table.sort_by(COLUMNS[column])
        return self.loaded()

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_opportunity(self) -> OpportunityFormPage:
        self._new.click()
        return OpportunityFormPage(self.page).loaded()

    def board(self) -> PipelinePage:
        self._board.click()
        return PipelinePage(self.page).loaded()

    def open_opportunity(self, name: str) -> OpportunityDetailPage:
        self.table.rows.get_by_role("link", name=name, exact=True).click()
        return OpportunityDetailPage(self.page).loaded()


class PipelinePage:
    """SAL-OPP-6: the kanban board by stage."""

    PATH = "/sales/opportunities/board/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.heading = page.get_by_role("heading", level=1, name=both("销售漏斗看板", "Pipeline board"))
        self.board = KanbanBoard(page)
        self._list = page.get_by_role("link", name=both("列表视图", "List view"))

    def open(self) -> PipelinePage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> PipelinePage:
        self.heading.wait_for()
        return self

    def list_view(self) -> OpportunityListPage:
        self._list.click()
        return OpportunityListPage(self.page).loaded()

    def open_opportunity(self, stage: str | re.Pattern[str], name: str) -> OpportunityDetailPage:
        self.board.open_card(stage, name)
        return OpportunityDetailPage(self.page).loaded()


class OpportunityFormPage:
    NEW_PATH = "/sales/opportunities/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            r"^(新建销售机会|编辑销售机会|New opportunity|Edit opportunity)$"))
        self.form = Form(page.get_by_role("main"))
        self.toast = Toast(page)

    def open_new(self, customer_id: int | None = None) -> OpportunityFormPage:
        self.page.goto(self.NEW_PATH + (f"?customer={customer_id}" if customer_id else ""))
        return self.loaded()

    def open_edit(self, opportunity_id: int) -> OpportunityFormPage:
        self.page.goto(f"/sales/opportunities/{opportunity_id}/edit/")
        return self.loaded()

    def loaded(self) -> OpportunityFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def set(self, **values: object) -> OpportunityFormPage:
        """Fill fields by key (``customer`` and ``stage`` take option labels)."""
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> OpportunityDetailPage:
        self.form.submit()
        return OpportunityDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> OpportunityFormPage:
        self.form.submit()
        self.form.errors.first.wait_for()
        return self

    def create_opportunity(self, **values: object) -> OpportunityDetailPage:
        return self.set(**values).save()

    def move_to_stage(self, stage_label: str, **values: object) -> OpportunityDetailPage:
        return self.set(stage=stage_label, **values).save()


class OpportunityDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=both("基本信息", "Details"))
        self.stage_history = DataTable(page.get_by_role("table", name=both("阶段历史", "Stage history")))
        self.audit_trail = DataTable(page.get_by_role("table", name=both("审计记录", "Audit trail")))
        self.activities = page.get_by_role("region", name=both("商务活动", "Activities"))
        self._edit = page.get_by_role("link", name=both("编辑销售机会", "Edit opportunity"))

    def open(self, opportunity_id: int) -> OpportunityDetailPage:
        self.page.goto(f"/sales/opportunities/{opportunity_id}/")
        return self.loaded()

    def loaded(self) -> OpportunityDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        """The value shown for a label in the details section (``"概率"`` or ``both("概率", "Probability")``)."""
        pattern = label if isinstance(label, re.Pattern) else re.compile(rf"^{re.escape(label)}$")
        return self.details.locator("div").filter(
            has=self.page.get_by_role("term").filter(has_text=pattern)).get_by_role("definition")

    def edit(self) -> OpportunityFormPage:
        self._edit.click()
        return OpportunityFormPage(self.page).loaded()
