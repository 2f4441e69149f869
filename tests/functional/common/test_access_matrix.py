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

from suite.api.client import EcrmApi, Resource
from suite.checks import access, routes
from suite.data.expense import advance_data, line_data, png_bytes, project_code
from suite.data.sales import contact_data, customer_data, opportunity_data

pytestmark = pytest.mark.area("Common", "访问控制")

MATRIX_PATH = Path(__file__).with_name("access-matrix.toml")

# Each record kind the matrix may name: who reads it back (to check that denied writes changed nothing) and from
# which collection of the API.
# ``None``: the record is only read, never a target of a write route the crawl sends.
RECORDS: dict[str, tuple[str, str] | None] = {
    "customer": ("rep1", "customers"),
    "contact": ("rep1", "contacts"),
    "opportunity": ("rep1", "opportunities"),
    "activity": ("rep1", "activities"),
    "claim": ("rep1", "claims"),
    "claim_line": ("rep1", "claim-lines"),
    "advance": ("rep1", "advances"),
    "project": ("finance", "projects"),
    "fault": ("svcmanager", "fault-records"),
    "unit": ("admin", "installed-products"),
    "rma": ("engineer", "rmas"),
    "article": ("engineer", "kb-articles"),
    "alert_rule": ("svcmanager", "alert-rules"),
    "alert": ("svcmanager", "alerts"),
    "stage": ("admin", "stages"),
    "industry": ("admin", "industries"),
    "source": ("admin", "sources"),
    "employee_type": ("admin", "employee-types"),
    "expense_category": ("admin", "expense-categories"),
    "product": ("admin", "products"),
    "fault_category": ("admin", "fault-categories"),
    "sla": ("admin", "sla-policies"),
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


def _first(collection: Resource, key: str = "id") -> object:
    body = collection.page()
    items = body["results"] if isinstance(body, dict) else body
    assert items, f"{collection.path} lists nothing: the crawl needs one row of it"
    return items[0][key]


@pytest.fixture(scope="module")
def crawl(api_as, claim_clean_up, run_data) -> Crawl:
    """One record of each kind, owned by rep1 where a user owns it, every name carrying the crawl's marker."""
    fake, uniq = run_data("access-matrix")
    marker = f"acl{uniq()}"
    token = Crawl(marker).token
    admin, rep1, svcmanager, engineer = api_as("admin"), api_as("rep1"), api_as("svcmanager"), api_as("engineer")
    today = admin.clock.today()
    users = {user["username"]: user["id"] for user in admin.users.list()}
    ids: dict[str, object] = {"user": users["rep1"]}
    undo: list = []
    try:
        customer = admin.sales.create_customer(customer_data(fake, uniq, owner=users["rep1"],
                                                             name=f"客户 {token}").as_dict())
        ids["customer"] = customer["id"]
        undo.append(lambda: admin.sales.customers.delete(customer["id"], 204, 404))
        contact = admin.sales.create_contact(contact_data(fake, uniq, customer=customer["id"], name=f"联系人{token}",
                                                    notes=token).as_dict())
        ids["contact"] = contact["id"]
        undo.append(lambda: admin.sales.contacts.delete(contact["id"], 204, 404))
        opportunity = admin.sales.create_opportunity(opportunity_data(
            fake, uniq, customer, name=f"机会 {token}", amount="5000.00", stage="qualified", competitor="",
            expected_close=(today + datetime.timedelta(days=30)).isoformat()))
        ids["opportunity"] = opportunity["id"]
        undo.append(lambda: admin.sales.close_as_lost(opportunity["id"]))
        activity = rep1.sales.activities.create({
            "type": "call", "subject": f"活动 {token}", "customer": customer["id"], "status": "planned",
            "scheduled_at": f"{(today + datetime.timedelta(days=2)).isoformat()}T10:00:00+08:00",
            "duration": 30})
        ids["activity"] = activity["id"]
        undo.append(lambda: rep1.sales.activities.delete(activity['id'], 204, 404))

        # A claim of rep1's, submitted (waiting for the manager), with a line that carries a receipt.
        claim = rep1.expense.claims.create({"title": f"报销 {token}"})
        ids["claim"] = claim["id"]
        undo.append(lambda: claim_clean_up(claim["id"]))
        line = rep1.expect(rep1.expense.add_line_response(claim["id"], line_data(fake, today, "meals", "260.00",
                                                                                 days=1), ("receipt.png", png_bytes(),
                                                                                           "image/png")), 201)
        ids["claim_line"] = line["id"]
        rep1.expense.claims.action(claim["id"], "submit")
        data = advance_data(fake, uniq, today, amount="300.00")
        data.purpose = f"借支 {token}"
        advance = rep1.expect(rep1.expense.create_advance_response(data), 201)
        ids["advance"] = advance["id"]
        rep1.expense.advances.action(advance["id"], "submit")

        def undo_advance():
            rep1.expect(rep1.expense.advances.action_response(advance["id"], "withdraw"), 200, 404, 409)
            rep1.expense.advances.delete(advance['id'], 204, 404, 409)

        undo.append(undo_advance)
        project = admin.expense.projects.create({
            "code": project_code(uniq), "name": f"项目 {marker}", "budget": "10000.00",
            "manager": users["manager"], "active": True, "allow_overspend": False})
        ids["project"] = project["id"]
        undo.append(lambda: admin.expense.projects.update(project['id'], active=False))

        # Service: a fault record opened by the service manager and assigned to nobody (so not the engineer's).
        product = _first(admin.service.products)
        fault = svcmanager.service.create_fault(customer["id"], product, admin.service.category_id(),
                                                description=f"故障 {token} 设备无法启动")
        ids["fault"] = fault["id"]
        undo.append(lambda: svcmanager.service.close_fault(fault["id"], users["engineer"]))
        # A second one, of another customer, assigned to the engineer and closed, gives the crawl a survey
        # (SVC-SUR-1). It does not carry the token: the engineer may see it.
        other = admin.sales.create_customer(customer_data(fake, uniq, owner=users["rep2"],
                                                          name=f"客户 {marker}").as_dict())
        undo.append(lambda: admin.sales.customers.delete(other["id"], 204, 404))
        closed = svcmanager.service.create_fault(other["id"], product, admin.service.category_id(),
                                                 description=f"故障 {marker} 已处理")
        svcmanager.service.advance_fault(closed["id"], "closed", users["engineer"], worker=engineer.service)
        surveys = [s for s in svcmanager.service.surveys.list() if s.get("fault") == closed["id"]]
        ids["survey"] = surveys[0]["id"] if surveys else _first(admin.service.surveys)
        unit = admin.service.create_unit(customer["id"], product, f"SN-{token.upper()}",
                                         (today - datetime.timedelta(days=30)).isoformat())
        ids["unit"] = unit["id"]
        undo.append(lambda: admin.service.units.delete(unit['id'], 204, 404, 409))
        rma = engineer.service.create_rma(customer["id"], unit["id"], f"返修 {token} 电源故障")
        ids["rma"] = rma["id"]
        undo.append(lambda: svcmanager.service.close_rma(rma["id"]))
        article = engineer.service.create_article(f"知识 {token}", f"正文 {token}", status="published")
        ids["article"] = article["id"]
        undo.append(lambda: engineer.service.articles.delete(article['id'], 204, 404))
        rule = svcmanager.service.create_rule(name=f"规则 {token}", kind="product_burst", threshold=1, window_hours=1,
                                              recipient_role="svcmanager")
        ids["alert_rule"] = rule["id"]
        undo.append(lambda: svcmanager.service.rules.delete(rule['id'], 204, 404))
        svcmanager.service.evaluate()
        alerts = svcmanager.service.alerts_of(rule["id"])
        assert alerts, "the crawl's alert rule fired no alert"
        ids["alert"] = alerts[0]["id"]

        # Rows every deployment has (settings, seeded payments and surveys).
        for kind, collection in (("stage", admin.sales.stages), ("industry", admin.sales.industries),
                                 ("source", admin.sales.sources), ("employee_type", admin.expense.employee_types),
                                 ("expense_category", admin.expense.categories), ("product", admin.service.products),
                                 ("fault_category", admin.service.categories), ("payment", admin.expense.payments)):
            ids[kind] = _first(collection)
        ids["sla"] = _first(admin.service.sla, key="priority")
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
    body = api_as(reader[0]).resource(reader[1]).get(crawl.ids[kind])
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
