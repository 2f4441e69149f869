"""e-Expense API (``/api/v1/``): routes."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from ecrm.expense.api.advances import AdvanceViewSet
from ecrm.expense.api.approvals import ApprovalInboxView, BulkApproveView, PaymentViewSet, ReportView
from ecrm.expense.api.claims import ClaimLineViewSet, ClaimViewSet
from ecrm.expense.api.my_settings import ApproverChoicesView, ChangePasswordView, MySettingsView
from ecrm.expense.api.projects import ProjectViewSet
from ecrm.expense.api.settings import CategoryViewSet, EmployeeTypeViewSet, ExpenseSettingsView

router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("claim-lines", ClaimLineViewSet, basename="claim-line")
router.register("advances", AdvanceViewSet, basename="advance")
router.register("projects", ProjectViewSet, basename="project")
router.register("payments", PaymentViewSet, basename="payment")
router.register("employee-types", EmployeeTypeViewSet, basename="employee-type")
router.register("expense-categories", CategoryViewSet, basename="expense-category")

urlpatterns = [
    path("approvals/", ApprovalInboxView.as_view(), name="api-approvals"),
    path("approvals/bulk-approve/", BulkApproveView.as_view(), name="api-bulk-approve"),
    path("expense-settings/", ExpenseSettingsView.as_view(), name="api-expense-settings"),
    path("expense-report/", ReportView.as_view(), name="api-expense-report"),
    path("my-settings/", MySettingsView.as_view(), name="api-my-settings"),
    path("my-settings/approvers/", ApproverChoicesView.as_view(), name="api-my-approvers"),
    path("my-settings/password/", ChangePasswordView.as_view(), name="api-change-password"),
]
