"""Forms as a browser sees them, and the hostile-input oracle (COM-UI-3, COM-UI-2). Pure functions, no I/O.

``parse_forms(html)`` reads every ``<form method=post>`` of a page: its controls, what a browser would submit, and
the errors shown next to each field. ``judge(...)`` decides whether one hostile submission was handled acceptably;
the rules are those of docs/ARCHITECTURE.md "Hostile inputs".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from suite.checks.assertions import MOJIBAKE_MARKERS

SWEPT_INPUT_TYPES = {"text", "number", "email", "url", "tel", "search"}
_INPUTMODE_KIND = {"numeric": "number", "decimal": "number", "email": "email", "url": "url", "tel": "tel"}
_CJK = re.compile("[\u4e00-\u9fff]")
_LATIN = re.compile("[A-Za-z]{2,}")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Control:
    """One form control: an input, a textarea or a select."""

    tag: str
    name: str
    type: str = ""
    id: str = ""
    value: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    checked: bool = False
    disabled: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected) of a select

    @property
    def kind(self) -> str | None:
        return field_kind(self)


@dataclass
class ParsedForm:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # element id ("id_name-error") -> its text
    alert: str = ""  # the form's role="alert" box (non-field errors)

    def swept(self) -> list[Control]:
        """The text and number fields a person can type into (disabled ones are not submitted)."""
        return [c for c in self.controls if c.kind is not None and not c.disabled and c.name]

    def control(self, name: str) -> Control:
        for control in self.controls:
            if control.name == name:
                return control
        raise KeyError(f"the form has no field {name!r}; it has {[c.name for c in self.controls]}")

    def error_for(self, control: Control) -> str | None:
        """The text shown next to the field (``<id>-error``), or None."""
        return self.errors.get(f"{control.id}-error") if control.id else None

    def data(self) -> list[tuple[str, str]]:
        """What a browser submits for this form, in document order (no submit buttons, no files)."""
        pairs: list[tuple[str, str]] = []
        for control in self.controls:
            if control.disabled or not control.name:
                continue
            if control.tag == "select":
                chosen = [value for value, selected in control.options if selected]
                if not chosen and control.options and "multiple" not in control.attrs:
                    chosen = [control.options[0][0]]
                pairs.extend((control.name, value) for value in chosen)
            elif control.type in ("checkbox", "radio"):
                if control.checked:
                    pairs.append((control.name, control.value or "on"))
            elif control.type in ("submit", "button", "reset", "image", "file"):
                continue
            else:
                pairs.append((control.name, control.value))
        return pairs


def field_kind(control: Control) -> str | None:
    """``text``, ``textarea``, ``number``, ``email``, ``url``, ``tel``, or None for a control the sweep skips."""
    if control.tag == "textarea":
        return "textarea"
    if control.tag != "input":
        return None
    if control.type not in SWEPT_INPUT_TYPES:
        return None
    if control.type in ("number", "email", "url", "tel"):
        return control.type
    return _INPUTMODE_KIND.get(control.attrs.get("inputmode", ""), "text")


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[ParsedForm] = []
        self._form: ParsedForm | None = None
        self._textarea: Control | None = None
        self._select: Control | None = None
        self._option: list | None = None
        self._error_stack: list[tuple[str, int]] = []  # (id, depth) of open error / alert elements
        self._error_text: dict[str, list[str]] = {}
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag not in _VOID and tag != "option":
            self._depth += 1
        if tag == "form":
            self._form = ParsedForm(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if a.get("id", "").endswith("-error"):
            self._error_stack.append((a["id"], self._depth))
        elif a.get("role") == "alert":
            self._error_stack.append(("__alert__", self._depth))
        if tag == "input":
            self._form.controls.append(Control(
                tag="input", name=a.get("name", ""), type=a.get("type", "text").lower(), id=a.get("id", ""),
                value=a.get("value", ""), attrs=a, checked="checked" in a, disabled="disabled" in a))
        elif tag == "textarea":
            self._textarea = Control(tag="textarea", name=a.get("name", ""), id=a.get("id", ""), attrs=a,
                                     disabled="disabled" in a)
            self._form.controls.append(self._textarea)
        elif tag == "select":
            self._select = Control(tag="select", name=a.get("name", ""), id=a.get("id", ""), attrs=a,
                                   disabled="disabled" in a)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]
            self._select.options.append(("", False))  # replaced when the option ends or the next one starts

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value = self._option[0] if self._option[0] is not None else self._option[2].strip()
            self._select.options[-1] = (value, self._option[1])
            self._option = None

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag in ("option", "select"):
            self._close_option()
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser drops one newline right after <textarea>; so does Django's widget template add one.
            if self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None
        if self._error_stack and self._error_stack[-1][1] == self._depth:
            self._error_stack.pop()
        if tag == "form":
            self._finish_form()
        if tag != "option":
            self._depth -= 1

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data
        for error_id, _depth in self._error_stack:
            self._error_text.setdefault(error_id, []).append(data)

    def _finish_form(self):
        if self._form is None:
            return
        self._close_option()
        for error_id, parts in self._error_text.items():
            text = " ".join("".join(parts).split())
            if error_id == "__alert__":
                self._form.alert = text
            else:
                self._form.errors[error_id] = text
        self._error_text = {}
        self._error_stack = []
        self._form = None

    def close(self):
        super().close()
        self._finish_form()


def parse_forms(html: str) -> list[ParsedForm]:
    """Every form of the page, with its controls and the errors shown in it."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_forms(html: str) -> list[ParsedForm]:
    """The page's ``method=post`` forms that hold at least one text or number field (not the language switch)."""
    return [form for form in parse_forms(html) if form.method == "post" and form.swept()]


def replace(pairs: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """The submission with field ``name`` set to ``value`` (everything else as it was)."""
    if not any(key == name for key, _ in pairs):
        raise KeyError(f"{name!r} is not submitted by the form")
    return [(key, value if key == name else old) for key, old in pairs]


# --------------------------------------------------------------------------------------------------- the oracle
# Fields holding a comma-separated list (tags): documented to be stored as the list, each item trimmed, empty items
# dropped, joined with ", " (a full-width comma also separates).
LIST_FIELDS = {"tags"}
# Fields documented to be stored in upper case (serial numbers, docs/modules/service.md).
UPPER_FIELDS = {"serial_number"}
RESHOWN = (200, 400, 422)  # a form re-shown with its errors (the e-Expense pages answer 400)


def expected_text(kind: str, sent: str, name: str = "") -> set[str]:
    """The read-backs that count as "stored exactly" for a text-class field (docs/ARCHITECTURE.md)."""
    trimmed = sent.strip()
    if name in LIST_FIELDS:
        return {", ".join(item.strip() for item in sent.replace("，", ",").split(",") if item.strip())}
    if name in UPPER_FIELDS:
        return {trimmed.upper()}
    accepted = {trimmed}
    if kind == "url" and trimmed and "://" not in trimmed:
        accepted.add(f"https://{trimmed}")  # the documented default scheme of a website field
    return accepted


def as_number(text: str) -> Decimal | None:
    """The number a string means, or None when it is not a plain finite decimal number.

    Unicode decimal digits (full-width ``１２３``, Arabic-Indic) are the same digits; ``1,000.00``, ``12abc``,
    ``0x1F``, ``--1``, ``NaN`` and ``Infinity`` are not numbers.
    """
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def is_localised(message: str, language: str, sent: str = "") -> bool:
    """Chinese (zh-hans): has Chinese characters. English: has Latin words and no Chinese beyond what was sent."""
    if sent:
        message = message.replace(sent.strip(), " ")
    if language.startswith("zh"):
        return bool(_CJK.search(message))
    return bool(_LATIN.search(message)) and not _CJK.search(message)


@dataclass
class Outcome:
    """What the e-CRM did with one submission."""

    status: int
    error: str | None = None  # the message shown next to the field, when the form was re-shown
    other_errors: dict[str, str] = field(default_factory=dict)  # other fields' messages, and the alert box
    read_back: str | None = None  # the stored value, when it was accepted and can be read back
    read_back_missing: bool = False  # accepted, but the value could not be found where it should be


def judge(kind: str, sent: str, outcome: Outcome, language: str = "zh-hans", name: str = "") -> list[str]:
    """The problems with one submission; empty when the e-CRM handled it acceptably.

    Acceptable: (a) the form re-shown with a localised message next to the field, or (b) the value stored and read
    back exactly (text: trimmed at the edges only; number: the same number). Never a 5xx, never mojibake.
    """
    problems: list[str] = []
    if outcome.status >= 500:
        return [f"server error {outcome.status}"]
    if outcome.status in RESHOWN:
        if outcome.error is None:
            shown = "; ".join(f"{key}: {text}" for key, text in outcome.other_errors.items()) or "nothing"
            return [f"form re-shown without an error next to the field (shown: {shown})"]
        if not outcome.error.strip():
            problems.append("an empty error message next to the field")
        elif not is_localised(outcome.error, language, sent):
            problems.append(f"error not in {language}: {outcome.error[:160]!r}")
        marks = [mark for mark in MOJIBAKE_MARKERS if mark in outcome.error.replace(sent, "")]
        if marks:
            problems.append(f"mojibake {marks} in the error {outcome.error[:160]!r}")
        return problems
    if outcome.status in (301, 302, 303, 201, 204):
        if outcome.read_back_missing:
            return ["accepted, but the stored value could not be read back"]
        if outcome.read_back is None:
            return []  # a write-only field (documented): only "no server error" applies
        return _compare(kind, sent, outcome.read_back, name)
    return [f"unexpected status {outcome.status}"]


def _compare(kind: str, sent: str, read_back: str, name: str = "") -> list[str]:
    if kind == "number":
        meant = as_number(sent)
        stored = as_number(read_back) if read_back.strip() else None
        if meant is None:
            if stored is None and not read_back.strip() and not sent.strip():
                return []  # blank stays blank
            return [f"{sent[:40]!r} is not a number but was accepted and stored as {read_back[:40]!r}"]
        if stored != meant:
            return [f"stored as a different number: sent {sent[:40]!r} ({meant}), read back {read_back[:40]!r}"]
        return []
    accepted = expected_text(kind, sent, name)
    if read_back in accepted:
        return []
    marks = [mark for mark in MOJIBAKE_MARKERS if mark in read_back and mark not in sent]
    detail = f" (mojibake {marks})" if marks else ""
    return [f"stored differently{detail}: expected {_short(min(accepted, key=len))}, read back {_short(read_back)}"]


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else f"{text[:40]}…({len(text)} chars)")
