from django.utils.translation import gettext_lazy as _

from ecrm.common.models import SALES_ROLES, Role

# (url_name, label[, roles]): the functions of e-Sales, in menu order.
NAV = {
    "key": "sales",
    "title": _("e-Sales"),
    "landing": "sales:home",
    "items": [
        ("sales:customers", _("Customers"), SALES_ROLES),
        ("sales:contacts", _("Contacts"), SALES_ROLES),
        ("sales:opportunities", _("Opportunities"), SALES_ROLES),
        ("sales:activities", _("Activities"), SALES_ROLES),
        ("sales:my-day", _("My day"), SALES_ROLES),
        ("sales:review", _("Activity review"), (Role.ADMIN, Role.MANAGER)),
        ("sales:reports", _("Sales reports"), SALES_ROLES),
        ("sales:settings", _("Sales settings"), (Role.ADMIN,)),
    ],
}
