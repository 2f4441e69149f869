"""e-Service knowledge base (知识库): the article list with ranked search, the form and the article page."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import DetailsList, Form, ListView, Screen
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
        self.screen = Screen(self, self.PATH, both("知识库", "Knowledge base"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("文章列表", "Article list"))
        self.table, self.controls = self.list.table, self.list.controls
        self._new = page.get_by_role("link", name=both("新建文章", "New article"))

    def new_article(self) -> KbFormPage:
        return self.screen.follow(self._new, KbFormPage)

    def open_article(self, title: str) -> KbArticlePage:
        return self.list.open_row(title, KbArticlePage)


class KbFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, heading=both("新建文章", "New article"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def fill(self, **values: object) -> KbFormPage:
        self.form.fill(values)
        return self

    def save(self) -> KbArticlePage:
        return self.form.submit_to(KbArticlePage)

    def save_expecting_errors(self) -> KbFormPage:
        self.form.submit_expecting_errors()
        return self


class KbArticlePage:
    def __init__(self, page: Page):
        self.page = page
        self.details = DetailsList(page).region
        self.screen = Screen(self, "/service/kb/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.content_region = page.get_by_role("region", name=both("正文", "Content"))
        self.content = page.get_by_test_id("kb-content")
        self.content_links = self.content.get_by_role("link")
        self.content_paragraphs = self.content.get_by_role("paragraph")
        # Elements a rendered article must never hold: scripts, images and event-handler attributes.
        self.content_active_elements = self.content.locator("script, img, svg, [onerror], [onload]")
        self.view_count = page.get_by_test_id("view-count")
        self.vote_counts = page.get_by_test_id("vote-counts")
        self._helpful = page.get_by_role("button", name=both("有帮助", "Yes, helpful"))
        self._not_helpful = page.get_by_role("button", name=both("没帮助", "No, not helpful"))

    def content_link(self, name: str) -> Locator:
        return self.content.get_by_role("link", name=name)

    def content_text(self, text: str) -> Locator:
        """Where ``text`` is shown as text in the article's content."""
        return self.content.get_by_text(text)

    def vote(self, helpful: bool) -> KbArticlePage:
        (self._helpful if helpful else self._not_helpful).click()
        return self.screen.loaded()
