"""e-Expense models: my settings."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common.models import Role, User
from ecrm.common.validators import is_safe_text, safe_text


def luhn_ok(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_card_number(value):
    """EXP-ME-1: 16–19 digits that pass the Luhn check."""
    if not value:
        return
    if not re.fullmatch(r"[0-9]{16,19}", value):
        raise ValidationError(_("Enter a card number of 16 to 19 digits"), code="card_format")
    if not luhn_ok(value):
        raise ValidationError(_("This card number is not valid (check digit mismatch)"), code="card_luhn")


def mask_card(number):
    if not number:
        return ""
    return "**** **** **** " + number[-4:]


class ExpenseProfile(models.Model):
    """An employee's My settings: bank account (EXP-ME-1) and default approver (EXP-ME-2)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expense_profile")
    bank_holder = models.CharField(_("account holder"), max_length=50, blank=True, validators=[safe_text])
    bank_name = models.CharField(_("bank"), max_length=100, blank=True, validators=[safe_text])
    card_number = models.CharField(_("card number"), max_length=19, blank=True, validators=[validate_card_number])
    default_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("default approver"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("expense profile")
        verbose_name_plural = _("expense profiles")

    def __str__(self):
        return f"{self.user}"

    @classmethod
    def of(cls, user):
        return cls.objects.get_or_create(user=user)[0]

    @property
    def card_masked(self):
        return mask_card(self.card_number)

    @property
    def has_bank_account(self):
        return bool(self.bank_holder and self.bank_name and self.card_number)

    def clean(self):
        super().clean()
        errors = {}
        for field in ("bank_holder", "bank_name", "card_number"):
            value = getattr(self, field)
            if value and is_safe_text(value):
                setattr(self, field, value.strip())
        if self.card_number:
            self.card_number = re.sub(r"[\s-]", "", self.card_number)
        parts = [self.bank_holder, self.bank_name, self.card_number]
        if any(parts) and not all(parts):
            for field, value in zip(("bank_holder", "bank_name", "card_number"), parts, strict=True):
                if not value:
                    errors[field] = ValidationError(_("Enter the account holder, the bank and the card number"),
                                                    code="incomplete")
        if self.default_approver_id:
            if self.default_approver_id == self.user_id:
                errors["default_approver"] = ValidationError(_("You cannot be your own approver"), code="self")
            elif not approver_choices(self.user).filter(pk=self.default_approver_id).exists():
                errors["default_approver"] = ValidationError(_("Select a valid approver."), code="invalid")
        if errors:
            raise ValidationError(errors)


def approver_choices(user):
    """Who may be an employee's first-level approver: active managers and administrators other than themselves."""
    return User.objects.filter(is_active=True, role__in=[Role.MANAGER, Role.ADMIN]).exclude(pk=user.pk)


def first_approver_of(user):
    """The employee's default approver (My settings) if set, else the line manager (None: no first step)."""
    profile = ExpenseProfile.objects.filter(user=user).select_related("default_approver").first()
    if profile and profile.default_approver and profile.default_approver.is_active:
        return profile.default_approver
    manager = user.line_manager
    return manager if manager and manager.is_active and manager.pk != user.pk else None
