"""e-Service API (``/api/v1/``): routes."""
from __future__ import annotations

from ecrm.common.api_tools import api_paths, api_router
from ecrm.service.api.alerts import AlertRuleViewSet, AlertViewSet
from ecrm.service.api.faults import FaultViewSet
from ecrm.service.api.installed import InstalledProductViewSet
from ecrm.service.api.knowledge import KbViewSet
from ecrm.service.api.reports import ServiceReportView
from ecrm.service.api.rma import RmaViewSet
from ecrm.service.api.settings import FaultCategoryViewSet, ProductViewSet, ServiceSettingsView, SlaViewSet
from ecrm.service.api.surveys import SurveyViewSet

router = api_router({
    "products": (ProductViewSet, "service-product"), "fault-categories": FaultCategoryViewSet,
    "sla-policies": SlaViewSet, "installed-products": InstalledProductViewSet, "fault-records": FaultViewSet,
    "rmas": RmaViewSet, "surveys": SurveyViewSet, "alert-rules": AlertRuleViewSet, "alerts": AlertViewSet,
    "kb-articles": KbViewSet,
})
urlpatterns = api_paths({
    "service-settings/": (ServiceSettingsView, "service-settings"),
    "service-reports/": (ServiceReportView, "service-reports"),
})
