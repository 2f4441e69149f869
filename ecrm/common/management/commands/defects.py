"""``manage.py defects``: print the defect lab's catalogue (as a table, or as JSON with ``--json``)."""

import json

from django.core.management.base import BaseCommand

from ecrm import defects


class Command(BaseCommand):
    help = "List the seeded defects that ECRM_DEFECTS can switch on."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        catalogue = defects.load_catalogue()
        rows = [
            {
                "id": item.id,
                "module": item.module,
                "title": item.title,
                "description": item.description,
                "severity": item.severity,
                "priority": item.priority,
                "rules": list(item.rules),
                "caught_by": item.caught_by,
            }
            for item in sorted(catalogue.values(), key=lambda item: item.id)
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']:<14} {row['module']:<10} {row['severity']:<9} {row['priority']:<7} "
                f"{','.join(row['rules']):<24} {row['title']}"
            )
