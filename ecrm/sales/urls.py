from django.urls import path

from ecrm.common.urls import resource_paths
from ecrm.common.views import landing
from ecrm.sales import activity_views, opportunity_views, report_views, settings_views, views

app_name = "sales"

urlpatterns = [
    path("", landing, {"key": "sales"}, name="home"),
    *resource_paths("customers", "customer", index=views.CustomerListView, new=views.CustomerFormView,
                    detail=views.customer_detail, edit=views.CustomerFormView),
    path("customers/<int:pk>/archive/", views.customer_archive, name="customer-archive"),
    path("customers/<int:pk>/restore/", views.customer_restore, name="customer-restore"),
    *resource_paths("contacts", "contact", index=views.ContactListView, new=views.ContactFormView,
                    detail=views.contact_detail, edit=views.ContactFormView),
    # opportunities (SAL-OPP)
    *resource_paths("opportunities", "opportunity", index=opportunity_views.OpportunityListView,
                    new=opportunity_views.OpportunityFormView, detail=opportunity_views.opportunity_detail,
                    edit=opportunity_views.OpportunityFormView),
    path("opportunities/board/", opportunity_views.pipeline_board, name="pipeline"),
    # activities (SAL-ACT, SAL-REV)
    *resource_paths("activities", "activity", index=activity_views.ActivityListView,
                    new=activity_views.ActivityFormView, detail=activity_views.activity_detail,
                    edit=activity_views.ActivityFormView),
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
        *resource_paths(f"settings/{_kind}", _prefix, index=settings_views.SettingListView.as_view(kind=_kind),
                        new=settings_views.SettingFormView.as_view(kind=_kind),
                        edit=settings_views.SettingFormView.as_view(kind=_kind)),
        path(f"settings/{_kind}/<int:pk>/delete/", settings_views.setting_delete, {"kind": _kind},
             name=f"{_prefix}-delete"),
    ]
