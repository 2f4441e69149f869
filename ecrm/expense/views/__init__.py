"""e-Expense pages: rules live on the models, workflows in ``services``.
"""
from ecrm.expense.views.advances import (
    AdvanceFormView,
    AdvanceListView,
    _visible_advance,
    advance_action,
    advance_decide,
    advance_detail,
    advance_repay,
)
from ecrm.expense.views.approvals import (
    PaymentListView,
    SettlementView,
    approvals,
)
from ecrm.expense.views.base import (
    ALL_ROLES,
    FINANCE_ROLES,
    PERMISSION_CODES,
    _check_permission,
    _deny_if_refused,
    _error,
    _warn,
)
from ecrm.expense.views.claims import (
    ClaimFormView,
    ClaimListView,
    _outstanding_advances,
    _visible_claim,
    claim_action,
    claim_add_line,
    claim_decide,
    claim_delete_line,
    claim_detail,
    claim_pay,
    receipt_view,
)
from ecrm.expense.views.my_settings import (
    change_password,
    my_settings,
)
from ecrm.expense.views.projects import (
    ProjectFormView,
    ProjectListView,
    project_detail,
)
from ecrm.expense.views.settings import (
    CategoryFormView,
    CategoryListView,
    EmployeeTypeEditView,
    EmployeeTypeListView,
    employee_type_delete,
    report,
    settings_view,
)

__all__ = [
    "ALL_ROLES",
    "FINANCE_ROLES",
    "PERMISSION_CODES",
    "_check_permission",
    "_deny_if_refused",
    "_error",
    "_warn",
    "ClaimFormView",
    "ClaimListView",
    "_outstanding_advances",
    "_visible_claim",
    "claim_action",
    "claim_add_line",
    "claim_decide",
    "claim_delete_line",
    "claim_detail",
    "claim_pay",
    "receipt_view",
    "AdvanceFormView",
    "AdvanceListView",
    "_visible_advance",
    "advance_action",
    "advance_decide",
    "advance_detail",
    "advance_repay",
    "PaymentListView",
    "SettlementView",
    "approvals",
    "ProjectFormView",
    "ProjectListView",
    "project_detail",
    "CategoryFormView",
    "CategoryListView",
    "EmployeeTypeEditView",
    "EmployeeTypeListView",
    "employee_type_delete",
    "report",
    "settings_view",
    "change_password",
    "my_settings",
]
