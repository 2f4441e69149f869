"""e-Service pages: surveys."""
from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from ecrm.common.listing import ListPageView
from ecrm.service.forms import (
    SurveyAnswerForm,
)
from ecrm.service.lists import (
    SurveySpec,
)
from ecrm.service.models import (
    MANAGERS,
    Survey,
)


class SurveyListView(ListPageView):
    allowed_roles = MANAGERS
    spec_class = SurveySpec
    title = gettext_lazy("Customer surveys")
    caption = gettext_lazy("Survey list")

    def get_base_queryset(self):
        return Survey.objects.select_related("fault__customer", "fault__product")


@login_not_required
@never_cache
def survey_answer(request, token):
    """The public survey page (SVC-SUR-1/3): no login; a used or unknown token shows a friendly page."""
    survey = Survey.objects.filter(token=token[:64]).select_related("fault", "fault__customer").first()
    if survey is None:
        return render(request, "service/survey_unavailable.html", {"reason": "unknown"}, status=404)
    if survey.is_answered:
        return render(request, "service/survey_unavailable.html", {"reason": "used"}, status=410)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not survey.answer(data["satisfaction"], data["recommend"], data["comment"]):
            return render(request, "service/survey_unavailable.html", {"reason": "used"}, status=410)
        return render(request, "service/survey_thanks.html", {"survey": survey})
    return render(request, "service/survey_form.html", {"survey": survey, "form": form},
                  status=400 if form.errors else 200)
