"""Hostile-input sweep at HTTP level (COM-UI-3, COM-UI-2): every text and number field of every form page x the
applicable strings of ``suite.data.hostile.CATALOGUE`` (on a PR run a sample with every category in it, drawn by the
run id; every string with ``--ecrm-sweep full``, as the nightly run does: the ``hostile_strings`` fixture), posted
through a logged-in session exactly as a browser would. Each submission is either refused with a localised message
next to the field, or stored and read back exactly (docs/ARCHITECTURE.md "Hostile inputs"); never a server error.

Edit forms are swept on a record the test makes; a create form whose fields are all on its edit form (the same
Django form) is swept through that twin, and ``test_create_form_fields_are_swept`` sweeps the fields only the create
form has (settings codes) plus the create forms without a twin. Which form pages there are and how each is reached:
``suite.checks.hostile_forms``.
"""

from __future__ import annotations

import pytest

from suite.checks.hostile_forms import CREATE_FORMS, EDIT_FORMS, TWINNED, UNREACHED
from suite.checks.hostile_sweep import form_routes, load_form, report, route_params, sweep
from suite.data.hostile import BY_ID

pytestmark = pytest.mark.area("Common", "输入校验")


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
def test_edit_form_survives_every_hostile_string(route, request, api_as, hostile_strings):
    target = EDIT_FORMS[route](_fx(request))
    submissions, swept = sweep(api_as(target.role), target, strings=hostile_strings)
    assert swept, f"{route}: no text or number field found on {target.path}"
    failed = [s for s in submissions if s.problems]
    assert not failed, report(route, failed)


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("route", route_params(CREATE_FORMS))
def test_create_form_fields_are_swept(route, request, api_as, hostile_strings):
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
    submissions, swept = sweep(api, target, strings=hostile_strings)
    assert sorted(swept) == sorted(own), f"{route}: swept {swept}, expected {sorted(own)}"
    failed = [s for s in submissions if s.problems]
    assert not failed, report(route, failed)


@pytest.mark.spec("COM-UI-3", severity="critical", priority="high")
@pytest.mark.parametrize("route", sorted(TWINNED))
def test_twin_covers_create_form(route, request, api_as):
    """The create form's text and number fields are exactly its edit twin's, which the full sweep covers."""
    twin, path = TWINNED[route]
    fx = _fx(request)
    twin_target = EDIT_FORMS[twin](fx)
    api = api_as(twin_target.role)
    created = sorted(c.name for form in load_form(api, path) for c in form.swept())
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

