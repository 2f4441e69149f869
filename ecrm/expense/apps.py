from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ecrm.common import actions


class ExpenseConfig(AppConfig):
    name = "ecrm.expense"
    label = "expense"
    verbose_name = _("e-Expense")

    def ready(self):
        # The audit trail's action labels for e-Expense's state changes (additive; common's stay as they are).
        actions.register({
            "submit": _("Submitted"),
            "withdraw": _("Withdrawn"),
            "approve": _("Approved"),
            "reject": _("Rejected"),
            "pay": _("Paid"),
            "disburse": _("Disbursed"),
            "offset": _("Offset"),
            "settle": _("Settled"),
        })
