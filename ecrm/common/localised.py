"""The label of an admin-edited row with a Chinese ``name`` and an English ``name_en``, and its active rows."""
from django.conf import settings
from django.db import models
from django.utils.translation import get_language


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class LocalisedLabel:
    """``label`` (and ``str()``): ``name_en`` when the active language is English and it is set, else ``name``."""

    def __str__(self):
        return self.label

    @property
    def label(self):
        lang = (get_language() or settings.LANGUAGE_CODE).lower()
        return self.name_en if lang.startswith("en") and self.name_en else self.name
