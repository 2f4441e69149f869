"""e-Sales opportunities (销售机会): the list, the pipeline board, the form and the detail page."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, DetailsList, Form, ListView, Screen, audit_trail
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
        self.screen = Screen(self, self.PATH, both("销售机会", "Opportunities"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("销售机会列表", "Opportunity list"), COLUMNS, FILTERS)
        self.table, self.controls, self.empty_state = self.list.table, self.list.controls, self.list.empty_state
        self._new = page.get_by_role("link", name=both("新建销售机会", "New opportunity"))
        self._board = page.get_by_role("link", name=both("销售漏斗看板", "Pipeline board"))

    def new_opportunity(self) -> OpportunityFormPage:
        return self.screen.follow(self._new, OpportunityFormPage)

    def board(self) -> PipelinePage:
        return self.screen.follow(self._board, PipelinePage)

    def open_opportunity(self, name: str) -> OpportunityDetailPage:
        return self.list.open_row(name, OpportunityDetailPage)


class PipelinePage:
    """SAL-OPP-6: the kanban board by stage."""

    PATH = "/sales/opportunities/board/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("销售漏斗看板", "Pipeline board"))
        self.heading = self.screen.heading
        self.board = KanbanBoard(page)
        self._list = page.get_by_role("link", name=both("列表视图", "List view"))

    def list_view(self) -> OpportunityListPage:
        return self.screen.follow(self._list, OpportunityListPage)

    def open_opportunity(self, stage: str | re.Pattern[str], name: str) -> OpportunityDetailPage:
        self.board.open_card(stage, name)
        return OpportunityDetailPage(self.page).screen.loaded()


class OpportunityFormPage:
    NEW_PATH = "/sales/opportunities/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, "/sales/opportunities/{}/edit/", re.compile(
            r"^(新建销售机会|编辑销售机会|New opportunity|Edit opportunity)$"), new_path=self.NEW_PATH)
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def stage_options(self, name: str) -> Locator:
        """The stage select's options named ``name`` (a stage that may not be picked is not offered)."""
        return self.form.options("stage", name)

    def set(self, **values: object) -> OpportunityFormPage:
        """Fill fields by key (``customer`` and ``stage`` take option labels)."""
        self.form.fill(values)
        return self

    def save(self) -> OpportunityDetailPage:
        return self.form.submit_to(OpportunityDetailPage)

    def save_expecting_errors(self) -> OpportunityFormPage:
        self.form.submit_expecting_errors()
        return self

    def create_opportunity(self, **values: object) -> OpportunityDetailPage:
        return self.set(**values).save()

    def move_to_stage(self, stage_label: str, **values: object) -> OpportunityDetailPage:
        return self.set(stage=stage_label, **values).save()


class OpportunityDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/sales/opportunities/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.stage_history = DataTable(page.get_by_role("table", name=both("阶段历史", "Stage history")))
        self.audit_trail = audit_trail(page)
        self.activities = page.get_by_role("region", name=both("商务活动", "Activities"))
        self._edit = page.get_by_role("link", name=both("编辑销售机会", "Edit opportunity"))

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        """The value shown for a label in the details section (``"概率"`` or ``both("概率", "Probability")``)."""
        return self.details_list.value(label)

    def edit(self) -> OpportunityFormPage:
        return self.screen.follow(self._edit, OpportunityFormPage)
