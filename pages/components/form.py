"""A form whose fields are found by their labels; errors are each field's accessible description.

A page names its fields once (``fields={"phone": both("电话", "Phone")}``) and then fills and reads them by key;
``submit()`` is the outcome that leaves the form, ``submit_expecting_errors()`` the one that stays with errors shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from playwright.sync_api import Locator, Page

from pages.components.screen import arrive
from pages.labels import SAVE, Name

Q = TypeVar("Q")  # the page a submitted form leads to


# The element kind (tag) of a named field of a declared form, learnt the first time it is filled: a page's fields are
# the same element on every visit, so each later fill is one round trip to the browser, not two.
_TAGS: dict[tuple, str] = {}


def _key(name: Name) -> tuple[str, str]:
    return ("pattern", name.pattern) if isinstance(name, re.Pattern) else ("text", name)


class Form:
    def __init__(self, root: Locator, submit: Name = SAVE, fields: dict[str, Name] | None = None):
        self.root = root
        self.fields: dict[str, Name] = dict(fields or {})
        # Which declared form this is (None: labels given ad hoc, their tag asked for each time).
        self._declared = tuple(sorted((key, _key(name)) for key, name in self.fields.items())) or None
        self.submit_button = root.get_by_role("button", name=submit)
        self.errors = root.get_by_role("alert")

    def label(self, key_or_label: Name) -> Name:
        """A field's label: a key of ``fields``, or the label itself."""
        return self.fields.get(key_or_label, key_or_label) if isinstance(key_or_label, str) else key_or_label

    def field(self, key_or_label: Name) -> Locator:
        """The input, select or textarea with that key or label (its error is its accessible description)."""
        label = self.label(key_or_label)
        return self.root.get_by_label(label, exact=isinstance(label, str))

    def fill(self, values: dict) -> None:
        """Fill fields by key or label; a bool ticks a checkbox; for a <select> the value is an option's value or
        label (an empty value picks the first option)."""
        for key, value in values.items():
            self.set(key, value)

    def set(self, key_or_label: Name, value: object) -> None:
        field = self.field(key_or_label)
        if isinstance(value, bool):
            field.set_checked(value)
            return
        tag = self._tag(key_or_label, field)
        if tag == "SELECT":
            field.select_option(str(value)) if value != "" else field.select_option(index=0)
        else:
            field.fill("" if value is None else str(value))

    def _tag(self, key_or_label: Name, field: Locator) -> str:
        if self._declared is None or key_or_label not in self.fields:
            return field.evaluate("element => element.tagName")
        key = (self._declared, key_or_label)
        if key not in _TAGS:
            _TAGS[key] = field.evaluate("element => element.tagName")
        return _TAGS[key]

    def error_of(self, key_or_label: Name) -> Locator:
        """The message shown under a field (the element its ``aria-describedby`` names, ``<id>-error``)."""
        field_id = self.field(key_or_label).get_attribute("id")
        return self.root.locator(f"#{field_id}-error")

    def options(self, key_or_label: Name, name: Name | None = None) -> Locator:
        """A select's options (those named ``name`` when given)."""
        return self.field(key_or_label).get_by_role("option", name=name)

    def submit(self) -> None:
        self.submit_button.click()

    def submit_to(self, target: Callable[[Page], Q]) -> Q:
        """Submit; the page the form leads to (``target``, a page class), loaded."""
        self.submit()
        return arrive(self.root.page, target)

    def submit_expecting_errors(self) -> Locator:
        """Submit and wait for the form to come back with its errors; the error messages shown."""
        self.submit_button.click()
        self.errors.first.wait_for()
        return self.errors
