"""e-Sales settings (销售设置): stages, industries and sources (administrator only)."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from pages.components import Dialog, Form, ListView, Screen
from pages.labels import DELETE, both

KINDS = {
    # kind: (h1, table caption, "new" link, edit heading, delete dialog)
    "stages": (both("阶段", "Stages"), both("阶段列表", "Stage list"), both("新建阶段", "New stage"),
               both("编辑阶段", "Edit stage"), both("删除阶段", "Delete stage")),
    "industries": (both("行业", "Industries"), both("行业列表", "Industry list"), both("新建行业", "New industry"),
                   both("编辑行业", "Edit industry"), both("删除行业", "Delete industry")),
    "sources": (both("来源", "Sources"), both("来源列表", "Source list"), both("新建来源", "New source"),
                both("编辑来源", "Edit source"), both("删除来源", "Delete source")),
}
FIELDS = {
    "code": both("代码", "Code"),
    "name": both("名称（中文）", "Name (Chinese)"),
    "name_en": both("名称（英文）", "Name (English)"),
    "order": both("排序", "Order"),
    "probability": both("默认概率", "Default probability"),
    "active": both("启用", "Active"),
}


class SettingListPage:
    def __init__(self, page: Page, kind: str):
        self.page = page
        self.kind = kind
        heading, caption, new, _edit, _delete = KINDS[kind]
        self.screen = Screen(self, f"/sales/settings/{kind}/", heading)
        self.heading = self.screen.heading
        self.list = ListView(self, caption)
        self.table, self.controls = self.list.table, self.list.controls
        self._new = page.get_by_role("link", name=new)

    def new(self) -> SettingFormPage:
        return self.screen.follow(self._new, self._form)

    def edit(self, name: str) -> SettingFormPage:
        return self.list.open_row(name, self._form)

    def _form(self, page: Page) -> SettingFormPage:
        """The form of a setting of this list's kind (where its new and edit links lead)."""
        return SettingFormPage(page, self.kind)


class SettingFormPage:
    def __init__(self, page: Page, kind: str):
        self.page = page
        self.kind = kind
        _heading, _caption, new, edit, delete = KINDS[kind]
        self.screen = Screen(self, f"/sales/settings/{kind}/{{}}/", re.compile(f"{new.pattern}|{edit.pattern}"))
        self.heading = self.screen.heading
        self.form = Form(self.screen.main, fields=FIELDS)
        self.field = self.form.field
        self._delete = page.get_by_role("button", name=DELETE, exact=True)
        self.delete_dialog = Dialog(page, delete)

    def set(self, **values: object) -> SettingFormPage:
        self.form.fill(values)
        return self

    def save(self) -> SettingListPage:
        self.form.submit()
        return SettingListPage(self.page, self.kind).screen.loaded()

    def save_expecting_errors(self) -> SettingFormPage:
        self.form.submit_expecting_errors()
        return self

    def delete(self) -> SettingListPage:
        self._delete.click()
        self.delete_dialog.confirm()
        return SettingListPage(self.page, self.kind).screen.loaded()

    def delete_expecting_refusal(self) -> SettingFormPage:
        self._delete.click()
        self.delete_dialog.confirm()
        self.screen.toast.error.first.wait_for()
        return self.screen.loaded()
