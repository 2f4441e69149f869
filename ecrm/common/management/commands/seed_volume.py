"""``python manage.py seed_volume [--scale F] [--only APP ...]``: production-like volume for performance runs.

Runs after ``seed``. Each subsystem provides ``ecrm/<app>/volume.py`` with ``run(stdout, **counts)``, whose keyword
defaults are the nominal volume (e-Sales ``customers=5000, activities=20000``; e-Expense ``claims=5000``; e-Service
``faults=5000``). ``--scale`` multiplies every integer default (0.2 for the PR smoke gate). A subsystem without a
``volume.py`` is named as missing, so a run never silently lacks its volume.
"""

import inspect
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ecrm.common.registry import _module


class _Out:
    def __init__(self, command):
        self.command = command

    def write(self, text):
        self.command.stdout.write(text)


def scaled_counts(function, scale: float) -> dict[str, int]:
    """The integer keyword defaults of ``function`` multiplied by ``scale`` (at least 1 each)."""
    counts = {}
    for name, parameter in inspect.signature(function).parameters.items():
        default = parameter.default
        if isinstance(default, int) and not isinstance(default, bool):
            counts[name] = max(1, round(default * scale))
    return counts


class Command(BaseCommand):
    help = "Add production-like volume (customers, activities, claims, fault records) for performance runs."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply each module's nominal counts")
        parser.add_argument("--only", nargs="*", default=None, help="app labels to fill (default: all)")

    def handle(self, *args, scale, only, **options):
        if scale <= 0 or scale > 20:
            raise CommandError("--scale must be above 0 and at most 20")
        out = _Out(self)
        missing = []
        for app in settings.ECRM_SUBSYSTEMS:
            label = app.rsplit(".", 1)[-1]
            if only and label not in only:
                continue
            module = _module(app, "volume")
            if module is None or not hasattr(module, "run"):
                missing.append(f"{app}.volume")
                continue
            counts = scaled_counts(module.run, scale)
            started = time.monotonic()
            self.stdout.write(f"seed_volume: {label} {counts or ''}")
            module.run(stdout=out, **counts)
            self.stdout.write(f"seed_volume: {label} done in {time.monotonic() - started:.1f} s")
        if missing:
            self.stdout.write(self.style.WARNING(
                "seed_volume: no volume module yet for " + ", ".join(missing)
                + " (their data stays at the demo seed's size)"))
        self.stdout.write(self.style.SUCCESS("seed_volume: done"))
