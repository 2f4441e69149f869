from django.utils.translation import gettext_lazy as _

from ecrm.service.models import MANAGERS, SERVICE_STAFF

# (url_name, label[, roles]): the functions of e-Service, in menu order.
NAV = {
    "key": "service",
    "title": _("e-Service"),
    "landing": "service:home",
    "items": [
        ("service:faults", _("Fault records"), SERVICE_STAFF),
        ("service:rmas", _("RMA"), SERVICE_STAFF),
        ("service:alerts", _("Alerts"), SERVICE_STAFF),
        ("service:kb", _("Knowledge base"), SERVICE_STAFF),
        ("service:customers", _("Service customers"), SERVICE_STAFF),
        ("service:surveys", _("Customer surveys"), MANAGERS),
        ("service:alert-rules", _("Alert rules"), MANAGERS),
        ("service:reports", _("Service reports"), MANAGERS),
        ("service:settings", _("Service settings"), MANAGERS),
    ],
}
