"""COM-ROLE-1, COM-ROLE-2, COM-AUTH-1, COM-API-1: the access-control crawl.

Every route of the e-CRM — the page routes of the reference app's URLconf and every path x method of the OpenAPI
schema that the deployment publishes — is requested anonymously and as each of the 7 demo roles, and each answer is
compared with the one declared permission matrix, ``access-matrix.toml`` beside this file (see docs/ARCHITECTURE.md,
"Access-control crawl"). One test per matrix entry (a route and its methods); a failure prints a table of route,
principal, expected and actual. ``test_every_route_is_declared_in_the_matrix`` fails on a discovered route the matrix
does not declare and on a matrix entry that matches no route.

Records with ids (a customer, contact, opportunity, activity, claim, advance ... owned by rep1; a fault record
opened by the service manager and assigned to nobody) are made once per module through the API and cleaned up
afterwards, so the crawl also checks that other users' records answer 404 (IDOR), through pages and the API.

Safe methods (GET) are checked both ways: the allowed principals get the allowed answer, the others are denied, and a
denied answer never carries the record's data (every record made here carries the crawl's marker in its name).

Unsafe methods (POST, PUT, PATCH, DELETE, and POST-only pages such as archive, submit, decide, pay, delete) are sent
only as the principals the matrix says must be denied — never as allowed ones, whose writes would have side effects
and are covered by the functional tests of each feature. They carry a valid CSRF token, so that a 403 is the
permission check and not CSRF. After the denied requests, every record the route names must read back unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path

import allure
import pytest

from suite.api import expense as xapi
from suite.api import service as svc
from suite.api.client import EcrmApi
from suite.checks import access, routes
from suite.data.expense import advance_data, line_data, png_bytes, project_code
from suite.data.sales import contact_data, customer_data

pytestmark = pytest.mark.area("Common", "访问控制")

MATRIX_PATH = Path(__file__).with_name("access-matrix.toml")

# Each record kind the matrix may name: who reads it back (to check that denied writes changed nothing) and where.
# ``None``: the record is only read, never a target of a write route the crawl sends.
RECORDS: dict[str, tuple[str, str] | None] = {
    "customer": ("rep1", "/api/v1/customers/{}/"),
    "contact": ("rep1", "/api/v1/contacts/{}/"),
    "opportunity": ("rep1", "/api/v1/opportunities/{}/"),
    "activity": ("rep1", "/api/v1/activities/{}/"),
    "claim": ("rep1", "/api/v1/claims/{}/"),
    "claim_line": ("rep1", "/api/v1/claim-lines/{}/"),
    "advance": ("rep1", "/api/v1/advances/{}/"),
    "project": ("finance", "/api/v1/projects/{}/"),
    "fault": ("svcmanager", "/api/v1/fault-records/{}/"),
    "unit": ("admin", "/api/v1/installed-products/{}/"),
    "rma": ("engineer", "/api/v1/rmas/{}/"),
    "article": ("engineer", "/api/v1/kb-articles/{}/"),
    "alert_rule": ("svcmanager", "/api/v1/alert-rules/{}/"),
    "alert": ("svcmanager", "/api/v1/alerts/{}/"),
    "stage": ("admin", "/api/v1/stages/{}/"),
    "industry": ("admin", "/api/v1/industries/{}/"),
    "source": ("admin", "/api/v1/sources/{}/"),
    "employee_type": ("admin", "/api/v1/employee-types/{}/"),
    "expense_category": ("admin", "/api/v1/expense-categories/{}/"),
    "product": ("admin", "/api/v1/products/{}/"),
    "fault_category": ("admin", "/api/v1/fault-categories/{}/"),
    "sla": ("admin", "/api/v1/sla-policies/{}/"),
    "payment": None,
    "survey": None,
    "user": None,
}
# Fields that change by reading (a view count) are left out of the read-back comparison.
VOLATILE = {"view_count", "sla_response_breached", "sla_resolution_breached", "sla_breached", "is_overdue"}

MATRIX = access.load_matrix(MATRIX_PATH, records=RECORDS)


@dataclass
class Crawl:
    marker: str  # what list routes search for ({marker} in a matrix query)
    ids: dict[str, object] = field(default_factory=dict)
    # Each record as its owner last read it: denied requests must leave it so.
    baseline: dict[str, dict | None] = field(default_factory=dict)

    @property
    def token(self) -> str:
        """The text every crawl record carries in its name: the marker and more, so that a page echoing the search
        text (the search box, a "next" link) does not count as showing the record."""
        return f"{self.marker}data"


def _first(api: EcrmApi, path: str, key: str = "id") -> object:
    body = api.expect(api.get(path), 200)
    items = body["results"] if isinstance(body, dict) else body
    assert items, f"{path} lists nothing: the crawl needs one row of it"
    return items[0][key]


@pytest.fixture(scope="module")
def crawl(api_as, claim_clean_up, run_data) -> Crawl:
    """One record of each kind, owned by rep1 where a user owns it, every name carrying the crawl's marker."""
    fake, uniq = run_data("access-matrix")
    marker = f"acl{uniq()}"
    token = Crawl(marker).token
    admin, rep1, svcmanager, engineer = api_as("admin"), api_as("rep1"), api_as("svcmanager"), api_as("engineer")
    today = xapi.today(admin)
    users = {user["username"]: user["id"] for user in admin.list_all("/api/v1/users/")}
    ids: dict[str, object] = {"user": users["rep1"]}
    undo: list = []
    try:
        customer = admin.create_customer(customer_data(fake, uniq, owner=users["rep1"], name=f"客户 {token}").as_dict())
        ids["customer"] = customer["id"]
        undo.append(lambda: admin.expect(admin.archive_customer(customer["id"]), 204, 404))
        contact = admin.create_contact(contact_data(fake, uniq, customer=customer["id"], name=f"联系人{token}",
                                                    notes=token).as_dict())
        ids["contact"] = contact["id"]
        undo.append(lambda: admin.expect(admin.delete_contact(contact["id"]), 204, 404))
        opportunity = admin.expect(admin.post("/api/v1/opportunities/", json={
            "customer": customer["id"], "name": f"机会 {token}", "amount": "5000.00", "stage": "qualified",
            "expected_close": (today + datetime.timedelta(days=30)).isoformat()}), 201)
        ids["opportunity"] = opportunity["id"]
        undo.append(lambda: admin.expect(admin.patch(f"/api/v1/opportunities/{opportunity['id']}/", json={
            "stage": "lost", "lost_reason": "test clean-up"}), 200, 400, 404))
        activity = rep1.expect(rep1.post("/api/v1/activities/", json={
            "type": "call", "subject": f"活动 {token}", "customer": customer["id"], "status": "planned",
            "scheduled_at": f"{(today + datetime.timedelta(days=2)).isoformat()}T10:00:00+08:00",
            "duration": 30}), 201)
        ids["activity"] = activity["id"]
        undo.append(lambda: rep1.expect(rep1.delete(f"/api/v1/activities/{activity['id']}/"), 204, 404))

        # A claim of rep1's, submitted (waiting for the manager), with a line that carries a receipt.
        claim = rep1.expect(rep1.post("/api/v1/claims/", json={"title": f"报销 {token}"}), 201)
        ids["claim"] = claim["id"]
        undo.append(lambda: claim_clean_up(claim["id"]))
        line = rep1.expect(xapi.add_line(rep1, claim["id"], line_data(fake, today, "meals", "260.00", days=1),
                                         ("receipt.png", png_bytes(), "image/png")), 201)
        ids["claim_line"] = line["id"]
        rep1.expect(xapi.claim_action(rep1, claim["id"], "submit"), 200)
        data = advance_data(fake, uniq, today, amount="300.00")
        data.purpose = f"借支 {token}"
        advance = rep1.expect(xapi.create_advance(rep1, data), 201)
        ids["advance"] = advance["id"]
        rep1.expect(xapi.advance_action(rep1, advance["id"], "submit"), 200)

        def undo_advance():
            rep1.expect(xapi.advance_action(rep1, advance["id"], "withdraw"), 200, 404, 409)
            rep1.expect(rep1.delete(f"/api/v1/advances/{advance['id']}/"), 204, 404, 409)

        undo.append(undo_advance)
        project = admin.expect(admin.post("/api/v1/projects/", json={
            "code": project_code(uniq), "name": f"项目 {marker}", "budget": "10000.00",
            "manager": users["manager"], "active": True, "allow_overspend": False}), 201)
        ids["project"] = project["id"]
        undo.append(lambda: admin.expect(admin.patch(f"/api/v1/projects/{project['id']}/", json={"active": False}),
                                         200))

        # Service: a fault record opened by the service manager and assigned to nobody (so not the engineer's).
        product = _first(admin, "/api/v1/products/")
        fault = svc.create_fault(svcmanager, customer["id"], product, svc.category_id(admin),
                                 description=f"故障 {token} 设备无法启动")
        ids["fault"] = fault["id"]
        undo.append(lambda: svc.close_fault(svcmanager, fault["id"], users["engineer"]))
        # A second one, of another customer, assigned to the engineer and closed, gives the crawl a survey
        # (SVC-SUR-1). It does not carry the token: the engineer may see it.
        other = admin.create_customer(customer_data(fake, uniq, owner=users["rep2"], name=f"客户 {marker}").as_dict())
        undo.append(lambda: admin.expect(admin.archive_customer(other["id"]), 204, 404))
        closed = svc.create_fault(svcmanager, other["id"], product, svc.category_id(admin),
                                  description=f"故障 {marker} 已处理")
        svc.advance(svcmanager, closed["id"], "closed", users["engineer"], worker=engineer)
        surveys = [s for s in svcmanager.list_all(svc.SURVEYS) if s.get("fault") == closed["id"]]
        ids["survey"] = surveys[0]["id"] if surveys else _first(admin, svc.SURVEYS)
        unit = svc.create_unit(admin, customer["id"], product, f"SN-{token.upper()}",
                               (today - datetime.timedelta(days=30)).isoformat())
        ids["unit"] = unit["id"]
        undo.append(lambda: admin.expect(admin.delete(f"{svc.UNITS}{unit['id']}/"), 204, 404, 409))
        rma = svc.create_rma(engineer, customer["id"], unit["id"], f"返修 {token} 电源故障")
        ids["rma"] = rma["id"]
        undo.append(lambda: svc.close_rma(svcmanager, rma["id"]))
        article = svc.create_article(engineer, f"知识 {token}", f"正文 {token}", status="published")
        ids["article"] = article["id"]
        undo.append(lambda: engineer.expect(engineer.delete(f"{svc.KB}{article['id']}/"), 204, 404))
        rule = svc.create_rule(svcmanager, name=f"规则 {token}", kind="product_burst", threshold=1, window_hours=1,
                               recipient_role="svcmanager")
        ids["alert_rule"] = rule["id"]
        undo.append(lambda: svcmanager.expect(svcmanager.delete(f"{svc.RULES}{rule['id']}/"), 204, 404))
        svc.evaluate(svcmanager)
        alerts = svc.alerts_of(svcmanager, rule["id"])
        assert alerts, "the crawl's alert rule fired no alert"
        ids["alert"] = alerts[0]["id"]

        # Rows every deployment has (settings, seeded payments and surveys).
        for kind, path in (("stage", "/api/v1/stages/"), ("industry", "/api/v1/industries/"),
                           ("source", "/api/v1/sources/"), ("employee_type", "/api/v1/employee-types/"),
                           ("expense_category", "/api/v1/expense-categories/"), ("product", "/api/v1/products/"),
                           ("fault_category", "/api/v1/fault-categories/"), ("payment", "/api/v1/payments/")):
            ids[kind] = _first(admin, path)
        ids["sla"] = _first(admin, "/api/v1/sla-policies/", key="priority")
        yield Crawl(marker, ids)
    finally:
        for step in reversed(undo):
            step()


def _path(entry: access.Entry, crawl: Crawl) -> str:
    values = {}
    for name, value in entry.params.items():
        values[name] = crawl.ids[value[1:]] if value.startswith("@") else value
    path = entry.path
    for name in access.re.findall(r"\{(\w+)\}", path):
        path = path.replace("{" + name + "}", str(values.get(name, crawl.ids.get(entry.record or ""))))
    if entry.query:
        path += "?" + entry.query.replace("{marker}", crawl.marker)
    return path


def _kinds(entry: access.Entry) -> list[str]:
    kinds = [entry.record] if entry.record else []
    return kinds + [v[1:] for v in entry.params.values() if v.startswith("@")]


def _read_back(api_as, crawl: Crawl, kind: str) -> dict | None:
    reader = RECORDS[kind]
    if reader is None:
        return None
    api = api_as(reader[0])
    body = api.expect(api.get(reader[1].format(crawl.ids[kind])), 200)
    return {key: value for key, value in body.items() if key not in VOLATILE}


def _client(principal: str, api_as, anon: EcrmApi) -> EcrmApi:
    return anon if principal == access.ANON else api_as(principal)


@pytest.fixture(scope="module")
def anon_client(ecrm_url: str) -> EcrmApi:
    return EcrmApi(ecrm_url)


@pytest.mark.spec("COM-ROLE-1", "COM-ROLE-2", "COM-AUTH-1", "COM-API-1", severity="critical", priority="urgent")
@pytest.mark.parametrize("key", [entry.key for entry in MATRIX.entries])
def test_route_answers_every_principal_as_the_matrix_says(key, crawl, api_as, anon_client):
    entry = MATRIX.entry(key)
    path = _path(entry, crawl)
    kinds = [k for k in _kinds(entry) if RECORDS.get(k)] if entry.unsafe else []
    before = {kind: crawl.baseline.get(kind) or _read_back(api_as, crawl, kind) for kind in kinds}
    headers = {} if entry.is_api else {"Accept": "text/html"}
    rows: list[access.Row] = []
    seen: list[str] = []
    for method in entry.methods:
        for principal in access.PRINCIPALS:
            expected = access.expectation(entry, principal, MATRIX.defaults, method)
            if expected is None:
                seen.append(f"{method} {path} | {principal} | allowed | not sent")
                continue
            client = _client(principal, api_as, anon_client)
            kwargs = {"allow_redirects": False, "headers": headers}
            if method not in access.SAFE_METHODS:
                kwargs["json" if entry.is_api else "data"] = {}
            response = client.request(method, path, **kwargs)
            location = response.headers.get("Location", "")
            body = response.text if method in access.SAFE_METHODS else ""
            denied = principal not in entry.allow or principal in entry.expect
            leaked = crawl.token in body and (denied or principal in entry.blind)
            missing = principal in entry.sees and crawl.token not in body
            answer = access.describe(response.status_code, location)
            seen.append(f"{method} {path} | {principal} | {expected} | {answer}")
            row = access.verdict(key, method, principal, expected, response.status_code, location, leaked, missing)
            if row and leaked:
                at = body.index(crawl.token)
                row = dataclasses.replace(row, note=f"{row.note}: …{' '.join(body[at - 60:at + 30].split())}…")
            if row:
                rows.append(row)
    after = {kind: _read_back(api_as, crawl, kind) for kind in kinds}
    crawl.baseline.update(after)  # a change is reported once, by the route that made it
    for kind in kinds:
        if before[kind] != after[kind]:
            changed = sorted(k for k in before[kind] if before[kind][k] != after[kind].get(k))
            rows.append(access.Row(key, "-", f"{kind} unchanged", f"changed: {', '.join(changed)}",
                                   "a denied request changed the record"))
    allure.attach("\n".join(seen), name="answers", attachment_type=allure.attachment_type.TEXT)
    assert not rows, f"{key}: {len(rows)} answer(s) differ from the matrix\n{access.mismatch_table(rows)}"


@pytest.mark.spec("COM-ROLE-1", "COM-API-1", severity="critical", priority="urgent")
def test_every_route_is_declared_in_the_matrix(anon_client):
    schema = anon_client.expect(anon_client.get("/api/schema/",
                                                headers={"Accept": "application/vnd.oai.openapi+json"}), 200)
    ops = access.schema_operations(schema)
    pages = access.page_routes([route.pattern for route in routes.urlconf_routes()], schema["paths"])
    allure.attach("\n".join(f"{route}: {why}" for route, why in pages.skipped), name="routes not crawled",
                  attachment_type=allure.attachment_type.TEXT)
    assert len(ops) > 100 and len(pages.routes) > 100, f"found only {len(ops)} API ops, {len(pages.routes)} pages"
    problems = access.coverage_problems(MATRIX, pages.routes, ops)
    assert not problems, "the matrix and the app disagree:\n" + "\n".join(problems)
