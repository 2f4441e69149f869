"""e-Service models: numbering."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F


class Sequence(models.Model):
    """One counter per prefix and day (``SR-20260504``): numbers are gapless because the counter moves in the
    same transaction that saves the record, and safe under concurrency because the row is locked by the UPDATE."""

    key = models.CharField(max_length=40, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.key}: {self.last}"

    @classmethod
    def next_number(cls, prefix: str, day: datetime.date) -> str:
        key = f"{prefix}-{day:%Y%m%d}"
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("Sequence.next_number must run inside the transaction that saves the record")
        if not cls.objects.filter(key=key).update(last=F("last") + 1):
            try:
                with transaction.atomic():
                    cls.objects.create(key=key, last=1)
            except IntegrityError:
                cls.objects.filter(key=key).update(last=F("last") + 1)
        last = cls.objects.get(key=key).last
        return f"{key}-{last:03d}"
