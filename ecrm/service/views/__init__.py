"""e-Service pages. Rules live on the models and querysets; workflows in services.py; these views stay thin.
"""
from ecrm.service.views.alerts import (
    AlertInboxView,
    AlertRuleFormView,
    AlertRuleListView,
    alert_acknowledge,
    alerts_evaluate,
)
from ecrm.service.views.base import (
    _errors_text,
    _form_page,
)
from ecrm.service.views.customers import (
    InstalledProductFormView,
    ServiceCustomerListView,
    service_customer_detail,
)
from ecrm.service.views.faults import (
    FaultCreateView,
    FaultDetailView,
    FaultListView,
)
from ecrm.service.views.knowledge import (
    KbDetailView,
    KbFormView,
    KbListView,
    kb_vote,
)
from ecrm.service.views.reports import (
    ReportFilterForm,
    reports,
)
from ecrm.service.views.rma import (
    RmaCreateView,
    RmaDetailView,
    RmaListView,
)
from ecrm.service.views.settings import (
    CategoryFormView,
    SettingRowFormView,
    _sla_values,
    settings_page,
)
from ecrm.service.views.surveys import (
    SurveyListView,
    survey_answer,
)

__all__ = [
    "_errors_text",
    "_form_page",
    "FaultCreateView",
    "FaultDetailView",
    "FaultListView",
    "RmaCreateView",
    "RmaDetailView",
    "RmaListView",
    "SurveyListView",
    "survey_answer",
    "AlertInboxView",
    "AlertRuleFormView",
    "AlertRuleListView",
    "alert_acknowledge",
    "alerts_evaluate",
    "KbDetailView",
    "KbFormView",
    "KbListView",
    "kb_vote",
    "InstalledProductFormView",
    "ServiceCustomerListView",
    "service_customer_detail",
    "ReportFilterForm",
    "reports",
    "CategoryFormView",
    "SettingRowFormView",
    "_sla_values",
    "settings_page",
]
