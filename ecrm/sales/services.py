"""Cross-model workflows of e-Sales (saving with audit and history, archiving, follow-ups)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ecrm.common import audit, clock
from ecrm.sales.models import (
    Activity,
    ActivityType,
    Contact,
    Customer,
    Opportunity,
    Stage,
    StageHistory,
    refresh_reachability,
)


@transaction.atomic
def save_customer(customer, actor, before=None):
    """Save a validated customer and audit the creation or every changed field
    (an owner change is recorded as ``reassign``: SAL-CUS-6)."""
    created = customer.pk is None
    customer.save()
    if created:
        audit.record(customer, actor, "create", new=customer.name)
        return customer
    after = audit.snapshot(customer, Customer.AUDITED_FIELDS)
    for name in Customer.AUDITED_FIELDS:
        if before.get(name) != after[name]:
            action = "reassign" if name == "owner" else "update"
            audit.record(customer, actor, action, field=name, old=before.get(name, ""), new=after[name])
    return customer


@transaction.atomic
def archive_customer(customer, actor):
    """SAL-CUS-5: archive, refused (ValidationError) while an opportunity is open."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if customer.archived:
        return customer
    customer.archive()
    audit.record(customer, actor, "archive", field="archived", old=False, new=True)
    return customer


@transaction.atomic
def restore_customer(customer, actor):
    if customer.archived:
        customer.restore()
        audit.record(customer, actor, "restore", field="archived", old=True, new=False)
    return customer


# --------------------------------------------------------------------------- opportunities
@transaction.atomic
def save_opportunity(opportunity, actor, before=None):
    """Save a validated opportunity; write the stage history (SAL-OPP-5) and the audit trail (COM-AUD-1).

    ``before`` is ``audit.snapshot(opportunity, Opportunity.AUDITED_FIELDS)`` taken before the edit.
    """
    created = opportunity.pk is None
    from_stage = opportunity.original_stage_id
    from_label = Stage.objects.filter(code=from_stage).first() if from_stage else None
    stage_changed = opportunity.stage_changed
    opportunity.save()
    if stage_changed:
        StageHistory.objects.create(
            opportunity=opportunity, from_stage_id=from_stage, to_stage_id=opportunity.stage_id,
            probability=opportunity.probability, changed_by=actor if getattr(actor, "is_authenticated", False)
            else None, changed_at=clock.now(),
        )
    if created:
        audit.record(opportunity, actor, "create", field="stage", new=opportunity.stage.label)
    else:
        if stage_changed:
            audit.record(opportunity, actor, "stage", field="stage", old=from_label.label if from_label else "",
                         new=opportunity.stage.label)
        audit.record_changes(opportunity, actor, before or {}, Opportunity.AUDITED_FIELDS)
    opportunity.mark_saved()
    return opportunity


# --------------------------------------------------------------------------- activities
@transaction.atomic
def save_activity(activity):
    """Save a validated activity and keep its contact's reachability flag (SAL-ACT-2) up to date."""
    previous_contact_id = None
    if activity.pk:
        previous_contact_id = Activity.objects.filter(pk=activity.pk).values_list("contact_id", flat=True).first()
    activity.save()
    if activity.type == ActivityType.CALL:
        refresh_reachability(activity.contact)
        if previous_contact_id and previous_contact_id != activity.contact_id:
            refresh_reachability(Contact.objects.filter(pk=previous_contact_id).first())
    return activity


@transaction.atomic
def delete_activity(activity):
    contact = activity.contact
    activity.reviews.all().delete()
    activity.delete()
    if contact is not None:
        refresh_reachability(contact)


@transaction.atomic
def schedule_follow_up(activity, actor):
    """SAL-ACT-1: plan the proposed follow-up call of a logged call (at its next follow-up time)."""
    when = activity.next_follow_up or activity.proposed_follow_up
    if when is None:
        raise ValidationError(_("This activity has no follow-up time"), code="no_follow_up")
    follow_up = Activity(
        type=ActivityType.CALL,
        subject=(_("Follow-up: %(subject)s") % {"subject": activity.subject})[:100],
        customer=activity.customer, contact=activity.contact, opportunity=activity.opportunity,
        scheduled_at=when, duration=activity.duration, owner=activity.owner, follow_up_of=activity,
    )
    follow_up.full_clean()
    follow_up.save()
    return follow_up
