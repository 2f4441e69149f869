"""e-Expense models: categories, limits, thresholds."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common.localised import ActiveQuerySet, LocalisedLabel
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.expense.models.employee_types import EmployeeType
from ecrm.expense.models.money import MONEY, POSITIVE, ZERO

CategoryQuerySet = ActiveQuerySet


class Category(LocalisedLabel, models.Model):
    """费用类别: travel, transport, lodging, meals, entertainment, office, other (admin/finance edit them)."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True,
        error_messages={"invalid": _("Enter a code of lower-case letters, digits, hyphens or underscores")},
    )
    name = models.CharField(_("name (Chinese)"), max_length=20, validators=[safe_text])
    name_en = models.CharField(_("name (English)"), max_length=40, validators=[safe_text])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense category")
        verbose_name_plural = _("expense categories")
        ordering = ["order", "pk"]

    def clean(self):
        super().clean()
        if self.code:
            self.code = self.code.strip().lower()
        for field in ("name", "name_en"):
            value = getattr(self, field)
            if value and is_safe_text(value):
                setattr(self, field, value.strip())
                if not getattr(self, field):
                    raise ValidationError({field: _("This field is required.")})


class CategoryLimit(models.Model):
    """EXP-SYS-2: the most one claim line of ``category`` may claim for an employee of ``employee_type``."""

    employee_type = models.ForeignKey(EmployeeType, on_delete=models.CASCADE, related_name="limits",
                                      verbose_name=_("employee type"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="limits",
                                 verbose_name=_("category"))
    limit = models.DecimalField(_("limit"), validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("category limit")
        verbose_name_plural = _("category limits")
        constraints = [models.UniqueConstraint(fields=["employee_type", "category"],
                                               name="expense_limit_one_per_type_category")]

    def __str__(self):
        return f"{self.employee_type} / {self.category}: {self.limit}"


class ExpenseSettings(models.Model):
    """Singleton (pk=1): the receipt threshold and the approval threshold (EXP-SYS-2)."""

    receipt_threshold = models.DecimalField(_("receipt threshold"), default=Decimal("200.00"),
                                            validators=[MinValueValidator(ZERO)], **MONEY)
    approval_threshold = models.DecimalField(_("approval threshold"), default=Decimal("10000.00"),
                                             validators=POSITIVE, **MONEY)

    class Meta:
        verbose_name = _("expense settings")
        verbose_name_plural = _("expense settings")

    def __str__(self):
        return f"receipt ≥ {self.receipt_threshold}, admin ≥ {self.approval_threshold}"

    @classmethod
    def load(cls):
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
