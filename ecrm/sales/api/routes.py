"""e-Sales API: routes."""

from ecrm.common.api_tools import api_paths, api_router
from ecrm.sales.api.activities import ActivityViewSet
from ecrm.sales.api.contacts import ContactViewSet
from ecrm.sales.api.customers import CustomerViewSet
from ecrm.sales.api.opportunities import OpportunityViewSet
from ecrm.sales.api.reports import ActivityReviewView, SalesReportView
from ecrm.sales.api.settings import IndustryViewSet, SourceViewSet, StageViewSet

router = api_router({
    "customers": CustomerViewSet, "contacts": ContactViewSet, "opportunities": OpportunityViewSet,
    "activities": ActivityViewSet, "industries": IndustryViewSet, "sources": SourceViewSet, "stages": StageViewSet,
})
urlpatterns = api_paths({
    "activity-review/": (ActivityReviewView, "activity-review"),
    "sales-reports/<slug:kind>/": (SalesReportView, "sales-report"),
})
