"""``python manage.py seed``: load the deterministic demo data (idempotent)."""
from django.core.management.base import BaseCommand
from django.db import transaction

from ecrm.common import seed as common_seed
from ecrm.common.registry import subsystem_modules


class _Out:
    def __init__(self, command):
        self.command = command

    def write(self, text):
        self.command.stdout.write(text)


class Command(BaseCommand):
    help = "Load the deterministic demo data: users, settings tables, customers ... (safe to run twice)."

    def handle(self, *args, **options):
        out = _Out(self)
        with transaction.atomic():
            common_seed.run(out)
            for _app, module in subsystem_modules("seed"):
                module.run(out)
        self.stdout.write(self.style.SUCCESS("seed: done"))
