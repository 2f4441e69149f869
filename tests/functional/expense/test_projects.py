"""项目: codes, budget, spend and utilisation, the 90 % warning and the 100 % refusal, inactive projects."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.expense.projects import ProjectListPage
from pages.expense.workflow import (
    ClaimFormPage,
)
from suite.checks.assertions import read_csv_export
from suite.data.expense import (
    project_code,
)

pytestmark = pytest.mark.area("e-Expense", "项目")


# EXP-PRJ-1: what an invalid project code or budget is told.
CODE_FORMAT = "项目编号须为 2–5 个大写字母、连字符和 3 位数字，例如 HZ-001"
CODE_ERRORS = {"ABCDEF-001": [CODE_FORMAT, "请确保这个字段不能超过 9 个字符。"]}
BUDGET_ERRORS = {"0": "请确保该值大于或者等于 0.01。", "-1": "请确保该值大于或者等于 0.01。",
                 "abc": "请填写合法的数字。", "1.001": "请确保总计不超过 2 个小数位。", "": "请填写合法的数字。"}


@pytest.mark.spec("EXP-PRJ-1", severity="normal", priority="medium")
@pytest.mark.parametrize("code, valid", [("AB-001", True), ("ABCDE-999", True), ("A-001", False),
                                         ("ABCDEF-001", False), ("ab-001", False), ("AB-01", False),
                                         ("AB-0001", False), ("AB_001", False), ("项目-001", False),
                                         ("AB 001", False)])
def test_a_project_code_is_two_to_five_capitals_a_hyphen_and_three_digits(api_as, uniq, code, valid):
    admin = api_as("admin")
    payload = {"code": code, "name": f"编号校验 {uniq()}", "budget": "1000.00",
               "manager": admin.user_id("manager")}
    response = admin.expense.projects.create_response(payload)
    if valid and response.status_code == 400 and "已存在" in response.text:
        return  # the code was made by an earlier run on this server: the format was accepted
    if valid:
        assert response.status_code == 201, response.text
        admin.expense.projects.update(response.json()['id'], active=False)
    else:
        assert response.status_code == 400
        assert response.json()["code"] == CODE_ERRORS.get(code, [CODE_FORMAT])


@pytest.mark.spec("EXP-PRJ-1", severity="normal", priority="medium")
def test_a_project_code_is_unique(api_as, make_project):
    project = make_project()
    admin = api_as("admin")
    response = admin.expense.projects.create_response({"code": project["code"], "name": "重复", "budget": "10.00",
                                                     "manager": project["manager"]})
    assert response.status_code == 400
    assert response.json()["code"] == ["该项目编号已存在"]


@pytest.mark.spec("EXP-PRJ-1", severity="critical", priority="high")
def test_spend_counts_approved_and_paid_claims_only(api_as, make_claim, make_project):
    project = make_project(budget="2000.00")
    code = project["code"]
    make_claim(amounts=("100.00",), project=code)  # draft: not spend
    make_claim(amounts=("110.00",), project=code, to="submitted")  # submitted: not yet
    make_claim(amounts=("120.00",), project=code, to="manager_approved")
    make_claim(amounts=("130.00",), project=code, to="finance_approved")
    make_claim(amounts=("140.00",), project=code, to="paid")
    admin = api_as("admin")
    after = admin.expense.projects.get_response(project['id']).json()
    assert after["spend"] == "390.00"
    assert after["utilisation"] == "19.5"


@pytest.mark.spec("EXP-PRJ-2", severity="critical", priority="high")
def test_a_claim_taking_a_project_past_90_percent_warns(api_as, make_claim, make_project):
    project = make_project(budget="1000.00")
    claim = make_claim(amounts=("450.00", "460.00"), project=project["code"])
    rep1 = api_as("rep1")
    body = rep1.expense.claims.action(claim["id"], "submit")
    assert body["status"] == "submitted"
    assert any(project["code"] in w and "91" in w for w in body["warnings"]), body["warnings"]


@pytest.mark.spec("EXP-PRJ-2", severity="critical", priority="high")
def test_a_claim_under_90_percent_does_not_warn(api_as, make_claim, make_project):
    project = make_project(budget="1000.00")
    claim = make_claim(amounts=("450.00", "450.00"), project=project["code"])
    rep1 = api_as("rep1")
    assert rep1.expense.claims.action(claim["id"], "submit")["warnings"] == []


@pytest.mark.spec("EXP-PRJ-2", severity="critical", priority="high")
def test_a_claim_taking_a_project_past_100_percent_is_refused(api_as, make_claim, make_project):
    project = make_project(budget="500.00")
    make_claim(amounts=("400.00",), category="lodging", project=project["code"], to="manager_approved")
    claim = make_claim(amounts=("100.01",), project=project["code"])
    rep1 = api_as("rep1")
    response = rep1.expense.claims.action_response(claim['id'], "submit")
    assert response.status_code == 400
    assert project["code"] in response.json()["non_field_errors"][0]
    assert rep1.expense.claims.get(claim["id"])["status"] == "draft"


@pytest.mark.spec("EXP-PRJ-2", severity="normal", priority="medium")
def test_a_project_that_allows_overspend_takes_the_claim_with_a_warning(api_as, make_claim, make_project):
    project = make_project(budget="100.00", allow_overspend=True)
    claim = make_claim(amounts=("150.00",), project=project["code"])
    rep1 = api_as("rep1")
    body = rep1.expense.claims.action(claim["id"], "submit")
    assert body["warnings"] and "150" in body["warnings"][0]


@pytest.mark.spec("EXP-PRJ-2", severity="critical", priority="high")
def test_the_budget_is_checked_again_at_the_first_approval(api_as, make_claim, make_project):
    """Two claims that each fit alone: the second approval would take the project past its budget."""
    project = make_project(budget="500.00")
    first = make_claim(amounts=("300.00",), category="lodging", project=project["code"], to="submitted")
    second = make_claim(user="rep2", amounts=("300.00",), category="lodging", project=project["code"],
                        to="submitted")
    manager = api_as("manager")
    manager.expense.claims.action(first["id"], "approve")
    response = manager.expense.claims.action_response(second["id"], "approve")
    assert response.status_code == 400
    assert manager.expense.claims.get(second["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-PRJ-3", severity="normal", priority="high")
def test_an_inactive_project_cannot_be_chosen_for_a_new_claim(api_as, make_project, uniq):
    project = make_project(active=False)
    rep1 = api_as("rep1")
    response = rep1.expense.claims.create_response({"title": f"停用项目 {uniq()}", "project": project["id"]})
    assert response.status_code == 400
    assert project["code"] in response.json()["project"][0]
    active_codes = {p["code"] for p in rep1.expense.projects.list()}
    assert project["code"] not in active_codes


@pytest.mark.spec("EXP-PRJ-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep1", "manager", "engineer"])
def test_only_admin_and_finance_manage_projects(api_as, uniq, user):
    api = api_as(user)
    response = api.expense.projects.create_response({"code": project_code(uniq), "name": "x", "budget": "10.00",
                                                   "manager": 1})
    assert response.status_code == 403
    assert api.expense.projects.list_response().status_code == 200
    assert api.get("/expense/projects/new/").status_code == 403


@pytest.mark.spec("EXP-PRJ-1", severity="normal", priority="medium")
@pytest.mark.parametrize("budget", ["0", "-1", "abc", "1.001", ""])
def test_a_project_budget_must_be_positive_money(api_as, uniq, budget):
    admin = api_as("admin")
    response = admin.expense.projects.create_response({"code": project_code(uniq), "name": "预算", "budget": budget,
                                                     "manager": admin.user_id("manager")})
    assert response.status_code == 400
    assert response.json()["budget"] == [BUDGET_ERRORS[budget]]


@pytest.mark.area("e-Expense", "我的借支")
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


@pytest.mark.area("e-Expense", "我的借支")
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


@pytest.mark.area("e-Expense", "我的报销")
@pytest.mark.spec("EXP-PRJ-3", severity="normal", priority="high")
def test_the_claim_form_offers_only_active_projects(page_as, make_project):
    inactive = make_project(active=False)
    active = make_project()
    form = ClaimFormPage(page_as("rep1")).screen.open_new()
    options = form.project_options()
    expect(options.filter(has_text=active["code"])).to_have_count(1)
    expect(options.filter(has_text=inactive["code"])).to_have_count(0)
    expect(options.filter(has_text="OLD-001")).to_have_count(0)
