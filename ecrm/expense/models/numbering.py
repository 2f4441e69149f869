"""e-Expense models: numbering."""

from django.db import models, transaction
from django.db.models import F

from ecrm.common import clock


class NumberCounter(models.Model):
    """One row per number series and month (``EXP-202605``): the last number handed out.

    ``next_number`` locks the row (``select_for_update``) inside the caller's transaction, so numbers are gapless and
    unique under concurrency: on PostgreSQL the row lock serialises allocators, on SQLite the write transaction
    (``transaction_mode = IMMEDIATE``) does; a rolled-back transaction rolls its increment back with it.
    """

    key = models.CharField(max_length=20, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.last}"

    @classmethod
    def next_number(cls, prefix, day=None):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("NumberCounter.next_number must run inside a transaction")
        day = day or clock.today()
        key = f"{prefix}-{day:%Y%m}"
        counter, _created = cls.objects.select_for_update().get_or_create(key=key)
        counter.last = F("last") + 1
        counter.save(update_fields=["last"])
        counter.refresh_from_db(fields=["last"])
        return f"{key}-{counter.last:04d}"
