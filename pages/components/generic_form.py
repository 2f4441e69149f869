"""Any e-CRM form page, driven without knowing its fields: every enabled text box of the page's ``main`` region
(single-line inputs and text areas, whatever their ``inputmode``) is filled with the same text, then saved.

Composes ``Form`` (the save button and the error alert); a field's error is its accessible description.
"""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from pages.components.form import Form

_TYPED_AS_TEXT = ("el => el.tagName === 'TEXTAREA' || "
                  "['text', 'search', 'email', 'url', 'tel', 'number'].includes(el.type)")


class GenericFormPage:
    def __init__(self, page: Page):
        self.page = page
        self.main = page.get_by_role("main")
        self.form = Form(self.main)
        self.text_boxes = self.main.get_by_role("textbox")

    def arm_xss_trap(self) -> GenericFormPage:
        """From the next page load on, a payload that sets ``window.__xss`` is remembered for the whole tab (in
        ``sessionStorage``), so an execution on any page the form leads to is caught."""
        self.page.add_init_script(
            "Object.defineProperty(window, '__xss', {configurable: false,"
            " set() { sessionStorage.setItem('__xss', 'ran'); },"
            " get() { return sessionStorage.getItem('__xss'); }});")
        return self

    def open(self, path: str) -> GenericFormPage:
        self.page.goto(path)
        return self

    def enabled_text_boxes(self) -> list[Locator]:
        """Enabled single-line text inputs and text areas (date and time inputs are text boxes to ARIA, but typed
        through a picker, so they are left alone)."""
        return [box for box in self.text_boxes.all()
                if box.is_enabled() and box.is_editable() and box.evaluate(_TYPED_AS_TEXT)]

    def fill_every_text_box(self, text: str) -> list[Locator]:
        """Fill each enabled text box with ``text``; returns the boxes filled."""
        boxes = self.enabled_text_boxes()
        for box in boxes:
            box.fill(text)
        return boxes

    def save(self) -> None:
        """Press save and wait for the answer page (the re-shown form or wherever a saved form leads)."""
        with self.page.expect_navigation():
            self.form.submit()

    def error_of(self, box: Locator) -> str:
        """The message shown next to a field (its accessible description; empty when it has none)."""
        return box.evaluate(
            "el => (el.getAttribute('aria-describedby') || '').split(' ')"
            ".filter(id => id.endsWith('-error')).map(id => document.getElementById(id)?.innerText || '')"
            ".join(' ').trim()")

    def xss_marker(self) -> object:
        """``window.__xss``: None unless a payload ran in this tab since ``arm_xss_trap``."""
        return self.page.evaluate("() => window.__xss")
