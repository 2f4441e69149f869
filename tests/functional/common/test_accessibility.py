"""COM-UI-1, COM-UI-2: every page passes axe-core's WCAG 2.1 A/AA and best-practice rules, in both languages.

The pages are not listed by hand: they are the GET page routes of the reference e-CRM's URLconf
(``a11y.page_routes``). A route with a parameter is filled with a real record of its kind, found through the
API as the role that visits it, oldest first (or made by a factory when there is none); each page is visited as the
first role that may see it. A page fails on a critical or serious violation; every page attaches axe's full result and a
table of its violations, and its test's severity follows the worst impact found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import allure
import pytest

from pages.generic_page import GenericPage
from suite.api.client import EcrmApi
from suite.checks import a11y
from suite.checks.assertions import assert_layout_intact
from suite.data.hostile import BY_ID

pytestmark = pytest.mark.area("Common", "无障碍")

ROUTES = a11y.page_routes()
# GET routes that serve a file rather than an HTML page (checked by test_routes_left_out_are_not_pages).
DOWNLOADS = {"expense:claim-receipt": "serves the receipt file (image or PDF) of a claim line, not an HTML page"}
PAGES = [route for route in ROUTES.pages if route.name not in DOWNLOADS]
# Pages for a visitor who is not logged in (COM-AUTH-1).
ANONYMOUS = {"login", "survey"}
# Who may see a module's pages: admin first, then the module's own roles.
ROLES = {
    "common": ("admin", "manager", "rep1", "finance", "svcmanager", "engineer"),
    "sales": ("admin", "manager", "rep1"),
    "expense": ("admin", "finance", "manager", "rep1"),
    "service": ("admin", "svcmanager", "engineer"),
}
# A parameter route's record: the route name less its -detail/-edit suffix -> the API collection it is picked
# from.
RECORDS = {
    "sales:customer": "customers",
    "sales:contact": "contacts",
    "sales:opportunity": "opportunities",
    "sales:activity": "activities",
    "sales:stage": "stages",
    "sales:industry": "industries",
    "sales:source": "sources",
    "expense:claim": "claims",
    "expense:advance": "advances",
    "expense:project": "projects",
    "expense:employee-type": "employee-types",
    "expense:category": "expense-categories",
    "service:fault": "fault-records",
    "service:rma": "rmas",
    "service:alert-rule": "alert-rules",
    "service:kb": "kb-articles",
    "service:customer": "customers",
    "service:unit": "installed-products",
    "service:product": "products",
    "service:category": "fault-categories",
    "survey": "surveys",
}
# Pages checked in English as well as in Chinese: one of each kind (start page, login, list, form, detail, public).
IN_ENGLISH = {"dashboard", "login", "sales:customers", "sales:customer-detail", "expense:claim-new",
              "service:fault-detail", "survey"}
HREF = re.compile(r"""href=["']([^"'#?]+)""")


def record_key(route: a11y.Route) -> str:
    return re.sub(r"-(detail|edit)$", "", route.name)


def _fixture(request: pytest.FixtureRequest, name: str):
    return request.getfixturevalue(name)


# The suite's factories, for a kind of record the deployment has none of (or none the visitor may open): each makes
# one and returns it as the API does.
FACTORIES: dict[str, Callable[[pytest.FixtureRequest], dict]] = {
    "sales:customer": lambda request: _fixture(request, "make_customer")(),
    "sales:contact": lambda request: _fixture(request, "make_contact")(_fixture(request, "make_customer")()),
    "sales:opportunity": lambda request: _fixture(request, "make_opportunity")(_fixture(request, "make_customer")()),
    "expense:claim": lambda request: _fixture(request, "make_claim")(),  # a draft of rep1's: editable by rep1
    "expense:advance": lambda request: _fixture(request, "make_advance")(),  # a draft of rep1's
    "expense:project": lambda request: _fixture(request, "make_project")(),
    "service:fault": lambda request: _fixture(request, "make_fault")(),
    "service:rma": lambda request: _fixture(request, "make_rma")(),
    "service:alert-rule": lambda request: _fixture(request, "make_rule")(kind="unassigned", threshold=30),
    "service:kb": lambda request: _fixture(request, "make_article")(),
    "service:unit": lambda request: _fixture(request, "make_unit")(),
    "survey": lambda request: _fixture(request, "make_survey")(),
}
LISTED = 20  # records of a list tried before a factory makes one


def _path_of(route: a11y.Route, record: dict) -> str:
    return route.path(**{name: record["token"] if converter == "path" else record["id"]
                         for name, converter in route.params})


def listed_paths(route: a11y.Route, api: EcrmApi) -> tuple[list[str], str]:
    """The route filled with records its kind's API list shows ``api``'s user, or no path and why."""
    if not route.params:
        return [route.path()], ""
    if record_key(route) in RECORDS:
        collection = api.resource(RECORDS[record_key(route)])
        source = collection.path
        response = collection.list_response({"answered": "false"} if route.name == "survey" else {})
        if response.status_code != 200:
            return [], f"{source} answered {response.status_code}"
        body = response.json()
        rows = body.get("results", []) if isinstance(body, dict) else body
        rows = [row for row in rows if not row.get("answered")] if route.name == "survey" else rows
        # Oldest first: lists show the newest first, and the newest record may be one another worker is filling
        # with hostile strings at that moment, so the page checked would depend on what runs beside it.
        rows = sorted(rows, key=lambda row: row.get("id", 0))
        return [_path_of(route, row) for row in rows[:LISTED]], "" if rows else f"{source} lists no record"
    # Otherwise the links to it on the page above it (the report kinds on /sales/reports/).
    response = api.get(route.parent, allow_redirects=False)
    if response.status_code != 200:
        return [], f"{route.parent} answered {response.status_code}"
    links = list(dict.fromkeys(href for href in HREF.findall(response.text) if route.regex.match(href)))
    return links[:LISTED], "" if links else f"no link matching {route.pattern} on {route.parent}"


def _first_html(visitors, paths_for, tried: list[str]) -> tuple[str | None, str] | None:
    for user, api in visitors:
        paths, why = paths_for(api)
        if not paths:
            tried.append(f"{user or 'anonymous'}: {why}")
        for path in paths:
            response = api.get(path, allow_redirects=False)
            kind = response.headers.get("Content-Type", "")
            if response.status_code == 200 and kind.startswith("text/html"):
                return user, path
            tried.append(f"{user or 'anonymous'}: GET {path} answered {response.status_code} {kind}")
    return None


def visit_plan(route: a11y.Route, api_as: Callable[..., EcrmApi], anon_api: EcrmApi,
               request: pytest.FixtureRequest) -> tuple[str | None, str]:
    """(user, path): the first role (admin, then the module's) that gets the page as HTML, with a real record.

    Records come from the API list as that role; when none opens, a factory makes one and every role tries again.
    Fails with each role's answer when the page cannot be reached at all.
    """
    if route.name in ANONYMOUS:
        finder = api_as("svcmanager" if route.name == "survey" else "admin")
        visitors = [(None, anon_api)]

        def paths_for(_api):
            return listed_paths(route, finder)
    else:
        visitors = [(user, api_as(user)) for user in ROLES[route.app]]

        def paths_for(api):
            return listed_paths(route, api)
    tried: list[str] = []
    plan = _first_html(visitors, paths_for, tried)
    factory = FACTORIES.get(record_key(route)) if route.params else None
    if plan is None and factory is not None:
        made = _path_of(route, factory(request))
        plan = _first_html(visitors, lambda _api: ([made], ""), tried)
    if plan is None:
        pytest.fail(f"could not resolve page {route.name} (/{route.pattern}):\n  " + "\n  ".join(tried),
                    pytrace=False)
    return plan


def check_page(page, route: a11y.Route, path: str, user: str | None, language: str, node: pytest.Item) -> None:
    allure.dynamic.parameter("page", path)
    allure.dynamic.parameter("user", user or "anonymous")
    response = GenericPage(page).open_path(path)
    assert response is not None and response.status == 200, (
        f"{path} as {user or 'anonymous'} answered {response.status if response else 'nothing'} in the browser")
    result = a11y.run_axe(page)
    violations = result["violations"]
    table = a11y.violation_table(violations, result.get("incomplete", []))
    allure.attach(json.dumps(result, ensure_ascii=False, indent=2), name="axe result",
                  attachment_type=allure.attachment_type.JSON, extension="json")
    allure.attach(table, name=f"axe violations ({a11y.summary(violations)})", attachment_type="text/plain",
                  extension="txt")
    scale = a11y.severity_of(a11y.worst_impact(violations))
    if scale:
        a11y.label_severity(node, *scale)
    blocking = a11y.failing(violations)
    assert not blocking, (
        f"{path} ({route.name}, {language}, as {user or 'anonymous'}) has {len(blocking)} critical or serious "
        f"accessibility violation(s) ({a11y.summary(violations)} in all):\n{a11y.violation_table(blocking)}")


BY_NAME = {route.name: route for route in PAGES}
CASES = [pytest.param(route.name, "zh-hans", id=route.name) for route in PAGES] + [
    pytest.param(route.name, "en", id=f"{route.name}-en") for route in PAGES if route.name in IN_ENGLISH
]


@pytest.mark.spec("COM-UI-1", "COM-UI-2", severity="normal", priority="high")
@pytest.mark.parametrize(("route", "language"), CASES)
def test_the_page_has_no_serious_accessibility_violation(route, language, page_as, api_as, anon_api, request):
    route = BY_NAME[route]
    user, path = visit_plan(route, api_as, anon_api, request)
    check_page(page_as(user, language=language), route, path, user, language, request.node)


# One word of 10,000 characters, with no place to break it.
LONG_WORD = BY_ID["long-ascii"].value


@pytest.mark.spec("COM-UI-1", "COM-UI-2", severity="normal", priority="high")
@pytest.mark.parametrize("viewport", [(1280, 800), (320, 640)], ids=["desktop", "phone"])
def test_a_long_unbroken_entry_wraps_inside_its_table(viewport, make_fault, api_as, page_as, request):
    """COM-UI-1: a table cell holding one 10,000-character word wraps it; the table neither scrolls sideways nor
    leaves a scrolling frame the keyboard cannot reach (axe: scrollable-region-focusable).

    Found by a random-order run (seed 381970): the page check above opened the fault another worker was filling with
    hostile work-log entries, and its work-log table had grown a sideways scrollbar with nothing focusable inside.
    """
    fault = make_fault()
    manager = api_as("svcmanager")
    manager.service.faults.nested(fault['id'], "work-log").create({"text": LONG_WORD})
    route = BY_NAME["service:fault-detail"]
    page = page_as("admin", viewport=viewport)
    check_page(page, route, _path_of(route, fault), "admin", "zh-hans", request.node)
    assert_layout_intact(page)


@pytest.mark.spec("COM-UI-1", severity="minor", priority="low")
def test_routes_left_out_are_not_pages(api_as, make_claim):
    """What the check leaves out is really no page: actions answer GET with 405, downloads answer no HTML."""
    admin = api_as("admin")
    listing = [f"checked  {route.name:32} /{route.pattern}" for route in PAGES]
    listing += [f"left out {route.name:32} /{route.pattern}: {why}" for route, why in ROUTES.left_out]
    listing += [f"left out {name:32} {why}" for name, why in DOWNLOADS.items()]
    allure.attach("\n".join(listing), name="routes", attachment_type="text/plain", extension="txt")
    wrong = []
    for route, _why in ROUTES.left_out:
        path = route.path(**{name: 1 for name, _ in route.params})
        status = admin.get(path, allow_redirects=False).status_code
        if status != 405:
            wrong.append(f"{route.name}: GET {path} answered {status}, not 405, yet it is left out as an action")
    claims = admin.expense.claims.page()["results"]
    receipts = [line["receipt_url"] for claim in claims for line in claim["lines"] if line.get("has_receipt")]
    if not receipts:  # a line above 200.00 gets a receipt
        receipts = [line["receipt_url"] for line in make_claim(amounts=("250.00",))["lines"]]
    assert receipts and receipts[0], "no claim line with a receipt, so the receipt download could not be checked"
    kind = admin.get(receipts[0], allow_redirects=False).headers.get("Content-Type", "")
    if kind.startswith("text/html"):
        wrong.append(f"expense:claim-receipt: {receipts[0]} answered {kind}, so it is a page and must be checked")
    missing = set(DOWNLOADS) - {route.name for route in ROUTES.pages}
    assert not missing, f"{sorted(missing)} left out as downloads but no longer in the URLconf"
    assert not wrong, "\n".join(wrong)
