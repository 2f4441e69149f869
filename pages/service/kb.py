"""e-Service knowledge base (知识库): the article list with ranked search, the form and the article page."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
from pages.labels import both

FIELDS = {
    "title": both("标题", "Title"),
    "category": both("故障类别", "Fault category"),
    "product": both("产品", "Product"),
    "status": both("状态", "Status"),
    "tags": both("标签", "Tags"),
    "content": both("正文", "Content"),
}


class KbListPage:
    PATH = "/service/kb/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.heading = page.get_by_role("heading", level=1, name=both("知识库", "Knowledge base"))
        self.table = DataTable(page.get_by_role("table", name=both("文章列表", "Article list")))
        self.controls = ListControls(page)
        self._new = page.get_by_role("link", name=both("新建文章", "New article"))

    def open(self, query: str = "") -> KbListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> KbListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> KbListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def new_article(self) -> KbFormPage:
        self._new.click()
        return KbFormPage(self.page).loaded()

    def open_article(self, title: str) -> KbArticlePage:
        self.table.rows.get_by_role("link", name=title, exact=True).click()
        return KbArticlePage(self.page).loaded()


class KbFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=both("新建文章", "New article"))
        self.form = Form(page.get_by_role("main"))

    def loaded(self) -> KbFormPage:
        self.heading.wait_for()
        return self

    def field(self, key: str) -> Locator:
        return self.form.field(FIELDS[key])

    def fill(self, **values: object) -> KbFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> KbArticlePage:
        self.form.submit()
        return KbArticlePage(self.page).loaded()

    def save_expecting_errors(self) -> KbFormPage:
        self.form.submit()
        self.form.errors.wait_for()
        return self


class KbArticlePage:
    def __init__(self, page: Page):
        self.page = page
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=both("基本信息", "Details"))
        self.content_region = page.get_by_role("region", name=both("正文", "Content"))
        self.content = page.get_by_test_id("kb-content")
        self.view_count = page.get_by_test_id("view-count")
        self.vote_counts = page.get_by_test_id("vote-counts")
        self._helpful = page.get_by_role("button", name=both("有帮助", "Yes, helpful"))
        self._not_helpful = page.get_by_role("button", name=both("没帮助", "No, not helpful"))

    def open(self, article_id: int) -> KbArticlePage:
        self.page.goto(f"/service/kb/{article_id}/")
        return self.loaded()

    def loaded(self) -> KbArticlePage:
        self.details.wait_for()
        return self

    def vote(self, helpful: bool) -> KbArticlePage:
        (self._helpful if helpful else self._not_helpful).click()
        return self.loaded()
