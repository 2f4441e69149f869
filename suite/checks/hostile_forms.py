"""The form pages of the hostile-input sweep and how each is reached: for each URLconf form route, the record it
edits (made through the factories, or a seed record the sweep restores), as whom, and how an accepted value is read
back. Shared by the HTTP sweep (``tests/functional/common/test_hostile_inputs_http.py``) and the browser sweep
(``test_hostile_inputs_ui.py``).

Each ``arrange(fx)`` takes ``request.getfixturevalue`` and returns the ``Target`` to sweep.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from suite.checks.hostile_sweep import Target
from suite.data.service import description


def _made(factory: str, path: str, role: str, **made) -> Callable:
    """The form of a record the factory fixture ``factory`` makes (``path`` has one ``{}`` for its id)."""

    def arrange(fx) -> Target:
        return Target(path.format(fx(factory)(**made)["id"]), role)

    return arrange


def _category(table: Callable, code: Callable[[str], str], path: str, role: str) -> Callable:
    """A settings category of ``table(api)`` made for the sweep and made inactive afterwards."""

    def arrange(fx) -> Target:
        categories, token = table(fx("api_as")("admin")), fx("uniq")()
        row = categories.create({"code": code(token), "name": f"测试类别{token}", "name_en": f"Test {token}",
                                 "order": 90})
        fx("request").addfinalizer(lambda: categories.update_response(row["id"], {"active": False}))
        return Target(path.format(row["id"]), role)

    return arrange


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


def _employee_type_edit(fx) -> Target:
    # No create form: a seeded type, restored (name and every limit) by the sweep's final post.
    admin = fx("api_as")("admin")
    first = admin.expense.employee_types.page()
    rows = first["results"] if isinstance(first, dict) else first
    return Target(f"/expense/settings/employee-types/{rows[-1]['id']}/", "finance")


def _rule_edit(fx) -> Target:
    # The product rule is the one that uses both N (threshold) and M (window_hours); others empty M on save.
    rule = fx("make_rule")(kind="product_burst", threshold=3, window_hours=24)
    return Target(f"/service/alert-rules/{rule['id']}/", "svcmanager")


def _product_edit(fx) -> Target:
    return Target(f"/service/settings/products/{fx('service_product')['id']}/", "svcmanager")


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
    "sales:customer-edit": _made("make_customer", "/sales/customers/{}/edit/", "rep1"),
    "sales:contact-edit": _contact_edit,
    "sales:opportunity-edit": _opportunity_edit,
    "sales:activity-edit": _activity_edit,
    "sales:stage-edit": _setting_edit("stages"),
    "sales:industry-edit": _setting_edit("industries"),
    "sales:source-edit": _setting_edit("sources"),
    "expense:claim-edit": _made("make_claim", "/expense/claims/{}/edit/", "rep1", amounts=()),
    "expense:advance-edit": _made("make_advance", "/expense/advances/{}/edit/", "rep1"),
    "expense:project-edit": _made("make_project", "/expense/projects/{}/edit/", "admin"),
    "expense:employee-type-edit": _employee_type_edit,
    "expense:category-edit": _category(lambda api: api.expense.categories, lambda token: f"t{token}"[:20],
                                       "/expense/settings/categories/{}/", "finance"),
    "expense:settings": _expense_settings,
    "expense:my-settings": _my_settings,
    "service:alert-rule-edit": _rule_edit,
    "service:kb-edit": _made("make_article", "/service/kb/{}/edit/", "engineer"),
    "service:unit-edit": _made("make_unit", "/service/installed-products/{}/", "engineer"),
    "service:product-edit": _product_edit,
    "service:category-edit": _category(lambda api: api.service.categories, lambda token: f"t-{token}",
                                       "/service/settings/categories/{}/", "svcmanager"),
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
TWINNED: dict[str, tuple[str, str]] = {  # create route: (its edit twin, the create form's path)
    "sales:customer-new": ("sales:customer-edit", "/sales/customers/new/"),
    "sales:contact-new": ("sales:contact-edit", "/sales/contacts/new/"),
    "sales:opportunity-new": ("sales:opportunity-edit", "/sales/opportunities/new/"),
    "sales:activity-new": ("sales:activity-edit", "/sales/activities/new/"),
    "expense:claim-new": ("expense:claim-edit", "/expense/claims/new/"),
    "expense:advance-new": ("expense:advance-edit", "/expense/advances/new/"),
    "expense:project-new": ("expense:project-edit", "/expense/projects/new/"),
    "service:alert-rule-new": ("service:alert-rule-edit", "/service/alert-rules/new/"),
    "service:kb-new": ("service:kb-edit", "/service/kb/new/"),
    "service:unit-new": ("service:unit-edit", "/service/installed-products/new/"),
    "expense:category-new": ("expense:category-edit", "/expense/settings/categories/new/"),
    "service:product-new": ("service:product-edit", "/service/settings/products/new/"),
    "service:category-new": ("service:category-edit", "/service/settings/categories/new/"),
}

# Form pages the HTTP sweep does not submit, and why (reported by name in every run's collection).
UNREACHED = {
    "sales:settings": "a page of links to the settings lists, no form",
}
