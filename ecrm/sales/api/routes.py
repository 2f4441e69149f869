"""e-Sales API: routes."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from ecrm.sales.api.activities import ActivityViewSet
from ecrm.sales.api.contacts import ContactViewSet
from ecrm.sales.api.customers import CustomerViewSet
from ecrm.sales.api.opportunities import OpportunityViewSet
from ecrm.sales.api.reports import ActivityReviewView, SalesReportView
from ecrm.sales.api.settings import IndustryViewSet, SourceViewSet, StageViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("contacts", ContactViewSet, basename="contact")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("activities", ActivityViewSet, basename="activity")
router.register("industries", IndustryViewSet, basename="industry")
router.register("sources", SourceViewSet, basename="source")
router.register("stages", StageViewSet, basename="stage")
urlpatterns = [
    path("activity-review/", ActivityReviewView.as_view(), name="activity-review"),
    path("sales-reports/<slug:kind>/", SalesReportView.as_view(), name="sales-report"),
]
