"""e-Sales opportunities (SAL-OPP-1..6): stages and probabilities, weighted amount, dates, final stages, stage
history and the pipeline board."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.sales.opportunities import OpportunityDetailPage, OpportunityFormPage, OpportunityListPage, PipelinePage
from suite.checks.assertions import read_csv_export
from suite.checks.messages import unclear_refusal
from suite.data.hostile import FIELD_SAMPLE
from suite.data.sales import DEFAULT_PROBABILITY, STAGE_LABELS, money, opportunity_data, weighted

pytestmark = pytest.mark.area("e-Sales", "销售机会")

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def customer(make_sales_customer):
    return make_sales_customer(owner="rep1")


@pytest.fixture
def new_opportunity(api_as, fake, uniq, customer, make_opportunity):
    """``new_opportunity(stage=..., **fields)``: an opportunity of rep1's customer, made by rep1 through the API
    (closed as lost afterwards by ``make_opportunity``'s clean-up)."""

    def make(**overrides) -> dict:
        data = opportunity_data(fake, uniq, customer, **overrides).as_dict()
        data.pop("customer")
        stage = data.pop("stage")
        return make_opportunity(customer, stage=stage, **data)

    return make


# --------------------------------------------------------------------------- SAL-OPP-1 probability
@pytest.mark.spec("SAL-OPP-1", severity="critical", priority="high")
@pytest.mark.parametrize("stage", ["qualified", "proposal", "negotiation", "won", "lost"])
def test_moving_to_a_stage_sets_its_default_probability(api_as, new_opportunity, stage):
    opportunity = new_opportunity(stage="lead")
    assert opportunity["probability"] == DEFAULT_PROBABILITY["lead"]
    extra = {"lost_reason": "预算取消"} if stage == "lost" else {}
    moved = api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], stage, **extra), 200)
    assert moved["stage"] == stage
    assert moved["probability"] == DEFAULT_PROBABILITY[stage]


@pytest.mark.spec("SAL-OPP-1", severity="normal", priority="medium")
def test_the_owner_may_change_the_probability_after_a_move(api_as, new_opportunity):
    rep = api_as("rep1")
    opportunity = new_opportunity(stage="qualified")
    rep.expect(rep.sales.move_stage(opportunity["id"], "proposal"), 200)
    changed = rep.sales.opportunities.update(opportunity['id'], probability=65)
    assert (changed["stage"], changed["probability"]) == ("proposal", 65)
    # Moving again applies the new stage's default, not the hand-set value.
    again = rep.expect(rep.sales.move_stage(opportunity["id"], "negotiation"), 200)
    assert again["probability"] == DEFAULT_PROBABILITY["negotiation"]


@pytest.mark.spec("SAL-OPP-1", severity="critical", priority="high")
@pytest.mark.parametrize(("stage", "fixed"), [("won", 100), ("lost", 0)])
def test_won_and_lost_probabilities_cannot_be_changed(api_as, new_opportunity, stage, fixed):
    rep = api_as("rep1")
    opportunity = new_opportunity(stage="negotiation")
    extra = {"lost_reason": "价格"} if stage == "lost" else {}
    moved = rep.expect(rep.sales.move_stage(opportunity["id"], stage, probability=55, **extra), 200)
    assert moved["probability"] == fixed


@pytest.mark.spec("SAL-OPP-1", "SAL-OPP-5", severity="critical", priority="high")
def test_moving_a_stage_in_the_form_sets_the_default_probability_and_records_history(page_as, new_opportunity):
    opportunity = new_opportunity(stage="lead")
    page = page_as("rep1")
    detail = OpportunityFormPage(page).screen.open_edit(opportunity["id"]).move_to_stage("方案报价")
    expect(detail.screen.toast.success).to_contain_text(opportunity["name"])
    expect(detail.detail("概率")).to_have_text("50%")
    expect(detail.detail("阶段")).to_have_text("方案报价")
    expect(detail.stage_history.rows).to_have_count(2)
    expect(detail.stage_history.rows.nth(1)).to_contain_text("线索")
    expect(detail.stage_history.rows.nth(1)).to_contain_text("方案报价")


# --------------------------------------------------------------------------- SAL-OPP-2 weighted amount
@pytest.mark.spec("SAL-OPP-2", severity="critical", priority="urgent")
@pytest.mark.parametrize(
    ("amount", "probability", "expected"),
    [
        ("0.01", 50, "0.01"),  # 0.005 rounds half-up
        ("0.03", 50, "0.02"),  # 0.015 → 0.02 (not banker's 0.02/0.01 ambiguity)
        ("100.05", 30, "30.02"),  # 30.015
        ("12345.67", 33, "4074.07"),  # 4074.0711
        ("999999999999.99", 70, "699999999999.99"),  # 699999999999.993
        ("128000.00", 0, "0.00"),
    ],
)
def test_weighted_amount_is_rounded_half_up_to_the_cent(api_as, new_opportunity, amount, probability, expected):
    rep = api_as("rep1")
    opportunity = new_opportunity(stage="qualified", amount=amount)
    updated = rep.sales.opportunities.update(opportunity['id'], probability=probability)
    assert Decimal(updated["weighted_amount"]) == Decimal(expected) == weighted(amount, probability)


@pytest.mark.spec("SAL-OPP-2", severity="normal", priority="medium")
def test_the_detail_page_shows_the_weighted_amount(page_as, new_opportunity):
    opportunity = new_opportunity(stage="proposal", amount="100.05")
    page = page_as("rep1")
    detail = OpportunityDetailPage(page).screen.open(opportunity["id"])
    expect(detail.detail("加权金额")).to_have_text(str(weighted("100.05", 50)))


# --------------------------------------------------------------------------- SAL-OPP-3 expected close
@pytest.mark.spec("SAL-OPP-3", severity="critical", priority="high")
@pytest.mark.parametrize(("days", "accepted"), [(-1, False), (0, True), (1, True)])
def test_a_new_opportunity_cannot_close_in_the_past(api_as, set_clock, fake, uniq, customer, make_opportunity,
                                                    days, accepted):
    now = datetime.datetime(2031, 6, 16, 0, 0, 30, tzinfo=SHANGHAI)  # just after midnight: today is 16 June
    set_clock(now)
    close = (now.date() + datetime.timedelta(days=days)).isoformat()
    data = opportunity_data(fake, uniq, customer, expected_close=close).as_dict()
    if accepted:
        made = make_opportunity(customer, **{k: v for k, v in data.items() if k != "customer"})
        assert made["expected_close"] == close
    else:
        response = api_as("rep1").sales.opportunities.create_response(data)
        assert response.status_code == 400
        assert response.json()["expected_close"] == ["预计成交日期不能早于今天"]


@pytest.mark.spec("SAL-OPP-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "预计成交日期不能早于今天"),
                                                    ("en", "The expected close date cannot be in the past")])
def test_the_form_reports_a_past_close_date_next_to_the_field(page_as, customer, fake, uniq, language, message):
    page = page_as("rep1", language=language)
    form = OpportunityFormPage(page).screen.open_new(customer["id"])
    form.set(name=f"{fake.catch_phrase()[:40]} {uniq()}", amount="1000.00", expected_close="2001-01-01")
    form.save_expecting_errors()
    expect(form.field("expected_close")).to_have_attribute("aria-invalid", "true")
    expect(form.field("expected_close")).to_have_accessible_description(message)


# --------------------------------------------------------------------------- SAL-OPP-4 lost reason, final stages
@pytest.mark.spec("SAL-OPP-4", severity="critical", priority="high")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "请填写输单原因"),
                                                    ("en", "Enter why the opportunity was lost")])
def test_lost_needs_a_lost_reason(api_as, new_opportunity, language, message):
    rep = api_as("rep1", language=language)
    opportunity = new_opportunity(stage="negotiation")
    response = rep.sales.move_stage(opportunity["id"], "lost", lost_reason="   ")
    assert response.status_code == 400
    assert response.json()["lost_reason"] == [message]
    assert rep.sales.opportunities.get(opportunity["id"])["stage"] == "negotiation"


@pytest.mark.spec("SAL-OPP-4", severity="critical", priority="urgent")
@pytest.mark.parametrize(("user", "status"), [("rep1", 403), ("manager", 200), ("admin", 200)])
@pytest.mark.parametrize("final", ["won", "lost"])
def test_only_a_manager_reopens_a_won_or_lost_opportunity(api_as, new_opportunity, user, status, final):
    opportunity = new_opportunity(stage="negotiation")
    extra = {"lost_reason": "竞争对手低价"} if final == "lost" else {}
    api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], final, **extra), 200)
    response = api_as(user).sales.move_stage(opportunity["id"], "proposal")
    assert response.status_code == status
    after = api_as("rep1").sales.opportunities.get(opportunity["id"])
    if status == 200:
        assert (after["stage"], after["probability"], after["closed_on"]) == ("proposal", 50, None)
    else:
        assert after["stage"] == final


@pytest.mark.spec("SAL-OPP-4", severity="normal", priority="medium")
def test_the_form_refuses_a_reps_reopening(page_as, api_as, new_opportunity):
    opportunity = new_opportunity(stage="negotiation")
    api_as("rep1").expect(api_as("rep1").sales.move_stage(opportunity["id"], "won"), 200)
    form = OpportunityFormPage(page_as("rep1")).screen.open_edit(opportunity["id"])
    form.set(stage="商务谈判").save_expecting_errors()
    expect(form.field("stage")).to_have_accessible_description("只有经理可以重新打开赢单或输单的销售机会")


# --------------------------------------------------------------------------- SAL-OPP-5 stage history + audit
@pytest.mark.spec("SAL-OPP-5", "COM-AUD-1", severity="critical", priority="high")
def test_every_stage_change_is_kept_in_the_history_and_audited(api_as, page_as, new_opportunity):
    rep, manager = api_as("rep1"), api_as("manager")
    opportunity = new_opportunity(stage="lead")
    rep.expect(rep.sales.move_stage(opportunity["id"], "qualified"), 200)
    rep.expect(rep.sales.move_stage(opportunity["id"], "lost", lost_reason="预算冻结"), 200)
    manager.expect(manager.sales.move_stage(opportunity["id"], "negotiation"), 200)
    history = rep.sales.stage_history(opportunity["id"])
    assert [(h["from_stage"], h["to_stage"], h["probability"]) for h in history] == [
        (None, "lead", 10), ("lead", "qualified", 30), ("qualified", "lost", 0), ("lost", "negotiation", 70)]
    assert [h["changed_by"] for h in history[1:]] == ["张三", "张三", "王经理"]
    detail = OpportunityDetailPage(page_as("manager")).screen.open(opportunity["id"])
    expect(detail.stage_history.rows).to_have_count(4)
    stage_entries = detail.audit_trail.rows.filter(has_text="阶段变更")
    expect(stage_entries).to_have_count(3)
    expect(stage_entries.first).to_contain_text("王经理")
    expect(stage_entries.first).to_contain_text("输单")
    expect(stage_entries.first).to_contain_text("商务谈判")


# --------------------------------------------------------------------------- SAL-OPP-6 board and list
BOARD_CARDS = 50  # the newest cards a board column shows (SAL-OPP-6: the list view holds the rest)


@pytest.mark.spec("SAL-OPP-6", severity="critical", priority="high")
@pytest.mark.exclusive("counts every opportunity rep1 can see")
def test_the_pipeline_board_shows_count_and_amount_per_stage(api_as, page_as, new_opportunity):
    new_opportunity(stage="lead", amount="1000.10")
    new_opportunity(stage="lead", amount="2000.20")
    new_opportunity(stage="proposal", amount="333.33")
    visible = api_as("rep1").sales.opportunities.list()
    board = PipelinePage(page_as("rep1")).screen.open().board
    for code in ("lead", "qualified", "proposal", "negotiation", "won", "lost"):
        mine = [o for o in visible if o["stage"] == code]
        total = sum((Decimal(o["amount"]) for o in mine), Decimal("0.00"))
        label = STAGE_LABELS[code][0]
        expect(board.count(label)).to_have_attribute("data-count", str(len(mine)))
        expect(board.amount(label)).to_have_attribute("data-amount", str(total))
        # A column shows at most BOARD_CARDS cards; its count and amount still cover all (other tests of this worker
        # may have filled a column past the cap), and a note says how many more the list view holds.
        expect(board.cards(label)).to_have_count(min(len(mine), BOARD_CARDS))
        if len(mine) > BOARD_CARDS:
            expect(board.overflow(label)).to_contain_text(str(len(mine) - BOARD_CARDS))
        else:
            expect(board.overflow(label)).to_have_count(0)


@pytest.mark.spec("SAL-OPP-6", severity="normal", priority="medium")
def test_a_card_on_the_board_opens_the_opportunity(page_as, new_opportunity):
    opportunity = new_opportunity(stage="negotiation")
    detail = PipelinePage(page_as("rep1")).screen.open().open_opportunity("商务谈判", opportunity["name"])
    expect(detail.heading).to_have_text(opportunity["name"])


@pytest.mark.spec("SAL-OPP-6", "COM-UI-4", severity="normal", priority="medium")
def test_the_list_searches_filters_and_exports_what_it_shows(page_as, new_opportunity, uniq, tmp_path):
    token = uniq()
    first = new_opportunity(stage="proposal", name=f"光纤改造 {token}", amount="1500.00")
    new_opportunity(stage="lead", name=f"机房搬迁 {token}")
    listing = OpportunityListPage(page_as("rep1")).screen.open().list.search(token)
    expect(listing.table.rows).to_have_count(2)
    listing.list.filter(stage="方案报价")
    expect(listing.table.rows).to_have_count(1)
    expect(listing.table.rows.first).to_contain_text(first["name"])
    expect(listing.table.rows.first).to_contain_text("750.00")
    rows = read_csv_export(listing.list.export_csv(tmp_path))
    exported = [(r["名称"], r["阶段"], money(r["加权金额"])) for r in rows]
    assert exported == [(first["name"], "方案报价", Decimal("750.00"))]


@pytest.mark.spec("SAL-OPP-6", "COM-UI-3", severity="critical", priority="high")
def test_creating_an_opportunity_through_the_form(page_as, customer, fake, uniq):
    name = f"{fake.catch_phrase()[:40]} {uniq()}"
    form = OpportunityFormPage(page_as("rep1")).screen.open_new(customer["id"])
    detail = form.create_opportunity(name=name, amount="88000.50", stage="需求确认", expected_close="2099-03-31",
                                     competitor="某竞品")
    expect(detail.heading).to_have_text(name)
    expect(detail.detail("概率")).to_have_text("30%")
    expect(detail.detail("加权金额")).to_have_text("26400.15")
    expect(detail.stage_history.rows).to_have_count(1)


# --------------------------------------------------------------------------- permissions and hostile input
@pytest.mark.spec("SAL-OPP-6", "COM-ROLE-1", severity="critical", priority="urgent")
def test_another_reps_opportunity_answers_404(api_as, page_as, new_opportunity):
    opportunity = new_opportunity(stage="qualified")
    assert api_as("rep2").sales.opportunities.get_response(opportunity['id']).status_code == 404
    assert api_as("rep2").sales.move_stage(opportunity["id"], "won").status_code == 404
    page = page_as("rep2")
    response = OpportunityDetailPage(page).screen.open_expecting_refusal(opportunity["id"])
    assert response is not None and response.status == 404
    assert api_as("manager").sales.opportunities.get_response(opportunity['id']).status_code == 200


@pytest.mark.spec("SAL-OPP-6", "COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize("user", ["finance", "engineer"])
def test_roles_outside_sales_cannot_use_opportunities(api_as, page_as, user):
    assert api_as(user).sales.opportunities.list_response().status_code == 403
    response = OpportunityListPage(page_as(user)).screen.open_expecting_refusal()
    assert response is not None and response.status == 403


@pytest.mark.spec("SAL-OPP-6", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("text", FIELD_SAMPLE, ids=range(len(FIELD_SAMPLE)))
def test_hostile_text_is_stored_exactly_or_refused_clearly(api_as, customer, fake, uniq, text):
    rep = api_as("rep1")
    data = opportunity_data(fake, uniq, customer, name=f"{text[:90]} {uniq()}", competitor=text).as_dict()
    response = rep.sales.opportunities.create_response(data)
    assert response.status_code in (201, 400), response.text
    if response.status_code == 400:
        assert set(response.json()) <= {"name", "competitor"}
        assert not unclear_refusal(response.json(), {"name", "competitor"}, sent=text), response.text
        return
    created = response.json()
    closed = api_as("admin").sales.move_stage(created["id"], "lost", lost_reason=text)  # also the clean-up
    assert created["competitor"] == text
    assert closed.status_code == 200 and closed.json()["lost_reason"] == text


@pytest.mark.spec("SAL-OPP-6", "COM-UI-3", severity="critical", priority="high")
def test_script_in_an_opportunity_is_shown_as_text(page_as, new_opportunity):
    text = "<script>window.__xss=1</script>"
    opportunity = new_opportunity(stage="lead", competitor=text)
    page = page_as("rep1")
    detail = OpportunityDetailPage(page).screen.open(opportunity["id"])
    expect(detail.detail("竞争对手")).to_have_text(text)
    assert page.evaluate("window.__xss") is None
    board = PipelinePage(page).screen.open()
    expect(board.board.card("线索", opportunity["name"])).to_have_count(1)
    assert page.evaluate("window.__xss") is None


@pytest.mark.spec("SAL-OPP-2", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize("amount", ["0", "-5.00", "12.345", "abc", "1,000", ""])
def test_an_invalid_amount_is_refused(api_as, customer, fake, uniq, amount):
    data = opportunity_data(fake, uniq, customer, amount=amount).as_dict()
    response = api_as("rep1").sales.opportunities.create_response(data)
    assert response.status_code == 400
    assert re.search(r"[\u4e00-\u9fff]", response.json()["amount"][0])


@pytest.mark.spec("SAL-OPP-1", severity="normal", priority="medium")
@pytest.mark.parametrize("probability", [-1, 101, "x"])
def test_a_probability_outside_0_to_100_is_refused(api_as, new_opportunity, probability):
    opportunity = new_opportunity(stage="qualified")
    response = api_as("rep1").sales.opportunities.update_response(opportunity['id'], {"probability": probability})
    assert response.status_code == 400
    assert "probability" in response.json()

