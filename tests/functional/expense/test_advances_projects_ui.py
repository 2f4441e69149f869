"""我的借支 and 项目 through the pages."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from pages.expense.projects import ProjectListPage
from pages.expense.workflow import AdvanceDetailPage, AdvanceFormPage, AdvanceListPage, ApprovalInboxPage
from suite.checks.assertions import read_csv_export
from suite.data.expense import advance_data, project_code

pytestmark = pytest.mark.area("e-Expense", "我的借支")

BEIJING = datetime.timezone(datetime.timedelta(hours=8))


@pytest.mark.spec("EXP-ADV-1", "EXP-APR-1", severity="critical", priority="high")
def test_an_advance_is_requested_approved_and_disbursed_through_the_pages(page_as, api_as, fake, uniq,
                                                                         server_today):
    rep = page_as("rep1")
    data = advance_data(fake, uniq, server_today, amount="1200.00")
    detail = AdvanceFormPage(rep).screen.open_new().create(data)
    advance_id = int(re.search(r"/advances/(\d+)/", rep.url).group(1))
    finance_api = api_as("finance")
    try:
        detail.submit()
        number = detail.detail("借支单号").inner_text()
        ApprovalInboxPage(page_as("manager")).screen.open().open_advance(number).approve()
        finance_view = AdvanceDetailPage(page_as("finance")).screen.open(advance_id)
        finance_view.disburse()
        expect(finance_view.detail("状态")).to_have_text("已发放")
        expect(finance_view.outstanding).to_have_text("1200.00")
        mine = AdvanceListPage(rep).screen.open()
        expect(mine.table.row(number)).to_contain_text("1,200.00")
        expect(mine.outstanding_total).to_contain_text("未还余额")
    finally:
        finance_api.expense.advances.action_response(advance_id, "repay", {"amount": "1200.00"})
        rep1 = api_as("rep1")
        rep1.expense.advances.action_response(advance_id, "withdraw")
        rep1.expense.advances.delete_response(advance_id)


@pytest.mark.spec("EXP-ADV-1", severity="critical", priority="high")
def test_an_overdue_advance_blocks_the_new_advance_form(page_as, make_advance, set_clock, server_today, fake, uniq):
    make_advance(user="rep2", amount="700.00", due_in_days=3, to="disbursed")
    set_clock(datetime.datetime.combine(server_today + datetime.timedelta(days=4), datetime.time(9), BEIJING))
    page = page_as("rep2")
    advances = AdvanceListPage(page).screen.open()
    expect(advances.overdue_alert).to_contain_text("已逾期")
    form = advances.new_advance()
    later = server_today + datetime.timedelta(days=4)
    form.create_expecting_errors(advance_data(fake, uniq, later))
    expect(form.form.errors.first).to_contain_text("逾期")


@pytest.mark.spec("EXP-PRJ-1", "COM-UI-4", severity="normal", priority="medium")
def test_the_project_list_shows_budget_spend_and_utilisation(page_as, make_project, make_claim, tmp_path):
    project = make_project(budget="800.00")
    make_claim(amounts=("300.00", "100.00"), category="meals", project=project["code"], to="manager_approved")
    page = ProjectListPage(page_as("finance")).screen.open().list.search(project["code"])
    expect(page.cell(project["code"], "budget")).to_have_text("800.00")
    expect(page.cell(project["code"], "spend")).to_have_text("400.00")
    expect(page.cell(project["code"], "utilisation")).to_have_text("50.0 %")
    rows = read_csv_export(page.list.export_csv(tmp_path))
    assert [(r["项目编号"], r["支出"], r["使用率 %"]) for r in rows] == [(project["code"], "400.00", "50.0 %")]


@pytest.mark.spec("EXP-PRJ-1", "COM-UI-3", severity="normal", priority="medium")
def test_finance_creates_a_project_and_a_bad_code_is_explained(page_as, api_as, uniq):
    page = ProjectListPage(page_as("finance")).screen.open()
    form = page.new_project().fill(code="hz-1", name="新项目", budget="1000.00", manager="王经理")
    form.save_expecting_errors()
    expect(form.field("code")).to_have_accessible_description(re.compile(r"^项目编号须为 2–5 个大写字母"))
    code = project_code(uniq)
    detail = form.fill(code=code).save()
    expect(detail.heading).to_have_text(f"{code} 新项目")
    expect(detail.spend).to_have_text("0.00")
    admin = api_as("admin")
    created = next(p for p in admin.expense.projects.list(search=code))
    admin.expense.projects.update(created['id'], active=False)
