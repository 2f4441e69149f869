"""e-Sales business activities (商务活动): list, form, detail (outcome, follow-up, review comments) and My day."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Form, ListControls, MainNav, Toast
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
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=both("商务活动", "Activities"))
        self.table = DataTable(page.get_by_role("table", name=both("活动列表", "Activity list")))
        self.controls = ListControls(page)
        self.empty_state = page.get_by_test_id("empty-state")
        self._new = page.get_by_role("link", name=both("新建活动", "New activity"))

    def open(self, query: str = "") -> ActivityListPage:
        self.page.goto(self.PATH + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> ActivityListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> ActivityListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def filter(self, **options: str) -> ActivityListPage:
        self.controls.apply(filters={FILTERS[key]: label for key, label in options.items()})
        return self.loaded()

    def sort_by(self, column: str) -> ActivityListPage:
        self.table.sort_by(COLUMNS[column])
        return self.loaded()

    def export_csv(self, directory: Path) -> Path:
        return self.controls.export(directory)

    def new_activity(self) -> ActivityFormPage:
        self._new.click()
        return ActivityFormPage(self.page).loaded()

    def open_activity(self, subject: str) -> ActivityDetailPage:
        self.table.rows.get_by_role("link", name=subject, exact=True).click()
        return ActivityDetailPage(self.page).loaded()


class ActivityFormPage:
    NEW_PATH = "/sales/activities/new/"

    def __init__(self, page: Page):
        self.page = page
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            r"^(新建活动|编辑活动|New activity|Edit activity)$"))
        self.form = Form(page.get_by_role("main"))
        self.toast = Toast(page)

    def open_new(self, customer_id: int | None = None) -> ActivityFormPage:
        self.page.goto(self.NEW_PATH + (f"?customer={customer_id}" if customer_id else ""))
        return self.loaded()

    def open_edit(self, activity_id: int) -> ActivityFormPage:
        self.page.goto(f"/sales/activities/{activity_id}/edit/")
        return self.loaded()

    def loaded(self) -> ActivityFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def set(self, **values: object) -> ActivityFormPage:
        """Fill fields by key; selects take option labels, date-times ``YYYY-MM-DDTHH:MM``."""
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> ActivityDetailPage:
        self.form.submit()
        return ActivityDetailPage(self.page).loaded()

    def save_expecting_errors(self) -> ActivityFormPage:
        self.form.submit()
        self.form.errors.first.wait_for()
        return self

    def log_activity(self, **values: object) -> ActivityDetailPage:
        return self.set(**values).save()


class ActivityDetailPage:
    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1)
        self.details = page.get_by_role("region", name=both("基本信息", "Details"))
        self.reviews = page.get_by_role("region", name=both("经理点评", "Review comments"))
        self.review_items = self.reviews.get_by_role("listitem")
        self.review_form = Form(self.reviews, submit=both("提交点评", "Add review comment"))
        self._edit = page.get_by_role("link", name=both("编辑活动", "Edit activity"))
        self.schedule_follow_up_button = page.get_by_role(
            "button", name=both("安排跟进电话", "Schedule follow-up call"))
        self.unreachable_badge = self.details.get_by_text(re.compile(r"^\s*(无法联系|Unreachable)\s*$"))

    def open(self, activity_id: int) -> ActivityDetailPage:
        self.page.goto(f"/sales/activities/{activity_id}/")
        return self.loaded()

    def loaded(self) -> ActivityDetailPage:
        self.details.wait_for()
        return self

    def detail(self, label: str | re.Pattern[str]) -> Locator:
        pattern = label if isinstance(label, re.Pattern) else re.compile(rf"^{re.escape(label)}$")
        return self.details.locator("div").filter(
            has=self.page.get_by_role("term").filter(has_text=pattern)).get_by_role("definition")

    def edit(self) -> ActivityFormPage:
        self._edit.click()
        return ActivityFormPage(self.page).loaded()

    def add_review(self, comment: str) -> ActivityDetailPage:
        self.review_form.fill({both("点评意见", "Review comment"): comment})
        self.review_form.submit()
        return self.loaded()

    def add_review_expecting_errors(self, comment: str) -> ActivityDetailPage:
        self.review_form.fill({both("点评意见", "Review comment"): comment})
        self.review_form.submit()
        self.review_form.errors.first.wait_for()
        return self

    def schedule_follow_up(self) -> ActivityDetailPage:
        """Plan the proposed follow-up call; the e-CRM opens the new call."""
        self.schedule_follow_up_button.click()
        return self.loaded()


class MyDayPage:
    """SAL-ACT-3: today's and overdue activities of the user."""

    PATH = "/sales/my-day/"

    def __init__(self, page: Page):
        self.page = page
        self.nav = MainNav(page)
        self.heading = page.get_by_role("heading", level=1, name=both("我的一天", "My day"))
        self.today_label = page.get_by_test_id("today")
        self.today = DataTable(page.get_by_role("table", name=both("今日活动", "Today's activities")))
        self.overdue = DataTable(page.get_by_role("table", name=both("逾期活动", "Overdue activities")))

    def open(self) -> MyDayPage:
        self.page.goto(self.PATH)
        return self.loaded()

    def loaded(self) -> MyDayPage:
        self.heading.wait_for()
        return self

    def open_activity(self, subject: str) -> ActivityDetailPage:
        self.page.get_by_role("main").get_by_role("link", name=subject, exact=True).first.click()
        return ActivityDetailPage(self.page).loaded()
