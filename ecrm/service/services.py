"""Cross-model workflows of e-Service: creating records with their audit entry, closing a ticket (which creates its
survey), the work log, and evaluating the alert rules."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ecrm.common import audit, clock
from ecrm.service.models import (
    OPEN_FAULT_STATUSES,
    Alert,
    AlertKind,
    AlertRule,
    FaultRecord,
    FaultStatus,
    Product,
    Rma,
    RmaStatus,
    ServiceSettings,
    Survey,
    WorkLogEntry,
)


def _create(record, actor):
    """A new fault record or RMA: its creator (none for an anonymous actor) and the audit entry of its status."""
    record.created_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    audit.record(record, actor, "create", field="status", new=record.get_status_display())
    return record


@transaction.atomic
def create_fault(fault: FaultRecord, actor) -> FaultRecord:
    return _create(fault, actor)


@transaction.atomic
def assign_fault(fault: FaultRecord, engineer, actor) -> FaultRecord:
    fault = FaultRecord.objects.select_for_update().get(pk=fault.pk)
    fault.assign(engineer, actor)
    return fault


@transaction.atomic
def transition_fault(fault: FaultRecord, action: str, actor, resolution: str = "") -> FaultRecord:
    """Apply a workflow action; closing creates the ticket's one survey when surveys are on (SVC-SUR-1)."""
    fault = FaultRecord.objects.select_for_update().get(pk=fault.pk)
    fault.transition(action, actor, resolution=resolution)
    if fault.status == FaultStatus.CLOSED and ServiceSettings.get().surveys_enabled:
        Survey.objects.get_or_create(fault=fault)
    return fault


@transaction.atomic
def add_work_log(fault: FaultRecord, author, text: str) -> WorkLogEntry:
    fault.check_worked_by(author)
    # Trimmed at the edges like the page's form, so the API and the page store the same entry (COM-API-1).
    entry = WorkLogEntry(fault=fault, author=author, text=text.strip())
    entry.full_clean(exclude=["fault", "author"])
    entry.save()
    return entry


def link_kb_article(fault: FaultRecord, user, article, linked: bool = True) -> None:
    """Link (or unlink) a knowledge-base article to a fault record (SVC-FLT-3)."""
    fault.check_worked_by(user)
    if linked:
        fault.kb_articles.add(article)
    else:
        fault.kb_articles.remove(article)


@transaction.atomic
def create_rma(rma: Rma, actor) -> Rma:
    return _create(rma, actor)


@transaction.atomic
def transition_rma(rma: Rma, action: str, actor, **data) -> Rma:
    rma = Rma.objects.select_for_update().get(pk=rma.pk)
    rma.transition(action, actor, **data)
    return rma


# --------------------------------------------------------------------------- alerts (SVC-ALR-2)
def _fault_label(fault):
    return f"{fault.number} · {fault.customer.name}"


def _matches(rule: AlertRule, now: datetime.datetime):
    """[(object_key, {fault|rma|product: obj}, message)] of what ``rule`` matches at ``now``."""
    faults = FaultRecord.objects.select_related("customer")
    if rule.priority:
        faults = faults.filter(priority=rule.priority)
    found = []
    if rule.kind == AlertKind.UNASSIGNED:
        limit = now - datetime.timedelta(minutes=rule.threshold)
        for fault in faults.filter(status=FaultStatus.NEW, assignee__isnull=True, created_at__lt=limit):
            found.append((f"fault:{fault.pk}", {"fault": fault},
                          _("%(ticket)s has been unassigned for more than %(n)s minutes")
                          % {"ticket": _fault_label(fault), "n": rule.threshold}))
    elif rule.kind == AlertKind.RESPONSE_BREACH:
        for fault in faults.filter(status__in=OPEN_FAULT_STATUSES, responded_at__isnull=True, response_due__lt=now):
            found.append((f"fault:{fault.pk}", {"fault": fault},
                          _("%(ticket)s breached its response SLA") % {"ticket": _fault_label(fault)}))
    elif rule.kind == AlertKind.RESOLUTION_BREACH:
        for fault in faults.filter(status__in=OPEN_FAULT_STATUSES, resolution_due__lt=now):
            found.append((f"fault:{fault.pk}", {"fault": fault},
                          _("%(ticket)s breached its resolution SLA") % {"ticket": _fault_label(fault)}))
    elif rule.kind == AlertKind.RMA_NOT_RECEIVED:
        limit = now - datetime.timedelta(days=rule.threshold)
        rmas = Rma.objects.select_related("customer").filter(status=RmaStatus.APPROVED, approved_at__lt=limit)
        if rule.priority:
            rmas = rmas.filter(fault__priority=rule.priority)
        for rma in rmas:
            found.append((f"rma:{rma.pk}", {"rma": rma},
                          _("%(rma)s · %(customer)s: the unit has not been received within %(n)s days")
                          % {"rma": rma.number, "customer": rma.customer.name, "n": rule.threshold}))
    elif rule.kind == AlertKind.PRODUCT_BURST:
        window = datetime.timedelta(hours=rule.window_hours)
        # One alert per product per M-hour window (windows are counted from the Unix epoch).
        bucket = int(now.timestamp() // window.total_seconds())
        recent = faults.filter(created_at__gt=now - window, created_at__lte=now)
        counts = {}
        for product_id in recent.values_list("product_id", flat=True):
            counts[product_id] = counts.get(product_id, 0) + 1
        hits = [pid for pid, count in counts.items() if count >= rule.threshold]
        for product in Product.objects.filter(pk__in=hits):
            found.append((f"product:{product.pk}:{bucket}", {"product": product},
                          _("%(count)s tickets for %(product)s within %(m)s hours")
                          % {"count": counts[product.pk], "product": product.label, "m": rule.window_hours}))
    return found


def evaluate_alerts(now=None, rules=None) -> int:
    """Evaluate the active rules at ``now``: one alert per rule and matching object, never a duplicate.
    Returns the number of new alerts."""
    now = now or clock.now()
    rules = rules if rules is not None else AlertRule.objects.active()
    created = 0
    for rule in rules:
        existing = set(Alert.objects.filter(rule=rule).values_list("object_key", flat=True))
        for key, target, message in _matches(rule, now):
            if key in existing:
                continue
            try:
                with transaction.atomic():
                    Alert.objects.create(rule=rule, object_key=key, message=message[:300], created_at=now, **target)
                created += 1
            except IntegrityError:  # another evaluation made it at the same moment
                continue
    return created
