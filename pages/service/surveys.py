"""e-Service customer surveys (客户调查): the manager's list and the customer's public survey page."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components import ListView, Screen
from pages.labels import SUBMIT, both, starts

SATISFACTION = starts("您对本次服务的满意程度", "How satisfied are you")
RECOMMEND = starts("您向朋友或同事推荐我们的可能性", "How likely are you to recommend")


class SurveyListPage:
    PATH = "/service/surveys/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("客户调查", "Customer surveys"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("调查列表", "Survey list"))
        self.table, self.controls = self.list.table, self.list.controls

class PublicSurveyPage:
    """``/survey/<token>/``: answered by the customer without logging in."""

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, "/survey/{}/")
        self.heading = self.screen.heading
        self.form_heading = page.get_by_role("heading", level=1, name=both("客户调查", "Customer survey"))
        self.thanks_heading = page.get_by_role("heading", level=1, name=both("谢谢", "Thank you"))
        self.unavailable_heading = page.get_by_role(
            "heading", level=1, name=both("调查不可用", "Survey not available"))
        self.satisfaction = page.get_by_role("group", name=SATISFACTION)
        self.recommend = page.get_by_role("group", name=RECOMMEND)
        self.comment = page.get_by_role("textbox", name=both("您的意见", "Your comment"))
        self.submit_button = page.get_by_role("button", name=SUBMIT)
        self.errors = self.screen.alerts
        self.message = self.screen.main.get_by_role("paragraph")

    def score(self, group: Locator, value: int) -> Locator:
        return group.get_by_role("radio", name=str(value), exact=True)

    def answer(self, satisfaction: int | None, recommend: int | None, comment: str = "") -> PublicSurveyPage:
        if satisfaction is not None:
            self.score(self.satisfaction, satisfaction).check()
        if recommend is not None:
            self.score(self.recommend, recommend).check()
        if comment:
            self.comment.fill(comment)
        self.submit_button.click()
        self.screen.wait()
        return self
