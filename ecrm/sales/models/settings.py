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


def setting_meta(verbose_name, verbose_name_plural):
    """The ``Meta`` of a settings table built on LocalisedSetting: its ordering, with the table's own names."""
    return type("Meta", (LocalisedSetting.Meta,), {"verbose_name": verbose_name,
                                                    "verbose_name_plural": verbose_name_plural})


class Industry(LocalisedSetting):
    Meta = setting_meta(_("industry"), _("industries"))


class Source(LocalisedSetting):
    Meta = setting_meta(_("source"), _("sources"))
