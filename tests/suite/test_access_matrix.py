"""The access-control crawl's machinery (checks/access.py), proven on small synthetic matrices: it finds undeclared
routes and stale entries, refuses malformed matrices, and reports every difference."""

from __future__ import annotations

import pytest

from suite.checks import access
from suite.checks.access import LOGIN, MatrixError, load_matrix

pytestmark = pytest.mark.area("Common", "访问控制")

MATRIX = """
[groups]
sales = ["admin", "manager", "rep1", "rep2"]

["GET /sales/customers/"]
allow = ["sales"]

["GET /sales/customers/{pk}/"]
record = "customer"
allow = ["admin", "manager", "rep1"]
hidden = ["rep2"]

["POST /sales/customers/{pk}/archive/"]
record = "customer"
allow = ["rep1"]
hidden = ["rep2"]

["GET /api/v1/customers/{id}/"]
record = "customer"
allow = ["sales", "engineer"]

["PUT PATCH /api/v1/customers/{id}/"]
record = "customer"
allow = ["rep1"]

["GET /healthz"]
allow = ["anon", "admin"]
anon = 200
"""
PAGES = ["/sales/customers/", "/sales/customers/{pk}/", "/sales/customers/{pk}/archive/", "/healthz"]
OPS = [("GET", "/api/v1/customers/{id}/"), ("PUT", "/api/v1/customers/{id}/"), ("PATCH", "/api/v1/customers/{id}/")]


def matrix():
    return load_matrix(MATRIX, records={"customer"})


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
def test_a_matrix_that_covers_every_route_has_no_problem():
    assert access.coverage_problems(matrix(), PAGES, OPS) == []


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
def test_a_page_route_missing_from_the_matrix_is_an_undeclared_route():
    problems = access.coverage_problems(matrix(), [*PAGES, "/sales/contacts/"], OPS)
    assert problems == ["undeclared route: /sales/contacts/ (URLconf) has no entry in the matrix"]


@pytest.mark.spec("COM-ROLE-1", "COM-API-1", severity="critical", priority="high")
def test_an_api_method_missing_from_the_matrix_is_an_undeclared_route():
    problems = access.coverage_problems(matrix(), PAGES, [*OPS, ("DELETE", "/api/v1/customers/{id}/")])
    assert problems == ["undeclared route: DELETE /api/v1/customers/{id}/ (OpenAPI schema) has no entry in the matrix"]


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
def test_an_entry_that_matches_no_route_is_a_stale_entry():
    problems = access.coverage_problems(matrix(), [p for p in PAGES if p != "/healthz"], OPS)
    assert problems == ["stale entry: ['GET /healthz'] matches no route of the URLconf or the schema"]


@pytest.mark.spec("COM-ROLE-1", "COM-API-1", severity="critical", priority="high")
def test_an_entry_naming_a_method_the_schema_does_not_have_is_stale_for_that_method():
    problems = access.coverage_problems(matrix(), PAGES, [op for op in OPS if op[0] != "PATCH"])
    assert problems == ["stale entry: ['PUT PATCH /api/v1/customers/{id}/'] matches no route of the URLconf or the "
                        "schema (for PATCH)"]


@pytest.mark.spec("COM-ROLE-1", severity="normal", priority="high")
def test_placeholder_names_do_not_matter_when_routes_are_matched():
    assert access.coverage_problems(matrix(), [p.replace("{pk}", "{id}") for p in PAGES], OPS) == []


@pytest.mark.spec("COM-ROLE-1", "COM-AUTH-1", severity="critical", priority="high")
def test_expectations_follow_the_defaults_groups_and_hidden_principals():
    m = matrix()
    detail = m.entry("GET /sales/customers/{pk}/")
    got = {who: access.expectation(detail, who, m.defaults) for who in access.PRINCIPALS}
    assert got == {"anon": LOGIN, "admin": 200, "manager": 200, "rep1": 200, "rep2": 404, "finance": 403,
                   "engineer": 403, "svcmanager": 403}
    api = m.entry("GET /api/v1/customers/{id}/")
    assert access.expectation(api, "anon", m.defaults) == 401
    assert access.expectation(api, "engineer", m.defaults) == 200
    assert access.expectation(m.entry("GET /healthz"), "anon", m.defaults) == 200


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
def test_unsafe_methods_are_never_sent_to_allowed_principals():
    m = matrix()
    archive = m.entry("POST /sales/customers/{pk}/archive/")
    got = {who: access.expectation(archive, who, m.defaults, "POST") for who in access.PRINCIPALS}
    assert got == {"anon": LOGIN, "admin": 403, "manager": 403, "rep1": None, "rep2": 404, "finance": 403,
                   "engineer": 403, "svcmanager": 403}


@pytest.mark.spec("COM-ROLE-1", severity="critical", priority="high")
@pytest.mark.parametrize(("text", "message"), [
    ('["GET /a/"]\nallow = ["rep3"]\n', "unknown principal or group 'rep3'"),
    ('["GET /a/"]\nallow = ["admin"]\ncolour = 1\n', "unknown keys ['colour']"),
    ('["GET /a/"]\nhidden = ["rep2"]\n', "'allow' is required"),
    ('["FETCH /a/"]\nallow = []\n', "'METHOD [METHOD ...] /path'"),
    ('["GET /a/{pk}/"]\nallow = []\n', "unbound here: ['pk']"),
    ('["GET /a/{pk}/"]\nrecord = "invoice"\nallow = []\n', "unknown record kinds ['invoice']"),
    ('["GET /a/"]\nallow = []\n\n["GET POST /a/"]\nallow = []\n', "already declared"),
    ('["GET /a/"]\nallow = ["admin"]\nhidden = ["admin"]\n', "both allowed and hidden"),
    ('["POST /a/"]\nallow = []\ndeny = 409\n', "unsafe methods are sent only to denied principals"),
    ('["GET /a/"]\nallow = []\nexpect = { rep1 = "maybe" }\n', "not a status code"),
    ('["GET /a/"\nallow = []\n', "not valid TOML"),
], ids=["unknown-principal", "unknown-key", "no-allow", "bad-method", "unbound-placeholder", "unknown-record",
        "declared-twice", "allowed-and-hidden", "unsafe-not-a-denial", "bad-status", "bad-toml"])
def test_a_malformed_matrix_is_refused_with_a_message(text, message):
    with pytest.raises(MatrixError) as caught:
        load_matrix(text, records={"customer"})
    assert message in str(caught.value)


@pytest.mark.spec("COM-ROLE-1", "COM-AUTH-1", severity="critical", priority="high")
def test_answers_are_compared_and_every_difference_is_a_row_of_the_table():
    key = "GET /sales/customers/{pk}/"
    assert access.verdict(key, "GET", "rep2", 404, 404) is None
    assert access.verdict(key, "GET", "anon", LOGIN, 302, "/login/?next=/sales/customers/7/") is None
    rows = [
        access.verdict(key, "GET", "rep2", 404, 200),
        access.verdict(key, "GET", "anon", LOGIN, 302, "/sales/"),
        access.verdict(key, "GET", "finance", 403, 403, leaked=True),
        access.verdict(key, "GET", "rep1", 200, 200, missing=True),
    ]
    assert all(rows)
    table = access.mismatch_table(rows)
    lines = table.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")][:4] == ["route", "principal", "expected", "actual"]
    assert len(lines) == 2 + len(rows)
    assert "rep2" in lines[2] and "404" in lines[2] and "200" in lines[2]
    assert "302 -> /sales/" in lines[3]
    assert "the body contains the record's data" in lines[4]
    assert "the body lacks the record's data" in lines[5]


@pytest.mark.spec("COM-ROLE-1", severity="normal", priority="medium")
def test_urlconf_routes_become_templates_and_skips_carry_reasons():
    raw = ["", "sales/customers/<int:pk>/", "api/v1/^customers/(?P<pk>[^/.]+)/$",
           "api/v1/^customers/(?P<pk>[^/.]+)\\.(?P<format>[a-z0-9]+)/?$", "api/v1/", "__test__/clock/",
           "^static/(?P<path>.*)$", "i18n/setlang/", "survey/<path:token>/"]
    found = access.page_routes(raw, ["/api/v1/customers/{id}/"])
    assert found.routes == ("/", "/sales/customers/{pk}/", "/api/v1/", "/survey/{token}/")
    assert [route for route, _why in found.skipped] == [
        "/api/v1/customers/{pk}/", "/api/v1/customers/{pk}.{format}/?", "/__test__/clock/", "/static/{path}",
        "/i18n/setlang/"]
    assert all(why for _route, why in found.skipped)


@pytest.mark.spec("COM-API-1", severity="normal", priority="medium")
def test_every_method_of_every_schema_path_is_an_operation():
    schema = {"paths": {"/api/v1/a/": {"get": {}, "post": {}, "parameters": []}, "/api/v1/a/{id}/": {"delete": {}}}}
    assert access.schema_operations(schema) == [("GET", "/api/v1/a/"), ("POST", "/api/v1/a/"),
                                                ("DELETE", "/api/v1/a/{id}/")]
