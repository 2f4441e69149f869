"""我的设置: bank account (Luhn, masked), default approver, language, password change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from pages.expense.my_settings import MySettingsPage
from suite.api.client import EcrmApi
from suite.data.expense import CLERK, luhn_card

pytestmark = pytest.mark.area("e-Expense", "我的设置")

# EXP-ME-1's messages for a card number (16–19 digits, Luhn-checked; 20 digits also exceed the field's length), and
# EXP-ME-2's for a default approver.
CARD_FORMAT = "请输入 16 到 19 位数字的卡号"
CARD_LUHN = "卡号无效（校验位不符）"
OWN_APPROVER = "不能选择自己作为审批人"
NOT_AN_APPROVER = "请选择有效的审批人。"


@pytest.mark.spec("EXP-ME-1", severity="critical", priority="high")
@pytest.mark.parametrize("card, valid, message", [
    (luhn_card("622588", 16), True, None),
    (luhn_card("6222020200112233", 19), True, None),
    ("6222 0202 0011 2233 776", True, None),
    (luhn_card("622588", 16)[:-1] + str((int(luhn_card("622588", 16)[-1]) + 1) % 10), False, [CARD_LUHN]),
    ("622588777777777", False, [CARD_FORMAT]),
    ("62258877777777777777", False, [CARD_FORMAT, "确保该变量包含不超过 19 字符 (目前字符数 20)。"]),
    ("6225887777777777ab", False, [CARD_FORMAT]),
    ("６２２５８８７７７７７７７７７８", False, [CARD_FORMAT]),
], ids=["16-digits", "19-digits", "with-spaces", "bad-check-digit", "15-digits", "20-digits", "letters",
        "full-width"])
@pytest.mark.usefixtures("rep2_bank_account")
def test_a_card_number_is_16_to_19_digits_and_luhn_checked(api_as, card, valid, message):
    rep2 = api_as("rep2")
    response = rep2.expense.my_settings.update_response({"bank_holder": "李四", "bank_name": "中国银行",
                                                        "card_number": card})
    if valid:
        assert response.status_code == 200, response.text
        digits = card.replace(" ", "")
        assert response.json()["card_masked"] == "**** **** **** " + digits[-4:]
        assert digits not in response.text
    else:
        assert response.status_code == 400, response.text
        assert response.json()["card_number"] == message


@pytest.mark.spec("EXP-ME-1", severity="normal", priority="medium")
@pytest.mark.usefixtures("rep2_bank_account")
def test_a_bank_account_needs_holder_bank_and_card_together(api_as):
    rep2 = api_as("rep2")
    response = rep2.expense.my_settings.update_response({"bank_holder": "李四"})
    assert response.status_code == 400
    assert set(response.json()) == {"bank_name", "card_number"}


@pytest.mark.spec("EXP-ME-1", severity="critical", priority="high")
@pytest.mark.usefixtures("rep2_bank_account")
def test_the_card_number_is_shown_masked_except_the_last_four_digits(page_as):
    card = luhn_card("622848", 19)
    page = MySettingsPage(page_as("rep2")).screen.open()
    page.save(holder="李四", bank="中国农业银行", card=card)
    expect(page.card_masked).to_have_text("**** **** **** " + card[-4:])
    expect(page.screen.text(card)).to_have_count(0)
    expect(page.field("card")).to_have_value("")
    expect(page.field("card")).to_have_accessible_description(f"当前卡号：**** **** **** {card[-4:]}。留空则保持不变。")
    assert card not in page.page.content()


@pytest.mark.spec("EXP-ME-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("language, message", [("zh-hans", "卡号无效（校验位不符）"),
                                               ("en", "This card number is not valid (check digit mismatch)")])
@pytest.mark.usefixtures("rep2_bank_account")
def test_a_wrong_card_number_is_explained_next_to_the_field(page_as, language, message):
    bad = luhn_card("622588", 16)[:-1] + str((int(luhn_card("622588", 16)[-1]) + 3) % 10)
    page = MySettingsPage(page_as("rep2", language=language)).screen.open()
    page.save_expecting_errors(holder="李四", bank="中国银行", card=bad)
    expect(page.field("card")).to_have_accessible_description(message)


@pytest.mark.spec("EXP-ME-2", "EXP-APR-1", severity="critical", priority="high")
@pytest.mark.usefixtures("rep2_bank_account")
def test_the_default_approver_receives_the_claims_instead_of_the_line_manager(api_as, make_claim):
    rep2 = api_as("rep2")
    admin_id = api_as("admin").user_id("admin")
    rep2.expect(rep2.expense.my_settings.update_response({"default_approver": admin_id}), 200)
    claim = make_claim(user="rep2", to="submitted")
    assert api_as("admin").expense.in_inbox(claim["number"])
    assert not api_as("manager").expense.in_inbox(claim["number"])


@pytest.mark.spec("EXP-ME-2", "EXP-APR-2", severity="critical", priority="high")
@pytest.mark.parametrize("who, message", [("self", OWN_APPROVER), ("rep", NOT_AN_APPROVER),
                                          ("engineer", NOT_AN_APPROVER)], ids=["self", "rep", "engineer"])
@pytest.mark.usefixtures("rep2_bank_account")
def test_the_default_approver_is_a_manager_or_admin_other_than_oneself(api_as, who, message):
    rep2 = api_as("rep2")
    target = {"self": "rep2", "rep": "rep1", "engineer": "engineer"}[who]
    response = rep2.expense.my_settings.update_response({"default_approver": api_as("admin").user_id(target)})
    assert response.status_code == 400
    assert response.json()["default_approver"] == [message]


@pytest.mark.spec("EXP-ME-2", "COM-UI-2", severity="normal", priority="medium")
@pytest.mark.usefixtures("rep2_bank_account")
def test_the_preferred_language_switches_the_interface(page_as):
    page = MySettingsPage(page_as("rep2")).screen.open()
    page.save(language="English")
    expect(page.heading).to_have_text("My settings")
    expect(page.screen.toast.success).to_have_text("Your settings have been saved")
    page.save(language="简体中文")
    expect(page.heading).to_have_text("我的设置")


@pytest.fixture
def clerk_password():
    """Restores the clerk's password after a test that changed it (through a fresh login of its own)."""
    state = {"current": CLERK[1]}
    yield state
    if state["current"] != CLERK[1]:
        state["api"].login(CLERK[0], state["current"])
        state["api"].expense.password.post({
            "old_password": state["current"], "new_password": CLERK[1]}, 204)


@pytest.mark.spec("EXP-ME-2", severity="critical", priority="high")
def test_changing_the_password_needs_the_old_one_and_follows_the_rules(ecrm_url, new_context, login_state,
                                                                       clerk_password):
    """The clerk logs in afresh (never the shared stored logins), changes the password, and it is restored."""
    api = EcrmApi(ecrm_url).login(CLERK[0], CLERK[1])
    clerk_password["api"] = EcrmApi(ecrm_url)
    context = new_context(storage_state=login_state(api), locale="zh-CN")
    page = MySettingsPage(context.new_page()).screen.open()
    change = page.change_password()
    change.change_expecting_errors("wrong-password", "Tr1cky-Pass-2026")
    expect(change.field("old")).to_have_accessible_description("你的旧密码不正确。请重新输入。")
    change.change_expecting_errors(CLERK[1], "12345678")
    expect(change.field("confirm")).to_have_attribute("aria-invalid", "true")
    change.change_expecting_errors(CLERK[1], "Tr1cky-Pass-2026", confirm="Tr1cky-Pass-2027")
    expect(change.field("confirm")).to_have_accessible_description(re.compile("^输入的两个密码不一致。"))
    page = change.change(CLERK[1], "Tr1cky-Pass-2026")
    clerk_password["current"] = "Tr1cky-Pass-2026"
    expect(page.screen.toast.success).to_have_text("你的密码已修改")
    fresh = EcrmApi(ecrm_url)
    assert fresh.login_response(CLERK[0], CLERK[1]).status_code == 400
    EcrmApi(ecrm_url).login(CLERK[0], "Tr1cky-Pass-2026")


@pytest.mark.spec("EXP-ME-2", severity="normal", priority="medium")
def test_the_password_api_refuses_a_wrong_old_password_and_a_weak_new_one(ecrm_url):
    api = EcrmApi(ecrm_url).login(CLERK[0], CLERK[1])
    wrong = api.expense.password.post_response({"old_password": "nope", "new_password": "Xy!93kdLq"})
    assert wrong.status_code == 400 and wrong.json()["old_password"]
    weak = api.expense.password.post_response({"old_password": CLERK[1], "new_password": "password"})
    assert weak.status_code == 400 and weak.json()["new_password"]
    assert EcrmApi(ecrm_url).login_response(CLERK[0], CLERK[1]).status_code == 200
