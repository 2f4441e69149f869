"""e-Expense models: advances."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import Role
from ecrm.common.routing import Route, Routing
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.expense.models.money import MONEY, POSITIVE, ZERO, fmt_money, money
from ecrm.expense.models.projects import Project
from ecrm.expense.models.records import EmployeeRecordQuerySet


class AdvanceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    DISBURSED = "disbursed", _("Disbursed")
    SETTLED = "settled", _("Settled")
    REJECTED = "rejected", _("Rejected")


ADVANCE_ROUTING = Routing((Route("approval", {"status": AdvanceStatus.SUBMITTED}, field="approver"),))


class AdvanceQuerySet(EmployeeRecordQuerySet):
    text_field = "purpose"

    def awaiting(self, user):
        """Advances waiting for ``user``'s approval: the advance's approver, never its employee."""
        return ADVANCE_ROUTING.awaiting(self, user)

    def outstanding(self):
        """Disbursed advances with a balance (settled ones have none)."""
        return self.filter(status=AdvanceStatus.DISBURSED).annotate(
            balance=F("amount") - F("settled_amount")).filter(balance__gt=0)

    def overdue(self, day=None):
        """EXP-ADV-1: outstanding past the expected repayment date."""
        day = day or clock.today()
        return self.outstanding().filter(expected_repayment__lt=day)


class Advance(Stamped):
    number = models.CharField(_("advance number"), max_length=20, unique=True, null=True, blank=True)
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="expense_advances")
    purpose = models.CharField(_("purpose"), max_length=200, validators=[safe_text])
    amount = models.DecimalField(_("amount"), validators=POSITIVE, **MONEY)
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="advances")
    expected_repayment = models.DateField(_("expected repayment date"))
    status = models.CharField(_("status"), max_length=20, choices=AdvanceStatus.choices,
                              default=AdvanceStatus.DRAFT)
    settled_amount = models.DecimalField(_("settled amount"), default=ZERO, **MONEY)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="advances_to_approve")
    comment = models.CharField(_("approval comment"), max_length=500, blank=True, validators=[safe_text])
    disbursed_on = models.DateField(_("disbursed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = AdvanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("advance")
        verbose_name_plural = _("advances")
        ordering = ["-created_at", "-pk"]

    _original_project_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._original_project_id = obj.__dict__.get("project_id")
        return obj

    def __str__(self):
        return self.number or str(_("Draft advance"))

    @property
    def outstanding(self):
        """The balance still owed: the amount less what has been settled (only once disbursed)."""
        if self.status not in (AdvanceStatus.DISBURSED, AdvanceStatus.SETTLED):
            return ZERO
        return money(self.amount - self.settled_amount)

    @property
    def is_overdue(self):
        return self.status == AdvanceStatus.DISBURSED and self.outstanding > 0 and (
            self.expected_repayment < clock.today())

    @property
    def is_editable(self):
        return self.status in (AdvanceStatus.DRAFT, AdvanceStatus.REJECTED)

    def clean(self):
        super().clean()
        errors = {}
        if self.purpose and is_safe_text(self.purpose):
            self.purpose = self.purpose.strip()
            if not self.purpose:
                errors["purpose"] = ValidationError(_("This field is required."), code="required")
        if self.expected_repayment and self.is_editable and self.expected_repayment < clock.today():
            errors["expected_repayment"] = ValidationError(_("The expected repayment date cannot be in the past"),
                                                           code="past")
        if self.project_id and not self.project.active and self.project_id != self._original_project_id:
            errors["project"] = ValidationError(
                _("Project %(code)s is inactive and cannot be chosen") % {"code": self.project.code})
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def check_may_request(employee):
        """EXP-ADV-1: an employee with an overdue outstanding advance cannot request a new one."""
        overdue = Advance.objects.filter(employee=employee).overdue().order_by("expected_repayment").first()
        if overdue:
            raise ValidationError(
                _("You have an overdue advance (%(number)s, %(balance)s outstanding since %(date)s); repay it "
                  "before requesting a new one"),
                code="overdue_advance",
                params={"number": overdue.number, "balance": fmt_money(overdue.amount - overdue.settled_amount),
                        "date": overdue.expected_repayment.isoformat()},
            )

    def check_editable_by(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who requested the advance can change it"), code="not_owner")
        if not self.is_editable:
            raise ValidationError(_("Only draft and rejected advances can be edited"), code="not_editable")

    def check_can_submit(self, user):
        self.check_editable_by(user)
        Advance.check_may_request(self.employee)

    def check_can_withdraw(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who requested the advance can withdraw it"),
                                  code="not_owner")
        if self.status != AdvanceStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted advance that nobody has approved yet can be withdrawn"),
                                  code="bad_state")

    def check_can_decide(self, user):
        if self.status != AdvanceStatus.SUBMITTED:
            raise ValidationError(_("Advance %(advance)s is not waiting for approval"), code="bad_state",
                                  params={"advance": self})
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot approve or reject your own advance"), code="own_advance")
        if not ADVANCE_ROUTING.may_act(self, user):
            raise ValidationError(_("Advance %(advance)s is not waiting for your approval"), code="not_approver",
                                  params={"advance": self})

    @property
    def next_approvers(self):
        """The usernames who may approve or reject the advance now (it is in their inbox), sorted."""
        return ADVANCE_ROUTING.next_approvers(self)

    def check_can_disburse(self, user):
        if user.role not in (Role.FINANCE, Role.ADMIN):
            raise ValidationError(_("Only finance can disburse an advance"), code="not_finance")
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot disburse your own advance"), code="own_advance")
        if self.status != AdvanceStatus.APPROVED:
            raise ValidationError(_("Only an approved advance can be disbursed"), code="bad_state")
