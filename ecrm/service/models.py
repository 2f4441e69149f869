"""e-Service models: settings (products, fault categories, SLA, surveys switch), installed products, fault records
with their work log, RMAs, surveys, alert rules and alerts, and the knowledge base.

Business rules live here (validators, ``clean()``, state machines, querysets); ``services.py`` only holds the
cross-model workflows (closing a ticket creates its survey, evaluating alert rules).
"""
from __future__ import annotations

import calendar
import datetime
import re
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import audit, clock
from ecrm.common.models import SERVICE_ROLES, Role
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.sales.models import Contact, Customer, LocalisedSetting

# Audit actions of e-Service (shown in the audit trail of a fault record or an RMA).
audit.ACTION_LABELS.setdefault("status", _("Status changed"))
audit.ACTION_LABELS.setdefault("assign", _("Assigned"))

SERVICE_STAFF = (Role.ADMIN, *SERVICE_ROLES)
MANAGERS = (Role.ADMIN, Role.SVCMANAGER)


def is_service_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in SERVICE_STAFF)


def is_service_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role in MANAGERS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months; a day that does not exist in the target month becomes its last day
    (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def percent(part, whole, places=0):
    """``part / whole`` as a percentage rounded half away from zero (None when ``whole`` is 0)."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)  # ROUND_HALF_UP on Decimal is half away from zero


# --------------------------------------------------------------------------- numbering
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


# --------------------------------------------------------------------------- settings (SVC-SYS-1)
class Product(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


class FaultCategory(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("fault category")
        verbose_name_plural = _("fault categories")


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


# --------------------------------------------------------------------------- installed products (SVC-CUS)
SERIAL_RE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{2,39}$")


def validate_serial(value):
    if value and not SERIAL_RE.match(value.strip().upper()):
        raise ValidationError(
            _("A serial number has 3–40 characters: letters, digits and . _ / -"), code="invalid_serial")


class InstalledProductQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.all() if is_service_staff(user) else self.none()


class InstalledProduct(models.Model):
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="installed_products")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    serial_number = models.CharField(_("serial number"), max_length=40, validators=[safe_text, validate_serial])
    purchase_date = models.DateField(_("purchase date"))
    warranty_months = models.PositiveSmallIntegerField(
        _("warranty months"), default=12, validators=[MaxValueValidator(120)])
    created_at = models.DateTimeField(_("created at"), editable=False)

    objects = InstalledProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("installed product")
        verbose_name_plural = _("installed products")
        ordering = ["customer__name", "product__order", "serial_number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "serial_number"], name="service_serial_unique_per_product")
        ]

    def __str__(self):
        return f"{self.product.label} {self.serial_number}"

    @property
    def warranty_end(self):
        return add_months(self.purchase_date, self.warranty_months)

    def in_warranty(self, on=None):
        """SVC-RMA-2: in warranty when purchase date + warranty months is ``on`` (default today) or later."""
        return self.warranty_end >= (on or clock.today())

    @property
    def in_warranty_today(self):
        return self.in_warranty()

    def clean(self):
        super().clean()
        errors = {}
        if self.serial_number and is_safe_text(self.serial_number, 40):
            self.serial_number = self.serial_number.strip().upper()
            if self.product_id:
                clash = (InstalledProduct.objects.filter(product_id=self.product_id, serial_number=self.serial_number)
                         .exclude(pk=self.pk).select_related("customer").first())
                if clash:
                    errors["serial_number"] = ValidationError(
                        _("Serial number %(serial)s of this product is already registered to customer “%(name)s”"),
                        code="duplicate", params={"serial": self.serial_number, "name": clash.customer.name})
        if self.purchase_date:
            if self.purchase_date > clock.today():
                errors["purchase_date"] = ValidationError(_("The purchase date cannot be in the future"))
            elif self.purchase_date.year < 1990:
                errors["purchase_date"] = ValidationError(_("The purchase date cannot be before 1990"))
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ()) | {"serial_number"}  # clean() reports it, naming the customer
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        if not self.created_at:
            self.created_at = clock.now()
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- fault records (SVC-FLT)
class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WEB = "web", _("Web")
    ONSITE = "onsite", _("On-site")


class FaultStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("fault", "New")
    ASSIGNED = "assigned", pgettext_lazy("fault", "Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("fault", "In progress")
    PENDING = "pending_customer", pgettext_lazy("fault", "Pending customer")
    RESOLVED = "resolved", pgettext_lazy("fault", "Resolved")
    CLOSED = "closed", pgettext_lazy("fault", "Closed")


OPEN_FAULT_STATUSES = (FaultStatus.NEW, FaultStatus.ASSIGNED, FaultStatus.IN_PROGRESS, FaultStatus.PENDING)
REOPEN_DAYS = 7

# action: (allowed from, to, label); "assign" keeps the status once the ticket is past "assigned".
FAULT_ACTIONS = {
    "start": ((FaultStatus.ASSIGNED,), FaultStatus.IN_PROGRESS, pgettext_lazy("fault", "Start work")),
    "await_customer": ((FaultStatus.IN_PROGRESS,), FaultStatus.PENDING, pgettext_lazy("fault", "Wait for customer")),
    "resume": ((FaultStatus.PENDING,), FaultStatus.IN_PROGRESS, pgettext_lazy("fault", "Resume work")),
    "resolve": ((FaultStatus.IN_PROGRESS, FaultStatus.PENDING), FaultStatus.RESOLVED,
                pgettext_lazy("fault", "Resolve")),
    "close": ((FaultStatus.RESOLVED,), FaultStatus.CLOSED, pgettext_lazy("fault", "Close")),
    "reopen": ((FaultStatus.RESOLVED,), FaultStatus.IN_PROGRESS, pgettext_lazy("fault", "Reopen")),
}


class FaultQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Managers (and the admin) see every ticket; an engineer the tickets assigned to or opened by them."""
        if is_service_manager(user):
            return self.all()
        if user and user.is_authenticated and user.is_active and user.role == Role.ENGINEER:
            return self.filter(Q(assignee=user) | Q(created_by=user))
        return self.none()

    def open(self):
        return self.filter(status__in=OPEN_FAULT_STATUSES)

    def with_sla(self, now=None):
        """Annotate ``sla_response_breached``, ``sla_resolution_breached`` and ``sla_breached`` at ``now``
        (default: the clock).

        A target is breached when it was met after its due time, or is still unmet and the due time has passed.
        """
        now = now or clock.now()
        response = Q(responded_at__isnull=True, response_due__lt=now) | Q(responded_at__gt=F("response_due"))
        resolution = Q(resolved_at__isnull=True, status__in=OPEN_FAULT_STATUSES, resolution_due__lt=now) | Q(
            resolved_at__gt=F("resolution_due"))
        return self.annotate(
            sla_response_breached=Case(When(response, then=Value(True)), default=Value(False),
                                   output_field=BooleanField()),
            sla_resolution_breached=Case(When(resolution, then=Value(True)), default=Value(False),
                                     output_field=BooleanField()),
        ).annotate(
            sla_breached=Case(When(Q(sla_response_breached=True) | Q(sla_resolution_breached=True), then=Value(True)),
                          default=Value(False), output_field=BooleanField())
        )

    def breached(self, now=None):
        return self.with_sla(now).filter(sla_breached=True)


class FaultRecord(models.Model):
    number = models.CharField(_("ticket number"), max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="fault_records")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="fault_records")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    serial_number = models.CharField(_("serial number"), max_length=40, blank=True, validators=[safe_text])
    category = models.ForeignKey(FaultCategory, verbose_name=_("fault category"), on_delete=models.PROTECT,
                                 related_name="+")
    priority = models.CharField(_("priority"), max_length=2, choices=Priority.choices, default=Priority.P3)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    description = models.TextField(_("fault description"), max_length=4000,
                                   validators=[MinLengthValidator(5), safe_text])
    status = models.CharField(_("status"), max_length=20, choices=FaultStatus.choices, default=FaultStatus.NEW,
                              editable=False)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assignee"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assigned_faults", editable=False)
    resolution = models.TextField(_("resolution"), max_length=4000, blank=True, validators=[safe_text],
                                  editable=False)
    kb_articles = models.ManyToManyField("KbArticle", verbose_name=_("knowledge-base articles"), blank=True,
                                         related_name="fault_records", editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), editable=False)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, editable=False)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    response_due = models.DateTimeField(_("response due"), editable=False)
    resolution_due = models.DateTimeField(_("resolution due"), editable=False)

    objects = FaultQuerySet.as_manager()

    class Meta:
        verbose_name = _("fault record")
        verbose_name_plural = _("fault records")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "priority"]), models.Index(fields=["product", "created_at"])]

    def __str__(self):
        return self.number or _("New fault record")

    # -- rules ---------------------------------------------------------------------------------------------------
    def clean(self):
        super().clean()
        errors = {}
        if self.contact_id and self.customer_id and self.contact.customer_id != self.customer_id:
            errors["contact"] = ValidationError(_("The contact does not belong to this customer"))
        if self.customer_id and self.customer.archived and not self.pk:
            errors["customer"] = ValidationError(_("The customer is archived"))
        if self.serial_number:
            self.serial_number = self.serial_number.strip().upper()
        if errors:
            raise ValidationError(errors)

    def set_sla(self):
        """SVC-FLT-2: the due times come from the priority's SLA, in wall-clock hours from creation."""
        response_hours, resolution_hours = SlaPolicy.hours_for(self.priority)
        self.response_due = self.created_at + datetime.timedelta(hours=response_hours)
        self.resolution_due = self.created_at + datetime.timedelta(hours=resolution_hours)

    def save(self, *args, **kwargs):
        now = clock.now()
        if self.pk is None:
            with transaction.atomic():
                self.created_at = self.created_at or now
                self.updated_at = now
                self.set_sla()
                self.number = Sequence.next_number("SR", timezone.localdate(self.created_at))
                super().save(*args, **kwargs)
            return
        self.updated_at = now
        super().save(*args, **kwargs)

    # -- SLA -----------------------------------------------------------------------------------------------------
    def response_breached_at(self, now=None):
        now = now or clock.now()
        return (self.responded_at or now) > self.response_due

    def resolution_breached_at(self, now=None):
        now = now or clock.now()
        if self.resolved_at:
            return self.resolved_at > self.resolution_due
        if self.status not in OPEN_FAULT_STATUSES:
            return False
        return now > self.resolution_due

    @property
    def response_breached(self):
        return self.response_breached_at()

    @property
    def resolution_breached(self):
        return self.resolution_breached_at()

    @property
    def breached(self):
        return self.response_breached or self.resolution_breached

    # -- state machine (SVC-FLT-1) -------------------------------------------------------------------------------
    def can_reopen(self, now=None):
        now = now or clock.now()
        return (self.status == FaultStatus.RESOLVED and self.resolved_at is not None
                and now <= self.resolved_at + datetime.timedelta(days=REOPEN_DAYS))

    def is_worked_by(self, user):
        return is_service_manager(user) or (self.assignee_id is not None and self.assignee_id == user.pk)

    def available_actions(self, user):
        """The workflow actions ``user`` may take now, as [(action, label)]."""
        if not self.is_worked_by(user):
            return []
        actions = []
        for name, (sources, _target, label) in FAULT_ACTIONS.items():
            if self.status in sources and (name != "reopen" or self.can_reopen()):
                actions.append((name, label))
        return actions

    def can_assign(self, user):
        return is_service_manager(user) and self.status in OPEN_FAULT_STATUSES

    def assign(self, engineer, actor):
        """Only the service manager (and the admin) assigns; the ticket moves from new to assigned."""
        if not is_service_manager(actor):
            raise ValidationError(_("Only the service manager can assign fault records"), code="forbidden")
        if self.status not in OPEN_FAULT_STATUSES:
            raise ValidationError(_("A resolved or closed fault record cannot be assigned"), code="bad_state")
        if engineer is None or engineer.role not in SERVICE_ROLES or not engineer.is_active:
            raise ValidationError({"assignee": _("Choose an active service engineer or manager")})
        old_assignee, old_status = self.assignee, self.get_status_display()
        now = clock.now()
        self.assignee = engineer
        self.assigned_at = self.assigned_at or now
        if self.status == FaultStatus.NEW:
            self.status = FaultStatus.ASSIGNED
        self.save()
        audit.record(self, actor, "assign", field="assignee", old=old_assignee or "", new=engineer)
        if self.get_status_display() != old_status:
            audit.record(self, actor, "status", field="status", old=old_status, new=self.get_status_display())

    def transition(self, action, actor, resolution=""):
        """Apply a workflow action; raises ValidationError (with a localised message) when it is not allowed."""
        if action not in FAULT_ACTIONS:
            raise ValidationError(_("Unknown action"), code="unknown")
        if not self.is_worked_by(actor):
            raise ValidationError(_("Only the assignee or the service manager can work on this fault record"),
                                  code="forbidden")
        sources, target, _label = FAULT_ACTIONS[action]
        if self.status not in sources:
            raise ValidationError(
                _("A fault record that is “%(status)s” cannot be changed this way"),
                code="bad_state", params={"status": self.get_status_display()})
        now = clock.now()
        if action == "resolve":
            resolution = (resolution or "").strip()
            if not resolution:
                raise ValidationError({"resolution": _("Enter the resolution before resolving")})
            if len(resolution) > 4000:
                raise ValidationError({"resolution": _("Ensure this value has at most 4000 characters")})
            safe_text(resolution)
            self.resolution = resolution
            self.resolved_at = now
        elif action == "reopen":
            if not self.can_reopen(now):
                raise ValidationError(
                    _("A resolved fault record can be reopened only within %(days)s days of its resolution"),
                    code="reopen_expired", params={"days": REOPEN_DAYS})
            self.resolved_at = None
        elif action == "close":
            self.closed_at = now
        if action == "start" and self.responded_at is None:
            self.responded_at = now
        old = self.get_status_display()
        self.status = target
        self.save()
        audit.record(self, actor, "status", field="status", old=old, new=self.get_status_display())
        if action == "resolve":
            audit.record(self, actor, "update", field="resolution", new=self.resolution)
        return self


class WorkLogEntry(models.Model):
    fault = models.ForeignKey(FaultRecord, verbose_name=_("fault record"), on_delete=models.CASCADE,
                              related_name="work_log")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(_("time"), editable=False)
    text = models.TextField(_("entry"), max_length=4000, validators=[MinLengthValidator(2), safe_text])

    class Meta:
        verbose_name = _("work log entry")
        verbose_name_plural = _("work log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return self.text[:40]

    def save(self, *args, **kwargs):
        if not self.at:
            self.at = clock.now()
        super().save(*args, **kwargs)


# --------------------------------------------------------------------------- RMA (SVC-RMA)
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


class Rma(models.Model):
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
        now = clock.now()
        if self.pk is None:
            with transaction.atomic():
                self.created_at = self.created_at or now
                self.updated_at = now
                self.in_warranty = self.installed_product.in_warranty(timezone.localdate(self.created_at))
                self.number = Sequence.next_number("RMA", timezone.localdate(self.created_at))
                super().save(*args, **kwargs)
            return
        self.updated_at = now
        super().save(*args, **kwargs)

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


# --------------------------------------------------------------------------- surveys (SVC-SUR)
def new_token():
    return secrets.token_urlsafe(24)


class SurveyQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def scores(self):
        """SVC-SUR-2: {responses, promoters, detractors, nps, satisfied, csat} of the answered surveys.

        NPS = % promoters (9–10) − % detractors (0–6) of the answers to "recommend", a whole number rounded half
        away from zero; CSAT = % of the satisfaction answers that are 4 or 5, rounded the same way.
        """
        rows = list(self.answered().values_list("satisfaction", "recommend"))
        responses = len(rows)
        promoters = sum(1 for _s, r in rows if r is not None and r >= 9)
        detractors = sum(1 for _s, r in rows if r is not None and r <= 6)
        satisfied = sum(1 for s, _r in rows if s is not None and s >= 4)
        nps = None
        if responses:
            nps = int((Decimal(promoters - detractors) * 100 / Decimal(responses)).quantize(
                Decimal(1), rounding=ROUND_HALF_UP))
        csat = percent(satisfied, responses)
        return {"responses": responses, "promoters": promoters, "detractors": detractors, "nps": nps,
                "satisfied": satisfied, "csat": int(csat) if csat is not None else None}


class Survey(models.Model):
    fault = models.OneToOneField(FaultRecord, verbose_name=_("fault record"), on_delete=models.CASCADE,
                                 related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("sent at"), editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    recommend = models.PositiveSmallIntegerField(
        _("likelihood to recommend"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True, validators=[safe_text])

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.fault.number}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    def save(self, *args, **kwargs):
        if not self.created_at:
            self.created_at = clock.now()
        super().save(*args, **kwargs)

    def answer(self, satisfaction, recommend, comment=""):
        """Store the answer once: the conditional UPDATE makes the token single-use even under concurrency.
        Returns False when the survey was already answered."""
        updated = Survey.objects.filter(pk=self.pk, answered_at__isnull=True).update(
            answered_at=clock.now(), satisfaction=satisfaction, recommend=recommend, comment=comment)
        if updated:
            self.refresh_from_db()
        return bool(updated)


# --------------------------------------------------------------------------- alert rules (SVC-ALR)
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


class AlertRule(models.Model):
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

    def save(self, *args, **kwargs):
        if not self.created_at:
            self.created_at = clock.now()
        if self.kind not in NEEDS_N:
            self.threshold = None
        if self.kind not in NEEDS_M:
            self.window_hours = None
        super().save(*args, **kwargs)


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


# --------------------------------------------------------------------------- knowledge base (SVC-KB)
class KbStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("kb", "Draft")
    PUBLISHED = "published", pgettext_lazy("kb", "Published")


class KbQuerySet(models.QuerySet):
    def visible_to(self, user):
        """SVC-KB-1: published articles, plus the user's own drafts."""
        if not is_service_staff(user):
            return self.none()
        return self.filter(Q(status=KbStatus.PUBLISHED) | Q(author=user))

    def published(self):
        return self.filter(status=KbStatus.PUBLISHED)

    def search(self, q):
        """SVC-KB-2: title, content or tags contain ``q`` (case-insensitive; CJK too). Ranked: title matches first,
        then content or tag matches; within a rank by view count, then the most recently updated."""
        if not q:
            return self.order_by("-view_count", "-updated_at", "-pk")
        return (
            self.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(tags__icontains=q))
            .annotate(rank=Case(When(title__icontains=q, then=Value(0)),
                                When(content__icontains=q, then=Value(1)), default=Value(2),
                                output_field=models.IntegerField()))
            .order_by("rank", "-view_count", "-updated_at", "-pk")
        )


class KbArticle(models.Model):
    title = models.CharField(_("title"), max_length=200, validators=[MinLengthValidator(2), safe_text])
    category = models.ForeignKey(FaultCategory, verbose_name=_("fault category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, verbose_name=_("product"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("content"), max_length=20000, validators=[safe_text],
                               help_text=_("Plain text. A blank line starts a new paragraph; "
                                           "[text](https://…) makes a link."))
    tags = models.CharField(_("tags"), max_length=200, blank=True, validators=[safe_text],
                            help_text=_("Separate tags with commas"))
    status = models.CharField(_("status"), max_length=10, choices=KbStatus.choices, default=KbStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = KbQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge base")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]

    def clean(self):
        super().clean()
        if self.title and is_safe_text(self.title):
            self.title = self.title.strip()
            if len(self.title) < 2:
                raise ValidationError({"title": _("Ensure this value has at least 2 characters")})
        if self.content is not None and not self.content.strip():
            raise ValidationError({"content": _("This field is required.")})
        if self.tags and is_safe_text(self.tags):
            self.tags = ", ".join(self.tag_list)

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        if self.status == KbStatus.PUBLISHED and self.published_at is None:
            self.published_at = now
        super().save(*args, **kwargs)

    def is_editable_by(self, user):
        return user.is_authenticated and (self.author_id == user.pk or user.role == Role.ADMIN)

    def count_view(self, user):
        """SVC-KB-3: a view of a published article by anyone but its author."""
        if self.status == KbStatus.PUBLISHED and self.author_id != user.pk:
            KbArticle.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)
            self.view_count += 1

    def vote(self, user, helpful: bool):
        """One vote per user (a unique constraint): voting again changes the user's vote."""
        KbVote.objects.update_or_create(article=self, user=user, defaults={"helpful": helpful, "at": clock.now()})

    def votes(self):
        counts = {True: 0, False: 0}
        for helpful in self.kb_votes.values_list("helpful", flat=True):
            counts[helpful] += 1
        return {"helpful": counts[True], "not_helpful": counts[False]}


class KbVote(models.Model):
    article = models.ForeignKey(KbArticle, on_delete=models.CASCADE, related_name="kb_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(pgettext_lazy("vote", "helpful"))
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="service_kb_one_vote_per_user")]

    def __str__(self):
        return f"{self.article_id}/{self.user_id}: {self.helpful}"
