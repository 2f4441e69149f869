from django.urls import path

from ecrm.common.urls import resource_paths
from ecrm.common.views import landing
from ecrm.service import views

app_name = "service"

urlpatterns = [
    path("", landing, {"key": "service"}, name="home"),
    *resource_paths("faults", "fault", index=views.FaultListView, new=views.FaultCreateView,
                    detail=views.FaultDetailView),
    *resource_paths("rma", "rma", index=views.RmaListView, new=views.RmaCreateView, detail=views.RmaDetailView,
                    index_name="rmas"),
    path("surveys/", views.SurveyListView.as_view(), name="surveys"),
    path("alerts/", views.AlertInboxView.as_view(), name="alerts"),
    path("alerts/evaluate/", views.alerts_evaluate, name="alerts-evaluate"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    *resource_paths("alert-rules", "alert-rule", index=views.AlertRuleListView, new=views.AlertRuleFormView,
                    edit=views.AlertRuleFormView),
    *resource_paths("kb", "kb", index=views.KbListView, new=views.KbFormView, detail=views.KbDetailView,
                    edit=views.KbFormView),
    path("kb/<int:pk>/vote/", views.kb_vote, name="kb-vote"),
    *resource_paths("customers", "customer", index=views.ServiceCustomerListView,
                    detail=views.service_customer_detail),
    *resource_paths("installed-products", "unit", new=views.InstalledProductFormView,
                    edit=views.InstalledProductFormView),
    path("reports/", views.reports, name="reports"),
    path("settings/", views.settings_page, name="settings"),
    *resource_paths("settings/products", "product", new=views.SettingRowFormView, edit=views.SettingRowFormView),
    *resource_paths("settings/categories", "category", new=views.CategoryFormView, edit=views.CategoryFormView),
]
