from django.urls import path

from ecrm.common.views import landing
from ecrm.service import views

app_name = "service"

urlpatterns = [
    path("", landing, {"key": "service"}, name="home"),
    path("faults/", views.FaultListView.as_view(), name="faults"),
    path("faults/new/", views.FaultCreateView.as_view(), name="fault-new"),
    path("faults/<int:pk>/", views.FaultDetailView.as_view(), name="fault-detail"),
    path("rma/", views.RmaListView.as_view(), name="rmas"),
    path("rma/new/", views.RmaCreateView.as_view(), name="rma-new"),
    path("rma/<int:pk>/", views.RmaDetailView.as_view(), name="rma-detail"),
    path("surveys/", views.SurveyListView.as_view(), name="surveys"),
    path("alerts/", views.AlertInboxView.as_view(), name="alerts"),
    path("alerts/evaluate/", views.alerts_evaluate, name="alerts-evaluate"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("alert-rules/", views.AlertRuleListView.as_view(), name="alert-rules"),
    path("alert-rules/new/", views.AlertRuleFormView.as_view(), name="alert-rule-new"),
    path("alert-rules/<int:pk>/", views.AlertRuleFormView.as_view(), name="alert-rule-edit"),
    path("kb/", views.KbListView.as_view(), name="kb"),
    path("kb/new/", views.KbFormView.as_view(), name="kb-new"),
    path("kb/<int:pk>/", views.KbDetailView.as_view(), name="kb-detail"),
    path("kb/<int:pk>/edit/", views.KbFormView.as_view(), name="kb-edit"),
    path("kb/<int:pk>/vote/", views.kb_vote, name="kb-vote"),
    path("customers/", views.ServiceCustomerListView.as_view(), name="customers"),
    path("customers/<int:pk>/", views.service_customer_detail, name="customer-detail"),
    path("installed-products/new/", views.InstalledProductFormView.as_view(), name="unit-new"),
    path("installed-products/<int:pk>/", views.InstalledProductFormView.as_view(), name="unit-edit"),
    path("reports/", views.reports, name="reports"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/products/new/", views.SettingRowFormView.as_view(), name="product-new"),
    path("settings/products/<int:pk>/", views.SettingRowFormView.as_view(), name="product-edit"),
    path("settings/categories/new/", views.CategoryFormView.as_view(), name="category-new"),
    path("settings/categories/<int:pk>/", views.CategoryFormView.as_view(), name="category-edit"),
]
