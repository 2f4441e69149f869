from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpenseConfig(AppConfig):
    name = "ecrm.expense"
    label = "expense"
    verbose_name = _("e-Expense")

    def ready(self):
        from ecrm.common import audit

        # The audit trail's action labels for e-Expense's state changes (additive; common's stay as they are).
        for action, label in {
            "submit": _("Submitted"),
            "withdraw": _("Withdrawn"),
            "approve": _("Approved"),
            "reject": _("Rejected"),
            "pay": _("Paid"),
            "disburse": _("Disbursed"),
            "offset": _("Offset"),
            "settle": _("Settled"),
        }.items():
            audit.ACTION_LABELS.setdefault(action, label)
