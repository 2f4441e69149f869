"""e-Expense models: projects."""
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ecrm.common.validators import is_safe_text, safe_text
from ecrm.expense.models.money import MONEY, POSITIVE, ZERO, fmt_money, money

PROJECT_CODE_RE = r"^[A-Z]{2,5}-\d{3}$"
SPEND_STATUSES = ("manager_approved", "finance_approved", "admin_approved", "paid")


def spent_lines():
    """EXP-PRJ-1: the claim lines that count as a project's spend (of approved and paid claims). Claims refer to
    projects, so the line model is looked up in the app registry rather than imported."""
    return apps.get_model("expense", "ClaimLine").objects.filter(claim__status__in=SPEND_STATUSES)


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def with_spend(self):
        """EXP-PRJ-1: spend = the lines of approved and paid claims charged to the project."""
        spend = (
            spent_lines().filter(claim__project=OuterRef("pk"))
            .order_by()
            .values("claim__project")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        money_field = DecimalField(**MONEY)
        return self.annotate(
            spend_total=Coalesce(Subquery(spend, output_field=money_field), Value(ZERO), output_field=money_field)
        )


class Project(models.Model):
    code = models.CharField(
        _("project code"), max_length=9, unique=True,
        validators=[RegexValidator(PROJECT_CODE_RE, _("Enter a code of 2–5 capital letters, a hyphen and 3 digits, "
                                                      "such as HZ-001"), code="invalid_code")],
        error_messages={"unique": _("A project with this code already exists")},
    )
    name = models.CharField(_("project name"), max_length=100, validators=[safe_text])
    budget = models.DecimalField(_("budget"), validators=POSITIVE, **MONEY)
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("project manager"),
                                on_delete=models.PROTECT, related_name="managed_projects")
    active = models.BooleanField(_("active"), default=True)
    allow_overspend = models.BooleanField(_("allow overspend"), default=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if self.code and is_safe_text(self.code):
            self.code = self.code.strip()
        if self.name and is_safe_text(self.name):
            self.name = self.name.strip()
            if not self.name:
                raise ValidationError({"name": _("This field is required.")})

    @property
    def spend(self):
        value = getattr(self, "spend_total", None)
        if value is None:
            value = (
                spent_lines().filter(claim__project=self)
                .aggregate(total=Sum("amount"))["total"]
            )
        return money(value or ZERO)

    @staticmethod
    def utilisation_of(spend, budget):
        if not budget:
            return None
        return (Decimal(spend) * 100 / Decimal(budget)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def utilisation(self):
        return self.utilisation_of(self.spend, self.budget)

    def check_budget(self, extra):
        """EXP-PRJ-2: refuse (ValidationError) spending ``extra`` more past 100 % unless overspend is allowed;
        return a warning text past 90 %, else None."""
        after = self.spend + money(extra)
        if after > self.budget and not self.allow_overspend:
            raise ValidationError(
                _("This claim would take project %(code)s to %(spend)s of its budget %(budget)s (over 100 %%); "
                  "the project does not allow overspending"),
                code="over_budget",
                params={"code": self.code, "spend": fmt_money(after), "budget": fmt_money(self.budget)},
            )
        if after * 10 > self.budget * 9:
            return _("Project %(code)s will be at %(percent)s %% of its budget (%(spend)s of %(budget)s)") % {
                "code": self.code, "percent": self.utilisation_of(after, self.budget),
                "spend": fmt_money(after), "budget": fmt_money(self.budget)}
        return None
