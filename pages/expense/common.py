"""Pieces shared by the e-Expense page objects: labels, the details list, the audit trail."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from pages.components import DataTable
from pages.labels import both

DETAILS = both("基本信息", "Details")
AUDIT_TRAIL = both("审计记录", "Audit trail")
STATUS = {
    "draft": both("草稿", "Draft"),
    "submitted": both("已提交", "Submitted"),
    "manager_approved": both("经理已批", "Manager approved"),
    "finance_approved": both("财务已批", "Finance approved"),
    "admin_approved": both("管理员已批", "Administrator approved"),
    "paid": both("已结款", "Paid"),
    "rejected": both("已驳回", "Rejected"),
    "approved": both("已批准", "Approved"),
    "disbursed": both("已发放", "Disbursed"),
    "settled": both("已冲销", "Settled"),
}


def detail_value(page: Page, region: Locator, label: str | re.Pattern[str]) -> Locator:
    """The value (``dd``) shown for a term (``dt``) in a details region."""
    term = page.get_by_role("term").filter(has_text=label if isinstance(label, re.Pattern) else re.compile(
        rf"^\s*{re.escape(label)}\s*$"))
    return region.locator("div").filter(has=term).get_by_role("definition")


def audit_trail(page: Page) -> DataTable:
    return DataTable(page.get_by_role("table", name=AUDIT_TRAIL))
