"""Hostile-input sweep through the API (COM-API-1, COM-UI-3): the writable text and number fields of ``/api/v1/``
that no form page shows (the form pages' fields are swept by ``test_hostile_inputs_http``) x every applicable string.
Each request answers 400 with a localised message for that field, or stores the value and reads it back exactly;
never a server error. ``test_every_writable_api_field_is_accounted_for`` reads the published OpenAPI schema, so a
new writable field is never silently left out.
"""

from __future__ import annotations

import datetime

import pytest

from suite.checks.forms import Outcome, judge
from suite.checks.hostile_sweep import Submission, report
from suite.data.expense import line_data
from suite.data.hostile import for_kind

pytestmark = pytest.mark.area("Common", "输入校验")

# Writable text/number fields of request bodies that the form sweep covers (same name on the resource's form page),
# or that are not free input: relations (ids), passwords (login/password change: never stored as typed), and
# comments on workflow steps (approve/reject/transition: the same validator as the fields swept below).
FORM_COVERED = {
    "activities": {"subject", "duration", "notes"}, "advances": {"purpose", "amount"},
    "alert-rules": {"name", "threshold", "window_hours"}, "claims": {"title"},
    "contacts": {"name", "title", "mobile", "notes"},
    "customers": {"name", "region", "city", "address", "phone", "tags"}, "employee-types": {"name"},
    "expense-categories": {"code", "name", "name_en", "order"}, "expense-settings": {"receipt_threshold",
                                                                                   "approval_threshold"},
    "fault-categories": {"code", "name", "name_en", "order"}, "fault-records": {"serial_number", "description"},
    "industries": {"code", "name", "name_en", "order"}, "installed-products": {"serial_number", "warranty_months"},
    "kb-articles": {"title", "content", "tags"}, "my-settings": {"bank_holder", "bank_name", "card_number"},
    "opportunities": {"name", "amount", "probability", "competitor", "lost_reason", "stage"},
    "products": {"code", "name", "name_en", "order"}, "projects": {"code", "name", "budget"},
    "rmas": {"reason"}, "sla-policies": {"response_hours", "resolution_hours"},
    "sources": {"code", "name", "name_en", "order"}, "stages": {"code", "name", "name_en", "order", "probability"},
}
NOT_FREE_TEXT = {"customer", "contact", "opportunity", "project", "industry", "source", "owner", "manager",
                 "recipient_user", "default_approver", "claim", "category", "product", "installed_product", "fault",
                 "assignee", "article", "receipt", "username", "password", "old_password", "new_password"}
STEP_COMMENTS = {("approve", "comment"), ("reject", "comment"), ("bulk-approve", "comment"),
                 ("transition", "resolution"), ("transition", "tracking_number"), ("transition", "quoted_price"),
                 ("transition", "reason"), ("repay", "amount")}
API_SWEPT = {("claim-lines", "description"), ("claim-lines", "amount"), ("reviews", "comment"),
             ("work-log", "text")}


def _writable_fields(schema: dict) -> set[tuple[str, str]]:
    components = schema["components"]["schemas"]
    found = set()
    for path, operations in schema["paths"].items():
        segments = [s for s in path.split("/") if s and not s.startswith("{")]
        resource, last = segments[2] if len(segments) > 2 else segments[-1], segments[-1]
        for method in ("post", "put", "patch"):
            body = operations.get(method, {}).get("requestBody", {}).get("content", {})
            ref = body.get("application/json", {}).get("schema", {}).get("$ref", "")
            for name, prop in components.get(ref.split("/")[-1], {}).get("properties", {}).items():
                if prop.get("readOnly") or "enum" in prop or prop.get("type") not in ("string", "number", "integer"):
                    continue
                if prop.get("format") in ("date", "date-time", "binary", "uri", "email") or "$ref" in prop:
                    continue
                found.add((last if last != resource else resource, name))
    return found


@pytest.mark.spec("COM-API-1", "COM-UI-3", severity="critical", priority="high")
def test_every_writable_api_field_is_accounted_for(api_as):
    admin = api_as("admin")
    schema = admin.expect(admin.get("/api/schema/", params={"format": "json"}), 200)
    missing = sorted(
        (resource, name) for resource, name in _writable_fields(schema)
        if name not in FORM_COVERED.get(resource, set()) and name not in NOT_FREE_TEXT
        and (resource, name) not in STEP_COMMENTS and (resource, name) not in API_SWEPT)
    assert not missing, f"writable API fields neither on a swept form nor in the API sweep: {missing}"


def _outcome(response, field: str, read_back=None) -> Outcome:
    if response.status_code == 400:
        body = response.json()
        messages = body.get(field) if isinstance(body, dict) else None
        others = {key: str(value) for key, value in body.items() if key != field} if isinstance(body, dict) else {}
        return Outcome(status=200, error=" ".join(map(str, messages)) if messages else None, other_errors=others)
    if response.status_code in (200, 201):
        value = read_back() if read_back else response.json().get(field)
        return Outcome(status=201, read_back=None if value is None else str(value), read_back_missing=value is None)
    return Outcome(status=response.status_code)


@pytest.mark.spec("COM-API-1", "COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("field,kind", [("description", "text"), ("amount", "number")])
def test_claim_line_fields_survive_every_hostile_string(api_as, make_claim, fake, server_today, field, kind):
    rep = api_as("rep1")
    claim = make_claim(amounts=())
    category = rep.expense.category_ids()["meals"]
    done = []
    for hostile in for_kind(kind):
        line = line_data(fake, server_today, "meals", "12.50", days=1)
        payload = {**line.as_dict(), "category": category, "claim": claim["id"], field: hostile.value}
        response = rep.expense.claim_lines.create_response(payload)
        line_id = response.json().get("id") if response.status_code == 201 else None
        outcome = _outcome(response, field, (lambda i=line_id: rep.expense.claim_lines.get_response(i).json().get(
            field)) if line_id else None)
        if line_id:
            rep.expense.claim_lines.delete(line_id)
        done.append(Submission(field, kind, hostile, judge(kind, hostile.value, outcome)))
    failed = [s for s in done if s.problems]
    assert not failed, report(f"POST {rep.expense.claim_lines.path}", failed)


@pytest.mark.spec("COM-API-1", "COM-UI-3", severity="critical", priority="high")
def test_review_comments_survive_every_hostile_string(api_as, make_customer, make_activity):
    when = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    activity = make_activity(make_customer(), when)
    manager = api_as("manager")
    done = []
    for hostile in for_kind("textarea"):
        response = manager.sales.add_review_comment_response(activity["id"], hostile.value)
        outcome = _outcome(response, "comment")
        done.append(Submission("comment", "textarea", hostile, judge("textarea", hostile.value, outcome)))
    failed = [s for s in done if s.problems]
    assert not failed, report(f"POST {manager.sales.reviews(activity['id']).path}", failed)


@pytest.mark.spec("COM-API-1", "COM-UI-3", severity="critical", priority="high")
def test_work_log_entries_survive_every_hostile_string(api_as, make_fault):
    fault = make_fault()
    manager = api_as("svcmanager")
    work_log = manager.service.work_log(fault["id"])
    done = []
    for hostile in for_kind("textarea"):
        response = work_log.create_response({"text": hostile.value})
        entry_id = response.json().get("id") if response.status_code == 201 else None

        def stored(entry_id=entry_id):
            rows = work_log.page()
            return next((row["text"] for row in rows if row["id"] == entry_id), None)

        outcome = _outcome(response, "text", stored if entry_id else None)
        done.append(Submission("text", "textarea", hostile, judge("textarea", hostile.value, outcome)))
    failed = [s for s in done if s.problems]
    assert not failed, report(f"POST {work_log.path}", failed)
