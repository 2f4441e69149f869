"""系统设置 (EXP-SYS-1/2) through the API and the thresholds page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.expense.settings import ExpenseSettingsPage
from suite.checks.assertions import assert_no_mojibake
from suite.data.hostile import FIELD_SAMPLE

pytestmark = pytest.mark.area("e-Expense", "系统设置")

# EXP-SYS-2: what each invalid threshold is told.
THRESHOLD_ERRORS = {
    ("receipt_threshold", "-1"): "请确保该值大于或者等于 0.00。",
    ("approval_threshold", "0"): "请确保该值大于或者等于 0.01。",
    ("receipt_threshold", "abc"): "请填写合法的数字。",
    ("approval_threshold", "1.234"): "请确保总计不超过 2 个小数位。",
}


@pytest.mark.spec("EXP-SYS-1", "COM-UI-2", "COM-UI-3", severity="normal", priority="high")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("text", FIELD_SAMPLE, ids=lambda s: repr(s[:12]))
def test_hostile_employee_type_names_get_a_readable_message(api_as, text, language):
    admin = api_as("admin", language=language)
    response = admin.expense.employee_types.create_response({"name": text})
    assert response.status_code == 400, response.text
    message = response.json()["name"][0]
    assert message
    assert_no_mojibake(message)
    if language == "en":
        assert message.isascii(), message


@pytest.mark.spec("EXP-SYS-1", severity="critical", priority="high")
def test_a_type_in_use_cannot_be_deleted_through_the_api(api_as):
    admin = api_as("admin")
    rep_type = next(t for t in admin.expense.employee_types.page() if t["name"] == "销售代表")
    assert rep_type["in_use"] is True
    response = admin.expense.employee_types.delete_response(rep_type['id'])
    assert response.status_code == 409
    assert "销售代表" in response.json()["detail"]


@pytest.mark.spec("EXP-SYS-2", "EXP-CLM-2", "EXP-APR-1", severity="normal", priority="medium")
def test_the_thresholds_are_edited_on_the_settings_page(page_as, api_as, expense_thresholds):
    expense_thresholds()  # restores the thresholds afterwards
    page = ExpenseSettingsPage(page_as("finance")).screen.open()
    page.save(receipt="150.00", approval="8000.00")
    expect(page.screen.toast.success).to_have_text("设置已保存")
    assert api_as("rep1").expense.settings.get() == {"receipt_threshold": "150.00", "approval_threshold": "8000.00"}


@pytest.mark.spec("EXP-SYS-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("field, value", [("receipt_threshold", "-1"), ("approval_threshold", "0"),
                                          ("receipt_threshold", "abc"), ("approval_threshold", "1.234")])
def test_thresholds_must_be_valid_money(api_as, expense_thresholds, field, value):
    expense_thresholds()
    admin = api_as("admin")
    response = admin.expense.settings.update_response({field: value})
    assert response.status_code == 400
    assert response.json()[field] == [THRESHOLD_ERRORS[field, value]]


@pytest.mark.spec("EXP-APR-1", "EXP-SYS-2", severity="critical", priority="high")
def test_the_approval_threshold_decides_the_admin_step(api_as, make_claim, expense_thresholds):
    expense_thresholds(approval_threshold="300.00")
    claim = make_claim(amounts=("150.00", "150.00"), to="submitted")
    assert claim["needs_admin"] is True


@pytest.mark.spec("EXP-SYS-2", "EXP-CLM-3", severity="normal", priority="medium")
@pytest.mark.exclusive("changes the claim limits of the sales reps' employee type")
def test_a_limit_set_through_the_api_applies_to_new_lines(api_as, make_claim, small_line):
    admin = api_as("admin")
    rep_type = next(t for t in admin.expense.employee_types.page() if t["name"] == "销售代表")
    before = rep_type["limits"]["transport"]
    admin.expense.employee_types.update(rep_type['id'], limits={"transport": "60.00"})
    try:
        claim = make_claim(amounts=())
        rep1 = api_as("rep1")
        response = rep1.expense.add_line_response(claim["id"], small_line("60.01", "transport"))
        assert response.status_code == 400
        assert "60.00" in response.json()["amount"][0]
    finally:
        admin.expense.employee_types.update(rep_type['id'], limits={"transport": before})


@pytest.mark.spec("EXP-SYS-2", severity="normal", priority="medium")
def test_categories_are_added_deactivated_and_a_used_one_is_kept(api_as, make_claim, uniq):
    admin = api_as("admin")
    code = f"training-{uniq()}"
    created = admin.expense.categories.create({
        "code": code, "name": "培训费", "name_en": "Training", "order": 99})
    assert admin.expense.categories.update_response(created['id'], {"active": False}).status_code == 200
    assert code not in {c["code"] for c in admin.expense.categories.page()
                        if c["active"]}
    assert admin.expense.categories.delete_response(created['id']).status_code == 204
    meals = admin.expense.category_ids()["meals"]
    make_claim(amounts=("10.00",))
    assert admin.expense.categories.delete_response(meals).status_code == 409
    assert api_as("rep1").expense.categories.create_response({"code": "x", "name": "x",
                                                                    "name_en": "x"}).status_code == 403
