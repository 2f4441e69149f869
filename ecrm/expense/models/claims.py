"""e-Expense models: claims."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.models import Role
from ecrm.common.routing import Route, Routing
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.expense.models.money import MONEY, ZERO, fmt_money
from ecrm.expense.models.projects import Project
from ecrm.expense.models.receipts import Receipt
from ecrm.expense.models.records import EmployeeRecordQuerySet
from ecrm.expense.models.settings import Category, ExpenseSettings


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MANAGER_APPROVED = "manager_approved", _("Manager approved")
    FINANCE_APPROVED = "finance_approved", _("Finance approved")
    ADMIN_APPROVED = "admin_approved", _("Administrator approved")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")


EDITABLE_STATUSES = (ClaimStatus.DRAFT, ClaimStatus.REJECTED)
# EXP-APR-1/2: who acts on a claim's pending step: its approver, then finance (the administrator for a finance
# employee's own claim), then at or above the approval threshold the administrator; never the claim's employee.
CLAIM_ROUTING = Routing((
    Route("manager", {"status": ClaimStatus.SUBMITTED}, field="approver"),
    Route("finance", {"status": ClaimStatus.MANAGER_APPROVED}, unless={"employee__role": Role.FINANCE},
          role=Role.FINANCE),
    Route("finance", {"status": ClaimStatus.MANAGER_APPROVED, "employee__role": Role.FINANCE}, role=Role.ADMIN),
    Route("admin", {"status": ClaimStatus.FINANCE_APPROVED, "needs_admin": True}, role=Role.ADMIN),
))
STEP_LABELS = {
    "manager": _("Awaiting manager approval"),
    "finance": _("Awaiting finance approval"),
    "admin": _("Awaiting administrator approval"),
}


class ClaimQuerySet(EmployeeRecordQuerySet):
    def awaiting(self, user):
        """EXP-APR-1: what waits for ``user``: first the claim's approver, then finance, then (at or above the
        approval threshold) the administrator. Nobody's inbox holds their own claims (EXP-APR-2)."""
        return CLAIM_ROUTING.awaiting(self, user)

    def payable(self):
        """EXP-PAY-1: finance-approved claims (administrator-approved at or above the threshold)."""
        return self.filter(
            Q(status=ClaimStatus.FINANCE_APPROVED, needs_admin=False) | Q(status=ClaimStatus.ADMIN_APPROVED)
        )


class Claim(Stamped):
    number = models.CharField(_("claim number"), max_length=20, unique=True, null=True, blank=True)
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("employee"), on_delete=models.PROTECT,
                                 related_name="expense_claims")
    title = models.CharField(_("title"), max_length=100, validators=[safe_text])
    project = models.ForeignKey(Project, verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="claims")
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    total = models.DecimalField(_("total"), default=ZERO, **MONEY)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approver"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="claims_to_approve")
    needs_admin = models.BooleanField(_("needs administrator approval"), default=False)
    comment = models.CharField(_("approval comment"), max_length=500, blank=True, validators=[safe_text])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["employee", "status"])]

    def __str__(self):
        return self.number or str(_("Draft claim"))

    @property
    def label(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def clean(self):
        super().clean()
        if self.title and is_safe_text(self.title):
            self.title = self.title.strip()
            if not self.title:
                raise ValidationError({"title": _("This field is required.")})

    # -- totals ------------------------------------------------------------------------------------------------
    def compute_total(self):
        """EXP-CLM-1: the exact decimal sum of the lines."""
        return sum((line.amount for line in self.lines.all()), ZERO)

    def recompute_total(self):
        self.total = self.compute_total()
        Claim.objects.filter(pk=self.pk).update(total=self.total)
        return self.total

    # -- state rules (each raises ValidationError with a code) -------------------------------------------------
    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    def check_editable_by(self, user):
        """EXP-CLM-4: only the employee edits, and only a draft or rejected claim."""
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can change it"), code="not_owner")
        if not self.is_editable:
            raise ValidationError(
                _("Claim %(claim)s is %(status)s: only draft and rejected claims can be edited"),
                code="not_editable", params={"claim": self, "status": self.get_status_display()})

    def check_project_selectable(self, project):
        """EXP-PRJ-3: an inactive project cannot be chosen (a claim keeps the inactive project it already had)."""
        if project is not None and not project.active and project.pk != self._original_project_id:
            raise ValidationError(
                {"project": _("Project %(code)s is inactive and cannot be chosen") % {"code": project.code}})

    _original_project_id = None

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._original_project_id = obj.__dict__.get("project_id")
        return obj

    def check_can_submit(self, user):
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can submit it"), code="not_owner")
        if self.status not in EDITABLE_STATUSES:
            raise ValidationError(_("Only draft and rejected claims can be submitted"), code="bad_state")
        if not self.lines.exists():
            raise ValidationError(_("Add at least one line before submitting"), code="no_lines")

    def check_can_withdraw(self, user):
        """EXP-CLM-4: the submitter withdraws a claim to draft before the first approval."""
        if user.pk != self.employee_id:
            raise ValidationError(_("Only the employee who made the claim can withdraw it"), code="not_owner")
        if self.status != ClaimStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted claim that nobody has approved yet can be withdrawn"),
                                  code="bad_state")

    @property
    def pending_step(self):
        return CLAIM_ROUTING.step_of(self)

    @property
    def pending_step_label(self):
        step = self.pending_step
        return STEP_LABELS[step] if step else ""

    def is_step_approver(self, user):
        return CLAIM_ROUTING.may_act(self, user)

    @property
    def next_approvers(self):
        """The usernames who may act on the pending step now (the claim is in their inbox), sorted."""
        return CLAIM_ROUTING.next_approvers(self)

    def check_can_decide(self, user):
        """EXP-APR-1/2: the user is the approver of the pending step, and never the claim's employee."""
        if self.pending_step is None:
            raise ValidationError(_("Claim %(claim)s is not waiting for approval"), code="bad_state",
                                  params={"claim": self})
        if user.pk == self.employee_id:
            raise ValidationError(_("You cannot approve or reject your own claim"), code="own_claim")
        if not self.is_step_approver(user):
            raise ValidationError(_("Claim %(claim)s is not waiting for your approval"), code="not_approver",
                                  params={"claim": self})

    def next_status_after_approval(self):
        step = self.pending_step
        if step == "manager":
            return ClaimStatus.MANAGER_APPROVED
        if step == "finance":
            return ClaimStatus.FINANCE_APPROVED
        return ClaimStatus.ADMIN_APPROVED

    @property
    def is_payable(self):
        return (self.status == ClaimStatus.FINANCE_APPROVED and not self.needs_admin) or (
            self.status == ClaimStatus.ADMIN_APPROVED)


def validate_line_amount(value):
    if value is not None and value <= 0:
        raise ValidationError(_("The amount must be greater than 0"), code="not_positive")


class ClaimLine(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines", verbose_name=_("claim"))
    date = models.DateField(_("date"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="lines",
                                 verbose_name=_("category"))
    amount = models.DecimalField(_("amount"), validators=[validate_line_amount], **MONEY)
    description = models.CharField(_("description"), max_length=200, validators=[safe_text])

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date} {self.category} {self.amount}"

    def clean(self):
        """EXP-CLM-1 (date window), EXP-CLM-3 (the employee type's limit); the receipt rule (EXP-CLM-2) needs
        the file and is checked by ``check_receipt``."""
        super().clean()
        errors = {}
        if self.description and is_safe_text(self.description):
            self.description = self.description.strip()
            if not self.description:
                errors["description"] = ValidationError(_("This field is required."), code="required")
        if self.date:
            today = clock.today()
            if self.date > today:
                errors["date"] = ValidationError(_("The date cannot be in the future"), code="future")
            elif (today - self.date).days > 90:
                errors["date"] = ValidationError(_("The date cannot be more than 90 days ago"), code="too_old")
        if self.amount is not None and self.category_id and self.claim_id:
            employee_type = self.claim.employee.employee_type
            limit = employee_type.limit_for(self.category) if employee_type else None
            if limit is not None and self.amount > limit:
                errors["amount"] = ValidationError(
                    _("The amount exceeds the limit of %(limit)s for %(category)s (employee type %(type)s)"),
                    code="over_limit",
                    params={"limit": fmt_money(limit), "category": self.category.label, "type": employee_type.name},
                )
        if self.category_id and not self.category.active and self._state.adding:
            errors["category"] = ValidationError(_("This category is no longer in use"), code="inactive")
        if errors:
            raise ValidationError(errors)

    def needs_receipt(self, threshold=None):
        threshold = ExpenseSettings.load().receipt_threshold if threshold is None else threshold
        return self.amount is not None and self.amount > threshold

    def check_receipt(self, has_receipt, threshold=None):
        """EXP-CLM-2: a line above the receipt threshold needs a receipt."""
        threshold = ExpenseSettings.load().receipt_threshold if threshold is None else threshold
        if self.needs_receipt(threshold) and not has_receipt:
            raise ValidationError(
                {"receipt": ValidationError(
                    _("A line above %(threshold)s needs a receipt (an image or a PDF, at most 5 MB)"),
                    code="receipt_required", params={"threshold": fmt_money(threshold)})})

    @property
    def has_receipt(self):
        try:
            return self.receipt is not None
        except Receipt.DoesNotExist:
            return False
