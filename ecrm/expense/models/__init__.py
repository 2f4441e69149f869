"""e-Expense models: settings (employee types, categories, limits, thresholds), projects, claims and their lines
and receipts, advances, payments with advance offsets, and each employee's expense profile (My settings).

Rules live here (validators, ``clean()``, ``check_*`` methods and querysets); the cross-model workflows that change
state (submit, approve, pay ...) are in ``services.py``.
"""
from ecrm.expense.models.advances import (
    ADVANCE_ROUTING,
    Advance,
    AdvanceQuerySet,
    AdvanceStatus,
)
from ecrm.expense.models.claims import (
    CLAIM_ROUTING,
    EDITABLE_STATUSES,
    STEP_LABELS,
    Claim,
    ClaimLine,
    ClaimQuerySet,
    ClaimStatus,
    validate_line_amount,
)
from ecrm.expense.models.employee_types import (
    EMPLOYEE_TYPE_NAME_RE,
    EmployeeType,
    validate_employee_type_name,
)
from ecrm.expense.models.money import (
    CENT,
    MONEY,
    POSITIVE,
    ZERO,
    fmt_money,
    money,
)
from ecrm.expense.models.numbering import (
    NumberCounter,
)
from ecrm.expense.models.payments import (
    AdvanceOffset,
    Payment,
    PaymentMethod,
)
from ecrm.expense.models.profiles import (
    ExpenseProfile,
    approver_choices,
    first_approver_of,
    luhn_ok,
    mask_card,
    validate_card_number,
)
from ecrm.expense.models.projects import (
    PROJECT_CODE_RE,
    SPEND_STATUSES,
    Project,
    ProjectQuerySet,
    spent_lines,
)
from ecrm.expense.models.receipts import (
    _SIGNATURES,
    MAX_RECEIPT_BYTES,
    Receipt,
    read_receipt,
    sniff_receipt,
)
from ecrm.expense.models.settings import (
    Category,
    CategoryLimit,
    CategoryQuerySet,
    ExpenseSettings,
)

__all__ = [
    "CENT",
    "EMPLOYEE_TYPE_NAME_RE",
    "MONEY",
    "POSITIVE",
    "ZERO",
    "fmt_money",
    "money",
    "EmployeeType",
    "validate_employee_type_name",
    "Category",
    "CategoryLimit",
    "CategoryQuerySet",
    "ExpenseSettings",
    "NumberCounter",
    "PROJECT_CODE_RE",
    "Project",
    "spent_lines",
    "ProjectQuerySet",
    "SPEND_STATUSES",
    "ExpenseProfile",
    "approver_choices",
    "first_approver_of",
    "luhn_ok",
    "mask_card",
    "validate_card_number",
    "MAX_RECEIPT_BYTES",
    "Receipt",
    "_SIGNATURES",
    "read_receipt",
    "sniff_receipt",
    "CLAIM_ROUTING",
    "Claim",
    "ClaimLine",
    "ClaimQuerySet",
    "ClaimStatus",
    "EDITABLE_STATUSES",
    "STEP_LABELS",
    "validate_line_amount",
    "ADVANCE_ROUTING",
    "Advance",
    "AdvanceQuerySet",
    "AdvanceStatus",
    "AdvanceOffset",
    "Payment",
    "PaymentMethod",
]
