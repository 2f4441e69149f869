"""e-Sales API: customers, contacts, settings tables (industries, sources, stages), opportunities (with stage
history), activities (with review comments), the activity review and the sales reports.
"""
from ecrm.sales.api.activities import (
    _ACTIVITY_PARAMS,
    ActivitySerializer,
    ActivityViewSet,
    ReviewSerializer,
)
from ecrm.sales.api.contacts import (
    ContactSerializer,
    ContactViewSet,
)
from ecrm.sales.api.customers import (
    _LIST_PARAMS,
    CustomerSerializer,
    CustomerViewSet,
)
from ecrm.sales.api.opportunities import (
    BoardColumnSerializer,
    OpportunitySerializer,
    OpportunityViewSet,
    StageHistorySerializer,
)
from ecrm.sales.api.reports import (
    ActivityReviewView,
    SalesReportView,
    _form_errors,
)
from ecrm.sales.api.routes import (
    router,
    urlpatterns,
)
from ecrm.sales.api.settings import (
    IndustryViewSet,
    SettingSerializer,
    SettingViewSet,
    SourceSerializer,
    SourceViewSet,
    StageSerializer,
    StageViewSet,
)

__all__ = [
    "IndustryViewSet",
    "SettingSerializer",
    "SettingViewSet",
    "SourceSerializer",
    "SourceViewSet",
    "StageSerializer",
    "StageViewSet",
    "CustomerSerializer",
    "CustomerViewSet",
    "_LIST_PARAMS",
    "ContactSerializer",
    "ContactViewSet",
    "BoardColumnSerializer",
    "OpportunitySerializer",
    "OpportunityViewSet",
    "StageHistorySerializer",
    "ActivitySerializer",
    "ActivityViewSet",
    "ReviewSerializer",
    "_ACTIVITY_PARAMS",
    "ActivityReviewView",
    "SalesReportView",
    "_form_errors",
    "router",
    "urlpatterns",
]
