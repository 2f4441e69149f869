"""The hostile-input sweep's runner: which form pages exist, how each is reached, and one submission at a time
through a logged-in HTTP session exactly as a browser would post it (CSRF token from the form, form encoding).

The form pages are the URLconf's routes named ``*-new``, ``*-edit``, ``settings`` and ``my-settings``
(``form_routes()``); ``suite.checks.hostile_forms`` says how each is reached. A route that is in none of its tables
(``EDIT_FORMS``, ``CREATE_FORMS``, ``TWINNED``, ``UNREACHED``) fails ``test_every_form_page_is_swept``, so a new form
is never silently left out.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest

from suite.api.client import EcrmApi
from suite.checks import routes
from suite.checks.forms import RESHOWN, Outcome, ParsedForm, judge, post_forms, replace
from suite.data.hostile import Hostile, for_kind

FORM_ROUTE = re.compile(r"(-new|-edit|^settings|^my-settings)$")
# Forms whose record is shared by every check: a deployment-wide setting, a seed record others rely on, a demo user's
# own settings. Swept on a deployment shared by several workers, they run alone (``suite.plugin.deployment``).
SHARED_FORMS = {
    "expense:settings": "sweeps the deployment's expense settings",
    "service:settings": "sweeps the deployment's service settings (SLA table, surveys switch)",
    "expense:my-settings": "sweeps a demo user's own settings",
    "expense:employee-type-edit": "sweeps an employee type the seed's users belong to",
}


def route_params(route_names) -> list:
    """The routes as ``parametrize`` values, the shared forms marked to run alone on a shared deployment."""
    return [pytest.param(name, marks=pytest.mark.exclusive(SHARED_FORMS[name])) if name in SHARED_FORMS else name
            for name in sorted(route_names)]


def form_routes() -> dict[str, str]:
    """``{"sales:customer-edit": "sales/customers/<int:pk>/edit/", ...}``: every form page of the URLconf."""
    return {route.name: route.pattern for route in routes.urlconf_routes()
            if route.name and ":" in route.name and FORM_ROUTE.search(route.name.split(":", 1)[1])}


@dataclass
class Target:
    """A form page ready to be swept: where it is, as whom, and how an accepted value is read back."""

    path: str
    role: str
    # Extra values for a create form's baseline (the data factories' values), set per submission.
    baseline: Callable[[], dict[str, str]] | None = None
    # Only these fields (None: every text and number field).
    fields: set[str] | None = None
    # Fields whose value is never shown again (a card number): only "no server error, clear error" applies.
    write_only: set[str] = field(default_factory=set)
    # Fields a business rule empties in this record's state (documented): an accepted value reads back empty.
    cleared: set[str] = field(default_factory=set)
    # A create form: read an accepted value back from the API (path template with {pk} from the redirect).
    api_detail: str | None = None
    # A create form whose redirect carries no id: find the new row in this API list by the baseline's name.
    api_list: str | None = None
    after_create: Callable[[dict], None] | None = None  # clean-up of a row a create form made


@dataclass
class Submission:
    name: str
    kind: str
    hostile: Hostile
    problems: list[str]


def _html(api: EcrmApi, path: str) -> tuple[int, str]:
    response = api.session.get(api.url(path), headers={"Accept": "text/html"}, allow_redirects=False, timeout=60)
    return response.status_code, response.text


def _post(api: EcrmApi, url: str, pairs: list[tuple[str, str]]):
    return api.session.post(url, data=[(k, v.encode("utf-8")) for k, v in pairs],
                            headers={"Accept": "text/html", "Referer": url}, allow_redirects=False, timeout=60)


def _same_form(forms: list[ParsedForm], name: str) -> ParsedForm | None:
    return next((form for form in forms if any(c.name == name for c in form.controls)), None)


def load_form(api: EcrmApi, path: str) -> list[ParsedForm]:
    status, html = _html(api, path)
    if status != 200:
        raise AssertionError(f"GET {path} as {api.username} answered {status}")
    forms = post_forms(html)
    if not forms:
        raise AssertionError(f"{path} has no post form with a text or number field")
    return forms


def sweep(api: EcrmApi, target: Target, language: str = "zh-hans",
          strings: Callable[[str], tuple[Hostile, ...]] = for_kind) -> tuple[list[Submission], list[str]]:
    """Every swept field of every post form on the page x every applicable string.

    Each field is judged on a submission in which it holds the string. To keep the sweep fast, a string is first
    sent to all of a form's fields at once; fields refused there are judged on that answer, the others are sent
    again together (so the form can be saved and every value read back), and any still undecided (a cross-field
    rule, or a server error) one field at a time. An edit form is put back as it was found at the end.
    Returns the submissions (with their problems) and the field names swept.
    """
    url = api.url(target.path)
    forms = load_form(api, target.path)
    done: list[Submission] = []
    swept: list[str] = []
    for form in forms:
        action = urljoin(url, form.action) if form.action else url
        base = form.data()
        controls = [c for c in form.swept() if target.fields is None or c.name in target.fields]
        swept.extend(c.name for c in controls)
        ordered: dict[str, Hostile] = {}
        for control in controls:
            ordered.update({hostile.id: hostile for hostile in strings(control.kind)})
        for hostile in ordered.values():
            group = [c for c in controls if hostile in strings(c.kind)]
            outcomes = _decide(api, target, action, base, group, hostile.value)
            for c in group:
                outcome = outcomes[c.name]
                if c.name in target.cleared and outcome.read_back == "":
                    outcome.read_back = hostile.value.strip()  # emptied by the documented rule
                done.append(Submission(c.name, c.kind, hostile, judge(c.kind, hostile.value, outcome, language,
                                                                      c.name)))
        if target.api_detail is None and target.api_list is None:
            response = _post(api, action, base)  # put the record back as it was
            if response.status_code not in (301, 302, 303):
                raise AssertionError(f"restoring {target.path} answered {response.status_code}")
    return done, swept


def _decide(api, target, action, base, group, value) -> dict[str, Outcome]:
    decided: dict[str, Outcome] = {}
    pending = list(group)
    for _attempt in range(2):
        if len(pending) <= 1:
            break
        outcomes = _submit(api, target, action, base, pending, value)
        status = next(iter(outcomes.values())).status
        if status in RESHOWN:
            refused = [c for c in pending if outcomes[c.name].error is not None]
            decided.update({c.name: outcomes[c.name] for c in refused})
            pending = [c for c in pending if c not in refused]
            if not refused:
                break  # re-shown for another field's sake: decide one at a time
        elif status < 500:
            decided.update(outcomes)
            pending = []
        else:
            break  # find out which field causes it
    for control in pending:
        decided.update(_submit(api, target, action, base, [control], value))
    return decided


def _submit(api: EcrmApi, target: Target, action: str, base, controls, value: str) -> dict[str, Outcome]:
    extra = target.baseline() if target.baseline else {}
    names = {c.name for c in controls}
    pairs = base
    for key, baseline_value in extra.items():
        if key not in names:
            pairs = replace(pairs, key, baseline_value)
    for name in names:
        pairs = replace(pairs, name, value)
    response = _post(api, action, pairs)
    outcomes = {name: Outcome(status=response.status_code) for name in names}
    if response.status_code in RESHOWN:
        form = _same_form(post_forms(response.text), controls[0].name)
        for control in controls:
            outcome = outcomes[control.name]
            if form is None:
                outcome.other_errors = {"page": "the form is not on the re-shown page"}
                continue
            shown = form.control(control.name)
            outcome.error = form.error_for(shown)
            outcome.other_errors = {key: text for key, text in form.errors.items() if key != f"{shown.id}-error"}
            if form.alert:
                outcome.other_errors["alert"] = form.alert
        return outcomes
    if response.status_code not in (301, 302, 303):
        return outcomes
    location = urljoin(action, response.headers.get("Location", ""))
    row: dict | None = None
    if target.api_detail:
        match = re.search(r"/(\d+)/?$", urlsplit(location).path)
        row = api.get(target.api_detail.format(pk=match.group(1))).json() if match else {}
        rows = [row] if row else []
    elif target.api_list:
        rows = [r for r in api.list_all(target.api_list, status="all") if r.get("name") == extra.get("name")]
        row = rows[0] if rows else {}
    if row is not None:
        for name in names - target.write_only:
            _read(outcomes[name], row, name)
        for created in rows:
            if target.after_create:
                target.after_create(created)
        return outcomes
    form = _same_form(post_forms(_html(api, target.path)[1]), controls[0].name)
    for name in names - target.write_only:
        if form is None:
            outcomes[name].read_back_missing = True
        else:
            outcomes[name].read_back = form.control(name).value
    return outcomes


def _read(outcome: Outcome, row: dict, name: str) -> None:
    if name not in row:
        outcome.read_back_missing = True
    else:
        value = row[name]
        outcome.read_back = "" if value is None else str(value)


def report(route: str, submissions: list[Submission]) -> str:
    """One line per failed submission: form, field (kind), string id, what was wrong."""
    lines = [f"{route} {s.name} ({s.kind}) x {s.hostile.id}: {problem}"
             for s in submissions for problem in s.problems]
    return f"{len(lines)} problem(s) in {len(submissions)} submissions:\n  " + "\n  ".join(lines)


def today_iso() -> str:
    return datetime.date.today().isoformat()
