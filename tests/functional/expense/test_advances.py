"""我的借支: the advance workflow, the outstanding balance and the overdue rule."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from pages.expense.workflow import AdvanceDetailPage, AdvanceFormPage, AdvanceListPage, ApprovalInboxPage
from suite.checks.messages import unclear_refusal
from suite.data.expense import advance_data
from suite.data.hostile import FIELD_SAMPLE

pytestmark = pytest.mark.area("e-Expense", "我的借支")


# EXP-ADV-1: what each invalid amount or repayment date is told.
ADVANCE_ERRORS = {
    ("amount", "0"): "确保该值大于或等于0.01。",
    ("amount", "-10"): "确保该值大于或等于0.01。",
    ("amount", "1.234"): "请确保总计不超过 2 个小数位。",
    ("expected_repayment", "yesterday"): "日期格式错误。请从这些格式中选择：YYYY-MM-DD。",
    ("expected_repayment", "past"): "预计还款日期不能早于今天",
}


BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def re_number(number):
    import re

    return re.fullmatch(r"ADV-\d{6}-\d{4}", number or "")


@pytest.mark.spec("EXP-ADV-1", "COM-AUD-1", severity="critical", priority="high")
def test_an_advance_goes_draft_submitted_approved_disbursed(api_as, make_advance):
    advance = make_advance(amount="1800.00")
    assert advance["status"] == "draft" and advance["outstanding"] == "0.00"
    rep1, manager, finance = api_as("rep1"), api_as("manager"), api_as("finance")
    submitted = rep1.expense.advances.action(advance["id"], "submit")
    assert re_number(submitted["number"])
    assert manager.expense.in_inbox(submitted["number"])
    assert finance.expense.advances.action_response(advance["id"], "disburse").status_code == 409
    manager.expense.advances.action(advance["id"], "approve")
    disbursed = finance.expense.advances.action(advance["id"], "disburse")
    assert disbursed["status"] == "disbursed"
    assert disbursed["outstanding"] == "1800.00"


@pytest.mark.spec("EXP-ADV-1", severity="critical", priority="high")
def test_an_employee_with_an_overdue_advance_cannot_request_another(api_as, make_advance, set_clock, server_today,
                                                                     fake, uniq):
    make_advance(user="rep2", amount="600.00", due_in_days=5, to="disbursed")
    set_clock(datetime.datetime.combine(server_today + datetime.timedelta(days=6), datetime.time(9), BEIJING))
    rep2 = api_as("rep2")
    later = server_today + datetime.timedelta(days=6)
    response = rep2.expense.create_advance_response(advance_data(fake, uniq, later))
    assert response.status_code == 400, response.text
    message = response.json()["non_field_errors"][0]
    assert "逾期" in message and "600.00" in message
    mine = rep2.expense.advances.list(mine="true")
    assert any(a["is_overdue"] for a in mine)


@pytest.mark.spec("EXP-ADV-1", severity="normal", priority="medium")
def test_an_advance_due_today_is_not_yet_overdue(api_as, make_advance, set_clock, server_today, fake, uniq):
    make_advance(user="rep2", amount="600.00", due_in_days=5, to="disbursed")
    set_clock(datetime.datetime.combine(server_today + datetime.timedelta(days=5), datetime.time(9), BEIJING))
    rep2 = api_as("rep2")
    response = rep2.expense.create_advance_response(advance_data(fake, uniq, server_today + datetime.timedelta(days=5)))
    assert response.status_code == 201, response.text
    rep2.expense.advances.delete(response.json()['id'])


@pytest.mark.spec("EXP-ADV-1", severity="normal", priority="medium")
def test_repaying_an_overdue_advance_lifts_the_block(api_as, make_advance, set_clock, server_today, fake, uniq):
    advance = make_advance(user="rep2", amount="600.00", due_in_days=5, to="disbursed")
    set_clock(datetime.datetime.combine(server_today + datetime.timedelta(days=6), datetime.time(9), BEIJING))
    finance, rep2 = api_as("finance"), api_as("rep2")
    repaid = finance.expense.advances.action(advance["id"], "repay", amount="600.00")
    assert repaid["status"] == "settled"
    response = rep2.expense.create_advance_response(advance_data(fake, uniq, server_today + datetime.timedelta(days=6)))
    assert response.status_code == 201, response.text
    rep2.expense.advances.delete(response.json()['id'])


@pytest.mark.spec("EXP-ADV-1", severity="normal", priority="medium")
@pytest.mark.parametrize("field, value", [("amount", "0"), ("amount", "-10"), ("amount", "1.234"),
                                          ("expected_repayment", "yesterday"), ("expected_repayment", "past")])
def test_an_advance_needs_a_positive_amount_and_a_future_repayment_date(api_as, server_today, fake, uniq, field,
                                                                         value):
    message = ADVANCE_ERRORS[field, value]
    data = advance_data(fake, uniq, server_today)
    if value == "past":
        value = (server_today - datetime.timedelta(days=1)).isoformat()
    setattr(data, field, value)
    rep1 = api_as("rep1")
    response = rep1.expense.create_advance_response(data)
    assert response.status_code == 400, response.text
    assert response.json()[field] == [message]


@pytest.mark.spec("EXP-ADV-1", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("text", FIELD_SAMPLE[:8])
def test_hostile_advance_purposes_are_stored_exactly_or_refused_clearly(api_as, server_today, fake, uniq, text):
    data = advance_data(fake, uniq, server_today)
    data.purpose = text
    rep1 = api_as("rep1")
    response = rep1.expense.create_advance_response(data)
    if response.status_code == 201:
        assert response.json()["purpose"] == text.strip()
        rep1.expense.advances.delete(response.json()['id'])
    else:
        assert response.status_code == 400
        assert not unclear_refusal(response.json(), {"purpose"}, sent=text), response.text


@pytest.mark.spec("EXP-ADV-1", "COM-ROLE-1", severity="critical", priority="urgent")
def test_a_rep_cannot_see_or_disburse_another_reps_advance(api_as, make_advance):
    advance = make_advance(user="rep1", to="approved")
    rep2 = api_as("rep2")
    assert rep2.expense.advances.get_response(advance['id']).status_code == 404
    assert rep2.expense.advances.action_response(advance["id"], "disburse").status_code == 404
    rep1 = api_as("rep1")
    assert rep1.expense.advances.action_response(advance["id"], "disburse").status_code == 403


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
        ApprovalInboxPage(page_as("manager")).open_searching(number).open_advance(number).approve()
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
