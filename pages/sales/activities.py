"""e-Sales business activities (商务活动): list, form, detail (outcome, follow-up, review comments) and My day."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, DetailsList, Form, ListView, Screen
from pages.labels import both

FIELDS = {
    "type": both("类型", "Type"),
    "subject": both("主题", "Subject"),
    "customer": both("客户", "Customer"),
    "contact": both("联系人", "Contact"),
    "opportunity": both("销售机会", "Opportunity"),
    "scheduled_at": both("计划时间", "Scheduled time"),
    "duration": both("时长（分钟）", "Duration (minutes)"),
    "status": both("状态", "Status"),
    "outcome": both("通话结果", "Call outcome"),
    "notes": both("备注", "Notes"),
    "next_follow_up": both("下次跟进", "Next follow-up"),
}
COLUMNS = {
    "subject": both("主题", "Subject"),
    "type": both("类型", "Type"),
    "customer": both("客户", "Customer"),
    "contact": both("联系人", "Contact"),
    "scheduled_at": both("计划时间", "Scheduled time"),
    "status": both("状态", "Status"),
    "outcome": both("通话结果", "Call outcome"),
    "owner": both("负责人", "Owner"),
}
FILTERS = {
    "type": both("类型", "Type"),
    "status": both("状态", "Status"),
    "outcome": both("通话结果", "Call outcome"),
    "owner": both("负责人", "Owner"),
}


class ActivityListPage:
    PATH = "/sales/activities/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("商务活动", "Activities"))
        self.heading = self.screen.heading
        self.list = ListView(self, both("活动列表", "Activity list"), COLUMNS, FILTERS)
        self.table, self.controls, self.empty_state = self.list.table, self.list.controls, self.list.empty_state
        self._new = page.get_by_role("link", name=both("新建活动", "New activity"))

    def new_activity(self) -> ActivityFormPage:
        return self.screen.follow(self._new, ActivityFormPage)

    def open_activity(self, subject: str) -> ActivityDetailPage:
        return self.list.open_row(subject, ActivityDetailPage)


class ActivityFormPage:
    NEW_PATH = "/sales/activities/new/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, "/sales/activities/{}/edit/", re.compile(
            r"^(新建活动|编辑活动|New activity|Edit activity)$"), new_path=self.NEW_PATH)
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field

    def set(self, **values: object) -> ActivityFormPage:
        """Fill fields by key; selects take option labels, date-times ``YYYY-MM-DDTHH:MM``."""
        self.form.fill(values)
        return self

    def save(self) -> ActivityDetailPage:
        return self.form.submit_to(ActivityDetailPage)

    def save_expecting_errors(self) -> ActivityFormPage:
        self.form.submit_expecting_errors()
        return self

    def log_activity(self, **values: object) -> ActivityDetailPage:
        return self.set(**values).save()


class ActivityDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.details_list = DetailsList(page)
        self.details = self.details_list.region
        self.screen = Screen(self, "/sales/activities/{}/", ready=self.details)
        self.heading = self.screen.heading
        self.reviews = page.get_by_role("region", name=both("经理点评", "Review comments"))
        self.review_items = self.reviews.get_by_role("listitem")
        self.review_form = Form(self.reviews, submit=both("提交点评", "Add review comment"),
                                fields={"comment": both("点评意见", "Review comment")})
        self._edit = page.get_by_role("link", name=both("编辑活动", "Edit activity"))
        self.schedule_follow_up_button = page.get_by_role(
            "button", name=both("安排跟进电话", "Schedule follow-up call"))
        self.unreachable_badge = self.details.get_by_text(re.compile(r"^\s*(无法联系|Unreachable)\s*$"))

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        return self.details_list.value(label)

    def edit(self) -> ActivityFormPage:
        return self.screen.follow(self._edit, ActivityFormPage)

    def add_review(self, comment: str) -> ActivityDetailPage:
        self.review_form.fill({"comment": comment})
        self.review_form.submit()
        return self.screen.loaded()

    def add_review_expecting_errors(self, comment: str) -> ActivityDetailPage:
        self.review_form.fill({"comment": comment})
        self.review_form.submit_expecting_errors()
        return self

    def schedule_follow_up(self) -> ActivityDetailPage:
        """Plan the proposed follow-up call; the e-CRM opens the new call."""
        self.schedule_follow_up_button.click()
        return self.screen.loaded()


class MyDayPage:
    """SAL-ACT-3: today's and overdue activities of the user."""

    PATH = "/sales/my-day/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("我的一天", "My day"))
        self.heading = self.screen.heading
        self.today_label = page.get_by_test_id("today")
        self.today = DataTable(page.get_by_role("table", name=both("今日活动", "Today's activities")))
        self.overdue = DataTable(page.get_by_role("table", name=both("逾期活动", "Overdue activities")))

    def open_activity(self, subject: str) -> ActivityDetailPage:
        link = self.screen.main.get_by_role("link", name=subject, exact=True).first
        return self.screen.follow(link, ActivityDetailPage)
