"""Seeded defects of service (see ecrm/defects/__init__.py). Each entry patches one behaviour."""

from __future__ import annotations

import datetime

from django.utils.safestring import mark_safe

from ecrm.common import clock
from ecrm.defects import defect
from ecrm.service import markup, services
from ecrm.service.models import (
    DEFAULT_SLA,
    RMA_ACTIONS,
    FaultRecord,
    FaultStatus,
    KbQuerySet,
    RmaStatus,
    SlaPolicy,
    Survey,
    SurveyQuerySet,
    is_service_staff,
    survey_scores,
)


@defect(
    "SVC-KB-XSS",
    module="e-Service",
    title="Knowledge-base content is rendered as raw HTML",
    description="The article body skips escaping, so <script>, event-handler attributes and javascript: links in an "
                "article run in every reader's browser (stored XSS).",
    severity="critical",
    priority="urgent",
    rules=("SVC-KB-1",),
)
def kb_content_unescaped():


    markup.render = lambda text: mark_safe("<p>" + (text or "") + "</p>")


@defect(
    "SVC-RMA-SKIP-RECEIVED",
    module="e-Service",
    title="An approved RMA can be marked repaired or replaced before the unit is received",
    description="The RMA state machine lets repair/replace start from approved, skipping 已收货 received; the "
                "turnaround and the unit's whereabouts become wrong.",
    severity="critical",
    priority="high",
    rules=("SVC-RMA-1",),
)
def rma_skips_received():

    for action in ("repair", "replace"):
        _sources, target, label = RMA_ACTIONS[action]
        RMA_ACTIONS[action] = ((RmaStatus.APPROVED, RmaStatus.RECEIVED), target, label)


@defect(
    "SVC-NPS-PASSIVES",
    module="e-Service",
    title="NPS counts passives (7–8) as promoters",
    description="Promoters are counted from 7 instead of 9, so the NPS is overstated whenever customers answer 7 or "
                "8.",
    severity="critical",
    priority="high",
    rules=("SVC-SUR-2", "SVC-RPT-4"),
)
def nps_counts_passives():
    SurveyQuerySet.scores = lambda self: survey_scores(self.answer_rows(), promoter_from=7)


@defect(
    "SVC-NPS-ROUNDING",
    module="e-Service",
    title="NPS and CSAT are rounded half to even",
    description="Python's round() (banker's rounding) is used: +12.5 becomes 12 and 62.5 % becomes 62 instead of 13 "
                "and 63 (half away from zero, as documented).",
    severity="normal",
    priority="medium",
    rules=("SVC-SUR-2", "SVC-RPT-4"),
)
def nps_rounds_half_even():
    def half_even(part, whole):
        return round(part * 100 / whole) if whole else None

    SurveyQuerySet.scores = lambda self: survey_scores(self.answer_rows(), rounded=half_even)


@defect(
    "SVC-REOPEN-8-DAYS",
    module="e-Service",
    title="A resolved ticket can still be reopened on day 8",
    description="The reopen window is computed with 8 days instead of 7, so tickets resolved more than a week ago "
                "can be reopened.",
    severity="normal",
    priority="medium",
    rules=("SVC-FLT-1",),
)
def reopen_window_eight_days():


    def can_reopen(self, now=None):
        now = now or clock.now()
        return (self.status == FaultStatus.RESOLVED and self.resolved_at is not None
                and now <= self.resolved_at + datetime.timedelta(days=8))

    FaultRecord.can_reopen = can_reopen


@defect(
    "SVC-SLA-HARDCODED",
    module="e-Service",
    title="SLA due times ignore the SLA settings",
    description="New tickets always get the factory-default SLA hours; an SLA changed in the settings has no effect.",
    severity="critical",
    priority="high",
    rules=("SVC-FLT-2", "SVC-SYS-1"),
)
def sla_ignores_settings():

    SlaPolicy.hours_for = classmethod(lambda cls, priority: DEFAULT_SLA[priority])


@defect(
    "SVC-ALERT-DUPLICATES",
    module="e-Service",
    title="Every evaluation raises the same alerts again",
    description="The alert key includes the evaluation time, so each run of evaluate_alerts duplicates the alerts of "
                "objects that already had one.",
    severity="normal",
    priority="high",
    rules=("SVC-ALR-2",),
)
def alerts_duplicate():

    original = services._matches

    def matches(rule, now):
        return [(f"{key}@{now.timestamp():.0f}", target, message) for key, target, message in original(rule, now)]

    services._matches = matches


@defect(
    "SVC-SURVEY-REUSE",
    module="e-Service",
    title="A survey token can be used again",
    description="The survey page ignores that a survey was answered: the link shows the form again and a new answer "
                "overwrites the first one.",
    severity="critical",
    priority="high",
    rules=("SVC-SUR-1", "SVC-SUR-3"),
)
def survey_token_reusable():

    def answer(self, satisfaction, recommend, comment=""):
        Survey.objects.filter(pk=self.pk).update(answered_at=clock.now(), satisfaction=satisfaction,
                                                 recommend=recommend, comment=comment)
        self.refresh_from_db()
        return True

    Survey.is_answered = property(lambda self: False)
    Survey.answer = answer


@defect(
    "SVC-KB-DRAFTS-VISIBLE",
    module="e-Service",
    title="Draft knowledge-base articles are visible to every service user",
    description="The article visibility filter forgets the status, so unfinished drafts show in lists and search "
                "for everyone.",
    severity="normal",
    priority="medium",
    rules=("SVC-KB-1",),
)
def kb_drafts_visible():

    KbQuerySet.visible_to = lambda self, user: self.all() if is_service_staff(user) else self.none()
