"""e-Sales models: settings tables (Industry, Source, Stage), Customer, Contact, Opportunity (with its stage
history), Activity (with its review comments)."""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import SALES_ROLES, SERVICE_ROLES, Role
from ecrm.common.validators import is_safe_text, plausible_datetime, safe_text, validate_mobile, validate_phone


# --------------------------------------------------------------------------- settings tables
class SettingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class LocalisedSetting(models.Model):
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

    def __str__(self):
        return self.label

    @property
    def label(self):
        lang = (get_language() or settings.LANGUAGE_CODE).lower()
        return self.name_en if lang.startswith("en") and self.name_en else self.name


class Industry(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Source(LocalisedSetting):
    class Meta(LocalisedSetting.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")


# --------------------------------------------------------------------------- customers
def _needs_python_fold(text):
    return connection.vendor == "sqlite" and any(not c.isascii() and c.lower() != c.upper() for c in text)


class Level(models.TextChoices):
    """The customer pyramid."""

    TOP = "top", _("Top")
    HIGH = "high", _("High")
    MID = "mid", _("Mid")
    LOW = "low", _("Low")
    INACTIVE = "inactive", _("Inactive")
    POTENTIAL = "potential", _("Potential")
    WATCHING = "watching", _("Watching")


class CustomerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """COM-ROLE-2: a rep sees own customers, a manager the team's (and own), the admin
        and the service roles (read-only, on the service side) every customer."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.role == Role.ADMIN or user.role in SERVICE_ROLES:
            return self
        if user.role == Role.MANAGER:
            return self.filter(Q(owner__line_manager=user) | Q(owner=user))
        if user.role == Role.REP:
            return self.filter(owner=user)
        return self.none()

    def editable_by(self, user):
        if not (user and user.is_authenticated and user.role in SALES_ROLES):
            return self.none()
        return self.visible_to(user)

    def active(self):
        return self.filter(archived=False)

    def archived(self):
        return self.filter(archived=True)


class Customer(models.Model):
    name = models.CharField(
        _("name"), max_length=100, validators=[MinLengthValidator(2), safe_text]
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.POTENTIAL)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("region"), max_length=50, blank=True, validators=[safe_text])
    city = models.CharField(_("city"), max_length=50, blank=True, validators=[safe_text])
    address = models.CharField(_("address"), max_length=200, blank=True, validators=[safe_text])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[safe_text, validate_phone])
    website = models.URLField(_("website"), max_length=200, blank=True, validators=[safe_text])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="customers",
        limit_choices_to={"role__in": [Role.REP, Role.MANAGER]},
    )
    tags = models.CharField(
        _("tags"), max_length=200, blank=True, validators=[safe_text], help_text=_("Separate tags with commas")
    )
    archived = models.BooleanField(_("archived"), default=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = CustomerQuerySet.as_manager()

    AUDITED_FIELDS = ["name", "industry", "level", "source", "region", "city", "address", "phone", "website",
                      "owner", "tags"]

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="sales_customer_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.name and is_safe_text(self.name, 100):
            self.name = self.name.strip()
            clash = Customer.objects.filter(name__iexact=self.name).exclude(pk=self.pk).first()
            if clash is None and _needs_python_fold(self.name):
                # SQLite's LOWER() folds ASCII only; compare in Python for cased non-ASCII names.
                folded = self.name.casefold()
                for other in Customer.objects.exclude(pk=self.pk).only("pk", "name").iterator():
                    if other.name.casefold() == folded:
                        clash = other
                        break
            if clash:
                errors["name"] = ValidationError(
                    _("Name already used by customer “%(name)s”"), code="duplicate", params={"name": clash.name}
                )
        if self.phone and is_safe_text(self.phone, 20):
            self.phone = self.phone.strip()
            clash = Customer.objects.filter(phone=self.phone).exclude(pk=self.pk).first()
            if clash:
                errors["phone"] = ValidationError(
                    _("Phone already used by customer “%(name)s”"), code="duplicate", params={"name": clash.name}
                )
        if self.tags:
            self.tags = ", ".join(self.tag_list)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The case-insensitive name rule is checked in clean() with a message naming the customer.
        exclude = set(exclude or ()) | {"name"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Customers are never deleted; archive them instead"), code="protected")

    @property
    def has_open_opportunity(self):
        return self.opportunities.open().exists()

    def archive(self):
        """SAL-CUS-5: archive (never destroy); refused while an opportunity is open."""
        if self.has_open_opportunity:
            raise ValidationError(
                _("Customer “%(name)s” has an open opportunity and cannot be archived"),
                code="open_opportunity",
                params={"name": self.name},
            )
        self.archived = True
        self.archived_at = clock.now()
        self.save(update_fields=["archived", "archived_at", "updated_at"])

    def restore(self):
        self.archived = False
        self.archived_at = None
        self.save(update_fields=["archived", "archived_at", "updated_at"])

    @property
    def primary_contact(self):
        return next((c for c in self.contacts.all() if c.is_primary), None)


# --------------------------------------------------------------------------- contacts
class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(customer__in=Customer.objects.visible_to(user))


class Contact(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(pgettext_lazy("contact", "name"), max_length=50, validators=[safe_text])
    title = models.CharField(_("job title"), max_length=50, blank=True, validators=[safe_text])
    mobile = models.CharField(_("mobile"), max_length=20, blank=True, validators=[safe_text, validate_mobile])
    email = models.EmailField(_("email"), max_length=254, blank=True, validators=[safe_text])
    is_primary = models.BooleanField(_("primary contact"), default=False)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True, validators=[safe_text])
    # SAL-ACT-2: set after 3 unsuccessful calls in a row, cleared by a connected call (see Activity).
    unreachable = models.BooleanField(_("unreachable"), default=False, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"], condition=Q(is_primary=True), name="sales_contact_one_primary_per_customer"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.mobile:
            self.mobile = self.mobile.strip()
        if self.email:
            self.email = self.email.strip()
        if not self.mobile and not self.email and not getattr(self, "_reach_already_invalid", False):
            message = _("Enter at least one of mobile and email")
            errors["mobile"] = ValidationError(message, code="no_reach")
            errors["email"] = ValidationError(message, code="no_reach")
        if self.birthday:
            if self.birthday > clock.today():
                errors["birthday"] = ValidationError(_("Birthday cannot be in the future"), code="future")
            elif self.birthday.year < 1900:
                errors["birthday"] = ValidationError(_("Birthday cannot be before 1900"), code="too_old")
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # Saving a new primary contact clears the old one (save()), so the constraint is never hit.
        exclude = set(exclude or ()) | {"is_primary"}
        super().validate_constraints(exclude=exclude)

    def save(self, *args, **kwargs):
        """SAL-CON-1: marking a contact primary clears the customer's previous primary contact."""
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        with transaction.atomic():
            if self.is_primary:
                Customer.objects.select_for_update().filter(pk=self.customer_id).first()
                Contact.objects.filter(customer_id=self.customer_id, is_primary=True).exclude(pk=self.pk).update(
                    is_primary=False
                )
            super().save(*args, **kwargs)


# --------------------------------------------------------------------------- stages (settings) and opportunities
WON, LOST = "won", "lost"
CLOSED_STAGES = (WON, LOST)
# SAL-OPP-1: won is always 100 % and lost always 0 %; the owner cannot change them.
FIXED_PROBABILITY = {WON: 100, LOST: 0}
CENT = Decimal("0.01")


def weighted(amount, probability):
    """SAL-OPP-2: amount × probability / 100, rounded half-up to 0.01."""
    if amount is None or probability is None:
        return None
    return (Decimal(amount) * Decimal(probability) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


class Stage(LocalisedSetting):
    """A pipeline stage (settings): the default probability is applied when an opportunity moves here."""

    probability = models.PositiveSmallIntegerField(
        _("default probability"), default=0, validators=[MaxValueValidator(100)], help_text=_("0–100 %")
    )

    class Meta(LocalisedSetting.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    @property
    def is_final(self):
        return self.code in CLOSED_STAGES

    def clean(self):
        super().clean()
        errors = {}
        fixed = FIXED_PROBABILITY.get(self.code)
        if fixed is not None and self.probability is not None and self.probability != fixed:
            errors["probability"] = ValidationError(
                _("The probability of won is always 100 and of lost always 0"), code="fixed_probability")
        if self.code in CLOSED_STAGES and not self.active:
            errors["active"] = ValidationError(_("Won and lost cannot be deactivated"), code="system_stage")
        if errors:
            raise ValidationError(errors)

    def in_use(self):
        return (Opportunity.objects.filter(stage_id=self.code).exists()
                or StageHistory.objects.filter(Q(from_stage_id=self.code) | Q(to_stage_id=self.code)).exists())


def _setting_delete(setting, in_use, message):
    if in_use:
        raise ValidationError(message, code="in_use", params={"name": setting.label})
    models.Model.delete(setting)


def delete_setting(setting):
    """SAL-SET-1: a stage, industry or source in use cannot be deleted, only deactivated
    (won and lost are system stages and are never deleted)."""
    if isinstance(setting, Stage):
        if setting.code in CLOSED_STAGES:
            raise ValidationError(_("Won and lost are system stages and cannot be deleted"), code="system_stage")
        return _setting_delete(setting, setting.in_use(),
                               _("Stage “%(name)s” is in use and cannot be deleted; deactivate it instead"))
    if isinstance(setting, Industry):
        return _setting_delete(setting, Customer.objects.filter(industry=setting).exists(),
                               _("Industry “%(name)s” is in use and cannot be deleted; deactivate it instead"))
    return _setting_delete(setting, Customer.objects.filter(source=setting).exists(),
                           _("Source “%(name)s” is in use and cannot be deleted; deactivate it instead"))


class OpportunityQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage_id__in=CLOSED_STAGES)

    def won(self):
        return self.filter(stage_id=WON)

    def lost(self):
        return self.filter(stage_id=LOST)

    def visible_to(self, user):
        """Opportunities of the customers the user sees (service roles: none)."""
        if not (user and user.is_authenticated and user.role in SALES_ROLES):
            return self.none()
        return self.filter(customer__in=Customer.objects.visible_to(user))


def can_reopen(user):
    """SAL-OPP-4: only a manager (or the administrator) reopens a won or lost opportunity."""
    return bool(user and user.is_authenticated and user.role in (Role.ADMIN, Role.MANAGER))


class Opportunity(models.Model):
    customer = models.ForeignKey(
        Customer, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="opportunities"
    )
    name = models.CharField(_("name"), max_length=100, validators=[MinLengthValidator(2), safe_text])
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), to_field="code", db_column="stage", on_delete=models.PROTECT,
        related_name="opportunities", default="lead",
    )
    probability = models.PositiveSmallIntegerField(
        _("probability"), null=True, blank=True, validators=[MaxValueValidator(100)], help_text=_("0–100 %")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="opportunities"
    )
    expected_close = models.DateField(_("expected close date"), null=True)
    competitor = models.CharField(_("competitor"), max_length=100, blank=True, validators=[safe_text])
    lost_reason = models.CharField(_("lost reason"), max_length=200, blank=True, validators=[safe_text])
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = OpportunityQuerySet.as_manager()

    AUDITED_FIELDS = ["name", "amount", "probability", "expected_close", "competitor", "lost_reason"]

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-pk"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._remember()

    def _remember(self):
        state = self.__dict__
        self._original = {key: state.get(key) for key in ("stage_id", "probability", "expected_close")}
        if self._state.adding:
            self._original = {"stage_id": None, "probability": None, "expected_close": None}

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._remember()
        return obj

    def __str__(self):
        return self.name

    # -- state -----------------------------------------------------------------------------------------------------
    @property
    def original_stage_id(self):
        return self._original["stage_id"]

    @property
    def stage_changed(self):
        return self.original_stage_id != self.stage_id

    @property
    def is_open(self):
        return self.stage_id not in CLOSED_STAGES

    @property
    def is_final(self):
        return not self.is_open

    @property
    def weighted_amount(self):
        return weighted(self.amount, self.probability)

    @property
    def stage_label(self):
        return self.stage.label if self.stage_id else ""

    def check_stage_change(self, user):
        """SAL-OPP-4: raise PermissionDenied when ``user`` moves a won or lost opportunity without being a manager."""
        if (self.original_stage_id in CLOSED_STAGES and self.stage_changed and not can_reopen(user)):
            raise PermissionDenied(_("Only a manager can reopen a won or lost opportunity"))

    def clean(self):
        super().clean()
        errors = {}
        stage = Stage.objects.filter(code=self.stage_id).first() if self.stage_id else None
        if stage is not None:
            if self.stage_changed and not stage.active:
                errors["stage"] = ValidationError(
                    _("The stage “%(name)s” is no longer in use"), code="inactive", params={"name": stage.label})
            # SAL-OPP-1: moving to a stage sets its default probability unless the owner changed it in the same edit.
            if self.stage_changed and (self.probability is None or self.probability == self._original["probability"]):
                self.probability = stage.probability
            if self.probability is None:
                self.probability = stage.probability
            if stage.code in FIXED_PROBABILITY:
                self.probability = FIXED_PROBABILITY[stage.code]
        # SAL-OPP-3: a new opportunity (or a changed date of an open one) cannot close in the past.
        if (
            isinstance(self.expected_close, datetime.date)
            and self.expected_close != self._original["expected_close"]
            and self.is_open
            and self.expected_close < clock.today()
        ):
            errors["expected_close"] = ValidationError(
                _("The expected close date cannot be in the past"), code="past")
        # SAL-OPP-4: lost needs a lost reason.
        if self.stage_id == LOST:
            if not (self.lost_reason or "").strip():
                errors["lost_reason"] = ValidationError(_("Enter why the opportunity was lost"), code="required")
        else:
            self.lost_reason = ""
        if self._state.adding and self.customer_id and Customer.objects.filter(pk=self.customer_id,
                                                                               archived=True).exists():
            errors["customer"] = ValidationError(_("The customer is archived"), code="archived")
        if self.name and is_safe_text(self.name):
            self.name = self.name.strip()
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        if self.probability is None and self.stage_id:
            self.probability = FIXED_PROBABILITY.get(self.stage_id, Stage.objects.filter(
                code=self.stage_id).values_list("probability", flat=True).first())
        if self.is_final:
            if self.stage_changed or self.closed_on is None:
                self.closed_on = clock.today()
        else:
            self.closed_on = None
        super().save(*args, **kwargs)

    def mark_saved(self):
        """Start tracking changes from the saved state (after the stage history was written)."""
        self._remember()


class StageHistory(models.Model):
    """SAL-OPP-5: one row per stage change of an opportunity (the creation included)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="stage_history")
    from_stage = models.ForeignKey(Stage, to_field="code", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("from stage"))
    to_stage = models.ForeignKey(Stage, to_field="code", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("to stage"))
    probability = models.PositiveSmallIntegerField(_("probability"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage history")


# --------------------------------------------------------------------------- business activities
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


class Activity(models.Model):
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

    def save(self, *args, **kwargs):
        now = clock.now()
        if not self.created_at:
            self.created_at = now
        self.updated_at = now
        if self.status == ActivityStatus.DONE:
            if self.completed_at is None:
                self.completed_at = now
            if self.next_follow_up is None:
                self.next_follow_up = self.proposed_follow_up
        else:
            self.completed_at = None
        super().save(*args, **kwargs)


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


class ActivityReview(models.Model):
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

    def save(self, *args, **kwargs):
        if not self.created_at:
            self.created_at = clock.now()
        super().save(*args, **kwargs)
