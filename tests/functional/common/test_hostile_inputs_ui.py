"""Hostile-input sweep in the browser (COM-UI-3, COM-UI-2): every edit form's enabled text boxes are filled at once
with each group of rendering-critical strings (script and event-handler payloads that would set ``window.__xss``,
RTL override, emoji ZWJ sequences, zero-width characters, ``!@#$%^&*``, a 10,000-character string) and saved.

Whatever the e-CRM decides, no script runs, no dialog opens, the console stays clean and nothing is garbled. A
re-shown form shows each refused field's message next to it and keeps every other value exactly; a saved form shows
the text on the page it leads to, and reopening the form shows every value exactly (trimmed at the edges only).
Create forms are the same Django forms and templates as their edit twins (``test_twin_covers_create_form``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pages.components.generic_form import GenericFormPage
from suite.checks.assertions import assert_no_mojibake
from suite.checks.forms import is_localised
from suite.checks.hostile_forms import EDIT_FORMS
from suite.checks.hostile_sweep import route_params
from suite.data.hostile import UI_GROUPS, ui_payload

pytestmark = pytest.mark.area("Common", "输入校验")

# Saved forms that lead to a list or settings page rather than the record's own page: the value is checked on the
# reopened form only.
LEADS_TO_LIST = {"sales:stage-edit", "sales:industry-edit", "sales:source-edit", "expense:category-edit",
                 "expense:employee-type-edit", "expense:settings", "expense:my-settings", "service:alert-rule-edit",
                 "service:product-edit", "service:category-edit", "service:settings", "service:unit-edit"}


def _reshown_document(message, path: str) -> bool:
    """The browser logs a form page re-shown with status 400 (the e-Expense and e-Service settings pages answer a
    refused form so) as a failed resource; that is the document itself, not an error of the page."""
    url = message.location.get("url", "")
    return "status of 400" in message.text and url.split("?")[0].endswith(path)


@pytest.mark.spec("COM-UI-3", "COM-UI-2", severity="critical", priority="high")
@pytest.mark.parametrize("group", sorted(UI_GROUPS))
@pytest.mark.parametrize("route", route_params(EDIT_FORMS))
def test_hostile_text_is_inert_and_exact_in_the_browser(route, group, request, page_as):
    target = EDIT_FORMS[route](request.getfixturevalue)
    page = page_as(target.role)
    dialogs: list[str] = []
    console_errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: console_errors.append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error" and not _reshown_document(message, target.path) else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    payload = ui_payload(group)

    form = GenericFormPage(page).arm_xss_trap().open(target.path)
    filled = len(form.fill_every_text_box(payload))
    assert filled, f"{route}: no enabled text box on {target.path}"
    form.save()

    problems: list[str] = []
    boxes = form.enabled_text_boxes()
    reshown = page.url.endswith(target.path) and any(form.error_of(box) for box in boxes)
    if reshown:
        assert len(boxes) == filled, f"{route}: {filled} text boxes before saving, {len(boxes)} on the re-shown form"
        for index, box in enumerate(boxes):
            message = form.error_of(box)
            if message:
                if not is_localised(message, "zh-hans", payload):
                    problems.append(f"text box {index}: message not in Chinese: {message[:120]!r}")
            elif box.input_value() != payload:
                shown = box.input_value()
                problems.append(f"text box {index}: value not kept exactly on the re-shown form: {len(shown)} chars "
                                f"{shown[:50]!r}, typed {len(payload)} chars {payload[:50]!r}")
    else:
        if route not in LEADS_TO_LIST:
            expect(form.main).to_contain_text(payload.strip())
        assert_no_mojibake(form.main.inner_text().replace(payload.strip(), ""))
        form.open(target.path)
        reopened = form.enabled_text_boxes()
        assert len(reopened) == filled, f"{route}: {filled} text boxes before saving, {len(reopened)} on reopening"
        for index, box in enumerate(reopened):
            if box.input_value() != payload.strip():
                problems.append(f"text box {index}: reopened form shows {box.input_value()[:60]!r}")

    assert_no_mojibake(form.main.inner_text().replace(payload, ""))
    assert form.xss_marker() is None, f"{route} x {group}: a payload ran (window.__xss is set)"
    assert not dialogs, f"{route} x {group}: dialogs opened: {dialogs}"
    assert not console_errors, f"{route} x {group}: console errors: {console_errors[:5]}"
    assert not problems, f"{route} x {group} ({'re-shown' if reshown else 'saved'}):\n  " + "\n  ".join(problems)
