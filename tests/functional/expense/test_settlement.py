"""结款: payment with advance offsets, bank account rule, payment numbers, paying once under concurrency."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from suite.data.expense import CLERK

pytestmark = pytest.mark.area("e-Expense", "结款")


def pay_in_cash(finance, claim: dict, offsets: list[tuple[int, str]]) -> dict:
    """Finance pays ``claim`` in cash, offsetting ``offsets`` ((advance id, amount), ...): the payment made."""
    return finance.expect(finance.expense.pay_response(claim["id"], "cash", offsets=offsets), 201)


@pytest.mark.spec("EXP-PAY-1", severity="critical", priority="urgent")
def test_payment_is_the_total_less_the_chosen_offsets(api_as, make_claim, make_advance):
    advance = make_advance(amount="300.00", to="disbursed")
    claim = make_claim(amounts=("150.00", "230.00"), to="finance_approved")
    finance = api_as("finance")
    payment = pay_in_cash(finance, claim, [(advance["id"], "100.00")])
    paid = {key: payment[key] for key in ("claim_total", "offset_total", "amount")}
    assert paid == {"claim_total": "380.00", "offset_total": "100.00", "amount": "280.00"}
    after = api_as("rep1").expense.advances.get(advance["id"])
    assert (after["outstanding"], after["status"]) == ("200.00", "disbursed")
    assert finance.expense.claims.get(claim["id"])["status"] == "paid"


@pytest.mark.spec("EXP-PAY-1", severity="critical", priority="urgent")
def test_settling_an_advance_to_zero_marks_it_settled(api_as, make_claim, make_advance):
    advance = make_advance(amount="250.00", to="disbursed")
    claim = make_claim(amounts=("180.00", "150.00"), to="finance_approved")
    payment = pay_in_cash(api_as("finance"), claim, [(advance["id"], "250.00")])
    assert payment["amount"] == "80.00"
    after = api_as("rep1").expense.advances.get(advance["id"])
    assert after["status"] == "settled"
    assert after["outstanding"] == "0.00"


@pytest.mark.spec("EXP-PAY-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("offset, field_text", [("300.01", "300.00"), ("120.01", "120.00")],
                         ids=["more-than-the-advance", "more-than-the-claim"])
def test_an_offset_never_exceeds_the_advance_or_the_claim(api_as, make_claim, make_advance, offset, field_text):
    advance = make_advance(amount="300.00", to="disbursed")
    claim = make_claim(amounts=("120.00",), to="finance_approved")
    finance = api_as("finance")
    response = finance.expense.pay_response(claim["id"], "cash", offsets=[(advance["id"], offset)])
    assert response.status_code == 400, response.text
    assert field_text in response.json()["offsets"][0]
    assert finance.expense.claims.get(claim["id"])["status"] == "finance_approved"
    assert finance.expense.advances.get(advance["id"])["outstanding"] == "300.00"


@pytest.mark.spec("EXP-PAY-1", "COM-ROLE-1", severity="critical", priority="urgent")
def test_an_offset_against_another_employees_advance_is_refused(api_as, make_claim, make_advance):
    other = make_advance(user="rep2", amount="300.00", to="disbursed")
    claim = make_claim(amounts=("120.00",), to="finance_approved")
    finance = api_as("finance")
    response = finance.expense.pay_response(claim["id"], "cash", offsets=[(other["id"], "50.00")])
    assert response.status_code == 400
    assert finance.expense.advances.get(other["id"])["outstanding"] == "300.00"


@pytest.mark.spec("EXP-PAY-2", severity="critical", priority="high")
def test_a_bank_transfer_needs_the_employees_bank_account(api_as, make_claim, rep2_bank_account):
    claim = make_claim(user="rep2", amounts=("99.00",), to="finance_approved")
    finance = api_as("finance")
    refused = finance.expense.pay_response(claim["id"], "bank")
    assert refused.status_code == 400
    assert "李四" in refused.json()["method"][0]
    rep2_bank_account(card="6222020200112233776")
    payment = finance.expect(finance.expense.pay_response(claim["id"], "bank"), 201)
    assert payment["bank_account"].endswith("**** **** **** 3776")
    assert "6222020200112233776" not in str(payment)


@pytest.mark.spec("EXP-PAY-2", severity="critical", priority="high")
def test_a_cash_payment_needs_no_bank_account_and_gets_a_number_and_date(api_as, make_claim, server_today):
    claim = make_claim(user="rep2", amounts=("45.00",), to="finance_approved")
    finance = api_as("finance")
    payment = finance.expect(finance.expense.pay_response(claim["id"], "cash"), 201)
    assert re.fullmatch(r"PAY-\d{6}-\d{4}", payment["number"])
    assert payment["paid_on"] == server_today.isoformat()
    assert payment["method"] == "cash"
    listed = finance.expense.payments.list(search=payment["number"])
    assert [p["claim_number"] for p in listed] == [claim["number"]]


@pytest.mark.spec("EXP-PAY-2", severity="normal", priority="medium")
def test_a_payment_date_cannot_be_in_the_future(api_as, make_claim, server_today):
    import datetime

    claim = make_claim(amounts=("45.00",), to="finance_approved")
    finance = api_as("finance")
    response = finance.expense.pay_response(claim["id"], "cash",
                                            paid_on=(server_today + datetime.timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert response.json()["paid_on"]


@pytest.mark.spec("EXP-PAY-3", severity="critical", priority="urgent")
def test_a_claim_is_paid_once_when_two_finance_users_press_pay_together(api_as, make_claim, make_advance,
                                                                         new_api):
    advance = make_advance(amount="500.00", to="disbursed")
    claim = make_claim(amounts=("160.00", "140.00"), to="finance_approved")
    finance, clerk = api_as("finance"), new_api(CLERK[0], CLERK[1])
    offsets = [(advance["id"], "100.00")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(lambda api: api.expense.pay_response(claim["id"], "cash", offsets=offsets), [finance,
                                                                                                               clerk]))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409], [r.text for r in responses]
    refused = next(r for r in responses if r.status_code == 409)
    assert claim["number"] in refused.json()["detail"]
    assert len(finance.expense.payments.list(search=claim["number"])) == 1
    assert finance.expense.advances.get(advance["id"])["outstanding"] == "400.00"


@pytest.mark.spec("EXP-PAY-1", "EXP-CLM-4", severity="critical", priority="high")
@pytest.mark.parametrize("state", ["submitted", "manager_approved"])
def test_a_claim_not_yet_finance_approved_cannot_be_paid(api_as, make_claim, state):
    claim = make_claim(to=state)
    finance = api_as("finance")
    response = finance.expense.pay_response(claim["id"], "cash")
    assert response.status_code == 409, response.text
    assert finance.expense.claims.get(claim["id"])["status"] == state


@pytest.mark.spec("EXP-PAY-1", "COM-ROLE-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("user", ["rep1", "manager", "engineer"])
def test_only_finance_pays(api_as, make_claim, user):
    claim = make_claim(amounts=("45.00",), to="finance_approved")
    api = api_as(user)
    # COM-ROLE-1: paying is a call these roles may not use at all, so 403 (not 404), even where the claim is not theirs
    refused = api.expense.pay_response(claim["id"], "cash")
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"] == "只有财务可以结款"
    assert api.expense.payments.list_response().status_code == 403
    assert api.get("/expense/settlement/").status_code == 403
