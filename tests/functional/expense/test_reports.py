"""报销报表 (EXP-RPT-1): spending by employee, category, project and month; filters; CSV; totals reconcile."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.expense.reports import ExpenseReportPage
from suite.checks.assertions import read_csv_export

pytestmark = pytest.mark.area("e-Expense", "报表")


@pytest.fixture
def reported(make_claim, make_project):
    """A fresh project with three approved or paid claims of two employees, plus a draft that must not count."""
    project = make_project(budget="50000.00")
    code = project["code"]
    claims = [
        make_claim(amounts=("120.00", "35.50"), category="meals", project=code, to="manager_approved"),
        make_claim(amounts=("420.00",), category="lodging", project=code, to="paid"),
        make_claim(user="rep2", amounts=("88.80",), category="transport", project=code, to="finance_approved"),
    ]
    make_claim(amounts=("99.00",), project=code)  # a draft
    return project, claims


@pytest.mark.spec("EXP-RPT-1", severity="critical", priority="high")
@pytest.mark.parametrize("group", ["employee", "category", "project", "month"])
def test_report_totals_reconcile_with_the_claims(api_as, reported, group):
    project, claims = reported
    body = api_as("finance").expense.report.get(group=group, project=project["id"])
    expected = sum(Decimal(c["total"]) for c in claims)
    assert Decimal(body["total"]) == expected == Decimal("664.30")
    assert sum(Decimal(row["amount"]) for row in body["rows"]) == expected
    assert body["claims"] == 3
    if group == "employee":
        assert {row["label"]: row["amount"] for row in body["rows"]} == {"张三": "575.50", "李四": "88.80"}
    if group == "category":
        assert {row["label"]: row["amount"] for row in body["rows"]} == {"餐费": "155.50", "住宿": "420.00",
                                                                        "交通": "88.80"}


@pytest.mark.spec("EXP-RPT-1", severity="normal", priority="medium")
def test_report_filters_by_employee_category_and_paid_only(api_as, reported):
    project, _claims = reported
    finance = api_as("finance")
    rep2 = finance.user_id("rep2")
    assert finance.expense.report.get(project=project["id"], employee=rep2)["total"] == "88.80"
    categories = finance.expense.category_ids()
    assert finance.expense.report.get(project=project["id"], category=categories["meals"])["total"] == "155.50"
    assert finance.expense.report.get(project=project["id"], scope="paid")["total"] == "420.00"


@pytest.mark.spec("EXP-RPT-1", "COM-UI-4", severity="normal", priority="medium")
def test_the_report_page_shows_and_exports_the_same_numbers(page_as, reported, tmp_path):
    project, _claims = reported
    page = ExpenseReportPage(page_as("finance")).screen.open()
    page.show(group="类别", project=f"{project['code']} {project['name']}")
    expect(page.total).to_have_attribute("data-total", "664.30")
    expect(page.table.rows).to_have_count(3)
    expect(page.table.row("住宿")).to_contain_text("420.00")
    rows = read_csv_export(page.export_csv(tmp_path))
    assert {row["类别"]: row["金额"] for row in rows} == {"住宿": "420.00", "餐费": "155.50", "交通": "88.80",
                                                      "合计": "664.30"}


@pytest.mark.spec("EXP-RPT-1", "COM-UI-3", severity="normal", priority="low")
def test_an_end_date_before_the_start_date_is_explained(page_as):
    page = ExpenseReportPage(page_as("finance")).screen.open(query="date_from=2026-05-10&date_to=2026-05-01")
    expect(page.field("date_to")).to_have_accessible_description("结束日期不能早于开始日期")
