"""e-Sales models: business activities."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import clock
from ecrm.common.models import SALES_ROLES, Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, plausible_datetime, safe_text
from ecrm.sales.models.contacts import Contact
from ecrm.sales.models.customers import Customer
from ecrm.sales.models.opportunities import Opportunity


class ActivityType(models.TextChoices):
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", pgettext_lazy("activity type", "Email")
    MEETING = "meeting", _("Meeting")
    DEMO = "demo", _("Demo")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CallOutcome(models.TextChoices):
    CONNECTED = "connected", _("Connected")
    BUSY = "busy", _("Busy")
    POWERED_OFF = "powered_off", _("Powered off")
    NO_ANSWER = "no_answer", _("No answer")
    WRONG_NUMBER = "wrong_number", _("Wrong number")


UNSUCCESSFUL_OUTCOMES = (CallOutcome.BUSY, CallOutcome.POWERED_OFF, CallOutcome.NO_ANSWER, CallOutcome.WRONG_NUMBER)
UNREACHABLE_AFTER = 3
WORKDAY_START = datetime.time(9, 0)


def next_working_day_at_nine(moment):
    """The next working day (Monday–Friday; weekends are the only non-working days) at 09:00 local time."""
    day = timezone.localtime(moment).date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, WORKDAY_START))


def proposed_follow_up(outcome, logged_at):
    """SAL-ACT-1: busy → 1 hour later; powered off → next working day 09:00; no answer → 4 hours later."""
    if logged_at is None:
        return None
    if outcome == CallOutcome.BUSY:
        return logged_at + datetime.timedelta(hours=1)
    if outcome == CallOutcome.NO_ANSWER:
        return logged_at + datetime.timedelta(hours=4)
    if outcome == CallOutcome.POWERED_OFF:
        return next_working_day_at_nine(logged_at)
    return None


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A rep sees own activities, a manager the team's and own, the administrator all."""
        if not (user and user.is_authenticated and user.is_active and user.role in SALES_ROLES):
            return self.none()
        if user.role == Role.ADMIN:
            return self
        if user.role == Role.MANAGER:
            return self.filter(Q(owner__line_manager=user) | Q(owner=user))
        return self.filter(owner=user)

    def overdue(self, now=None):
        """SAL-ACT-3: planned activities whose scheduled time has passed."""
        return self.filter(status=ActivityStatus.PLANNED, scheduled_at__lt=now or clock.now())

    def on_day(self, day):
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=start + datetime.timedelta(days=1))

    def between(self, first_day, last_day):
        """Scheduled from the start of ``first_day`` to the end of ``last_day`` (local dates)."""
        start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
        end = timezone.make_aware(datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min))
        return self.filter(scheduled_at__gte=start, scheduled_at__lt=end)


class Activity(Stamped):
    type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices, default=ActivityType.CALL)
    subject = models.CharField(_("subject"), max_length=100, validators=[MinLengthValidator(2), safe_text])
    customer = models.ForeignKey(Customer, verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="activities")
    # Deleting a contact keeps the customer's activity history (the activity just loses its contact).
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="activities")
    opportunity = models.ForeignKey(Opportunity, verbose_name=_("opportunity"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="activities")
    scheduled_at = models.DateTimeField(_("scheduled time"), validators=[plausible_datetime])
    duration = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(1440)])
    status = models.CharField(_("status"), max_length=20, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    outcome = models.CharField(_("call outcome"), max_length=20, choices=CallOutcome.choices, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True, validators=[safe_text])
    next_follow_up = models.DateTimeField(_("next follow-up"), null=True, blank=True, validators=[plausible_datetime])
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="activities")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    follow_up_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="follow_ups", editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["scheduled_at", "pk"]
        indexes = [models.Index(fields=["owner", "scheduled_at"]), models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return self.subject

    @property
    def is_overdue(self):
        return self.status == ActivityStatus.PLANNED and self.scheduled_at is not None and \
            self.scheduled_at < clock.now()

    @property
    def status_text(self):
        """The status as shown in lists: 已逾期 / Overdue for a planned activity past its time."""
        return _("Overdue") if self.is_overdue else self.get_status_display()

    @property
    def proposed_follow_up(self):
        if self.type != ActivityType.CALL or self.status != ActivityStatus.DONE:
            return None
        return proposed_follow_up(self.outcome, self.completed_at)

    def clean(self):
        super().clean()
        errors = {}
        if self.customer_id:
            if self.contact_id and self.contact and self.contact.customer_id != self.customer_id:
                errors["contact"] = ValidationError(_("The contact belongs to another customer"), code="customer")
            if self.opportunity_id and self.opportunity and self.opportunity.customer_id != self.customer_id:
                errors["opportunity"] = ValidationError(
                    _("The opportunity belongs to another customer"), code="customer")
        if self.outcome and self.type != ActivityType.CALL:
            errors["outcome"] = ValidationError(_("Only a call has a call outcome"), code="not_call")
        # SAL-ACT-4: a done activity needs an outcome or notes.
        if self.status == ActivityStatus.DONE and not self.outcome and not (self.notes or "").strip() \
                and "outcome" not in errors:
            message = _("A done activity needs a call outcome or notes") if self.type == ActivityType.CALL \
                else _("A done activity needs notes")
            errors["notes"] = ValidationError(message, code="no_result")
            if self.type == ActivityType.CALL:
                errors["outcome"] = ValidationError(message, code="no_result")
        if self.next_follow_up and self.scheduled_at and self.next_follow_up < self.scheduled_at:
            errors["next_follow_up"] = ValidationError(
                _("The next follow-up cannot be before the activity"), code="before")
        if self.subject and is_safe_text(self.subject):
            self.subject = self.subject.strip()
        if errors:
            raise ValidationError(errors)

    def before_save(self, now):
        if self.status == ActivityStatus.DONE:
            if self.completed_at is None:
                self.completed_at = now
            if self.next_follow_up is None:
                self.next_follow_up = self.proposed_follow_up
        else:
            self.completed_at = None


def refresh_reachability(contact):
    """SAL-ACT-2: a contact is unreachable while its last 3 logged calls were all unsuccessful;
    a connected call clears the flag."""
    if contact is None:
        return None
    outcomes = list(
        Activity.objects.filter(contact=contact, type=ActivityType.CALL, status=ActivityStatus.DONE)
        .exclude(outcome="")
        .order_by("-completed_at", "-pk")
        .values_list("outcome", flat=True)[:UNREACHABLE_AFTER]
    )
    flag = len(outcomes) == UNREACHABLE_AFTER and all(o in UNSUCCESSFUL_OUTCOMES for o in outcomes)
    if contact.unreachable != flag:
        Contact.objects.filter(pk=contact.pk).update(unreachable=flag)
        contact.unreachable = flag
    return flag


class ActivityReview(Stamped):
    """SAL-REV-2: a manager's review comment on an activity; the rep sees it."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("reviewer"))
    comment = models.TextField(_("review comment"), max_length=1000, validators=[safe_text])
    created_at = models.DateTimeField(_("created at"), editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def clean(self):
        super().clean()
        if self.comment and not self.comment.strip():
            raise ValidationError({"comment": ValidationError(_("This field is required."), code="required")})

