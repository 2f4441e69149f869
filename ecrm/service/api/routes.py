"""e-Service API (``/api/v1/``): routes."""
from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from ecrm.service.api.alerts import AlertRuleViewSet, AlertViewSet
from ecrm.service.api.faults import FaultViewSet
from ecrm.service.api.installed import InstalledProductViewSet
from ecrm.service.api.knowledge import KbViewSet
from ecrm.service.api.reports import ServiceReportView
from ecrm.service.api.rma import RmaViewSet
from ecrm.service.api.settings import FaultCategoryViewSet, ProductViewSet, ServiceSettingsView, SlaViewSet
from ecrm.service.api.surveys import SurveyViewSet

router = DefaultRouter()
router.register("products", ProductViewSet, basename="service-product")
router.register("fault-categories", FaultCategoryViewSet, basename="fault-category")
router.register("sla-policies", SlaViewSet, basename="sla-policy")
router.register("installed-products", InstalledProductViewSet, basename="installed-product")
router.register("fault-records", FaultViewSet, basename="fault-record")
router.register("rmas", RmaViewSet, basename="rma")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("alert-rules", AlertRuleViewSet, basename="alert-rule")
router.register("alerts", AlertViewSet, basename="alert")
router.register("kb-articles", KbViewSet, basename="kb-article")

urlpatterns = [
    path("service-settings/", ServiceSettingsView.as_view(), name="service-settings"),
    path("service-reports/", ServiceReportView.as_view(), name="service-reports"),
]
