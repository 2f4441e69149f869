"""Query budgets: the most SQL queries one request of each list and detail endpoint may make, and whether the count
may grow with the rows it shows.

The budgets are declared in one file, ``tests/performance/query-budgets.toml`` (beside the SLO files), one table per
endpoint, keyed like the permission matrix by the path as the URLconf or the OpenAPI schema writes it::

    ["/api/v1/customers/"]
    queries = 4                 # the most queries a request may make (session and user lookup included)

    ["/sales/customers/{pk}/"]
    queries = 12
    ids = "/api/v1/customers/"  # where a detail's record ids come from

    ["/api/v1/expense-report/"]
    queries = 9
    grows = true                # the count may grow with the data ...
    why = "one aggregate per category of the report"  # ... and why (required with grows)

Pure functions over plain data (no pytest, no HTTP), so that ``tests/suite/test_query_budgets.py`` proves on
synthetic figures that the check fails when it should. ``tests/functional/common/test_query_budgets.py`` requests
every endpoint of the reference e-CRM at two data sizes and judges the counts its ``Server-Timing`` header reports
(``suite.perf.server_timing``):

- ``required_paths``: every endpoint the file must declare (the GET page routes of the URLconf that list, show or
  report records, and every GET operation of the OpenAPI schema), so that a new endpoint without a budget fails, like
  an undeclared route in the permission matrix; ``coverage_problems`` names those missing and the stale entries;
- ``judge``: one endpoint's two samples against its budget: over the budget, or a count that grows with the rows
  (an N+1), or django-zeal's finding of one, is a problem naming the endpoint, the counts and the SQL that repeats.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from suite.api.client import api_path
from suite.checks.access import FORMAT_SUFFIX, normalise, route_template

KEYS = frozenset({"queries", "grows", "why", "user", "ids", "id_field", "params", "arrange", "make_first"})
# The record kinds a budget may have made for it (``arrange``, ``make_first``): the functional test's arrangers.
ARRANGED_KINDS = frozenset({"claim", "submitted_claim", "payable_claim", "paid_claim", "project", "advance",
                            "submitted_advance", "rma", "survey", "alert", "alert_rule", "fault", "article",
                            "opportunity"})
USERS = frozenset({"admin", "manager", "rep1", "rep2", "finance", "engineer", "svcmanager"})
# The rows a list must gain between its two sizes for the growth to be judged: fewer cannot tell a query per row
# from a query that runs once as soon as there is any row (the page's row fetch, a prefetch of the rows' lines).
MIN_ROWS_GAINED = 3
# What a list page may make more once it shows any row at all (the row fetch and the prefetches of the rows'
# relations), measured from no row to a page of them: 3 on the payments page (the rows, the claims' employees, the
# payers). More than that on top of it is a query per row.
FIRST_ROW_QUERIES = 3

# Page routes without a budget, each with the reason (matched on the path template's start, or the whole path).
LEFT_OUT_PAGES: dict[str, str] = {
    "/static/": "static files: no database",
    "/__test__/": "the test clock exists only in the test settings",
    "/i18n/": "Django's language switch: a redirect, no data",
    "/login/": "the log-in page: no data",
    "/logout/": "an action (POST only)",
    "/healthz": "the health check: no data",
    "/survey/": "the public survey page: reached by a token sent by e-mail, covered by the survey tests",
}
# Page routes that are forms (GET shows an empty or filled form): their queries are the choices they offer.
FORM_SUFFIXES = ("/new/", "/edit/", "/password/")
LEFT_OUT_API: dict[str, str] = {
    api_path("auth"): "log-in, log-out, CSRF and the current user: no records",
    "/api/schema/": "the OpenAPI document: generated once per process, no records",
}


# The subsystem each API collection belongs to (a page's is its path's first part), so that a budget's failure is
# reported in the module whose code made the queries.
API_MODULES: dict[str, str] = {
    **dict.fromkeys(("customers", "contacts", "opportunities", "activities", "activity-review", "industries",
                     "sources", "stages", "sales-reports"), "e-Sales"),
    **dict.fromkeys(("claims", "claim-lines", "advances", "projects", "payments", "employee-types",
                     "expense-categories", "expense-report", "expense-settings", "approvals", "my-settings"),
                    "e-Expense"),
    **dict.fromkeys(("products", "fault-categories", "sla-policies", "installed-products", "fault-records", "rmas",
                     "surveys", "alert-rules", "alerts", "kb-articles", "service-reports", "service-settings"),
                    "e-Service"),
    "users": "Common",
}
PAGE_MODULES = {"sales": "e-Sales", "expense": "e-Expense", "service": "e-Service"}


def module_of(path: str) -> str:
    """The subsystem of an endpoint: ``/api/v1/claims/{id}/`` → e-Expense, ``/sales/customers/`` → e-Sales."""
    parts = [part for part in path.split("/") if part]
    if parts[:2] == ["api", "v1"] and len(parts) > 2:
        return API_MODULES.get(parts[2], "Common")
    return PAGE_MODULES.get(parts[0], "Common") if parts else "Common"


class BudgetError(ValueError):
    """The budget file is malformed: unknown keys, a wrong type, a growing count without its reason."""


@dataclass(frozen=True)
class Budget:
    path: str
    queries: int
    grows: bool = False
    why: str = ""
    user: str = "admin"
    ids: str | None = None  # the API list a detail's record ids come from
    id_field: str = "id"  # the field of a row that fills the placeholder; "lines.id": the ids of each row's lines
    params: Mapping[str, str] = field(default_factory=dict)  # fills path placeholders other than the record id
    arrange: str | None = None  # the kind of record to make when the list shows too few rows to judge growth
    # Records of this kind made before anything is measured, whatever the list shows: rows in the state whose rows
    # cost the most (a pending claim names its next approvers), so that the page measured has some.
    make_first: str | None = None

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")

    @property
    def is_detail(self) -> bool:
        return "{" in self.path and self.record_placeholder is not None

    @property
    def record_placeholder(self) -> str | None:
        """The placeholder the record id fills (``pk``, ``id``, ``priority``), None when every one is a param."""
        names = [name for name in re.findall(r"\{(\w+)\}", self.path) if name not in self.params]
        return names[0] if names else None

    @property
    def id_source(self) -> str | None:
        """The API list whose rows give a detail's ids: declared, or the API path up to the placeholder."""
        if self.ids:
            return self.ids
        if self.is_api and self.is_detail:
            return self.path[: self.path.index("{")]
        return None


def load(path: Path) -> dict[str, Budget]:
    """The budget file, refusing anything it does not understand (a typo must not switch a budget off)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    budgets: dict[str, Budget] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict):
            raise BudgetError(f"{path.name}: {key!r} is not a table")
        if not key.startswith("/"):
            raise BudgetError(f"{path.name}: [{key!r}] is not a path (write it as the URLconf or the schema does)")
        unknown = set(entry) - KEYS
        if unknown:
            raise BudgetError(f"{path.name}: [{key!r}] has unknown keys {sorted(unknown)}; known: {sorted(KEYS)}")
        queries = entry.get("queries")
        if not isinstance(queries, int) or isinstance(queries, bool) or queries < 1:
            raise BudgetError(f"{path.name}: [{key!r}] needs queries = a whole number of at least 1")
        grows = entry.get("grows", False)
        why = entry.get("why", "")
        if not isinstance(grows, bool) or not isinstance(why, str):
            raise BudgetError(f"{path.name}: [{key!r}] grows must be true or false and why a text")
        if grows and not why.strip():
            raise BudgetError(f"{path.name}: [{key!r}] may grow with the rows only with its reason (why = ...)")
        user = entry.get("user", "admin")
        if user not in USERS:
            raise BudgetError(f"{path.name}: [{key!r}] user {user!r} is not a demo user ({sorted(USERS)})")
        params = entry.get("params", {})
        if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
            raise BudgetError(f"{path.name}: [{key!r}] params must be a table of texts")
        for name in ("arrange", "make_first"):
            if entry.get(name) is not None and entry[name] not in ARRANGED_KINDS:
                raise BudgetError(f"{path.name}: [{key!r}] {name} {entry[name]!r} is no record kind the test can "
                                  f"make ({', '.join(sorted(ARRANGED_KINDS))})")
        budgets[key] = Budget(key, queries, grows, why, user, entry.get("ids"), entry.get("id_field", "id"),
                              params, entry.get("arrange"), entry.get("make_first"))
    return budgets


# --------------------------------------------------------------------------- what must be declared
def page_paths(raw_routes: Iterable[tuple[str, bool]]) -> list[str]:
    """The page routes (``(raw pattern, is_action)`` of the URLconf) that need a budget: every GET page but the left-out
    ones, the forms and the actions; API routes come from the schema."""
    kept = []
    for raw, is_action in raw_routes:
        path = route_template(raw)
        if is_action or path.startswith("/api/") or FORMAT_SUFFIX.search(raw) or path.startswith("/^"):
            continue
        if any(path.startswith(start) for start in LEFT_OUT_PAGES) or path.endswith(FORM_SUFFIXES):
            continue
        if path.endswith("/receipt/"):
            continue  # a stored file: one query for the line, whatever the data (checked by the claims tests)
        kept.append(path)
    return kept


def api_paths(schema_operations: Iterable[tuple[str, str]]) -> list[str]:
    """Every GET operation of the OpenAPI schema but the left-out ones."""
    return sorted({path for method, path in schema_operations
                   if method == "GET" and not any(path.startswith(start) for start in LEFT_OUT_API)})


def coverage_problems(required: Iterable[str], budgets: Mapping[str, Budget]) -> list[str]:
    """Endpoints without a budget, and budgets that match no endpoint."""
    wanted = {normalise(path): path for path in required}
    declared = {normalise(path): path for path in budgets}
    problems = [f"no query budget for {wanted[key]}: add it to the budget file" for key in sorted(wanted)
                if key not in declared]
    problems += [f"stale budget {declared[key]}: no such endpoint" for key in sorted(declared) if key not in wanted]
    return problems


# --------------------------------------------------------------------------- judging one endpoint
@dataclass(frozen=True)
class Sample:
    """One request's figures: its rows (None where it shows no list), query count and the e-CRM's explanations."""

    url: str
    queries: int | None
    rows: int | None = None
    repeats: str | None = None
    n_plus_one: str | None = None
    status: int = 200


def _detail(sample: Sample) -> str:
    parts = []
    if sample.repeats:
        parts.append(f"repeated SQL: {sample.repeats}")
    if sample.n_plus_one:
        parts.append(f"django-zeal: {sample.n_plus_one}")
    return ("; " + "; ".join(parts)) if parts else ""


def _rows(sample: Sample) -> str:
    return "" if sample.rows is None else f" at {sample.rows} row{'s' if sample.rows != 1 else ''}"


def judge(budget: Budget, samples: Iterable[Sample], min_rows_gained: int = MIN_ROWS_GAINED) -> list[str]:
    """What is wrong with one endpoint's samples (the smaller data size first): empty when it keeps its budget.

    One problem per kind, the most telling first: a count that grows with the rows (an N+1: the SQL that repeats and
    django-zeal's finding with it), else the requests over the budget, else a django-zeal finding alone."""
    samples = list(samples)
    who = f"{budget.path} as {budget.user}"
    problems = []
    counted = []
    for sample in samples:
        if sample.status != 200:
            problems.append(f"{who}: {sample.url} answered {sample.status}, not 200: nothing to count")
        elif sample.queries is None:
            problems.append(f"{who}: {sample.url} answered without a query count (Server-Timing db;count)")
        else:
            counted.append(sample)
    if not counted:
        return problems
    worst = max(counted, key=lambda s: s.queries)
    listed = [s for s in counted if s.rows is not None]
    if len(listed) >= 2 and not budget.grows:
        small, large = min(listed, key=lambda s: s.rows), max(listed, key=lambda s: s.rows)
        gained, added = large.rows - small.rows, large.queries - small.queries
        if small.rows == 0:
            # A list with no row skips its row fetch and what it loads for its rows (prefetches, the lines' own
            # lookups): a fixed cost once there is any row, not a query per row.
            added -= FIRST_ROW_QUERIES
        if gained >= min_rows_gained and grows_with_rows(gained, added):
            return [*problems, f"{who}: the query count grows with the rows (N+1): {small.queries} queries"
                               f"{_rows(small)}, {large.queries}{_rows(large)}; the budget is {budget.queries}, "
                               f"not growing ({small.url} and {large.url}){_detail(large)}"]
    over = [s for s in counted if s.queries > budget.queries]
    if over:
        made = " and ".join(f"{s.queries}{' queries' if i == 0 else ''}{_rows(s)} ({s.url})"
                            for i, s in enumerate(over))
        problems.append(f"{who}: made {made}; the budget is {budget.queries}{_detail(worst)}")
    elif not budget.grows and any(s.n_plus_one for s in counted):
        found = next(s for s in counted if s.n_plus_one)
        problems.append(f"{who}: {found.url} loads a relation once per row (N+1){_detail(found)}")
    return problems


def grows_with_rows(rows_gained: int, queries_added: int) -> bool:
    """A query for every other added row or more: more than the fixed extra a list makes once it has rows at all
    (its row fetch, a prefetch), and what a per-row lookup makes even when only some rows need it."""
    return queries_added >= 2 and 2 * queries_added >= rows_gained


def growth_judgeable(samples: Iterable[Sample], min_rows_gained: int = MIN_ROWS_GAINED) -> bool:
    rows = [s.rows for s in samples if s.rows is not None]
    return len(rows) >= 2 and max(rows) - min(rows) >= min_rows_gained


def record_ids(body: Any, id_field: str = "id") -> list:
    """The record ids in an API list answer (a page's ``results`` or a plain list): each row's ``id_field``, or with
    ``"lines.id"`` the ids of the rows' nested ``lines``."""
    rows = body.get("results", []) if isinstance(body, dict) else body if isinstance(body, list) else []
    outer, _, inner = id_field.partition(".")
    if not inner:
        return [row[outer] for row in rows if outer in row]
    return [item[inner] for row in rows for item in row.get(outer) or [] if inner in item]


def rows_in(body: Any) -> int | None:
    """Rows of an API answer: a page's ``results``, a plain list, or the lists or pages of records an answer holds
    side by side (the approval inbox's ``claims`` and ``advances``); None for anything else."""
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return len(body["results"])
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict) and "id" not in body:  # a record's own lists (a claim's lines) are not its rows
        lists = [value.get("results") if isinstance(value, dict) else value for value in body.values()]
        lists = [rows for rows in lists if isinstance(rows, list) and all(isinstance(row, dict) for row in rows)]
        return sum(map(len, lists)) if lists else None
    return None


_TBODY = re.compile(r"<tbody\b.*?</tbody>", re.S | re.I)
_ROW = re.compile(r"<tr[\s>]", re.I)


def rows_on_page(html: str) -> int | None:
    """Rows of a page's data tables (``<tbody>`` rows); None for a page without a table."""
    bodies = _TBODY.findall(html)
    if not bodies:
        return None
    return sum(len(_ROW.findall(body)) for body in bodies)


_MESSAGES = re.compile(r'<div class="messages">')


def shows_messages(html: str) -> bool:
    """Whether a page showed flash messages ("saved", "submitted"). The reference e-CRM keeps them in the session
    until a page shows them, and the page that shows them writes the session (a transaction and an UPDATE: 3 queries
    more). A message an earlier request of the same login left is not the cost of the page that happens to show it."""
    return bool(_MESSAGES.search(html))
