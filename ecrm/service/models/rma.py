"""e-Service models: RMA (SVC-RMA)."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import audit, clock
from ecrm.common.stamped import Stamped
from ecrm.common.validators import safe_text
from ecrm.sales.models import Customer
from ecrm.service.models.base import is_service_staff
from ecrm.service.models.faults import FaultRecord
from ecrm.service.models.installed import InstalledProduct
from ecrm.service.models.numbering import Sequence


class RmaStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("rma", "Requested")
    APPROVED = "approved", pgettext_lazy("rma", "Approved")
    REJECTED = "rejected", pgettext_lazy("rma", "Rejected")
    RECEIVED = "received", pgettext_lazy("rma", "Received")
    REPAIRED = "repaired", pgettext_lazy("rma", "Repaired")
    REPLACED = "replaced", pgettext_lazy("rma", "Replaced")
    SHIPPED = "shipped", pgettext_lazy("rma", "Shipped")
    CLOSED = "closed", pgettext_lazy("rma", "Closed")


RMA_ACTIONS = {
    "approve": ((RmaStatus.REQUESTED,), RmaStatus.APPROVED, pgettext_lazy("rma", "Approve")),
    "reject": ((RmaStatus.REQUESTED,), RmaStatus.REJECTED, pgettext_lazy("rma", "Reject")),
    "receive": ((RmaStatus.APPROVED,), RmaStatus.RECEIVED, pgettext_lazy("rma", "Mark received")),
    "repair": ((RmaStatus.RECEIVED,), RmaStatus.REPAIRED, pgettext_lazy("rma", "Mark repaired")),
    "replace": ((RmaStatus.RECEIVED,), RmaStatus.REPLACED, pgettext_lazy("rma", "Mark replaced")),
    "ship": ((RmaStatus.REPAIRED, RmaStatus.REPLACED), RmaStatus.SHIPPED, pgettext_lazy("rma", "Ship")),
    "close": ((RmaStatus.SHIPPED,), RmaStatus.CLOSED, pgettext_lazy("rma", "Close")),
}
RMA_TIMESTAMPS = {"approve": "approved_at", "reject": "approved_at", "receive": "received_at",
                  "repair": "processed_at", "replace": "processed_at", "ship": "shipped_at", "close": "closed_at"}
TRACKING_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")


class RmaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_service_staff(user) else self.none()


class Rma(Stamped):
    number = models.CharField(_("RMA number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="rmas")
    installed_product = models.ForeignKey(InstalledProduct, verbose_name=_("unit"), on_delete=models.PROTECT,
                                          related_name="rmas")
    fault = models.ForeignKey(FaultRecord, verbose_name=_("fault record"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="rmas")
    reason = models.TextField(_("reason"), max_length=2000, validators=[MinLengthValidator(5), safe_text])
    status = models.CharField(_("status"), max_length=20, choices=RmaStatus.choices, default=RmaStatus.REQUESTED,
                              editable=False)
    in_warranty = models.BooleanField(_("in warranty"), default=False, editable=False)
    quoted_price = models.DecimalField(_("quoted price"), max_digits=12, decimal_places=2, null=True, blank=True,
                                       editable=False)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True, editable=False)
    rejection_reason = models.CharField(_("rejection reason"), max_length=500, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("requested at"), editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, editable=False)
    processed_at = models.DateTimeField(_("repaired or replaced at"), null=True, blank=True, editable=False)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = RmaQuerySet.as_manager()

    class Meta:
        verbose_name = _("RMA")
        verbose_name_plural = _("RMAs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.number or str(_("New RMA"))

    def clean(self):
        super().clean()
        errors = {}
        if self.installed_product_id and self.customer_id and self.installed_product.customer_id != self.customer_id:
            errors["installed_product"] = ValidationError(_("The unit is not installed at this customer"))
        if self.fault_id and self.customer_id and self.fault.customer_id != self.customer_id:
            errors["fault"] = ValidationError(_("The fault record belongs to another customer"))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            return super().save(*args, **kwargs)
        with transaction.atomic():  # a new record's number and its row in one transaction
            return super().save(*args, **kwargs)

    def before_save(self, now):
        if self.pk is None:
            self.in_warranty = self.installed_product.in_warranty(timezone.localdate(self.created_at))
            self.number = Sequence.next_number("RMA", timezone.localdate(self.created_at))

    @property
    def turnaround_days(self):
        """Days from receiving the unit to shipping it back (None until shipped)."""
        if self.received_at and self.shipped_at:
            return Decimal((self.shipped_at - self.received_at).total_seconds() / 86400).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP)
        return None

    def available_actions(self, user):
        if not is_service_staff(user):
            return []
        return [(name, label) for name, (sources, _t, label) in RMA_ACTIONS.items() if self.status in sources]

    def transition(self, action, actor, tracking_number="", quoted_price=None, reason=""):
        """SVC-RMA-1/2: apply one step; no step can be skipped, shipping needs a tracking number and an
        out-of-warranty repair needs a quoted price."""
        if action not in RMA_ACTIONS:
            raise ValidationError(_("Unknown action"), code="unknown")
        if not is_service_staff(actor):
            raise ValidationError(_("Only service staff can process RMAs"), code="forbidden")
        sources, target, _label = RMA_ACTIONS[action]
        if self.status not in sources:
            raise ValidationError(_("An RMA that is “%(status)s” cannot be changed this way"),
                                  code="bad_state", params={"status": self.get_status_display()})
        if action == "ship":
            tracking_number = (tracking_number or "").strip()
            if not tracking_number:
                raise ValidationError({"tracking_number": _("Enter the tracking number before shipping")})
            if not TRACKING_RE.match(tracking_number):
                raise ValidationError({"tracking_number": _(
                    "A tracking number has 6–40 letters, digits or dashes")})
            self.tracking_number = tracking_number
        if action == "repair" and not self.in_warranty and quoted_price in (None, ""):
            raise ValidationError({"quoted_price": _("An out-of-warranty repair needs a quoted price")})
        if quoted_price not in (None, ""):
            try:
                price = Decimal(str(quoted_price))
            except ArithmeticError:
                price = None
            if price is None or not price.is_finite() or price <= 0 or price >= Decimal("10000000000") \
                    or price != price.quantize(Decimal("0.01")):
                raise ValidationError({"quoted_price": _("Enter an amount above 0 with at most 2 decimals")})
            self.quoted_price = price
        if action == "reject":
            reason = (reason or "").strip()
            if not reason:
                raise ValidationError({"reason": _("Enter the reason for the rejection")})
            if len(reason) > 500:
                raise ValidationError({"reason": _("Ensure this value has at most 500 characters")})
            safe_text(reason)
            self.rejection_reason = reason
        old = self.get_status_display()
        self.status = target
        setattr(self, RMA_TIMESTAMPS[action], clock.now())
        self.save()
        audit.record(self, actor, "status", field="status", old=old, new=self.get_status_display())
        if action == "ship":
            audit.record(self, actor, "update", field="tracking_number", new=self.tracking_number)
        if quoted_price not in (None, ""):
            audit.record(self, actor, "update", field="quoted_price", new=self.quoted_price)
        return self
