from django.urls import path

from ecrm.common.views import landing
from ecrm.sales import activity_views, opportunity_views, report_views, settings_views, views

app_name = "sales"

urlpatterns = [
    path("", landing, {"key": "sales"}, name="home"),
    path("customers/", views.CustomerListView.as_view(), name="customers"),
    path("customers/new/", views.CustomerFormView.as_view(), name="customer-new"),
    path("customers/<int:pk>/", views.customer_detail, name="customer-detail"),
    path("customers/<int:pk>/edit/", views.CustomerFormView.as_view(), name="customer-edit"),
    path("customers/<int:pk>/archive/", views.customer_archive, name="customer-archive"),
    path("customers/<int:pk>/restore/", views.customer_restore, name="customer-restore"),
    path("contacts/", views.ContactListView.as_view(), name="contacts"),
    path("contacts/new/", views.ContactFormView.as_view(), name="contact-new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", views.ContactFormView.as_view(), name="contact-edit"),
    # opportunities (SAL-OPP)
    path("opportunities/", opportunity_views.OpportunityListView.as_view(), name="opportunities"),
    path("opportunities/board/", opportunity_views.pipeline_board, name="pipeline"),
    path("opportunities/new/", opportunity_views.OpportunityFormView.as_view(), name="opportunity-new"),
    path("opportunities/<int:pk>/", opportunity_views.opportunity_detail, name="opportunity-detail"),
    path("opportunities/<int:pk>/edit/", opportunity_views.OpportunityFormView.as_view(), name="opportunity-edit"),
    # activities (SAL-ACT, SAL-REV)
    path("activities/", activity_views.ActivityListView.as_view(), name="activities"),
    path("activities/new/", activity_views.ActivityFormView.as_view(), name="activity-new"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity-detail"),
    path("activities/<int:pk>/edit/", activity_views.ActivityFormView.as_view(), name="activity-edit"),
    path("activities/<int:pk>/follow-up/", activity_views.activity_follow_up, name="activity-follow-up"),
    path("my-day/", activity_views.my_day, name="my-day"),
    path("review/", activity_views.ReviewView.as_view(), name="review"),
    # reports (SAL-RPT)
    path("reports/", report_views.reports_home, name="reports"),
    path("reports/<slug:kind>/", report_views.report_page, name="report"),
    # settings (SAL-SET)
    path("settings/", settings_views.settings_home, name="settings"),
]
for _kind, (_model, _form, _spec, *_labels, _prefix) in settings_views.KINDS.items():
    urlpatterns += [
        path(f"settings/{_kind}/", settings_views.SettingListView.as_view(kind=_kind), name=_kind),
        path(f"settings/{_kind}/new/", settings_views.SettingFormView.as_view(kind=_kind), name=f"{_prefix}-new"),
        path(f"settings/{_kind}/<int:pk>/", settings_views.SettingFormView.as_view(kind=_kind),
             name=f"{_prefix}-edit"),
        path(f"settings/{_kind}/<int:pk>/delete/", settings_views.setting_delete, {"kind": _kind},
             name=f"{_prefix}-delete"),
    ]
