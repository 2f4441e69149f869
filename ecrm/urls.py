"""Root URLs.  Each subsystem mounts its pages under /<app>/ and its API under /api/v1/."""
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from rest_framework.routers import DefaultRouter

from ecrm.common import views as common_views
from ecrm.common.registry import _module

API_APPS = ["ecrm.common", *settings.ECRM_SUBSYSTEMS]


def _api_urls():
    router = DefaultRouter()
    extra = []
    for app in API_APPS:
        mod = _module(app, "api")
        if mod is None:
            continue
        for prefix, viewset, basename in getattr(mod, "router", DefaultRouter()).registry:
            router.register(prefix, viewset, basename=basename)
        extra.extend(getattr(mod, "urlpatterns", []))
    return extra + router.urls


urlpatterns = [
    path("", common_views.dashboard, name="dashboard"),
    path("login/", common_views.login_view, name="login"),
    path("logout/", common_views.logout_view, name="logout"),
    path("healthz", common_views.healthz, name="healthz"),
    path("healthz/", common_views.healthz),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("sales/", include("ecrm.sales.urls")),
    path("expense/", include("ecrm.expense.urls")),
    path("service/", include("ecrm.service.urls")),
    path("survey/", include("ecrm.service.survey_urls")),
    path("api/v1/", include(_api_urls())),
    path("api/schema/", common_views.CachedSchemaView.as_view(), name="schema"),
]

handler404 = "ecrm.common.api_tools.not_found"

if settings.ECRM_TEST_CLOCK:
    urlpatterns.append(path("__test__/clock/", common_views.test_clock, name="test-clock"))

if settings.DEBUG or getattr(settings, "ECRM_SERVE_STATIC", False):
    from django.contrib.staticfiles.views import serve as staticfiles_serve

    def _static(request, path, insecure=True, **kwargs):
        return staticfiles_serve(request, path, insecure=True, **kwargs)

    urlpatterns.append(
        re_path(rf"^{re.escape(settings.STATIC_URL.lstrip('/'))}(?P<path>.*)$", login_not_required(_static))
    )
