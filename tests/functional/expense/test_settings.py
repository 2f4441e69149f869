"""员工类型 (EXP-SYS-1/2), including the two defects the seed project filed against this page:
employee_defect_02 (resizing the window breaks the layout) and employee_defect_03 (``!@#$%^&*`` shows a garbled
message)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.expense.settings import EmployeeTypesPage, ExpenseSettingsPage
from suite.checks.assertions import assert_layout_intact, assert_no_mojibake
from suite.data.hostile import FIELD_SAMPLE

pytestmark = pytest.mark.area("e-Expense", "员工类型")


# EXP-SYS-1: what a name outside 1–20 characters is told.
NAME_ERRORS = {"": "这个字段是必填项。", "   ": "这个字段是必填项。",
               "x" * 21: "确保该变量包含不超过 20 字符 (目前字符数 21)。"}


INVALID_MESSAGE = {"zh-hans": "名称只能包含字母、汉字、数字和空格",
                   "en": "Name may contain only letters, Chinese characters, digits and spaces"}
SEED_SIZES = [(1920, 1080), (320, 800), (1280, 2000), (1280, 400)]  # widest, narrowest, tallest, shortest


# EXP-SYS-2: what each invalid threshold is told.
THRESHOLD_ERRORS = {
    ("receipt_threshold", "-1"): "请确保该值大于或者等于 0.00。",
    ("approval_threshold", "0"): "请确保该值大于或者等于 0.01。",
    ("receipt_threshold", "abc"): "请填写合法的数字。",
    ("approval_threshold", "1.234"): "请确保总计不超过 2 个小数位。",
}


@pytest.mark.spec("COM-UI-1", "EXP-SYS-1", severity="minor", priority="urgent")
def test_resizing_the_employee_type_page_to_every_extreme_breaks_nothing(page_as):
    """The seed report's steps: open 员工类型, then drag the window to widest, narrowest, tallest, shortest."""
    page = page_as("admin")
    types = ExpenseSettingsPage(page).screen.open().open_employee_types()
    for width, height in SEED_SIZES:
        page.set_viewport_size({"width": width, "height": height})
        expect(types.heading).to_be_visible()
        assert_layout_intact(page)


@pytest.mark.spec("COM-UI-1", "EXP-SYS-1", severity="minor", priority="urgent")
@pytest.mark.parametrize("size", SEED_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_employee_type_page_with_an_error_keeps_its_layout(page_as, size):
    page = page_as("admin", viewport=size)
    types = EmployeeTypesPage(page).screen.open().add_expecting_error("!@#$%^&*")
    expect(types.name).to_have_attribute("aria-invalid", "true")
    assert_layout_intact(page)


@pytest.mark.spec("COM-UI-2", "EXP-SYS-1", severity="normal", priority="urgent")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_illegal_characters_get_a_readable_localised_message(page_as, language):
    """The seed report's steps: type ``!@#$%^&*`` into the employee type box and press OK."""
    page = page_as("admin", language=language)
    types = EmployeeTypesPage(page).screen.open().add_expecting_error("!@#$%^&*")
    expect(types.name).to_have_accessible_description(INVALID_MESSAGE[language])
    expect(types.error_for_name()).to_have_text(INVALID_MESSAGE[language])
    assert_no_mojibake(types.error_for_name().inner_text())
    assert_no_mojibake(types.form.errors.first.inner_text())
    expect(types.name).to_have_value("!@#$%^&*")


@pytest.mark.spec("COM-UI-2", "COM-UI-3", "EXP-SYS-1", severity="normal", priority="high")
@pytest.mark.parametrize("text", [s for s in FIELD_SAMPLE if s not in ("!@#$%^&*",)],
                         ids=lambda s: repr(s[:12]))
def test_hostile_names_are_refused_with_a_clear_message(page_as, text):
    page = page_as("admin")
    types = EmployeeTypesPage(page).screen.open().add_expecting_error(text)
    message = types.error_for_name().inner_text()
    assert message.strip(), "no message next to the field"
    assert_no_mojibake(message)
    expect(types.table.rows.filter(has_text=text[:10])).to_have_count(0)


@pytest.mark.spec("EXP-SYS-1", severity="normal", priority="medium")
def test_a_valid_type_is_added_and_a_duplicate_is_refused_naming_it(page_as, api_as, uniq):
    name = f"Intern {uniq()}"
    page = page_as("admin")
    types = EmployeeTypesPage(page).screen.open().add(name)
    expect(types.screen.toast.success).to_contain_text(name)
    expect(types.table.row(name)).to_have_count(1)
    types.add_expecting_error(name.upper())
    expect(types.error_for_name()).to_have_text(f"已存在名为「{name}」的员工类型")
    admin = api_as("admin")
    created = next(t for t in admin.expense.employee_types.page() if t["name"] == name)
    admin.expense.employee_types.delete(created['id'])


@pytest.mark.spec("EXP-SYS-1", severity="normal", priority="medium")
@pytest.mark.parametrize("name", ["", "   ", "x" * 21])
def test_a_name_is_one_to_twenty_characters(page_as, name):
    types = EmployeeTypesPage(page_as("admin")).screen.open().add_expecting_error(name)
    expect(types.error_for_name()).to_have_text(NAME_ERRORS[name])


@pytest.mark.spec("EXP-SYS-1", severity="critical", priority="high")
def test_a_type_in_use_cannot_be_deleted(page_as):
    page = page_as("admin")
    edit = EmployeeTypesPage(page).screen.open().open_type("销售代表").delete_expecting_refusal()
    expect(edit.screen.toast.error.first).to_have_text("员工类型「销售代表」正在使用，不能删除")
    expect(EmployeeTypesPage(page).screen.open().table.row("销售代表")).to_have_count(1)


@pytest.mark.spec("EXP-SYS-1", "EXP-SYS-2", severity="normal", priority="medium")
def test_an_unused_type_gets_limits_and_can_be_deleted(page_as, api_as, uniq):
    admin = api_as("admin")
    name = f"临时工 {uniq()}"
    created = admin.expense.employee_types.create({"name": name})
    page = page_as("admin")
    types = EmployeeTypesPage(page).screen.open().open_type(name).set_limit("餐费", "123.45")
    expect(types.screen.toast.success).to_contain_text(name)
    limits = admin.expense.employee_types.get(created['id'])["limits"]
    assert limits == {"meals": "123.45"}
    types = types.open_type(name).delete()
    expect(types.table.row(name)).to_have_count(0)


@pytest.mark.spec("EXP-SYS-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.001"])
def test_a_limit_must_be_positive_money(page_as, api_as, uniq, value):
    admin = api_as("admin")
    name = f"限额校验 {uniq()}"
    created = admin.expense.employee_types.create({"name": name})
    try:
        edit = EmployeeTypesPage(page_as("admin")).screen.open().open_type(name)
        edit.set_limit_expecting_errors("招待", value)
        expect(edit.limit_field("招待")).to_have_attribute("aria-invalid", "true")
    finally:
        admin.expense.employee_types.delete(created['id'])


@pytest.mark.spec("EXP-SYS-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep1", "manager", "engineer", "svcmanager"])
def test_only_admin_and_finance_edit_expense_settings(api_as, user):
    api = api_as(user)
    for path in ("/expense/settings/", "/expense/settings/employee-types/", "/expense/settings/categories/"):
        assert api.get(path).status_code == 403, path
    assert api.expense.employee_types.create_response({"name": "x"}).status_code == 403
    assert api.expense.settings.update_response({"receipt_threshold": "1.00"}).status_code == 403


@pytest.mark.area("e-Expense", "系统设置")
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


@pytest.mark.area("e-Expense", "系统设置")
@pytest.mark.spec("EXP-SYS-1", severity="critical", priority="high")
def test_a_type_in_use_cannot_be_deleted_through_the_api(api_as):
    admin = api_as("admin")
    rep_type = next(t for t in admin.expense.employee_types.page() if t["name"] == "销售代表")
    assert rep_type["in_use"] is True
    response = admin.expense.employee_types.delete_response(rep_type['id'])
    assert response.status_code == 409
    assert "销售代表" in response.json()["detail"]


@pytest.mark.area("e-Expense", "系统设置")
@pytest.mark.spec("EXP-SYS-2", "EXP-CLM-2", "EXP-APR-1", severity="normal", priority="medium")
def test_the_thresholds_are_edited_on_the_settings_page(page_as, api_as, expense_thresholds):
    expense_thresholds()  # restores the thresholds afterwards
    page = ExpenseSettingsPage(page_as("finance")).screen.open()
    page.save(receipt="150.00", approval="8000.00")
    expect(page.screen.toast.success).to_have_text("设置已保存")
    assert api_as("rep1").expense.settings.get() == {"receipt_threshold": "150.00", "approval_threshold": "8000.00"}


@pytest.mark.area("e-Expense", "系统设置")
@pytest.mark.spec("EXP-SYS-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("field, value", [("receipt_threshold", "-1"), ("approval_threshold", "0"),
                                          ("receipt_threshold", "abc"), ("approval_threshold", "1.234")])
def test_thresholds_must_be_valid_money(api_as, expense_thresholds, field, value):
    expense_thresholds()
    admin = api_as("admin")
    response = admin.expense.settings.update_response({field: value})
    assert response.status_code == 400
    assert response.json()[field] == [THRESHOLD_ERRORS[field, value]]


@pytest.mark.area("e-Expense", "系统设置")
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


@pytest.mark.area("e-Expense", "系统设置")
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
