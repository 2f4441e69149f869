"""Accessible names in both UI languages: ``both("保存", "Save")`` matches either, exactly."""

from __future__ import annotations

import re

Name = str | re.Pattern[str]  # an accessible name: exact text, or a pattern such as ``both(...)``


def both(zh: str, en: str) -> re.Pattern[str]:
    """A pattern matching the Chinese or the English name exactly.

    Whitespace around it is ignored, and so is the required-field mark (" *") that a label's text may end with.
    """
    return re.compile(rf"^\s*(?:{re.escape(zh)}|{re.escape(en)})(?:\s*\*)?\s*$")


def label_table(**names: tuple[str, str]) -> dict[str, re.Pattern[str]]:
    """A page's table of labels by key, each in both languages: ``label_table(start=("开始日期", "Start date"))`` is
    ``{"start": both("开始日期", "Start date")}`` (a form's fields, a list's columns or filters)."""
    return {key: both(zh, en) for key, (zh, en) in names.items()}


def starts(zh: str, en: str) -> re.Pattern[str]:
    """A pattern matching names that start with the Chinese or the English text."""
    return re.compile(rf"^\s*(?:{re.escape(zh)}|{re.escape(en)})")


SAVE = both("保存", "Save")
CANCEL = both("取消", "Cancel")
CONFIRM = both("确认", "Confirm")
SEARCH = both("搜索", "Search")
FILTER = both("查询", "Filter")
EXPORT_CSV = both("导出 CSV", "Export CSV")
NEXT = both("下一页", "Next")
PREVIOUS = both("上一页", "Previous")
PAGINATION = both("分页", "Pagination")
MAIN_NAV = both("主导航", "Main navigation")
LANGUAGE = both("语言", "Language")
SWITCH = both("切换", "Switch")
LOG_OUT = both("退出", "Log out")
LOG_IN = both("登录", "Log in")
MENU = both("菜单", "Menu")
DETAILS = both("基本信息", "Details")
AUDIT_TRAIL = both("审计记录", "Audit trail")
DELETE = both("删除", "Delete")
SUBMIT = both("提交", "Submit")
