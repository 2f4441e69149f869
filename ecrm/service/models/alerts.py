"""e-Service models: alert rules (SVC-ALR)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import safe_text
from ecrm.service.models.base import SERVICE_STAFF, is_service_staff
from ecrm.service.models.faults import FaultRecord
from ecrm.service.models.rma import Rma
from ecrm.service.models.settings import Priority, Product


class AlertKind(models.TextChoices):
    UNASSIGNED = "unassigned", _("Unassigned longer than N minutes")
    RESPONSE_BREACH = "response_breach", _("Response SLA breached")
    RESOLUTION_BREACH = "resolution_breach", _("Resolution SLA breached")
    RMA_NOT_RECEIVED = "rma_not_received", _("RMA not received within N days")
    PRODUCT_BURST = "product_burst", _("At least N tickets for one product within M hours")


NEEDS_N = {AlertKind.UNASSIGNED, AlertKind.RMA_NOT_RECEIVED, AlertKind.PRODUCT_BURST}
NEEDS_M = {AlertKind.PRODUCT_BURST}


class AlertRuleQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class AlertRule(Stamped):
    name = models.CharField(_("name"), max_length=100, validators=[MinLengthValidator(2), safe_text])
    kind = models.CharField(_("rule type"), max_length=30, choices=AlertKind.choices)
    threshold = models.PositiveIntegerField(
        _("N"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("Minutes (unassigned), days (RMA) or number of tickets (product)"))
    window_hours = models.PositiveIntegerField(
        _("M (hours)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8760)],
        help_text=_("Only for the product rule"))
    priority = models.CharField(_("priority filter"), max_length=2, choices=Priority.choices, blank=True,
                                help_text=_("Empty: every priority"))
    recipient_role = models.CharField(_("recipient role"), max_length=20, blank=True,
                                      choices=[(r.value, r.label) for r in Role if r in SERVICE_STAFF])
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient user"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), editable=False)

    objects = AlertRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def recipient_display(self):
        if self.recipient_user_id:
            return str(self.recipient_user)
        return self.get_recipient_role_display()

    def clean(self):
        super().clean()
        errors = {}
        if bool(self.recipient_role) == bool(self.recipient_user_id):
            message = _("Choose either a recipient role or a recipient user")
            errors["recipient_role"] = ValidationError(message)
            errors["recipient_user"] = ValidationError(message)
        elif self.recipient_user_id and self.recipient_user.role not in SERVICE_STAFF:
            errors["recipient_user"] = ValidationError(_("The recipient must be a service user or the administrator"))
        if self.kind in NEEDS_N and self.threshold is None:
            errors["threshold"] = ValidationError(_("This rule type needs N"))
        if self.kind in NEEDS_M and self.window_hours is None:
            errors["window_hours"] = ValidationError(_("This rule type needs M"))
        if errors:
            raise ValidationError(errors)

    def before_save(self, now):
        if self.kind not in NEEDS_N:
            self.threshold = None
        if self.kind not in NEEDS_M:
            self.window_hours = None


class AlertQuerySet(models.QuerySet):
    def for_user(self, user):
        if not is_service_staff(user):
            return self.none()
        if user.role == Role.ADMIN:
            return self.all()
        return self.filter(Q(rule__recipient_user=user) | Q(rule__recipient_role=user.role))

    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)


class Alert(models.Model):
    """One firing of a rule for one object; the unique (rule, object key) pair keeps it from repeating."""

    rule = models.ForeignKey(AlertRule, verbose_name=_("alert rule"), on_delete=models.CASCADE,
                             related_name="alerts")
    object_key = models.CharField(max_length=60)
    fault = models.ForeignKey(FaultRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    rma = models.ForeignKey(Rma, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts")
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("raised at"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["rule", "object_key"], name="service_alert_once_per_object")]

    def __str__(self):
        return self.message

    def acknowledge(self, user):
        if self.acknowledged_at is None:
            self.acknowledged_at = clock.now()
            self.acknowledged_by = user
            self.save(update_fields=["acknowledged_at", "acknowledged_by"])
