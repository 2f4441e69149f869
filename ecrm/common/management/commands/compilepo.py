"""``python manage.py compilepo``: compile every app's locale .po to .mo with polib (no gettext tools)."""
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every ecrm app's locale/*/LC_MESSAGES/*.po into .mo files (pure Python)."

    def handle(self, *args, **options):
        roots = [Path(cfg.path) / "locale" for cfg in apps.get_app_configs() if cfg.name.startswith("ecrm.")]
        roots += [Path(p) for p in settings.LOCALE_PATHS]
        count = 0
        for root in roots:
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                mo_path = po_path.with_suffix(".mo")
                po.save_as_mofile(str(mo_path))
                count += 1
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: "
                                  f"{len(po.translated_entries())} translated, "
                                  f"{len(po.untranslated_entries())} untranslated")
        self.stdout.write(self.style.SUCCESS(f"compilepo: {count} catalogue(s) compiled"))
