"""A form whose fields are found by their labels; errors are each field's accessible description."""

from __future__ import annotations

import re

from playwright.sync_api import Locator

from pages.labels import SAVE

Name = str | re.Pattern[str]


class Form:
    def __init__(self, root: Locator, submit: Name = SAVE):
        self.root = root
        self.submit_button = root.get_by_role("button", name=submit)
        self.errors = root.get_by_role("alert")

    def field(self, label: Name) -> Locator:
        """The input, select or textarea labelled ``label`` (its error is its accessible description)."""
        return self.root.get_by_label(label, exact=isinstance(label, str))

    def fill(self, values: dict[Name, object]) -> None:
        """Fill fields by label; a bool ticks a checkbox; for a <select> the value is an option's value or label."""
        for label, value in values.items():
            self.set(label, value)

    def set(self, label: Name, value: object) -> None:
        field = self.field(label)
        if isinstance(value, bool):
            field.set_checked(value)
            return
        tag = field.evaluate("element => element.tagName")
        if tag == "SELECT":
            field.select_option(str(value)) if value != "" else field.select_option(index=0)
        else:
            field.fill("" if value is None else str(value))

    def submit(self) -> None:
        self.submit_button.click()
