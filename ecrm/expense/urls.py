from django.urls import path

from ecrm.common.urls import action_paths, resource_paths
from ecrm.common.views import landing
from ecrm.expense import views

app_name = "expense"

urlpatterns = [
    path("", landing, {"key": "expense"}, name="home"),
    *resource_paths("claims", "claim", index=views.ClaimListView, new=views.ClaimFormView,
                    detail=views.claim_detail, edit=views.ClaimFormView),
    path("claims/<int:pk>/lines/", views.claim_add_line, name="claim-add-line"),
    path("claims/<int:pk>/lines/<int:line_pk>/delete/", views.claim_delete_line, name="claim-delete-line"),
    path("claims/<int:pk>/lines/<int:line_pk>/receipt/", views.receipt_view, name="claim-receipt"),
    *action_paths("claims", "claim", views.claim_action, ("submit", "withdraw", "delete")),
    path("claims/<int:pk>/decide/", views.claim_decide, name="claim-decide"),
    path("claims/<int:pk>/pay/", views.claim_pay, name="claim-pay"),
    *resource_paths("advances", "advance", index=views.AdvanceListView, new=views.AdvanceFormView,
                    detail=views.advance_detail, edit=views.AdvanceFormView),
    *action_paths("advances", "advance", views.advance_action, ("submit", "withdraw", "delete", "disburse")),
    path("advances/<int:pk>/decide/", views.advance_decide, name="advance-decide"),
    path("advances/<int:pk>/repay/", views.advance_repay, name="advance-repay"),
    path("approvals/", views.approvals, name="approvals"),
    path("settlement/", views.SettlementView.as_view(), name="settlement"),
    path("payments/", views.PaymentListView.as_view(), name="payments"),
    *resource_paths("projects", "project", index=views.ProjectListView, new=views.ProjectFormView,
                    detail=views.project_detail, edit=views.ProjectFormView),
    path("reports/", views.report, name="reports"),
    path("settings/", views.settings_view, name="settings"),
    *resource_paths("settings/employee-types", "employee-type", index=views.EmployeeTypeListView,
                    edit=views.EmployeeTypeEditView),
    path("settings/employee-types/<int:pk>/delete/", views.employee_type_delete, name="employee-type-delete"),
    *resource_paths("settings/categories", "category", index=views.CategoryListView, new=views.CategoryFormView,
                    edit=views.CategoryFormView),
    path("me/", views.my_settings, name="my-settings"),
    path("me/password/", views.change_password, name="change-password"),
]
