"""e-Service models: settings (products, fault categories, SLA, surveys switch), installed products, fault records
with their work log, RMAs, surveys, alert rules and alerts, and the knowledge base.

Business rules live here (validators, ``clean()``, state machines, querysets); ``services.py`` only holds the
cross-model workflows (closing a ticket creates its survey, evaluating alert rules).
"""
from ecrm.service.models.alerts import (
    NEEDS_M,
    NEEDS_N,
    Alert,
    AlertKind,
    AlertQuerySet,
    AlertRule,
    AlertRuleQuerySet,
)
from ecrm.service.models.base import (
    MANAGERS,
    SERVICE_STAFF,
    add_months,
    is_service_manager,
    is_service_staff,
    percent,
)
from ecrm.service.models.faults import (
    FAULT_ACTIONS,
    OPEN_FAULT_STATUSES,
    REOPEN_DAYS,
    Channel,
    FaultQuerySet,
    FaultRecord,
    FaultStatus,
    WorkLogEntry,
)
from ecrm.service.models.installed import (
    SERIAL_RE,
    InstalledProduct,
    InstalledProductQuerySet,
    validate_serial,
)
from ecrm.service.models.knowledge import (
    KbArticle,
    KbQuerySet,
    KbStatus,
    KbVote,
)
from ecrm.service.models.numbering import (
    Sequence,
)
from ecrm.service.models.rma import (
    RMA_ACTIONS,
    RMA_TIMESTAMPS,
    TRACKING_RE,
    Rma,
    RmaQuerySet,
    RmaStatus,
)
from ecrm.service.models.settings import (
    DEFAULT_SLA,
    FaultCategory,
    Priority,
    Product,
    ServiceSettings,
    SlaPolicy,
)
from ecrm.service.models.surveys import (
    Survey,
    SurveyQuerySet,
    new_token,
    survey_scores,
)

__all__ = [
    "MANAGERS",
    "SERVICE_STAFF",
    "add_months",
    "is_service_manager",
    "is_service_staff",
    "percent",
    "survey_scores",
    "Sequence",
    "DEFAULT_SLA",
    "FaultCategory",
    "Priority",
    "Product",
    "ServiceSettings",
    "SlaPolicy",
    "InstalledProduct",
    "InstalledProductQuerySet",
    "SERIAL_RE",
    "validate_serial",
    "Channel",
    "FAULT_ACTIONS",
    "FaultQuerySet",
    "FaultRecord",
    "FaultStatus",
    "OPEN_FAULT_STATUSES",
    "REOPEN_DAYS",
    "WorkLogEntry",
    "RMA_ACTIONS",
    "RMA_TIMESTAMPS",
    "Rma",
    "RmaQuerySet",
    "RmaStatus",
    "TRACKING_RE",
    "Survey",
    "SurveyQuerySet",
    "new_token",
    "Alert",
    "AlertKind",
    "AlertQuerySet",
    "AlertRule",
    "AlertRuleQuerySet",
    "NEEDS_M",
    "NEEDS_N",
    "KbArticle",
    "KbQuerySet",
    "KbStatus",
    "KbVote",
]
