"""A claim's whole life through the pages, with every role in its own browser context (EXP-CLM-4, EXP-APR, EXP-PAY).

Each workflow checks what each role sees at each step: the inboxes of the line manager, finance and the admin, the
settlement list and the employee's own claim page.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.expense.settlement import SettlementPage
from pages.expense.workflow import ApprovalInboxPage, ClaimDetailPage, ClaimFormPage
from suite.data.expense import line_data, png_bytes

pytestmark = pytest.mark.area("e-Expense", "报销流程")


def _inbox(page):
    return ApprovalInboxPage(page).screen.open()


@pytest.mark.spec("EXP-CLM-4", "EXP-APR-1", "EXP-PAY-1", "EXP-CLM-2", "COM-AUD-1", severity="blocker",
                  priority="urgent")
def test_rep_submits_manager_and_finance_approve_finance_pays_with_an_advance_offset(
        page_as, api_as, make_advance, make_project, fake, uniq, server_today, tmp_path):
    advance = make_advance(amount="100.00", to="disbursed")
    project = make_project(budget="20000.00")
    receipt = tmp_path / "hotel.png"
    receipt.write_bytes(png_bytes())

    rep = page_as("rep1")
    form = ClaimFormPage(rep).screen.open_new()
    title = f"{fake.city()}客户拜访 {uniq()}"
    claim_page = form.fill(title, project_label=f"{project['code']} {project['name']}").save()
    claim_page.add_line(line_data(fake, server_today, "lodging", "350.00", days=2), receipt=receipt)
    claim_page.add_line(line_data(fake, server_today, "meals", "86.40", days=1))
    expect(claim_page.total).to_have_text("436.40")
    expect(claim_page.receipt_link("350.00")).to_be_visible()
    claim_page.submit()
    expect(claim_page.screen.toast.success).to_contain_text(re.compile(r"EXP-\d{6}-\d{4}"))
    number = re.search(r"EXP-\d{6}-\d{4}", claim_page.screen.toast.success.inner_text()).group(0)
    expect(claim_page.status_badge).to_contain_text("已提交")

    finance = page_as("finance")
    expect(_inbox(finance).claim_link(number)).to_have_count(0)
    manager = page_as("manager")
    inbox = _inbox(manager)
    expect(inbox.claim_link(number)).to_be_visible()
    inbox = inbox.open_claim(number).approve("同意")
    expect(inbox.screen.toast.success).to_contain_text(number)
    expect(inbox.claim_link(number)).to_have_count(0)

    inbox = _inbox(finance)
    inbox = inbox.open_claim(number).approve()
    expect(inbox.claim_link(number)).to_have_count(0)
    settlement = SettlementPage(finance).screen.open()
    detail = settlement.list.search(number).open_claim(number)
    expect(detail.offset_field(advance["number"])).to_be_visible()
    detail.pay("cash", offsets={advance["number"]: "100.00"})
    expect(detail.payment_amount).to_have_text("336.40")
    expect(detail.payment_number).to_have_text(re.compile(r"^PAY-\d{6}-\d{4}$"))

    rep_view = ClaimDetailPage(rep).screen.open(claim_page_id(rep))
    expect(rep_view.detail("状态")).to_have_text("已结款")
    expect(rep_view.audit_trail.rows.filter(has_text="王经理").filter(has_text="同意")).to_have_count(1)
    assert api_as("rep1").expense.advances.get(advance["id"])["status"] == "settled"


def claim_page_id(page) -> int:
    return int(re.search(r"/claims/(\d+)/", page.url).group(1))


@pytest.mark.spec("EXP-APR-1", "EXP-PAY-1", severity="critical", priority="urgent")
def test_a_claim_at_the_approval_threshold_needs_the_admin_after_finance(page_as, make_claim):
    claim = make_claim(amounts=("5000.00", "5000.00"), category="travel", to="submitted")
    number = claim["number"]
    manager, finance, admin = page_as("manager"), page_as("finance"), page_as("admin")
    expect(_inbox(admin).claim_link(number)).to_have_count(0)
    _inbox(manager).open_claim(number).approve()
    _inbox(finance).open_claim(number).approve()
    settlement = SettlementPage(finance).screen.open()
    expect(settlement.list.search(number).table.row(number)).to_have_count(0)
    admin_inbox = _inbox(admin)
    expect(admin_inbox.claims.row(number)).to_contain_text(re.compile("待管理员审批"))
    admin_inbox.open_claim(number).approve()
    detail = SettlementPage(finance).screen.open().list.search(number).open_claim(number)
    detail.pay("cash")
    expect(detail.payment_amount).to_have_text("10000.00")


@pytest.mark.spec("EXP-CLM-4", "EXP-APR-3", severity="critical", priority="high")
def test_a_rejected_claim_is_edited_and_resubmitted(page_as, make_claim, fake, server_today):
    claim = make_claim(amounts=("66.00",), to="submitted")
    number = claim["number"]
    manager = page_as("manager")
    detail = _inbox(manager).open_claim(number)
    detail = detail.reject_expecting_errors("")
    expect(detail.comment_field()).to_have_accessible_description("请填写驳回原因")
    inbox = detail.reject("请补充参会人员说明")
    expect(inbox.claim_link(number)).to_have_count(0)

    rep = page_as("rep1")
    mine = ClaimDetailPage(rep).screen.open(claim["id"])
    expect(mine.detail("状态")).to_have_text("已驳回")
    expect(mine.detail("审批意见")).to_have_text("请补充参会人员说明")
    form = mine.edit()
    mine = form.fill(claim["title"] + " 已补充").save()
    mine.add_line(line_data(fake, server_today, "transport", "34.00", days=1))
    expect(mine.total).to_have_text("100.00")
    mine.submit()
    expect(mine.detail("报销单号")).to_have_text(number)
    expect(mine.detail("状态")).to_have_text("已提交")
    expect(_inbox(manager).claim_link(number)).to_be_visible()


@pytest.mark.spec("EXP-CLM-4", severity="critical", priority="high")
def test_the_submitter_withdraws_a_claim_before_the_first_approval(page_as, make_claim):
    claim = make_claim(amounts=("52.00",))
    rep = page_as("rep1")
    mine = ClaimDetailPage(rep).screen.open(claim["id"]).submit()
    number = mine.detail("报销单号").inner_text()
    manager = page_as("manager")
    expect(_inbox(manager).claim_link(number)).to_be_visible()
    mine.withdraw()
    expect(mine.detail("状态")).to_have_text("草稿")
    expect(mine.edit_link).to_be_visible()
    expect(mine.withdraw_button).to_have_count(0)
    expect(_inbox(manager).claim_link(number)).to_have_count(0)


@pytest.mark.spec("EXP-CLM-4", "EXP-APR-1", severity="critical", priority="high")
def test_after_the_first_approval_the_submitter_can_no_longer_withdraw_or_edit(page_as, make_claim):
    claim = make_claim(amounts=("52.00",), to="manager_approved")
    mine = ClaimDetailPage(page_as("rep1")).screen.open(claim["id"])
    expect(mine.detail("状态")).to_have_text("经理已批")
    expect(mine.withdraw_button).to_have_count(0)
    expect(mine.edit_link).to_have_count(0)
    expect(mine.add_line_region).to_have_count(0)


@pytest.mark.spec("EXP-APR-4", severity="normal", priority="medium")
def test_bulk_approve_in_the_inbox_reports_each_item(page_as, api_as, make_claim, make_advance):
    first = make_claim(to="submitted")
    second = make_claim(user="rep2", to="submitted")
    advance = make_advance(to="submitted")
    inbox = _inbox(page_as("manager")).select(first["number"], second["number"], advance["number"])
    rep1 = api_as("rep1")
    rep1.expense.claims.action(first["id"], "withdraw")  # meanwhile, rep1 withdraws one
    inbox = inbox.approve_selected()
    expect(inbox.screen.toast.success).to_contain_text(second["number"])
    expect(inbox.screen.toast.success).to_contain_text(advance["number"])
    expect(inbox.errors.filter(has_text=first["number"])).to_contain_text("未批准")
    expect(inbox.claim_link(second["number"])).to_have_count(0)
    assert Decimal(rep1.expense.claims.get(first["id"])["total"]) > 0
