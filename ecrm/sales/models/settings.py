"""e-Sales models: settings tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common.localised import ActiveQuerySet, LocalisedLabel
from ecrm.common.validators import safe_text

SettingQuerySet = ActiveQuerySet


class LocalisedSetting(LocalisedLabel, models.Model):
    """A row of an admin-edited settings table with a Chinese and an English name."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=50, validators=[safe_text])
    name_en = models.CharField(_("name (English)"), max_length=50, validators=[safe_text])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = SettingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class Industry(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Source(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")
