"""e-Sales settings (销售设置): stages, industries and sources (administrator only)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable, Dialog, Form, ListControls, MainNav, Toast
from pages.labels import both

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
        self.nav = MainNav(page)
        self.toast = Toast(page)
        self.heading = page.get_by_role("heading", level=1, name=heading)
        self.table = DataTable(page.get_by_role("table", name=caption))
        self.controls = ListControls(page)
        self._new = page.get_by_role("link", name=new)

    def open(self, query: str = "") -> SettingListPage:
        self.page.goto(f"/sales/settings/{self.kind}/" + (f"?{query}" if query else ""))
        return self.loaded()

    def loaded(self) -> SettingListPage:
        self.heading.wait_for()
        return self

    def search(self, text: str) -> SettingListPage:
        self.controls.apply(search=text)
        return self.loaded()

    def new(self) -> SettingFormPage:
        self._new.click()
        return SettingFormPage(self.page, self.kind).loaded()

    def edit(self, name: str) -> SettingFormPage:
        self.table.rows.get_by_role("link", name=name, exact=True).click()
        return SettingFormPage(self.page, self.kind).loaded()


class SettingFormPage:
    def __init__(self, page: Page, kind: str):
        self.page = page
        self.kind = kind
        _heading, _caption, new, edit, delete = KINDS[kind]
        self.heading = page.get_by_role("heading", level=1, name=re.compile(
            f"{new.pattern}|{edit.pattern}"))
        self.form = Form(page.get_by_role("main"))
        self.toast = Toast(page)
        self._delete = page.get_by_role("button", name=both("删除", "Delete"), exact=True)
        self.delete_dialog = Dialog(page, delete)

    def open(self, setting_id: int) -> SettingFormPage:
        self.page.goto(f"/sales/settings/{self.kind}/{setting_id}/")
        return self.loaded()

    def loaded(self) -> SettingFormPage:
        self.heading.wait_for()
        return self

    def field(self, name: str) -> Locator:
        return self.form.field(FIELDS[name])

    def set(self, **values: object) -> SettingFormPage:
        self.form.fill({FIELDS[key]: value for key, value in values.items()})
        return self

    def save(self) -> SettingListPage:
        self.form.submit()
        return SettingListPage(self.page, self.kind).loaded()

    def save_expecting_errors(self) -> SettingFormPage:
        self.form.submit()
        self.form.errors.first.wait_for()
        return self

    def delete(self) -> SettingListPage:
        self._delete.click()
        self.delete_dialog.confirm()
        return SettingListPage(self.page, self.kind).loaded()

    def delete_expecting_refusal(self) -> SettingFormPage:
        self._delete.click()
        self.delete_dialog.confirm()
        self.toast.error.first.wait_for()
        return self.loaded()
