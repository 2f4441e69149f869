"""Hostile-input sweep at HTTP level (COM-UI-3, COM-UI-2): every text and number field of every form page x every
applicable string of ``suite.data.hostile.CATALOGUE``, posted one field at a time through a logged-in session exactly as
a browser would. Each submission is either refused with a localised message next to the field, or stored and read
back exactly (docs/ARCHITECTURE.md "Hostile inputs"); never a server error.

Edit forms are swept on a record the test makes; a create form whose fields are all on its edit form (the same
Django form) is swept through that twin, and ``test_create_form_fields_are_swept`` sweeps the fields only the create
form has (settings codes) plus the create forms without a twin.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

from suite.data.hostile import BY_ID
from suite.data.service import description
from tests.functional.common.hostile_sweep import (
    Target,
    form_routes,
    load_form,
    report,
    route_params,
    sweep,
)

pytestmark = pytest.mark.area("Common", "输入校验")


def _customer_edit(fx) -> Target:
    return Target(f"/sales/customers/{fx('make_customer')()['id']}/edit/", "rep1")


def _contact_edit(fx) -> Target:
    contact = fx("make_contact")(fx("make_customer")())
    return Target(f"/sales/contacts/{contact['id']}/edit/", "rep1")


def _opportunity_edit(fx) -> Target:
    opportunity = fx("make_opportunity")(fx("make_sales_customer")())
    # The lost reason is kept only for a lost opportunity (SAL-OPP): on an open one it is emptied on save.
    return Target(f"/sales/opportunities/{opportunity['id']}/edit/", "rep1", cleared={"lost_reason"})


def _activity_edit(fx) -> Target:
    when = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=3)
    activity = fx("make_activity")(fx("make_customer")(), when)
    return Target(f"/sales/activities/{activity['id']}/edit/", "rep1")


def _setting_edit(kind: str) -> Callable:
    def arrange(fx) -> Target:
        return Target(f"/sales/settings/{kind}/{fx('make_setting')(kind)['id']}/", "admin")

    return arrange


def _claim_edit(fx) -> Target:
    return Target(f"/expense/claims/{fx('make_claim')(amounts=())['id']}/edit/", "rep1")


def _advance_edit(fx) -> Target:
    return Target(f"/expense/advances/{fx('make_advance')()['id']}/edit/", "rep1")


def _project_edit(fx) -> Target:
    return Target(f"/expense/projects/{fx('make_project')()['id']}/edit/", "admin")


def _employee_type_edit(fx) -> Target:
    # No create form: a seeded type, restored (name and every limit) by the sweep's final post.
    admin = fx("api_as")("admin")
    first = admin.expense.employee_types.page()
    rows = first["results"] if isinstance(first, dict) else first
    return Target(f"/expense/settings/employee-types/{rows[-1]['id']}/", "finance")


def _expense_category_edit(fx) -> Target:
    admin = fx("api_as")("admin")
    token = fx("uniq")()
    row = admin.expense.categories.create({
        "code": f"t{token}"[:20], "name": f"测试类别{token}", "name_en": f"Test {token}", "order": 90})
    fx("request").addfinalizer(lambda: admin.expense.categories.update_response(row['id'], {"active": False}))
    return Target(f"/expense/settings/categories/{row['id']}/", "finance")


def _rule_edit(fx) -> Target:
    # The product rule is the one that uses both N (threshold) and M (window_hours); others empty M on save.
    rule = fx("make_rule")(kind="product_burst", threshold=3, window_hours=24)
    return Target(f"/service/alert-rules/{rule['id']}/", "svcmanager")


def _kb_edit(fx) -> Target:
    return Target(f"/service/kb/{fx('make_article')()['id']}/edit/", "engineer")


def _unit_edit(fx) -> Target:
    return Target(f"/service/installed-products/{fx('make_unit')()['id']}/", "engineer")


def _product_edit(fx) -> Target:
    return Target(f"/service/settings/products/{fx('service_product')['id']}/", "svcmanager")


def _fault_category_edit(fx) -> Target:
    admin = fx("api_as")("admin")
    token = fx("uniq")()
    row = admin.service.categories.create({
        "code": f"t-{token}", "name": f"测试类别{token}", "name_en": f"Test {token}", "order": 90})
    fx("request").addfinalizer(lambda: admin.service.categories.update_response(row['id'], {"active": False}))
    return Target(f"/service/settings/categories/{row['id']}/", "svcmanager")


def _expense_settings(fx) -> Target:
    fx("expense_thresholds")()  # restores both thresholds afterwards
    return Target("/expense/settings/", "admin")


def _my_settings(fx) -> Target:
    fx("rep2_bank_account")()  # restores rep2's account, approver and language afterwards
    return Target("/expense/me/", "rep2", write_only={"card_number"})


def _sla_settings(fx) -> Target:
    fx("sla_settings")  # restores the SLA table and the surveys switch afterwards
    return Target("/service/settings/", "svcmanager")


# Edit forms and one-record settings pages: swept in full, read back on the same form.
EDIT_FORMS: dict[str, Callable] = {
    "sales:customer-edit": _customer_edit,
    "sales:contact-edit": _contact_edit,
    "sales:opportunity-edit": _opportunity_edit,
    "sales:activity-edit": _activity_edit,
    "sales:stage-edit": _setting_edit("stages"),
    "sales:industry-edit": _setting_edit("industries"),
    "sales:source-edit": _setting_edit("sources"),
    "expense:claim-edit": _claim_edit,
    "expense:advance-edit": _advance_edit,
    "expense:project-edit": _project_edit,
    "expense:employee-type-edit": _employee_type_edit,
    "expense:category-edit": _expense_category_edit,
    "expense:settings": _expense_settings,
    "expense:my-settings": _my_settings,
    "service:alert-rule-edit": _rule_edit,
    "service:kb-edit": _kb_edit,
    "service:unit-edit": _unit_edit,
    "service:product-edit": _product_edit,
    "service:category-edit": _fault_category_edit,
    "service:settings": _sla_settings,
}


# --------------------------------------------------------------------------------------------------- create forms
def _setting_create(kind: str, delete: bool, role: str = "admin", path: str = "") -> Callable:
    def arrange(fx) -> Target:
        table = fx("api_as")("admin").sales.setting(kind)
        uniq = fx("uniq")

        def baseline() -> dict[str, str]:
            token = uniq()
            return {"name": f"测试{token}", "name_en": f"Test {token}", "order": "90"}

        def clean(row: dict) -> None:
            if not delete or table.delete_response(row["id"]).status_code == 409:
                table.deactivate(row["id"])

        return Target(path or f"/sales/settings/{kind}/new/", role, baseline=baseline, api_list=table.path,
                      after_create=clean)

    return arrange


def _fault_create(fx) -> Target:
    customer, product = fx("service_customer"), fx("service_product")
    fake, uniq = fx("fake"), fx("uniq")
    service = fx("api_as")("admin").service
    hardware = str(service.category_id("hardware"))
    return Target("/service/faults/new/", "svcmanager", api_detail=service.faults.item_path("{pk}"),
                  baseline=lambda: {"customer": str(customer["id"]), "product": str(product["id"]),
                                    "category": hardware, "description": description(fake, uniq)})


def _rma_create(fx) -> Target:
    make_unit = fx("make_unit")
    fake = fx("fake")
    rmas = fx("api_as")("admin").service.rmas

    def baseline() -> dict[str, str]:
        unit = make_unit()  # one RMA per unit: each submission gets a unit of its own
        return {"customer": str(unit["customer"]), "installed_product": str(unit["id"]), "reason": fake.sentence()}

    return Target("/service/rma/new/", "engineer", api_detail=rmas.item_path("{pk}"), baseline=baseline)


# Create forms with fields of their own: (twin edit route or None, arrange).
CREATE_FORMS: dict[str, tuple[str | None, Callable]] = {
    "sales:stage-new": ("sales:stage-edit", _setting_create("stages", True)),
    "sales:industry-new": ("sales:industry-edit", _setting_create("industries", True)),
    "sales:source-new": ("sales:source-edit", _setting_create("sources", True)),
    "service:fault-new": (None, _fault_create),
    "service:rma-new": (None, _rma_create),
}

# Create forms whose every text and number field is on their edit twin (the same Django form class), so the twin's
# sweep covers them; ``test_twin_covers_create_form`` proves the field sets match. The browser sweep submits them.
TWINNED: dict[str, tuple[str, Callable[..., str]]] = {
    "sales:customer-new": ("sales:customer-edit", lambda fx: "/sales/customers/new/"),
    "sales:contact-new": ("sales:contact-edit", lambda fx: "/sales/contacts/new/"),
    "sales:opportunity-new": ("sales:opportunity-edit", lambda fx: "/sales/opportunities/new/"),
    "sales:activity-new": ("sales:activity-edit", lambda fx: "/sales/activities/new/"),
    "expense:claim-new": ("expense:claim-edit", lambda fx: "/expense/claims/new/"),
    "expense:advance-new": ("expense:advance-edit", lambda fx: "/expense/advances/new/"),
    "expense:project-new": ("expense:project-edit", lambda fx: "/expense/projects/new/"),
    "service:alert-rule-new": ("service:alert-rule-edit", lambda fx: "/service/alert-rules/new/"),
    "service:kb-new": ("service:kb-edit", lambda fx: "/service/kb/new/"),
    "service:unit-new": ("service:unit-edit", lambda fx: "/service/installed-products/new/"),
    "expense:category-new": ("expense:category-edit", lambda fx: "/expense/settings/categories/new/"),
    "service:product-new": ("service:product-edit", lambda fx: "/service/settings/products/new/"),
    "service:category-new": ("service:category-edit", lambda fx: "/service/settings/categories/new/"),
}

# Form pages the HTTP sweep does not submit, and why (reported by name in every run's collection).
UNREACHED = {
    "sales:settings": "a page of links to the settings lists, no form",
}


def _fx(request: pytest.FixtureRequest):
    return request.getfixturevalue


@pytest.mark.spec("COM-UI-3", severity="critical", priority="high")
def test_every_form_page_is_swept():
    """The URLconf's form pages are all in the sweep (a new form page must be added, not silently skipped)."""
    routes = form_routes()
    known = set(EDIT_FORMS) | set(CREATE_FORMS) | set(TWINNED) | set(UNREACHED)
    missing = sorted(set(routes) - known)
    stale = sorted(known - set(routes))
    assert not missing, f"form pages the hostile-input sweep does not reach: {missing}"
    assert not stale, f"the sweep names routes the URLconf no longer has: {stale}"


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("route", route_params(EDIT_FORMS))
def test_edit_form_survives_every_hostile_string(route, request, api_as):
    target = EDIT_FORMS[route](_fx(request))
    submissions, swept = sweep(api_as(target.role), target)
    assert swept, f"{route}: no text or number field found on {target.path}"
    failed = [s for s in submissions if s.problems]
    assert not failed, report(route, failed)


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("route", route_params(CREATE_FORMS))
def test_create_form_fields_are_swept(route, request, api_as):
    twin, arrange = CREATE_FORMS[route]
    fx = _fx(request)
    target = arrange(fx)
    api = api_as(target.role)
    own = {c.name for form in load_form(api, target.path) for c in form.swept()}
    if twin is not None:
        twin_target = EDIT_FORMS[twin](fx)
        own -= {c.name for form in load_form(api_as(twin_target.role), twin_target.path) for c in form.swept()}
    assert own, f"{route} has no field beyond its edit twin {twin}: move it to TWINNED"
    target.fields = own
    submissions, swept = sweep(api, target)
    assert sorted(swept) == sorted(own), f"{route}: swept {swept}, expected {sorted(own)}"
    failed = [s for s in submissions if s.problems]
    assert not failed, report(route, failed)


@pytest.mark.spec("COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("route", sorted(TWINNED))
def test_twin_covers_create_form(route, request, api_as):
    """The create form's text and number fields are exactly its edit twin's, which the full sweep covers."""
    twin, path_of = TWINNED[route]
    fx = _fx(request)
    twin_target = EDIT_FORMS[twin](fx)
    api = api_as(twin_target.role)
    created = sorted(c.name for form in load_form(api, path_of(fx)) for c in form.swept())
    edited = sorted(c.name for form in load_form(api, twin_target.path) for c in form.swept())
    assert created and created == edited, f"{route} fields {created} differ from {twin}'s {edited}"


# English: the messages of a representative subset, with Accept-Language en (no language cookie).
ENGLISH_STRINGS = ("seed-symbols", "nul", "long-ascii", "num-suffix", "num-huge-integer", "control-escape")


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("route", ["sales:customer-edit", "expense:employee-type-edit", "service:settings"])
def test_errors_are_english_for_an_english_user(route, request, api_as):
    target = EDIT_FORMS[route](_fx(request))
    strings = tuple(BY_ID[item] for item in ENGLISH_STRINGS)
    submissions, _swept = sweep(api_as(target.role, language="en"), target, language="en",
                                strings=lambda kind: tuple(s for s in strings if s.applies_to(kind)))
    failed = [s for s in submissions if s.problems]
    assert not failed, report(route, failed)

