"""Seeded defects of expense (see ecrm/defects/__init__.py). Each entry patches one behaviour."""

from __future__ import annotations

import functools
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError

from ecrm.common.models import Role
from ecrm.defects import defect
from ecrm.expense import models
from ecrm.expense.models import Claim, ClaimStatus
from ecrm.expense.views import EmployeeTypeListView


@defect(
    "EXP-D01",
    module="e-Expense",
    title="员工类型 page layout breaks when the window is resized",
    description="The employee type page carries a fixed minimum width, so at narrow windows the page scrolls "
                "sideways and controls are cut off (the seed project's employee_defect_02).",
    severity="minor",
    priority="urgent",
    rules=("COM-UI-1", "EXP-SYS-1"),
)
def employee_type_layout_fixed_width():

    original = EmployeeTypeListView.dispatch

    @functools.wraps(original)
    def dispatch(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        if response.get("Content-Type", "").startswith("text/html"):
            response.content = response.content.replace(
                b"</head>", b"<style>.main{min-width:1400px}.list-search{width:1200px}</style></head>", 1)
        return response

    EmployeeTypeListView.dispatch = dispatch


@defect(
    "EXP-D02",
    module="e-Expense",
    title="Illegal characters in an employee type name show a garbled message",
    description="The validation message of the employee type name is encoded twice (UTF-8 read as Latin-1), so "
                "typing !@#$%^&* shows mojibake instead of the Chinese message (the seed project's "
                "employee_defect_03).",
    severity="normal",
    priority="urgent",
    rules=("COM-UI-2", "EXP-SYS-1"),
)
def employee_type_message_double_encoded():


    field = models.EmployeeType._meta.get_field("name")
    original = models.validate_employee_type_name

    def garbled(value):
        try:
            original(value)
        except ValidationError as exc:
            text = " ".join(str(m) for m in exc.messages)
            twice = text.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1")
            raise ValidationError(twice, code=exc.code) from None

    field._validators = [garbled if v is original else v for v in field._validators]
    field.__dict__.pop("validators", None)  # the cached property of the field's validators


@defect(
    "EXP-D03",
    module="e-Expense",
    title="Claim total loses a cent: lines summed as floats and truncated",
    description="The claim total adds the line amounts as binary floats and cuts the result to two decimals, so "
                "12.70 + 3.10 + 0.10 + 0.20 gives 16.09 instead of 16.10.",
    severity="critical",
    priority="high",
    rules=("EXP-CLM-1",),
)
def claim_total_float_truncation():

    def compute_total(self):
        total = sum(float(line.amount) for line in self.lines.all())
        return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    Claim.compute_total = compute_total


@defect(
    "EXP-D04",
    module="e-Expense",
    title="A finance user can approve their own claim",
    description="The finance approval step accepts any finance user and no longer checks that the approver is not "
                "the claim's employee, so finance approves its own claims.",
    severity="critical",
    priority="urgent",
    rules=("EXP-APR-2",),
)
def finance_self_approval():


    def check_can_decide(self, user):
        if self.pending_step is None:
            raise ValidationError("not waiting for approval", code="bad_state")
        if self.pending_step == "finance" and user.role == Role.FINANCE:
            return
        if user.pk == self.employee_id or not self.is_step_approver(user):
            raise ValidationError("not your approval", code="not_approver")

    Claim.check_can_decide = check_can_decide


@defect(
    "EXP-D05",
    module="e-Expense",
    title="A claim can be withdrawn after the manager approved it",
    description="Withdraw checks only that the claim is not yet finance-approved, so the submitter pulls a "
                "manager-approved claim back to draft and can change it after approval.",
    severity="critical",
    priority="high",
    rules=("EXP-CLM-4",),
)
def withdraw_after_first_approval():


    def check_can_withdraw(self, user):
        if user.pk != self.employee_id:
            raise ValidationError("not yours", code="not_owner")
        if self.status not in (ClaimStatus.SUBMITTED, ClaimStatus.MANAGER_APPROVED):
            raise ValidationError("cannot withdraw", code="bad_state")

    Claim.check_can_withdraw = check_can_withdraw
