"""e-Expense API (``/api/v1/``): routes."""

from ecrm.common.api_tools import api_paths, api_router
from ecrm.expense.api.advances import AdvanceViewSet
from ecrm.expense.api.approvals import ApprovalInboxView, BulkApproveView, PaymentViewSet, ReportView
from ecrm.expense.api.claims import ClaimLineViewSet, ClaimViewSet
from ecrm.expense.api.my_settings import ApproverChoicesView, ChangePasswordView, MySettingsView
from ecrm.expense.api.projects import ProjectViewSet
from ecrm.expense.api.settings import CategoryViewSet, EmployeeTypeViewSet, ExpenseSettingsView

router = api_router({
    "claims": ClaimViewSet, "claim-lines": ClaimLineViewSet, "advances": AdvanceViewSet, "projects": ProjectViewSet,
    "payments": PaymentViewSet, "employee-types": EmployeeTypeViewSet, "expense-categories": CategoryViewSet,
})
urlpatterns = api_paths({
    "approvals/": (ApprovalInboxView, "api-approvals"),
    "approvals/bulk-approve/": (BulkApproveView, "api-bulk-approve"),
    "expense-settings/": (ExpenseSettingsView, "api-expense-settings"),
    "expense-report/": (ReportView, "api-expense-report"),
    "my-settings/": (MySettingsView, "api-my-settings"),
    "my-settings/approvers/": (ApproverChoicesView, "api-my-approvers"),
    "my-settings/password/": (ChangePasswordView, "api-change-password"),
})
