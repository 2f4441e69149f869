"""The audit trail's action labels: common's, and those each subsystem adds with ``register()``.

It imports no model, so ``ecrm.common.models`` (an entry's ``action_label``) and the apps' configs can use it.
"""
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Updated"),
    "archive": _("Archived"),
    "restore": _("Restored"),
    "reassign": _("Owner reassigned"),
    "stage": _("Stage changed"),
    "delete": _("Deleted"),
}


def register(labels):
    """Add a subsystem's action labels (additive: a label already there stays as it is)."""
    for action, label in labels.items():
        ACTION_LABELS.setdefault(action, label)


def action_label(action):
    return ACTION_LABELS.get(action, action)
