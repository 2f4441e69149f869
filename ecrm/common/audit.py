"""The audit trail: ``record()`` writes one entry, ``entries_for()`` reads a record's entries."""
from django.contrib.contenttypes.models import ContentType

from ecrm.common import clock
from ecrm.common.actions import ACTION_LABELS, action_label
from ecrm.common.listing import display_text
from ecrm.common.models import AuditEntry


def _text(value):

    return display_text(value)


def record(obj, actor, action, field="", old="", new=""):
    """Write one audit entry about ``obj`` by ``actor`` (a user or None)."""
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=clock.now(),
        action=action,
        field=_text(field),
        old=_text(old),
        new=_text(new),
    )


def snapshot(obj, fields):
    """Display values of ``fields`` on ``obj``, for ``record_changes``."""
    values = {}
    for name in fields:
        display = getattr(obj, f"get_{name}_display", None)
        values[name] = _text(display() if callable(display) else getattr(obj, name))
    return values


def record_changes(obj, actor, before, fields, action="update"):
    """Write one entry per field whose display value differs from ``before``."""
    after = snapshot(obj, fields)
    for name in fields:
        if before.get(name) != after[name]:
            record(obj, actor, action, field=name, old=before.get(name, ""), new=after[name])


def entries_for(obj):
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
        )
        .select_related("actor", "content_type")
        .order_by("-at", "-pk")
    )


__all__ = ["ACTION_LABELS", "action_label", "entries_for", "record", "snapshot", "record_changes"]
