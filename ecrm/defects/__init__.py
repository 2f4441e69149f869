"""The defect lab's catalogue: known defects the reference e-CRM can switch on, all off by default.

This package is the one place where seeded defects live. Production code carries no defect switches: each defect is
a *patch* registered here with ``@defect(...)``, which replaces one model method, validator, view or template
behaviour with a faulty version when it is switched on. ``activate()`` runs once per process from
``CommonConfig.ready()`` and applies the patches named in the comma-separated environment variable ``ECRM_DEFECTS``
(``ECRM_DEFECTS=all`` applies every catalogued defect, for demonstrations only).

Modules register their entries in ``ecrm/defects/<module>.py``; ``/healthz`` lists the active ones.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")
PRIORITIES = ("urgent", "high", "medium", "low")
MODULES = ("Common", "e-Sales", "e-Expense", "e-Service")
# How the suite is expected to catch a defect: the functional suite, or the performance suite (a slow endpoint).
CAUGHT_BY = ("functional", "performance")
SUBMODULES = ("common", "sales", "expense", "service")


@dataclass(frozen=True)
class Defect:
    id: str
    module: str
    title: str
    description: str
    severity: str
    priority: str
    rules: tuple[str, ...]
    caught_by: str = "functional"
    apply: Callable[[], None] = field(repr=False, compare=False, default=lambda: None)


CATALOGUE: dict[str, Defect] = {}
ACTIVE: list[str] = []


def defect(
    defect_id: str,
    *,
    module: str,
    title: str,
    description: str,
    severity: str,
    priority: str,
    rules: tuple[str, ...],
    caught_by: str = "functional",
):
    """Register the decorated function as the patch that switches on ``defect_id``."""
    if module not in MODULES or severity not in SEVERITIES or priority not in PRIORITIES or caught_by not in CAUGHT_BY:
        raise ImproperlyConfigured(f"defect {defect_id}: bad module/severity/priority/caught_by")

    def register(patch: Callable[[], None]) -> Callable[[], None]:
        if defect_id in CATALOGUE:
            raise ImproperlyConfigured(f"defect {defect_id} is registered twice")
        CATALOGUE[defect_id] = Defect(
            defect_id, module, title, description, severity, priority, tuple(rules), caught_by, patch
        )
        return patch

    return register


def load_catalogue() -> dict[str, Defect]:
    """Import every module's entries (idempotent)."""
    for name in SUBMODULES:
        importlib.import_module(f"ecrm.defects.{name}")
    return CATALOGUE


def requested(environ: dict[str, str] | None = None) -> list[str]:
    raw = (environ if environ is not None else os.environ).get("ECRM_DEFECTS", "")
    names = [part.strip() for part in raw.split(",") if part.strip()]
    if names == ["all"]:
        return sorted(load_catalogue())
    return names


def activate(environ: dict[str, str] | None = None) -> list[str]:
    """Apply the requested defects' patches; an unknown defect ID stops the server with a clear error."""
    names = requested(environ)
    if not names:
        return []
    catalogue = load_catalogue()
    unknown = [name for name in names if name not in catalogue]
    if unknown:
        raise ImproperlyConfigured(f"ECRM_DEFECTS names unknown defect(s) {unknown}; known: {sorted(catalogue)}")
    for name in names:
        if name not in ACTIVE:
            catalogue[name].apply()
            ACTIVE.append(name)
    return list(ACTIVE)
