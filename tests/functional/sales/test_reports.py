"""e-Sales analysis reports (SAL-RPT-1..5).  Each test seeds its own opportunities in a far-future year that no
other data occupies, computes the expected numbers itself, and compares the API, the page's table and chart, and
the CSV export."""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from pages.sales.reports import REPORT_PAGES, PyramidReportPage
from suite.checks.assertions import read_csv_export
from suite.data.sales import STAGES, money, opportunity_data, percent, weighted

pytestmark = pytest.mark.area("e-Sales", "销售分析报表")

TZ = datetime.timezone(datetime.timedelta(hours=8))
ZERO = Decimal("0.00")


def d(year: int, month: int, day: int) -> str:
    return datetime.date(year, month, day).isoformat()


@pytest.fixture
def seeded(report_year, api_as, fake, uniq, make_sales_customer, make_opportunity, set_clock):
    """Opportunities of rep1 and rep2 closing in ``report_year``; three are closed (won/lost) on 15 June of that
    year under the test clock.  Returns the year and the opportunities as the API returns them after the moves."""
    year = report_year
    c1, c2 = make_sales_customer(owner="rep1"), make_sales_customer(owner="rep2")
    plan = [  # customer, stage, amount, expected close
        (c1, "lead", "1000.00", d(year, 2, 10)),
        (c1, "proposal", "2000.55", d(year, 3, 5)),
        (c1, "negotiation", "3333.33", d(year, 3, 20)),
        (c1, "negotiation", "4000.00", d(year, 6, 30)),  # → won
        (c1, "qualified", "500.00", d(year, 5, 1)),  # → lost
        (c2, "qualified", "700.01", d(year, 2, 28)),
        (c2, "proposal", "900.00", d(year, 11, 30)),  # → won
    ]
    made = []
    for customer, stage, amount, close in plan:
        data = opportunity_data(fake, uniq, customer, amount=amount, expected_close=close).as_dict()
        data.pop("customer"), data.pop("stage")
        made.append(make_opportunity(customer, stage=stage, **data))
    set_clock(datetime.datetime(year, 6, 15, 10, 0, tzinfo=TZ))
    admin = api_as("admin")
    admin.expect(admin.sales.move_stage(made[3]["id"], "won"), 200)
    admin.expect(admin.sales.move_stage(made[4]["id"], "lost", lost_reason="价格"), 200)
    admin.expect(admin.sales.move_stage(made[6]["id"], "won"), 200)
    final = [admin.sales.opportunities.get(o["id"]) for o in made]
    return year, final


def report(api, kind, **params):
    return api.sales.report(kind, **params)


def rep_id(api_as, username):
    return api_as("admin").user_id(username)


# --------------------------------------------------------------------------- SAL-RPT-1..4 numbers (API)
@pytest.mark.spec("SAL-RPT-1", severity="critical", priority="high")
@pytest.mark.parametrize("rep", ["rep1", None])
def test_pipeline_by_stage_counts_amounts_and_weights(api_as, seeded, rep):
    year, opportunities = seeded
    params = {"start": d(year, 1, 1), "end": d(year, 12, 31)}
    if rep:
        params["rep"] = rep_id(api_as, rep)
    body = report(api_as("manager"), "pipeline", **params)
    owners = {rep_id(api_as, rep)} if rep else {o["owner"] for o in opportunities}
    expected = defaultdict(lambda: [0, ZERO, ZERO])
    for o in opportunities:
        if o["owner"] in owners:
            row = expected[o["stage"]]
            row[0] += 1
            row[1] += Decimal(o["amount"])
            row[2] += weighted(o["amount"], o["probability"])
    rows = {r["stage"]: r for r in body["rows"]}
    for stage in STAGES:
        count, amount, weight = expected.get(stage, [0, ZERO, ZERO])
        assert (rows[stage]["count"], Decimal(rows[stage]["amount"]), Decimal(rows[stage]["weighted"])) == (
            count, amount, weight), stage
    assert body["totals"]["count"] == sum(r["count"] for r in body["rows"])
    assert Decimal(body["totals"]["weighted"]) == sum(Decimal(r["weighted"]) for r in body["rows"])


@pytest.mark.spec("SAL-RPT-2", severity="critical", priority="high")
def test_forecast_sums_the_weighted_amount_of_open_opportunities_per_month(api_as, seeded):
    year, opportunities = seeded
    body = report(api_as("admin"), "forecast", start=d(year, 1, 1), end=d(year, 12, 31))
    assert [r["month"] for r in body["rows"]] == [f"{year}-{m:02d}" for m in range(1, 13)]
    expected = defaultdict(lambda: ZERO)
    for o in opportunities:
        if o["is_open"]:
            expected[o["expected_close"][:7]] += weighted(o["amount"], o["probability"])
    for row in body["rows"]:
        assert Decimal(row["weighted"]) == expected.get(row["month"], ZERO), row["month"]
    assert Decimal(body["totals"]["weighted"]) == sum(expected.values(), ZERO)
    assert Decimal(body["totals"]["weighted"]) == sum(Decimal(r["weighted"]) for r in body["rows"])


@pytest.mark.spec("SAL-RPT-3", severity="critical", priority="high")
def test_win_rate_per_rep_is_won_over_won_plus_lost_in_the_period(api_as, seeded):
    year, _ = seeded
    body = report(api_as("manager"), "win-rate", start=d(year, 6, 1), end=d(year, 6, 30))
    rows = {r["rep"]: r for r in body["rows"]}
    assert (rows["张三"]["won"], rows["张三"]["lost"], Decimal(rows["张三"]["rate"])) == (1, 1, percent(1, 2))
    assert (rows["李四"]["won"], rows["李四"]["lost"], Decimal(rows["李四"]["rate"])) == (1, 0, Decimal("100.0"))
    assert rows["王经理"]["rate"] is None  # nothing closed: no rate, not 0 %
    assert Decimal(body["totals"]["rate"]) == percent(2, 3)
    # Outside the period nothing was closed.
    other = report(api_as("manager"), "win-rate", start=d(year, 7, 1), end=d(year, 7, 31))
    assert other["totals"]["won"] == other["totals"]["lost"] == 0 and other["totals"]["rate"] is None


@pytest.mark.spec("SAL-RPT-4", severity="critical", priority="high")
def test_the_pyramid_counts_customers_per_level_and_the_top_20_percent_share(
        api_as, report_year, fake, uniq, make_sales_customer, make_opportunity, set_clock):
    year = report_year
    amounts = ["500.00", "400.00", "300.00", "200.00", "100.00", "50.00"]
    customers = [make_sales_customer(owner="rep1", level="mid") for _ in amounts]
    opportunities = []
    for customer, amount in zip(customers, amounts, strict=True):
        data = opportunity_data(fake, uniq, customer, amount=amount, expected_close=d(year, 12, 31)).as_dict()
        data.pop("customer"), data.pop("stage")
        opportunities.append(make_opportunity(customer, stage="negotiation", **data))
    set_clock(datetime.datetime(year, 3, 3, 9, 0, tzinfo=TZ))
    admin = api_as("admin")
    for opportunity in opportunities:
        admin.expect(admin.sales.move_stage(opportunity["id"], "won"), 200)
    rep1 = rep_id(api_as, "rep1")
    body = report(admin, "pyramid", start=d(year, 3, 1), end=d(year, 3, 31), rep=rep1)
    # Customers per level, counted independently from the customer list.
    per_level = defaultdict(int)
    for customer in admin.sales.customers.list(owner=rep1):
        per_level[customer["level"]] += 1
    assert {r["level"]: r["customers"] for r in body["rows"]} == {
        level: per_level.get(level, 0) for level in ("top", "high", "mid", "low", "inactive", "potential", "watching")}
    assert body["totals"]["customers"] == sum(per_level.values())
    # Top 20 %: ceil(20 % of 6) = 2 customers (500 + 400) of 1,550.00.
    ranked = sorted((Decimal(a) for a in amounts), reverse=True)
    top = ranked[: math.ceil(len(ranked) * 0.2)]
    notes = body["notes"]
    assert (notes["top_customers"], notes["customers_with_won_amount"]) == (2, 6)
    assert Decimal(notes["top_share"]) == percent(sum(top), sum(ranked)) == Decimal("58.1")


# --------------------------------------------------------------------------- SAL-RPT-5 page: chart + table + CSV
@pytest.mark.spec("SAL-RPT-5", severity="critical", priority="high")
@pytest.mark.parametrize("kind", list(REPORT_PAGES))
def test_each_report_shows_a_chart_and_a_table_of_the_same_numbers(page_as, api_as, seeded, kind):
    year, _ = seeded
    start, end = (d(year, 6, 1), d(year, 6, 30)) if kind in ("win-rate", "pyramid") else (d(year, 1, 1),
                                                                                          d(year, 12, 31))
    body = report(api_as("manager"), kind, start=start, end=end)
    page = REPORT_PAGES[kind](page_as("manager")).open(start=start, end=end)
    expect(page.body_rows).to_have_count(len(body["rows"]))
    expect(page.chart.image).to_be_visible()
    expect(page.chart.bars).to_have_count(len(body["rows"]))
    table = page.rows()
    first_key = body["columns"][0]["key"]
    assert [row[0] for row in table] == [str(r[first_key]) for r in body["rows"]]
    # The totals row equals the sum of the rows, column by column (rates are the overall rate).
    totals = page.totals()
    for index, column in enumerate(body["columns"][1:], start=1):
        if column["key"] in ("rate", "share"):
            continue
        assert money(totals[index]) == sum(money(row[index]) for row in table), column["label"]
    # The chart plots the same numbers as the table.
    chart_column = {"pipeline": 2, "forecast": 3, "win-rate": 4, "pyramid": 1}[kind]
    for (label, value), row in zip(page.chart.values(), table, strict=True):
        assert label == row[0]
        assert value == (money(row[chart_column].rstrip("%")) if row[chart_column] != "—" else 0)
    expect(page.chart.image).to_have_accessible_name(re.compile(re.escape(table[0][0])))


@pytest.mark.spec("SAL-RPT-5", "COM-UI-4", severity="critical", priority="high")
@pytest.mark.parametrize("kind", list(REPORT_PAGES))
def test_the_csv_export_equals_the_table(page_as, seeded, tmp_path, kind):
    year, _ = seeded
    page = REPORT_PAGES[kind](page_as("manager")).open(start=d(year, 1, 1), end=d(year, 12, 31))
    expect(page.total_row).to_have_count(1)
    table, totals, headers = page.rows(), page.totals(), page.column_names()
    rows = read_csv_export(page.export_csv(tmp_path))
    assert [list(r.keys()) for r in rows[:1]] == [headers]
    assert [list(r.values()) for r in rows] == [*table, totals]


@pytest.mark.spec("SAL-RPT-5", severity="normal", priority="medium")
def test_the_rep_filter_narrows_a_report(page_as, seeded):
    year, opportunities = seeded
    page = REPORT_PAGES["pipeline"](page_as("manager")).open(start=d(year, 1, 1), end=d(year, 12, 31))
    expect(page.total_row).to_contain_text(str(len(opportunities)))
    page.show(rep="李四")
    rep2_count = sum(1 for o in opportunities if o["owner_name"] == "李四")
    expect(page.total_cell(1)).to_have_text(str(rep2_count))


@pytest.mark.spec("SAL-RPT-5", "COM-ROLE-1", severity="critical", priority="urgent")
def test_a_rep_sees_only_own_numbers(api_as, seeded):
    year, opportunities = seeded
    params = {"start": d(year, 1, 1), "end": d(year, 12, 31)}
    mine = report(api_as("rep2"), "pipeline", **params)
    assert mine["totals"]["count"] == sum(1 for o in opportunities if o["owner_name"] == "李四")
    rates = report(api_as("rep2"), "win-rate", **params)
    assert [r["rep"] for r in rates["rows"]] == ["李四"]
    sneaky = api_as("rep2").sales.report_response("pipeline", {"rep": rep_id(api_as, "rep1"), **params})
    assert sneaky.status_code == 400 and list(sneaky.json()) == ["rep"]


@pytest.mark.spec("SAL-RPT-5", "COM-UI-3", severity="normal", priority="medium")
@pytest.mark.parametrize(("language", "message"), [("zh-hans", "结束日期不能早于开始日期"),
                                                    ("en", "The end date cannot be before the start date")])
def test_an_end_before_the_start_is_refused_next_to_the_field(page_as, language, message):
    page = REPORT_PAGES["forecast"](page_as("manager", language=language)).open()
    page.show_expecting_errors(start="2031-05-01", end="2031-04-30")
    expect(page.filters.field(re.compile("^(结束日期|End date)$"))).to_have_accessible_description(message)
    expect(page.table).to_have_count(0)


@pytest.mark.spec("SAL-RPT-5", severity="minor", priority="low")
@pytest.mark.parametrize("params", [{"start": "2031-01-01", "end": "2035-01-01"}, {"start": "x"}, {"rep": "abc"},
                                    {"start": "2031-02-30"}])
def test_bad_report_filters_answer_400(api_as, params):
    response = api_as("manager").sales.report_response("forecast", params)
    assert response.status_code == 400
    assert set(response.json()) <= {"start", "end", "rep"}


@pytest.mark.spec("SAL-RPT-4", severity="normal", priority="medium")
def test_the_pyramid_page_states_the_top_share(page_as, seeded):
    year, _ = seeded
    page = PyramidReportPage(page_as("manager")).open(start=d(year, 6, 1), end=d(year, 6, 30))
    # Won in June: 4,000.00 (rep1's customer) and 900.00 (rep2's): ceil(20 % of 2) = 1 customer holds 81.6 %.
    expect(page.top.share).to_contain_text("81.6%")
    expect(page.top.rows).to_have_count(2)
