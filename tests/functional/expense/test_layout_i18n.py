"""Every e-Expense page: layout from 320 to 1920 px, both languages, and who may open it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.expense.my_settings import MySettingsPage
from pages.expense.projects import ProjectListPage
from pages.expense.reports import ExpenseReportPage
from pages.expense.settings import ExpenseSettingsPage
from pages.expense.settlement import PaymentListPage, SettlementPage
from pages.expense.workflow import AdvanceListPage, ApprovalInboxPage, ClaimDetailPage, ClaimListPage
from pages.generic_page import GenericPage
from suite.checks.assertions import assert_layout_intact

pytestmark = pytest.mark.area("e-Expense", "页面")


WIDTHS = [320, 768, 1280, 1920]
CJK = re.compile(r"[\u4e00-\u9fff]")


# name: (user, page class, opener)
PAGES = {
    "claims": ("rep1", lambda page, ctx: ClaimListPage(page).screen.open()),
    "claim": ("rep1", lambda page, ctx: ClaimDetailPage(page).screen.open(ctx["claim"]["id"])),
    "advances": ("rep1", lambda page, ctx: AdvanceListPage(page).screen.open()),
    "approvals": ("manager", lambda page, ctx: ApprovalInboxPage(page).screen.open()),
    "settlement": ("finance", lambda page, ctx: SettlementPage(page).screen.open()),
    "payments": ("finance", lambda page, ctx: PaymentListPage(page).screen.open()),
    "projects": ("finance", lambda page, ctx: ProjectListPage(page).screen.open()),
    "reports": ("finance", lambda page, ctx: ExpenseReportPage(page).screen.open()),
    "settings": ("admin", lambda page, ctx: ExpenseSettingsPage(page).screen.open()),
    "my-settings": ("rep1", lambda page, ctx: MySettingsPage(page).screen.open()),
}


@pytest.fixture
def page_context(make_claim):
    return {"claim": make_claim(amounts=("88.00", "230.00"), to="submitted")}


_VISIBLE_CHROME = """
() => [...document.querySelectorAll(
    'main h1, main h2, main label, main button, main th, main caption, main a.btn, nav a')]
  .filter(el => el.offsetParent !== null && !el.closest('td'))
  .map(el => el.innerText.trim()).filter(Boolean)
"""


def _is_data(text: str) -> bool:
    # The language switch offers 简体中文 by its own name; claim titles and project names are data.
    return text in ("简体中文",) or bool(re.search(r"EXP-\d{6}|客户拜访|项目|^[A-Z]{2,5}-\d{3}", text))


@pytest.mark.spec("COM-UI-1", severity="minor", priority="medium")
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["claims", "claim", "approvals", "projects", "reports", "my-settings"])
def test_expense_pages_fit_every_width(page_as, page_context, name, width):
    user, opener = PAGES[name]
    page = page_as(user, viewport=(width, 900))
    opener(page, page_context)
    assert_layout_intact(page)


@pytest.mark.spec("COM-UI-2", severity="minor", priority="medium")
@pytest.mark.parametrize("name", list(PAGES))
def test_expense_pages_are_fully_translated_into_english(page_as, page_context, name):
    """Headings, labels, buttons, column headers and menu links show no Chinese in English (data may)."""
    user, opener = PAGES[name]
    page = page_as(user, language="en")
    opener(page, page_context)
    texts = page.evaluate(_VISIBLE_CHROME)
    untranslated = [t for t in texts if CJK.search(t) and not _is_data(t)]
    assert not untranslated, f"untranslated on {name}: {untranslated}"
    expect(GenericPage(page).heading).not_to_have_text(re.compile(r"^\s*$"))


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user, path", [
    ("rep1", "/expense/settlement/"), ("rep1", "/expense/payments/"), ("rep1", "/expense/reports/"),
    ("manager", "/expense/settlement/"), ("manager", "/expense/reports/"), ("engineer", "/expense/reports/"),
    ("svcmanager", "/expense/settings/"),
])
def test_a_role_that_may_not_use_a_page_gets_403(page_as, user, path):
    page = GenericPage(page_as(user))
    response = page.open_expecting_refusal(path)
    assert response.status == 403
    expect(page.heading).to_have_text("无权访问")
