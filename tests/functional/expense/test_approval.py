"""审批: who sees what in the inbox, self-approval, comments, audit, bulk approve (API level)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.expense.settlement import SettlementPage
from pages.expense.workflow import ApprovalInboxPage, ClaimListPage

pytestmark = pytest.mark.area("e-Expense", "审批")


def _inbox(page, text):
    """The inbox narrowed to ``text`` (a number, or the test's token): a long-lived deployment's inbox holds more
    than one page, so an unsearched first page could miss the record, and a "not there" would prove nothing."""
    return ApprovalInboxPage(page).open_searching(text)


@pytest.mark.spec("EXP-APR-1", severity="critical", priority="high")
def test_the_inbox_goes_line_manager_then_finance(api_as, make_claim):
    claim = make_claim(to="submitted")
    number = claim["number"]
    assert api_as("manager").expense.in_inbox(number)
    for user in ("finance", "admin", "rep2", "rep1", "svcmanager"):
        assert not api_as(user).expense.in_inbox(number), user
    manager = api_as("manager")
    manager.expense.claims.action(claim["id"], "approve")
    assert api_as("finance").expense.in_inbox(number)
    for user in ("manager", "admin", "rep1"):
        assert not api_as(user).expense.in_inbox(number), user
    finance = api_as("finance")
    body = finance.expense.claims.action(claim["id"], "approve")
    assert body["status"] == "finance_approved"
    assert body["pending_step"] is None
    assert all(not api_as(u).expense.in_inbox(number) for u in ("manager", "finance", "admin"))


@pytest.mark.spec("EXP-APR-1", severity="critical", priority="high")
@pytest.mark.parametrize("amounts, needs_admin", [(("5000.00", "4999.99"), False), (("5000.00", "5000.00"), True)],
                         ids=["below-threshold", "at-threshold"])
def test_a_claim_at_or_above_the_approval_threshold_also_needs_the_admin(api_as, make_claim, amounts,
                                                                           needs_admin):
    claim = make_claim(amounts=amounts, category="travel", to="finance_approved")
    assert claim["needs_admin"] is needs_admin
    assert api_as("admin").expense.in_inbox(claim["number"]) is needs_admin
    finance = api_as("finance")
    pay = finance.expense.pay_response(claim["id"], "cash")
    if needs_admin:
        assert pay.status_code == 409, pay.text
        admin = api_as("admin")
        admin.expense.claims.action(claim["id"], "approve")
        pay = finance.expense.pay_response(claim["id"], "cash")
    assert pay.status_code == 201, pay.text


@pytest.mark.spec("EXP-APR-2", severity="critical", priority="urgent")
def test_finance_cannot_approve_its_own_claim(api_as, make_claim):
    """finance's claim: the admin (line manager) approves first; the finance step then goes to the admin too."""
    claim = make_claim(user="finance", amounts=("120.00",), category="office", to="manager_approved")
    finance = api_as("finance")
    assert not finance.expense.in_inbox(claim["number"])
    response = finance.expense.claims.action_response(claim["id"], "approve")
    assert response.status_code == 403, response.text
    assert finance.expense.claims.get(claim["id"])["status"] == "manager_approved"
    assert api_as("admin").expense.in_inbox(claim["number"])


@pytest.mark.spec("EXP-APR-2", severity="critical", priority="urgent")
def test_nobody_approves_their_own_advance(api_as, make_advance):
    advance = make_advance(user="manager", to="submitted")
    manager = api_as("manager")
    assert not manager.expense.in_inbox(advance["number"])
    response = manager.expense.advances.action_response(advance["id"], "approve")
    assert response.status_code == 403
    assert manager.expense.advances.get(advance["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-1", "COM-ROLE-1", severity="critical", priority="high")
# COM-ROLE-1: 403 where the user may see the claim (finance and the administrator see every claim), 404 where it is
# another user's record they may not see (another rep's, or a manager's who is not rep1's).
@pytest.mark.parametrize("user, status", [("rep2", 404), ("finance", 403), ("admin", 403), ("svcmanager", 404)],
                         ids=["rep2", "finance", "admin", "svcmanager"])
def test_only_the_pending_steps_approver_may_decide(api_as, make_claim, user, status):
    claim = make_claim(to="submitted")
    api = api_as(user)
    response = api.expense.claims.action_response(claim["id"], "approve")
    assert response.status_code == status, response.text
    assert api_as("rep1").expense.claims.get(claim["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-3", severity="normal", priority="high")
@pytest.mark.parametrize("language, message", [("zh-hans", "请填写驳回原因"), ("en", "Enter the reason for rejecting")])
@pytest.mark.parametrize("comment", ["", "   "], ids=["empty", "blank"])
def test_rejecting_needs_a_comment(api_as, make_claim, language, message, comment):
    claim = make_claim(to="submitted")
    manager = api_as("manager", language=language)
    response = manager.expense.claims.action_response(claim["id"], "reject", {"comment": comment})
    assert response.status_code == 400
    assert response.json()["comment"] == [message]
    assert manager.expense.claims.get(claim["id"])["status"] == "submitted"


@pytest.mark.spec("EXP-APR-3", "COM-AUD-1", severity="normal", priority="high")
def test_approve_and_reject_are_in_the_audit_trail(api_as, make_claim, page_as):
    claim = make_claim(to="manager_approved")
    finance = api_as("finance")
    finance.expense.claims.action(claim["id"], "reject", comment="发票抬头错误")
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
    rep1.expense.claims.action(withdrawn["id"], "withdraw")
    manager = api_as("manager")
    body = manager.expense.bulk_approval.post({
        "claims": [good["id"], also_good["id"], withdrawn["id"]], "advances": [advance["id"]]})
    assert {item["item"] for item in body["approved"]} == {good["number"], also_good["number"], advance["number"]}
    assert [item["item"] for item in body["failed"]] == [withdrawn["number"]]
    assert body["failed"][0]["reason"]
    assert rep1.expense.claims.get(good["id"])["status"] == "manager_approved"
    assert rep1.expense.advances.get(advance["id"])["status"] == "approved"


@pytest.mark.spec("EXP-APR-4", severity="normal", priority="medium")
def test_bulk_approve_with_nothing_selected_says_so(api_as):
    manager = api_as("manager")
    response = manager.expense.bulk_approval.post_response({})
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["请至少选择一项进行审批"]


@pytest.mark.area("e-Expense", "页面")
@pytest.mark.spec("COM-ROLE-1", "EXP-APR-1", severity="normal", priority="medium")
@pytest.mark.parametrize("user, visible", [
    ("rep1", ["我的报销", "我的借支", "项目", "我的设置"]),
    ("manager", ["我的报销", "审批", "项目", "我的设置"]),
    ("finance", ["审批", "结款", "报销报表", "系统设置"]),
])
def test_the_menu_shows_each_role_its_expense_functions(page_as, user, visible):
    page = page_as(user)
    ClaimListPage(page).screen.open()
    nav = ClaimListPage(page).screen.nav
    for label in visible:
        expect(nav.link(label)).to_be_visible()
    if user == "rep1":
        for label in ("结款", "报销报表", "系统设置"):
            expect(nav.link(label)).to_have_count(0)


@pytest.mark.area("e-Expense", "系统设置")
@pytest.mark.spec("EXP-APR-1", "EXP-SYS-2", severity="critical", priority="high")
def test_the_approval_threshold_decides_the_admin_step(api_as, make_claim, expense_thresholds):
    expense_thresholds(approval_threshold="300.00")
    claim = make_claim(amounts=("150.00", "150.00"), to="submitted")
    assert claim["needs_admin"] is True


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-APR-1", "EXP-PAY-1", severity="critical", priority="urgent")
def test_a_claim_at_the_approval_threshold_needs_the_admin_after_finance(page_as, make_claim):
    claim = make_claim(amounts=("5000.00", "5000.00"), category="travel", to="submitted")
    number = claim["number"]
    manager, finance, admin = page_as("manager"), page_as("finance"), page_as("admin")
    expect(_inbox(admin, number).claim_link(number)).to_have_count(0)
    _inbox(manager, number).open_claim(number).approve()
    _inbox(finance, number).open_claim(number).approve()
    settlement = SettlementPage(finance).screen.open()
    expect(settlement.list.search(number).table.row(number)).to_have_count(0)
    admin_inbox = _inbox(admin, number)
    expect(admin_inbox.claims.row(number)).to_contain_text(re.compile("待管理员审批"))
    admin_inbox.open_claim(number).approve()
    detail = SettlementPage(finance).screen.open().list.search(number).open_claim(number)
    detail.pay("cash")
    expect(detail.payment_amount).to_have_text("10000.00")


@pytest.mark.area("e-Expense", "报销流程")
@pytest.mark.spec("EXP-APR-4", severity="normal", priority="medium")
def test_bulk_approve_in_the_inbox_reports_each_item(page_as, api_as, make_claim, make_advance, uniq):
    first = make_claim(to="submitted")
    second = make_claim(user="rep2", to="submitted")
    advance = make_advance(to="submitted")
    inbox = _inbox(page_as("manager"), uniq.stem).select(first["number"], second["number"], advance["number"])
    rep1 = api_as("rep1")
    rep1.expense.claims.action(first["id"], "withdraw")  # meanwhile, rep1 withdraws one
    inbox = inbox.approve_selected()
    expect(inbox.screen.toast.success).to_contain_text(second["number"])
    expect(inbox.screen.toast.success).to_contain_text(advance["number"])
    expect(inbox.errors.filter(has_text=first["number"])).to_contain_text("未批准")
    expect(inbox.search(uniq.stem).claim_link(second["number"])).to_have_count(0)
    assert Decimal(rep1.expense.claims.get(first["id"])["total"]) > 0


@pytest.mark.spec("EXP-APR-1", "COM-UI-4", severity="normal", priority="high")
def test_the_inbox_api_searches_and_pages_each_list_on_its_own(api_as, make_claim, make_advance, uniq):
    """The inbox, oldest first: ``search`` narrows both lists, ``claims_page`` pages the claims and leaves the
    advances where they are, a page past the end gives the last page."""
    claims = [make_claim(amounts=("30.00",), to="submitted") for _ in range(3)]
    advance = make_advance(to="submitted")
    manager = api_as("manager").expense
    first = manager.inbox(search=uniq.stem, page_size="2")
    assert (first["claims"]["count"], first["advances"]["count"]) == (3, 1)
    assert [c["number"] for c in first["claims"]["results"]] == [c["number"] for c in claims[:2]]
    assert [a["number"] for a in first["advances"]["results"]] == [advance["number"]]
    assert first["claims"]["previous"] is None and "claims_page=2" in first["claims"]["next"]
    assert first["advances"]["next"] is None
    second = manager.inbox(search=uniq.stem, page_size="2", claims_page="2")
    assert [c["number"] for c in second["claims"]["results"]] == [claims[2]["number"]]
    assert [a["number"] for a in second["advances"]["results"]] == [advance["number"]]
    assert second["claims"]["next"] is None and second["claims"]["previous"] is not None
    past_the_end = manager.inbox(search=uniq.stem, page_size="2", claims_page="9")
    assert [c["number"] for c in past_the_end["claims"]["results"]] == [claims[2]["number"]]
    by_number = manager.inbox(search=claims[1]["number"])
    assert [c["number"] for c in by_number["claims"]["results"]] == [claims[1]["number"]]
    assert by_number["advances"]["count"] == 0
    assert manager.inbox(search=claims[0]["title"].upper())["claims"]["count"] == 1  # case-insensitive


@pytest.mark.area("e-Expense", "审批")
@pytest.mark.spec("EXP-APR-1", "COM-UI-4", severity="normal", priority="high")
def test_the_inbox_page_shows_twenty_claims_a_page_oldest_first(page_as, make_claim, make_advance, uniq):
    claims = [make_claim(amounts=("12.00",), to="submitted") for _ in range(21)]
    advance = make_advance(to="submitted")
    inbox = ApprovalInboxPage(page_as("manager")).screen.open().search(uniq.stem)
    expect(inbox.claims_count).to_have_attribute("data-count", "21")
    expect(inbox.claims.rows).to_have_count(20)
    expect(inbox.claims.rows.first).to_contain_text(claims[0]["number"])
    expect(inbox.claim_link(claims[20]["number"])).to_have_count(0)
    expect(inbox.advance_link(advance["number"])).to_be_visible()
    expect(inbox.advances_pages).to_have_count(0)  # one advance: one page, no page links
    inbox = inbox.next_claims_page()
    expect(inbox.claims.rows).to_have_count(1)
    expect(inbox.claim_link(claims[20]["number"])).to_be_visible()
    expect(inbox.advance_link(advance["number"])).to_be_visible()
    expect(inbox.controls.search_box).to_have_value(uniq.stem)
