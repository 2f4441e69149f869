from django.urls import path

from ecrm.common.views import landing
from ecrm.expense import views

app_name = "expense"

urlpatterns = [
    path("", landing, {"key": "expense"}, name="home"),
    path("claims/", views.ClaimListView.as_view(), name="claims"),
    path("claims/new/", views.ClaimFormView.as_view(), name="claim-new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", views.ClaimFormView.as_view(), name="claim-edit"),
    path("claims/<int:pk>/lines/", views.claim_add_line, name="claim-add-line"),
    path("claims/<int:pk>/lines/<int:line_pk>/delete/", views.claim_delete_line, name="claim-delete-line"),
    path("claims/<int:pk>/lines/<int:line_pk>/receipt/", views.receipt_view, name="claim-receipt"),
    path("claims/<int:pk>/submit/", views.claim_action, {"action": "submit"}, name="claim-submit"),
    path("claims/<int:pk>/withdraw/", views.claim_action, {"action": "withdraw"}, name="claim-withdraw"),
    path("claims/<int:pk>/delete/", views.claim_action, {"action": "delete"}, name="claim-delete"),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim-decide"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim-pay"),
    path("advances/", views.AdvanceListView.as_view(), name="advances"),
    path("advances/new/", views.AdvanceFormView.as_view(), name="advance-new"),
    path("advances/<int:pk>/", views.advance_detail, name="advance-detail"),
    path("advances/<int:pk>/edit/", views.AdvanceFormView.as_view(), name="advance-edit"),
    path("advances/<int:pk>/submit/", views.advance_action, {"action": "submit"}, name="advance-submit"),
    path("advances/<int:pk>/withdraw/", views.advance_action, {"action": "withdraw"}, name="advance-withdraw"),
    path("advances/<int:pk>/delete/", views.advance_action, {"action": "delete"}, name="advance-delete"),
    path("advances/<int:pk>/disburse/", views.advance_action, {"action": "disburse"}, name="advance-disburse"),
    path("advances/<int:pk>/decide/", views.advance_decide, name="advance-decide"),
    path("advances/<int:pk>/repay/", views.advance_repay, name="advance-repay"),
    path("approvals/", views.approvals, name="approvals"),
    path("settlement/", views.SettlementView.as_view(), name="settlement"),
    path("payments/", views.PaymentListView.as_view(), name="payments"),
    path("projects/", views.ProjectListView.as_view(), name="projects"),
    path("projects/new/", views.ProjectFormView.as_view(), name="project-new"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.ProjectFormView.as_view(), name="project-edit"),
    path("reports/", views.report, name="reports"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/employee-types/", views.EmployeeTypeListView.as_view(), name="employee-types"),
    path("settings/employee-types/<int:pk>/", views.EmployeeTypeEditView.as_view(), name="employee-type-edit"),
    path("settings/employee-types/<int:pk>/delete/", views.employee_type_delete, name="employee-type-delete"),
    path("settings/categories/", views.CategoryListView.as_view(), name="categories"),
    path("settings/categories/new/", views.CategoryFormView.as_view(), name="category-new"),
    path("settings/categories/<int:pk>/", views.CategoryFormView.as_view(), name="category-edit"),
    path("me/", views.my_settings, name="my-settings"),
    path("me/password/", views.change_password, name="change-password"),
]
