from django.utils.translation import gettext_lazy as _

from ecrm.common.models import Role

APPROVER_ROLES = (Role.ADMIN, Role.MANAGER, Role.FINANCE, Role.SVCMANAGER)
FINANCE_ROLES = (Role.ADMIN, Role.FINANCE)

# (url_name, label[, roles]): the functions of e-Expense, in menu order. Every user is an employee and claims.
NAV = {
    "key": "expense",
    "title": _("e-Expense"),
    "landing": "expense:home",
    "items": [
        ("expense:claims", _("My claims")),
        ("expense:advances", _("My advances")),
        ("expense:approvals", _("Approvals"), APPROVER_ROLES),
        ("expense:settlement", _("Settlement"), FINANCE_ROLES),
        ("expense:projects", _("Projects")),
        ("expense:reports", _("Expense reports"), FINANCE_ROLES),
        ("expense:settings", _("System settings"), FINANCE_ROLES),
        ("expense:my-settings", _("My settings")),
    ],
}
