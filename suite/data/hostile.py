"""The hostile-input catalogue (COM-UI-3, COM-UI-2): strings every text and number field must survive.

The one list of them is ``hostile.toml`` beside this module. The sweeps (``tests/functional/common/test_hostile_*``)
send every entry to every field it applies to; a per-module test takes a named subset (``FIELD_SAMPLE``,
``UI_GROUPS``) or entries by id (``BY_ID``).

Each entry says which field kinds it is sent to. A field's kind comes from its markup (``forms.field_kind``):
``text`` (one line), ``textarea``, ``number`` (``inputmode`` numeric/decimal or ``type=number``), ``email``, ``url``,
``tel``. Text-class strings go to every kind (a number field must refuse ``<script>`` as clearly as a name field
stores it); number-class strings go to number fields only.

Strings that would run script set ``window.__xss`` (the browser sweep checks that marker) rather than open a dialog,
so an execution is caught even where ``alert`` is blocked.
"""

from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

TEXT_KINDS = frozenset({"text", "textarea", "email", "url", "tel"})
NUMBER_KINDS = frozenset({"number"})
ALL_KINDS = TEXT_KINDS | NUMBER_KINDS


@dataclass(frozen=True)
class Hostile:
    id: str
    value: str
    category: str
    kinds: frozenset[str] = ALL_KINDS
    # Sent by the browser sweep too (it checks how the value is rendered, not only how it is stored).
    rendering: bool = False

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


CATALOGUE_FILE = Path(__file__).with_name("hostile.toml")


def _entry(row: dict) -> Hostile:
    kinds = {"number": NUMBER_KINDS, None: ALL_KINDS}[row.get("kinds")]
    value = row["value"] * row.get("repeat", 1)
    return Hostile(row["id"], value, row["category"], kinds, row.get("rendering", False))


def load(path: Path = CATALOGUE_FILE) -> tuple[Hostile, ...]:
    """The catalogue's entries, in the file's order."""
    with path.open("rb") as file:
        return tuple(_entry(row) for row in tomllib.load(file)["strings"])


CATALOGUE: tuple[Hostile, ...] = load()

BY_ID: dict[str, Hostile] = {entry.id: entry for entry in CATALOGUE}

# The browser sweep's payloads: the rendering-critical strings, grouped so that one submission of a form checks
# several of them (every text field of the form gets the group's text at once).
UI_GROUPS: dict[str, tuple[str, ...]] = {
    "markup": ("xss-script", "xss-img", "xss-svg", "xss-js-url"),
    "invisible": ("rtl-override", "emoji-zwj", "seed-symbols", "zw-space"),
    "long": ("long-ascii",),
}


def ui_payload(group: str) -> str:
    """The text the browser sweep types into every text field for one group."""
    return " ".join(BY_ID[item].value for item in UI_GROUPS[group])


def for_kind(kind: str) -> tuple[Hostile, ...]:
    """The entries sent to a field of this kind."""
    return tuple(entry for entry in CATALOGUE if entry.applies_to(kind))


# The per-module tests' strings, for one field or a few of their own (a name, a title, a comment), in this order: one or
# two of each category, where the sweeps send the whole catalogue to every form.
FIELD_SAMPLE_IDS: tuple[str, ...] = (
    "seed-symbols", "sqli-or-comment", "sqli-bobby-tables", "xss-script", "xss-img-attr", "xss-js-url", "emoji-name",
    "zw-mixed", "rtl-arabic", "fullwidth-digits-long", "format-escapes", "template-mixed", "long-101",
)
FIELD_SAMPLE: tuple[str, ...] = tuple(BY_ID[item].value for item in FIELD_SAMPLE_IDS)


def values(*ids: str) -> list[str]:
    """The values of these entries, in this order."""
    return [BY_ID[item].value for item in ids]


# -- the HTTP form sweep's depth (``--ecrm-sweep``) --------------------------------------------------------------------
SWEEP_DEPTHS = ("sample", "full")
SAMPLE_SHARE = 4  # a PR run draws a quarter (at least one) of each category's entries beyond FIELD_SAMPLE


def sweep_sample(run_id: str) -> tuple[Hostile, ...]:
    """The strings a PR run's form sweep sends to every field: ``FIELD_SAMPLE`` (fixed: one or two of most categories,
    the seed defect's ``!@#$%^&*`` among them), and of every category a quarter of its other entries, at least one,
    drawn by the run id. So every category reaches every field on every run, a run repeated with ``--ecrm-run-id``
    sends the same strings, and successive runs go through the whole catalogue (the nightly run sends all of it)."""
    fixed = set(FIELD_SAMPLE_IDS)
    chosen = set(fixed)
    for category in dict.fromkeys(entry.category for entry in CATALOGUE):
        rest = [entry.id for entry in CATALOGUE if entry.category == category and entry.id not in fixed]
        if not rest:
            continue
        ranked = sorted(rest, key=lambda entry_id: hashlib.sha256(f"{run_id}|{entry_id}".encode()).digest())
        chosen.update(ranked[: math.ceil(len(rest) / SAMPLE_SHARE)])
    return tuple(entry for entry in CATALOGUE if entry.id in chosen)


def sweep_strings(depth: str, run_id: str) -> tuple[Hostile, ...]:
    """The catalogue (``full``) or this run's sample of it (``sample``)."""
    if depth not in SWEEP_DEPTHS:
        raise ValueError(f"unknown sweep depth {depth!r}; use one of {SWEEP_DEPTHS}")
    return CATALOGUE if depth == "full" else sweep_sample(run_id)
