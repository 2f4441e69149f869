"""e-Service API (``/api/v1/``): the same rules and permissions as the pages (COM-API-1).
"""
from ecrm.service.api.alerts import (
    AlertRuleSerializer,
    AlertRuleViewSet,
    AlertSerializer,
    AlertViewSet,
)
from ecrm.service.api.base import (
    _raise_drf,
)
from ecrm.service.api.faults import (
    FaultSerializer,
    FaultViewSet,
    WorkLogSerializer,
)
from ecrm.service.api.installed import (
    InstalledProductSerializer,
    InstalledProductViewSet,
)
from ecrm.service.api.knowledge import (
    KbSerializer,
    KbViewSet,
)
from ecrm.service.api.reports import (
    ServiceReportView,
)
from ecrm.service.api.rma import (
    RmaSerializer,
    RmaViewSet,
)
from ecrm.service.api.routes import (
    router,
    urlpatterns,
)
from ecrm.service.api.settings import (
    FaultCategorySerializer,
    FaultCategoryViewSet,
    ProductViewSet,
    ServiceProductSerializer,
    ServiceSettingsSerializer,
    ServiceSettingsView,
    SettingRowSerializer,
    SlaPolicySerializer,
    SlaViewSet,
)
from ecrm.service.api.surveys import (
    SurveySerializer,
    SurveyViewSet,
)

__all__ = [
    "_raise_drf",
    "FaultCategorySerializer",
    "FaultCategoryViewSet",
    "ProductViewSet",
    "ServiceProductSerializer",
    "ServiceSettingsSerializer",
    "ServiceSettingsView",
    "SettingRowSerializer",
    "SlaPolicySerializer",
    "SlaViewSet",
    "InstalledProductSerializer",
    "InstalledProductViewSet",
    "FaultSerializer",
    "FaultViewSet",
    "WorkLogSerializer",
    "RmaSerializer",
    "RmaViewSet",
    "SurveySerializer",
    "SurveyViewSet",
    "AlertRuleSerializer",
    "AlertRuleViewSet",
    "AlertSerializer",
    "AlertViewSet",
    "KbSerializer",
    "KbViewSet",
    "ServiceReportView",
    "router",
    "urlpatterns",
]
