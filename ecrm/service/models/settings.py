"""e-Service models: settings (SVC-SYS-1)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.sales.models import LocalisedSetting, setting_meta


class Product(LocalisedSetting):
    Meta = setting_meta(_("product"), _("products"))


class FaultCategory(LocalisedSetting):
    Meta = setting_meta(_("fault category"), _("fault categories"))


class Priority(models.TextChoices):
    P1 = "P1", _("P1 critical")
    P2 = "P2", _("P2 high")
    P3 = "P3", _("P3 medium")
    P4 = "P4", _("P4 low")


DEFAULT_SLA = {"P1": (2, 8), "P2": (4, 24), "P3": (8, 72), "P4": (24, 120)}


class SlaPolicy(models.Model):
    """The SLA of one priority: hours to respond and to resolve, counted in wall-clock hours from creation."""

    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices, unique=True)
    response_hours = models.PositiveIntegerField(
        _("response hours"), validators=[MinValueValidator(1), MaxValueValidator(1000)])
    resolution_hours = models.PositiveIntegerField(
        _("resolution hours"), validators=[MinValueValidator(1), MaxValueValidator(5000)])

    class Meta:
        verbose_name = _("SLA")
        verbose_name_plural = _("SLAs")
        ordering = ["priority"]

    def __str__(self):
        return f"{self.priority} {self.response_hours}h/{self.resolution_hours}h"

    def clean(self):
        super().clean()
        if self.response_hours and self.resolution_hours and self.resolution_hours < self.response_hours:
            raise ValidationError({"resolution_hours": _("The resolution time cannot be shorter than the response "
                                                         "time")})

    @classmethod
    def hours_for(cls, priority):
        row = cls.objects.filter(priority=priority).first()
        if row:
            return row.response_hours, row.resolution_hours
        return DEFAULT_SLA[priority]


class ServiceSettings(models.Model):
    """Singleton (pk=1) of e-Service switches."""

    surveys_enabled = models.BooleanField(_("surveys enabled"), default=True)

    class Meta:
        verbose_name = _("service settings")

    def __str__(self):
        return "service settings"

    @classmethod
    def get(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
