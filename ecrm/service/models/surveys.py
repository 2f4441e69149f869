"""e-Service models: surveys (SVC-SUR)."""
from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecrm.common import clock
from ecrm.common.stamped import Stamped
from ecrm.common.validators import safe_text
from ecrm.service.models.base import percent
from ecrm.service.models.faults import FaultRecord


def new_token():
    return secrets.token_urlsafe(24)


PROMOTER_FROM = 9  # SVC-SUR-2: "recommend" 9–10 is a promoter, 0–6 a detractor


def whole_percent(part, whole):
    """``part / whole`` as a whole percentage rounded half away from zero (None when ``whole`` is 0)."""
    value = percent(part, whole)
    return int(value) if value is not None else None


def survey_scores(rows, promoter_from=PROMOTER_FROM, rounded=whole_percent):
    """{responses, promoters, detractors, nps, satisfied, csat} of ``rows`` of (satisfaction, recommend)."""
    responses = len(rows)
    promoters = sum(1 for _s, r in rows if r is not None and r >= promoter_from)
    detractors = sum(1 for _s, r in rows if r is not None and r <= 6)
    satisfied = sum(1 for s, _r in rows if s is not None and s >= 4)
    return {"responses": responses, "promoters": promoters, "detractors": detractors,
            "nps": rounded(promoters - detractors, responses), "satisfied": satisfied,
            "csat": rounded(satisfied, responses)}


class SurveyQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)

    def answer_rows(self):
        """(satisfaction, recommend) of each answered survey."""
        return list(self.answered().values_list("satisfaction", "recommend"))

    def scores(self):
        """SVC-SUR-2: {responses, promoters, detractors, nps, satisfied, csat} of the answered surveys.

        NPS = % promoters (9–10) − % detractors (0–6) of the answers to "recommend", a whole number rounded half
        away from zero; CSAT = % of the satisfaction answers that are 4 or 5, rounded the same way.
        """
        return survey_scores(self.answer_rows())


class Survey(Stamped):
    fault = models.OneToOneField(FaultRecord, verbose_name=_("fault record"), on_delete=models.CASCADE,
                                 related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("sent at"), editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    recommend = models.PositiveSmallIntegerField(
        _("likelihood to recommend"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True, validators=[safe_text])

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.fault.number}"

    @property
    def is_answered(self):
        return self.answered_at is not None


    def answer(self, satisfaction, recommend, comment=""):
        """Store the answer once: the conditional UPDATE makes the token single-use even under concurrency.
        Returns False when the survey was already answered."""
        updated = Survey.objects.filter(pk=self.pk, answered_at__isnull=True).update(
            answered_at=clock.now(), satisfaction=satisfaction, recommend=recommend, comment=comment)
        if updated:
            self.refresh_from_db()
        return bool(updated)
