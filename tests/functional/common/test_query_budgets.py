"""COM-UI-4, COM-API-1: every list and detail endpoint keeps its query budget, and no list's query count grows with
its rows (N+1).

The budgets are declared once, in ``tests/performance/query-budgets.toml`` (see its head and docs/PERFORMANCE.md,
"Query budgets"); ``suite/checks/query_budgets.py`` judges. Each endpoint is requested as its budget's user, and its
``Server-Timing`` header (``db;count=N``) gives the count:

- an API list at 1 and at 20 rows on the page (``?page_size=1`` and ``?page_size=20``);
- a list page with no row (a search that matches nothing) and with its first page of rows;
- a detail (page or API) for two records, the first two of its list;
- any other page or API answer (a report, a board, a settings page) once.

A count over the budget fails, and so does a list whose count rises with its rows, or a request in which django-zeal
(on in the reference e-CRM's test settings) saw a relation loaded once per row: the failure names the endpoint, the
counts at each size and the SQL that repeated. A list that shows too few rows to tell the two sizes apart gets
records made for it first (the budget's ``arrange``). ``test_every_endpoint_has_a_query_budget`` fails on a page
route or API operation without a budget, and on a budget of an endpoint that no longer exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import allure
import pytest

from suite.checks import access, query_budgets, routes
from suite.checks.query_budgets import MIN_ROWS_GAINED, Budget, Sample

pytestmark = pytest.mark.area("Common", "查询预算")

BUDGETS_PATH = Path(__file__).resolve().parents[2] / "performance" / "query-budgets.toml"
BUDGETS = query_budgets.load(BUDGETS_PATH)
NO_MATCH = "qb-no-such-row-7f3a"  # a search text no record carries: the list page with no row


def _fixture(request: pytest.FixtureRequest, name: str):
    return request.getfixturevalue(name)


def _fired_alert(request: pytest.FixtureRequest) -> None:
    """An unassigned ticket, a rule about it, and the rules evaluated two hours later (on the test clock)."""
    _fixture(request, "make_fault")()
    _fixture(request, "make_rule")(kind="unassigned", threshold=30)
    _fixture(request, "set_clock")(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2))
    _fixture(request, "api_as")("svcmanager").service.evaluate()


# What a budget's ``arrange`` makes, one record at a time, when its list shows too few rows to judge growth.
ARRANGERS: dict[str, Callable[[pytest.FixtureRequest], object]] = {
    "claim": lambda request: _fixture(request, "make_claim")(),
    "submitted_claim": lambda request: _fixture(request, "make_claim")(to="submitted"),
    "payable_claim": lambda request: _fixture(request, "make_claim")(to="finance_approved"),
    "paid_claim": lambda request: _fixture(request, "make_claim")(to="paid"),
    "project": lambda request: _fixture(request, "make_project")(),
    "advance": lambda request: _fixture(request, "make_advance")(),
    "submitted_advance": lambda request: _fixture(request, "make_advance")(to="submitted"),
    "rma": lambda request: _fixture(request, "make_rma")(),
    "survey": lambda request: _fixture(request, "make_survey")(),
    "alert": lambda request: _fired_alert(request),
    "alert_rule": lambda request: _fixture(request, "make_rule")(kind="unassigned", threshold=30),
    "fault": lambda request: _fixture(request, "make_fault")(),
    "article": lambda request: _fixture(request, "make_article")(),
    "opportunity": lambda request: _fixture(request, "make_opportunity")(_fixture(request, "make_customer")()),
}


def _fill(path: str, budget: Budget, record_id: object | None = None) -> str:
    values = {**budget.params}
    if record_id is not None and budget.record_placeholder:
        values[budget.record_placeholder] = str(record_id)
    for name, value in values.items():
        path = path.replace(f"{{{name}}}", value)
    return path


def _sizes(budget: Budget, query_counts) -> list[Sample]:
    path = _fill(budget.path, budget)
    if budget.is_api:
        samples = [query_counts(budget.user, path, page_size="1"), query_counts(budget.user, path, page_size="20")]
        if samples[1].rows is None:  # not a list: one answer, whatever the page size
            return samples[1:]
        return samples
    full = query_counts(budget.user, path)
    if full.rows is None:
        return [full]
    return [query_counts(budget.user, path, q=NO_MATCH), full]


def _details(budget: Budget, query_counts, api_as) -> list[Sample]:
    body = api_as(budget.user).expect(api_as(budget.user).get(budget.id_source, params={"page_size": "2"}), 200)
    ids = query_budgets.record_ids(body, budget.id_field)[:2]
    return [query_counts(budget.user, _fill(budget.path, budget, record_id)) for record_id in ids]


def _measure(budget: Budget, query_counts, api_as, request) -> list[Sample]:
    if budget.is_detail:
        samples = _details(budget, query_counts, api_as)
        if not samples and budget.arrange:
            ARRANGERS[budget.arrange](request)
            samples = _details(budget, query_counts, api_as)
        return samples
    if budget.make_first:
        with allure.step(f"make {MIN_ROWS_GAINED} records ({budget.make_first}) first: the rows that cost the most"):
            for _ in range(MIN_ROWS_GAINED):
                ARRANGERS[budget.make_first](request)
    samples = _sizes(budget, query_counts)
    if budget.arrange and budget.is_api and len(samples) == 2 and samples[0].rows == samples[1].rows:
        # A list that shows the same rows at both page sizes (an inbox holding one record, a list that does not
        # page): its two sizes are before and after records are made for it.
        with allure.step(f"make {MIN_ROWS_GAINED} records ({budget.arrange}): the list shows all it holds"):
            for _ in range(MIN_ROWS_GAINED):
                ARRANGERS[budget.arrange](request)
        return [samples[0], _sizes(budget, query_counts)[-1]]
    made = 0
    while budget.arrange and not query_budgets.growth_judgeable(samples) and made <= MIN_ROWS_GAINED:
        with allure.step(f"make a record ({budget.arrange}): the list's two sizes must differ by at least "
                         f"{MIN_ROWS_GAINED} rows"):
            ARRANGERS[budget.arrange](request)
        made += 1
        samples = _sizes(budget, query_counts)
    return samples


def _table(samples: list[Sample]) -> str:
    lines = ["url | rows | queries | repeated SQL | N+1"]
    lines += [f"{s.url} | {s.rows} | {s.queries} | {s.repeats or ''} | {s.n_plus_one or ''}" for s in samples]
    return "\n".join(lines)


@pytest.mark.spec("COM-UI-4", "COM-API-1", severity="normal", priority="high")
def test_every_endpoint_has_a_query_budget(anon_api):
    schema = anon_api.expect(anon_api.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"}), 200)
    pages = query_budgets.page_paths((route.pattern, route.is_action) for route in routes.urlconf_routes())
    apis = query_budgets.api_paths(access.schema_operations(schema))
    assert len(pages) > 40 and len(apis) > 40, f"found only {len(pages)} pages and {len(apis)} API operations"
    assert set(ARRANGERS) == query_budgets.ARRANGED_KINDS, "the arrangers and the kinds a budget may name differ"
    problems = query_budgets.coverage_problems([*pages, *apis], BUDGETS)
    assert not problems, f"the query budgets ({BUDGETS_PATH.name}) and the e-CRM disagree:\n" + "\n".join(problems)


@pytest.mark.spec("COM-UI-4", "COM-API-1", severity="normal", priority="high")
@pytest.mark.parametrize("path", [
    # Each endpoint is reported in the subsystem whose code makes its queries.
    pytest.param(path, marks=pytest.mark.area(query_budgets.module_of(path), "查询预算")) for path in sorted(BUDGETS)])
def test_endpoint_keeps_its_query_budget(path, query_counts, api_as, request):
    budget = BUDGETS[path]
    samples = _measure(budget, query_counts, api_as, request)
    allure.attach(_table(samples), name=f"queries of {path}", attachment_type=allure.attachment_type.TEXT)
    assert samples, f"{path} as {budget.user}: its list {budget.id_source} has no record to open"
    if budget.arrange and not budget.is_detail:
        assert query_budgets.growth_judgeable(samples), (
            f"{path} as {budget.user}: the two sizes show {[s.rows for s in samples]} rows even after making "
            f"records ({budget.arrange}): the growth cannot be judged")
    problems = query_budgets.judge(budget, samples)
    assert not problems, "\n".join(problems)
