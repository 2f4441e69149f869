"""The query-budget check (suite/checks/query_budgets.py) on synthetic figures: a planted N+1 fails it with the
endpoint and the counts, one query over the budget fails it, a fixed extra query once a list has rows does not, an
endpoint without a budget and a stale budget fail the declaration check, and a malformed budget file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from suite.checks import query_budgets
from suite.checks.query_budgets import Budget, BudgetError, Sample

ROOT = Path(__file__).resolve().parents[2]
LIST = Budget("/api/v1/customers/", queries=4)


def sizes(small_queries: int, large_queries: int, small_rows: int = 1, large_rows: int = 20, **extra) -> list[Sample]:
    return [Sample("/api/v1/customers/?page_size=1", small_queries, small_rows),
            Sample("/api/v1/customers/?page_size=20", large_queries, large_rows, **extra)]


def test_a_list_within_its_budget_passes():
    assert query_budgets.judge(LIST, sizes(4, 4)) == []


def test_a_planted_n_plus_one_fails_with_the_endpoint_the_counts_and_the_repeated_sql():
    repeated = '20x SELECT ... FROM "common_user" WHERE "common_user"."id" = %s LIMIT ?'
    problems = query_budgets.judge(Budget("/api/v1/customers/", queries=30), sizes(5, 24, repeats=repeated))
    assert problems == [
        "/api/v1/customers/ as admin: the query count grows with the rows (N+1): 5 queries at 1 row, 24 at 20 rows; "
        "the budget is 30, not growing (/api/v1/customers/?page_size=1 and /api/v1/customers/?page_size=20); "
        "repeated SQL: " + repeated]


def test_a_growing_count_over_its_budget_is_reported_once_as_growth():
    problems = query_budgets.judge(LIST, sizes(5, 24))
    assert len(problems) == 1 and "grows with the rows" in problems[0] and "the budget is 4" in problems[0]


def test_over_the_budget_fails_naming_each_request_over_it():
    problems = query_budgets.judge(LIST, sizes(5, 5))
    assert problems == [
        "/api/v1/customers/ as admin: made 5 queries at 1 row (/api/v1/customers/?page_size=1) and 5 at 20 rows "
        "(/api/v1/customers/?page_size=20); the budget is 4"]


def test_a_detail_one_query_over_fails():
    detail = Budget("/api/v1/claims/{id}/", queries=7)
    problems = query_budgets.judge(detail, [Sample("/api/v1/claims/2/", 7), Sample("/api/v1/claims/1/", 8)])
    assert problems == ["/api/v1/claims/{id}/ as admin: made 8 queries (/api/v1/claims/1/); the budget is 7"]


def test_a_fixed_extra_query_once_the_list_has_rows_is_not_growth():
    # A list page with no row makes no row fetch: one query more at 20 rows is the fetch, not a query per row.
    assert query_budgets.judge(Budget("/sales/customers/", queries=6), sizes(5, 6, small_rows=0)) == []


def test_a_partial_n_plus_one_counts_too():
    # Only every other row needs its lookup: 10 more queries for 20 more rows.
    problems = query_budgets.judge(Budget("/api/v1/claims/", queries=30), sizes(7, 17, small_rows=1))
    assert len(problems) == 1 and "grows with the rows" in problems[0]


def test_a_page_with_no_row_skips_its_rows_fixed_queries_but_not_a_query_per_row():
    # From no row to 5 rows: the row fetch and two prefetches (+3) are the page's fixed cost, +6 is not.
    budget = Budget("/expense/payments/", queries=30)
    assert query_budgets.judge(budget, sizes(3, 6, small_rows=0, large_rows=5)) == []
    assert "grows with the rows" in query_budgets.judge(budget, sizes(3, 9, small_rows=0, large_rows=5))[0]


def test_too_few_rows_cannot_tell_growth_and_the_budget_still_holds():
    samples = sizes(4, 6, small_rows=1, large_rows=3)
    assert not query_budgets.growth_judgeable(samples)
    assert query_budgets.judge(Budget("/api/v1/claims/", queries=6), samples) == []
    assert query_budgets.judge(Budget("/api/v1/claims/", queries=5), samples)[0].endswith("the budget is 5")


def test_a_growing_count_declared_with_its_reason_passes():
    assert query_budgets.judge(Budget("/x/", queries=30, grows=True, why="one per stage"), sizes(5, 24)) == []


def test_a_zeal_finding_fails_even_within_the_budget():
    finding = "N+1 detected on sales.Customer.owner at ecrm/sales/api/customers.py:29 in to_representation"
    problems = query_budgets.judge(LIST, [Sample("/api/v1/customers/", 4, 20, n_plus_one=finding)])
    assert problems == [f"/api/v1/customers/ as admin: /api/v1/customers/ loads a relation once per row (N+1); "
                        f"django-zeal: {finding}"]


def test_a_missing_count_or_a_refused_request_is_a_problem_not_a_pass():
    assert "without a query count" in query_budgets.judge(LIST, [Sample("/api/v1/customers/", None, 20)])[0]
    assert "answered 403" in query_budgets.judge(LIST, [Sample("/api/v1/customers/", 3, None, status=403)])[0]


def test_an_endpoint_without_a_budget_and_a_stale_budget_fail():
    budgets = {"/api/v1/customers/": LIST, "/api/v1/gone/": Budget("/api/v1/gone/", 3)}
    problems = query_budgets.coverage_problems(["/api/v1/customers/", "/sales/customers/{pk}/"], budgets)
    assert problems == ["no query budget for /sales/customers/{pk}/: add it to the budget file",
                        "stale budget /api/v1/gone/: no such endpoint"]


def test_placeholders_match_whatever_their_names():
    budgets = {"/sales/customers/{id}/": Budget("/sales/customers/{id}/", 3)}
    assert query_budgets.coverage_problems(["/sales/customers/{pk}/"], budgets) == []


def test_which_pages_need_a_budget():
    raw = [("sales/customers/", False), ("sales/customers/<int:pk>/", False), ("sales/customers/new/", False),
           ("sales/customers/<int:pk>/edit/", False), ("sales/customers/<int:pk>/archive/", True),
           ("api/v1/^customers/$", False), ("login/", False), ("__test__/clock/", False),
           ("^static/(?P<path>.*)$", False), ("expense/claims/<int:pk>/lines/<int:line_pk>/receipt/", False)]
    assert query_budgets.page_paths(raw) == ["/sales/customers/", "/sales/customers/{pk}/"]
    ops = [("GET", "/api/v1/customers/"), ("POST", "/api/v1/customers/"), ("GET", "/api/v1/auth/me/"),
           ("GET", "/api/schema/")]
    assert query_budgets.api_paths(ops) == ["/api/v1/customers/"]


@pytest.mark.parametrize(("text", "error"), [
    ('["/a/"]\nqueries = 3\nqueries_max = 4\n', "unknown keys"),
    ('["/a/"]\nqueries = 0\n', "whole number"),
    ('["/a/"]\nqueries = "3"\n', "whole number"),
    ('["/a/"]\nqueries = 3\ngrows = true\n', "only with its reason"),
    ('["/a/"]\nqueries = 3\nuser = "nobody"\n', "not a demo user"),
    ('["a/"]\nqueries = 3\n', "not a path"),
    ('["/a/"]\nqueries = 3\nmake_first = "invoice"\n', "no record kind the test can make"),
])
def test_a_malformed_budget_file_is_refused(tmp_path, text, error):
    path = tmp_path / "budgets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BudgetError, match=error):
        query_budgets.load(path)


def test_record_ids_and_rows():
    body = {"results": [{"id": 1, "lines": [{"id": 7}, {"id": 8}]}, {"id": 2, "lines": []}]}
    assert query_budgets.record_ids(body) == [1, 2]
    assert query_budgets.record_ids(body, "lines.id") == [7, 8]
    assert query_budgets.record_ids([{"priority": "P1"}], "priority") == ["P1"]
    assert query_budgets.rows_in(body) == 2 and query_budgets.rows_in([1, 2, 3]) == 3
    assert query_budgets.rows_in({}) is None
    # The inbox: the lists of records side by side, empty ones included; a dict of figures is no list.
    assert query_budgets.rows_in({"claims": [{"id": 1}, {"id": 2}], "advances": [{"id": 7}]}) == 3
    assert query_budgets.rows_in({"claims": [], "advances": []}) == 0
    # ... or their pages side by side (the paged inbox): the rows of both pages, not their counts.
    inbox = {"claims": {"count": 41, "next": "?claims_page=2", "previous": None, "results": [{"id": 1}, {"id": 2}]},
             "advances": {"count": 1, "next": None, "previous": None, "results": [{"id": 7}]}}
    assert query_budgets.rows_in(inbox) == 3
    assert query_budgets.rows_in({"total": 3, "label": "x"}) is None
    assert query_budgets.rows_in({"id": 4, "number": "EXP-1", "lines": [{"id": 1}, {"id": 2}]}) is None  # a detail
    page = "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr>\n<tr class='x'><td>2</td></tr></tbody>"
    assert query_budgets.rows_on_page(page) == 2 and query_budgets.rows_on_page("<p>no table</p>") is None


def test_a_page_showing_messages_left_by_an_earlier_request_is_told_apart():
    shown = '<main id="main"><div class="messages"><div class="message" role="status">已保存</div></div><table>'
    assert query_budgets.shows_messages(shown)
    assert not query_budgets.shows_messages('<main id="main"><table><tbody></tbody></table></main>')


def test_each_endpoint_is_reported_in_its_subsystem():
    assert query_budgets.module_of("/api/v1/claims/{id}/") == "e-Expense"
    assert query_budgets.module_of("/service/kb/{pk}/") == "e-Service"
    assert query_budgets.module_of("/") == "Common"


def test_the_real_budget_file_loads_and_every_entry_is_judgeable():
    budgets = query_budgets.load(ROOT / "tests" / "performance" / "query-budgets.toml")
    assert len(budgets) > 100
    for budget in budgets.values():
        if budget.is_detail:
            assert budget.id_source, f"{budget.path}: a detail needs ids = the API list of its records"
