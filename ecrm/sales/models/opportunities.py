"""e-Sales models: stages (settings) and opportunities."""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import SALES_ROLES, Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.sales.models.customers import Customer
from ecrm.sales.models.settings import Industry, LocalisedSetting

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


class Opportunity(Stamped):
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

    def before_save(self, now):
        if self.probability is None and self.stage_id:
            self.probability = FIXED_PROBABILITY.get(self.stage_id, Stage.objects.filter(
                code=self.stage_id).values_list("probability", flat=True).first())
        if self.is_final:
            if self.stage_changed or self.closed_on is None:
                self.closed_on = clock.today()
        else:
            self.closed_on = None

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
