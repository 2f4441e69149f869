"""我的设置 / My settings: bank account (masked), default approver, language; and the password change page."""

from __future__ import annotations

from playwright.sync_api import Page

from pages.components import Form, Screen
from pages.labels import both, label_table

FIELDS = label_table(holder=("开户人", "Account holder"), bank=("开户银行", "Bank"), card=("卡号", "Card number"),
                     approver=("默认审批人", "Default approver"), language=("首选语言", "Preferred language"))
PASSWORD_FIELDS = label_table(old=("旧密码", "Old password"), new=("新密码", "New password"),
                              confirm=("新密码确认", "New password confirmation"))


class MySettingsPage:
    PATH = "/expense/me/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("我的设置", "My settings"))
        self.heading = self.screen.heading
        self.bank_region = page.get_by_role("region", name=both("银行账户", "Bank account"))
        self.card_masked = page.get_by_test_id("card-masked")
        self.form = Form(page.get_by_role("region", name=both("修改我的设置", "Edit my settings")), fields=FIELDS)
        self.field = self.form.field
        self._password = page.get_by_role("link", name=both("修改密码", "Change password"))

    def save(self, **values: object) -> MySettingsPage:
        self.form.fill(values)
        self.form.submit()
        self.screen.toast.success.wait_for()
        return self.screen.loaded()

    def save_expecting_errors(self, **values: object) -> MySettingsPage:
        self.form.fill(values)
        self.form.submit_expecting_errors()
        return self

    def change_password(self) -> ChangePasswordPage:
        return self.screen.follow(self._password, ChangePasswordPage)


class ChangePasswordPage:
    PATH = "/expense/me/password/"

    def __init__(self, page: Page):
        self.page = page
        self.screen = Screen(self, self.PATH, both("修改密码", "Change password"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=PASSWORD_FIELDS)
        self.field = self.form.field

    def _fill(self, old: str, new: str, confirm: str | None) -> None:
        self.form.fill({"old": old, "new": new, "confirm": new if confirm is None else confirm})

    def change(self, old: str, new: str) -> MySettingsPage:
        self._fill(old, new, None)
        return self.form.submit_to(MySettingsPage)

    def change_expecting_errors(self, old: str, new: str, confirm: str | None = None) -> ChangePasswordPage:
        self._fill(old, new, confirm)
        self.form.submit_expecting_errors()
        return self
