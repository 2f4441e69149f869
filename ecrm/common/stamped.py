"""Records stamped with the e-CRM clock: ``created_at`` once, ``updated_at`` (where the model has it) on every save."""
from django.db import models

from ecrm.common import clock


class Stamped(models.Model):
    """Abstract base for a model with ``created_at`` (and optionally ``updated_at``) that ``save()`` fills from the
    e-CRM clock; ``before_save(now)`` is the hook for what a model derives at the same moment."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        if hasattr(type(self), "updated_at"):
            self.updated_at = now
        self.before_save(now)
        super().save(*args, **kwargs)

    def before_save(self, now):
        """Derive fields just before the row is written (nothing by default)."""
