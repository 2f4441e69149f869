"""审批: who sees what in the inbox, self-approval, comments, audit, bulk approve (API level)."""

from __future__ import annotations

import pytest

from suite.api import expense as xapi

pytestmark = pytest.mark.area("e-Expense", "审批")


@pytest.mark.spec("EXP-APR-1", severity="critical", priority="high")
def test_the_inbox_goes_line_manager_then_finance(api_as, make_claim):
    claim = make_claim(to="submitted")
    number = claim["number"]
    assert number in xapi.inbox_numbers(api_as("manager"))
    for user in ("finance", "admin", "rep2", "rep1", "svcmanager"):
        assert number not in xapi.inbox_numbers(api_as(user)), user
    manager = api_as("manager")
    manager.expect(xapi.claim_action(manager, claim["id"], "approve"), 200)
    assert number in xapi.inbox_numbers(api_as("finance"))
    for user in ("manager", "admin", "rep1"):
        assert number not in xapi.inbox_numbers(api_as(user)), user
    finance = api_as("finance")
    body = finance.expect(xapi.claim_action(finance, claim["id"], "approve"), 200)
    assert body["status"] == "finance_approved"
    assert body["pending_step"] is None
    assert all(number not in xapi.inbox_numbers(api_as(u)) for u in ("manager", "finance", "admin"))


@pytest.mark.spec("EXP-APR-1", severity="critical", priority="high")
@pytest.mark.parametrize("amounts, needs_admin", [(("5000.00", "4999.99"), False), (("5000.00", "5000.00"), True)],
                         ids=["below-threshold", "at-threshold"])
def test_a_claim_at_or_above_the_approval_threshold_also_needs_the_admin(api_as, make_claim, amounts,
                                                                           needs_admin):
    claim = make_claim(amounts=amounts, category="travel", to="finance_approved")
    assert claim["needs_admin"] is needs_admin
    admin_inbox = xapi.inbox_numbers(api_as("admin"))
    assert (claim["number"] in admin_inbox) is needs_admin
    finance = api_as("finance")
    pay = xapi.pay(finance, claim["id"], "cash")
    if needs_admin:
        assert pay.status_code == 409, pay.text
        admin = api_as("admin")
        admin.expect(xapi.claim_action(admin, claim["id"], "approve"), 200)
        pay = xapi.pay(finance, claim["id"], "cash")
    assert pay.status_code == 201, pay.text


@pytest.mark.spec("EXP-APR-2", severity="critical", priority="urgent")
def test_finance_cannot_approve_its_own_claim(api_as, make_claim):
    """finance's claim: the admin (line manager) approves first; the finance step then goes to the admin too."""
    claim = make_claim(user="finance", amounts=("120.00",), category="office", to="manager_approved")
    finance = api_as("finance")
    assert claim["number"] not in xapi.inbox_numbers(finance)
    response = xapi.claim_action(finance, claim["id"], "approve")
    assert response.status_code == 403, response.text
    assert xapi.get_claim(finance, claim["id"])["status"] == "manager_approved"
    assert claim["number"] in xapi.inbox_numbers(api_as("admin"))


@pytest.mark.spec("EXP-APR-2", severity="critical", priority="urgent")
def test_nobody_approves_their_own_advance(api_as, make_advance):
    advance = make_advance(user="manager", to="submitted")
    manager = api_as("manager")
    assert advance["number"] not in xapi.inbox_numbers(manager)
    response = xapi.advance_action(manager, advance["id"], "approve")
    assert response.status_code == 403
    assert xapi.get_advance(manager, advance["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-1", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["rep2", "finance", "admin", "svcmanager"])
def test_only_the_pending_steps_approver_may_decide(api_as, make_claim, user):
    claim = make_claim(to="submitted")
    api = api_as(user)
    response = xapi.claim_action(api, claim["id"], "approve")
    assert response.status_code in (403, 404), response.text
    assert xapi.get_claim(api_as("rep1"), claim["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-3", severity="normal", priority="high")
@pytest.mark.parametrize("language, message", [("zh-hans", "请填写驳回原因"), ("en", "Enter the reason for rejecting")])
@pytest.mark.parametrize("comment", ["", "   "], ids=["empty", "blank"])
def test_rejecting_needs_a_comment(api_as, make_claim, language, message, comment):
    claim = make_claim(to="submitted")
    manager = api_as("manager", language=language)
    response = xapi.claim_action(manager, claim["id"], "reject", comment=comment)
    assert response.status_code == 400
    assert response.json()["comment"] == [message]
    assert xapi.get_claim(manager, claim["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-3", "COM-AUD-1", severity="normal", priority="high")
def test_approve_and_reject_are_in_the_audit_trail(api_as, make_claim, page_as):
    claim = make_claim(to="manager_approved")
    finance = api_as("finance")
    finance.expect(xapi.claim_action(finance, claim["id"], "reject", comment="发票抬头错误"), 200)
    from playwright.sync_api import expect

    from pages.expense.workflow import ClaimDetailPage

    detail = ClaimDetailPage(page_as("rep1")).screen.open(claim["id"])
    rows = detail.audit_trail.rows
    expect(rows.filter(has_text="驳回").filter(has_text="赵财务").filter(has_text="经理已批")).to_have_count(1)
    expect(rows.filter(has_text="发票抬头错误")).to_have_count(1)
    expect(rows.filter(has_text="批准").filter(has_text="王经理").filter(has_text="已提交")).to_have_count(1)
    expect(detail.detail("审批意见")).to_have_text("发票抬头错误")


@pytest.mark.spec("EXP-APR-4", severity="normal", priority="medium")
def test_bulk_approve_approves_each_item_or_says_why_not(api_as, make_claim, make_advance):
    good = make_claim(to="submitted")
    also_good = make_claim(user="rep2", to="submitted")
    withdrawn = make_claim(to="submitted")
    advance = make_advance(to="submitted")
    rep1 = api_as("rep1")
    rep1.expect(xapi.claim_action(rep1, withdrawn["id"], "withdraw"), 200)
    manager = api_as("manager")
    body = manager.expect(manager.post("/api/v1/approvals/bulk-approve/", json={
        "claims": [good["id"], also_good["id"], withdrawn["id"]], "advances": [advance["id"]]}), 200)
    assert {item["item"] for item in body["approved"]} == {good["number"], also_good["number"], advance["number"]}
    assert [item["item"] for item in body["failed"]] == [withdrawn["number"]]
    assert body["failed"][0]["reason"]
    assert xapi.get_claim(rep1, good["id"])["status"] == "manager_approved"
    assert xapi.get_advance(rep1, advance["id"])["status"] == "approved"


@pytest.mark.spec("EXP-APR-4", severity="normal", priority="medium")
def test_bulk_approve_with_nothing_selected_says_so(api_as):
    manager = api_as("manager")
    response = manager.post("/api/v1/approvals/bulk-approve/", json={})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["请至少选择一项进行审批"]
