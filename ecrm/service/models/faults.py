"""e-Service models: fault records (SVC-FLT)."""
from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models, transaction
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import audit, clock
from ecrm.common.models import SERVICE_ROLES, Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import safe_text
from ecrm.sales.models import Contact, Customer
from ecrm.service.models.base import is_service_manager
from ecrm.service.models.numbering import Sequence
from ecrm.service.models.settings import FaultCategory, Priority, Product, SlaPolicy


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


class FaultRecord(Stamped):
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
        if self.pk is not None:
            return super().save(*args, **kwargs)
        with transaction.atomic():  # a new record's number and its row in one transaction
            return super().save(*args, **kwargs)

    def before_save(self, now):
        if self.pk is None:
            self.set_sla()
            self.number = Sequence.next_number("SR", timezone.localdate(self.created_at))

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
        """SVC-FLT-3: only the assignee or the service manager works on a fault record."""
        return is_service_manager(user) or (self.assignee_id is not None and self.assignee_id == user.pk)

    def check_worked_by(self, user):
        if not self.is_worked_by(user):
            raise ValidationError(_("Only the assignee or the service manager can work on this fault record"),
                                  code="not_worker")

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
