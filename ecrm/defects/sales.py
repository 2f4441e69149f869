"""Seeded defects of sales (see ecrm/defects/__init__.py). Each entry patches one behaviour."""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from ecrm.common import clock
from ecrm.defects import defect
from ecrm.sales import queries, reports
from ecrm.sales.models import (
    Activity,
    ActivityStatus,
    Opportunity,
    OpportunityQuerySet,
    Stage,
    activities,
    opportunities,
)


@defect(
    "SAL-WEIGHTED-TRUNCATED",
    module="e-Sales",
    title="Weighted amount is truncated instead of rounded half-up",
    description="amount × probability / 100 is cut off at the cent (0.005 → 0.00, 30.015 → 30.01), so weighted "
    "pipeline and forecast totals are too low.",
    severity="critical",
    priority="high",
    rules=("SAL-OPP-2", "SAL-RPT-1", "SAL-RPT-2"),
)
def weighted_amount_truncated():

    def truncated(amount, probability):
        if amount is None or probability is None:
            return None
        return (Decimal(amount) * Decimal(probability) / Decimal(100)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    opportunities.weighted = truncated
    reports.weighted = truncated


@defect(
    "SAL-FOLLOWUP-WEEKEND",
    module="e-Sales",
    title="Powered-off follow-up ignores the weekend",
    description="A call logged 'powered off' on Friday evening proposes Saturday 09:00 instead of the next working "
    "day (Monday 09:00).",
    severity="normal",
    priority="medium",
    rules=("SAL-ACT-1",),
)
def powered_off_follow_up_on_weekend():


    def next_day_at_nine(moment):
        day = timezone.localtime(moment).date() + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day, activities.WORKDAY_START))

    activities.next_working_day_at_nine = next_day_at_nine


@defect(
    "SAL-REP-REOPENS",
    module="e-Sales",
    title="A rep can reopen a won or lost opportunity",
    description="Moving a won or lost opportunity back to an open stage is allowed for every sales role instead of "
    "managers only, so closed deals silently re-enter the pipeline.",
    severity="critical",
    priority="urgent",
    rules=("SAL-OPP-4",),
)
def rep_reopens_final_opportunity():

    Opportunity.check_stage_change = lambda self, user: None


@defect(
    "SAL-LOST-NO-REASON",
    module="e-Sales",
    title="An opportunity can be lost without a lost reason",
    description="The lost reason is not required when an opportunity moves to lost.",
    severity="normal",
    priority="high",
    rules=("SAL-OPP-4",),
)
def lost_without_reason():


    original = Opportunity.clean

    def clean(self):
        try:
            original(self)
        except ValidationError as exc:
            errors = {k: v for k, v in exc.error_dict.items() if k != "lost_reason"}
            if errors:
                raise ValidationError(errors) from None

    Opportunity.clean = clean


@defect(
    "SAL-OVERDUE-BOUNDARY",
    module="e-Sales",
    title="An activity is overdue at its scheduled minute",
    description="A planned activity counts as overdue when the clock reaches its scheduled time, not after it "
    "(off by one at the boundary).",
    severity="minor",
    priority="low",
    rules=("SAL-ACT-3",),
)
def overdue_at_the_scheduled_time():

    Activity.is_overdue = property(
        lambda self: self.status == ActivityStatus.PLANNED and self.scheduled_at is not None
        and self.scheduled_at <= clock.now())


@defect(
    "SAL-UNREACHABLE-TWO-CALLS",
    module="e-Sales",
    title="A contact is flagged unreachable after two unsuccessful calls",
    description="The unreachable flag is set after 2 unsuccessful calls in a row instead of 3.",
    severity="normal",
    priority="medium",
    rules=("SAL-ACT-2",),
)
def unreachable_after_two_calls():

    activities.UNREACHABLE_AFTER = 2


@defect(
    "SAL-STAGE-IN-USE-DELETABLE",
    module="e-Sales",
    title="A stage in use can be deleted",
    description="Deleting a stage does not check whether opportunities use it; the delete then fails deep in the "
    "database instead of telling the admin to deactivate it.",
    severity="critical",
    priority="high",
    rules=("SAL-SET-1",),
)
def stage_in_use_deletable():

    Stage.in_use = lambda self: False


@defect(
    "SAL-FORECAST-CLOSED",
    module="e-Sales",
    title="The forecast counts won and lost opportunities",
    description="The monthly forecast sums the weighted amount of every opportunity closing in the month, including "
    "won and lost ones, instead of only the open ones.",
    severity="critical",
    priority="high",
    rules=("SAL-RPT-2",),
)
def forecast_counts_closed():

    class AnyStage(OpportunityQuerySet):
        def open(self):  # the fault: "open" keeps won and lost opportunities too
            return self

    def opportunities(user, owners):
        return AnyStage(model=Opportunity).visible_to(user).filter(owner__in=owners)

    reports._opportunities = opportunities


@defect(
    "SAL-REP-REVIEWS",
    module="e-Sales",
    title="Reps can write review comments",
    description="The review-comment endpoint accepts comments from reps, who should only read their manager's review.",
    severity="normal",
    priority="high",
    rules=("SAL-REV-2",),
)
def reps_can_review():

    queries.can_review = lambda user: bool(user and user.is_authenticated)
