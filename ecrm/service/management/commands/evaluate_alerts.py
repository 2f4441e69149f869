"""``python manage.py evaluate_alerts``: evaluate the active alert rules once (SVC-ALR-2).

Schedule it, e.g. every 5 minutes from cron: ``*/5 * * * * cd /srv/ecrm && python manage.py evaluate_alerts``.
Each firing makes one alert per rule and matching object; running it again never duplicates an alert.
"""
from django.core.management.base import BaseCommand

from ecrm.service.services import evaluate_alerts


class Command(BaseCommand):
    help = "Evaluate the e-Service alert rules now (safe to run as often as you like)."

    def handle(self, *args, **options):
        created = evaluate_alerts()
        self.stdout.write(self.style.SUCCESS(f"evaluate_alerts: {created} new alert(s)"))
