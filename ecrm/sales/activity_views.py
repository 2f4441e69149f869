"""e-Sales business activity pages: list, form, detail (outcome, follow-up, review comments), My day, review."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import clock
from ecrm.common.listing import ListPageView
from ecrm.common.models import SALES_ROLES
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.sales import queries, services
from ecrm.sales.forms import ActivityForm, ReviewCommentForm
from ecrm.sales.lists import ActivitySpec
from ecrm.sales.models import Activity, ActivityReview, Customer
from ecrm.sales.queries import REVIEW_ROLES, activity_queryset, period_params
from ecrm.sales.reports import ReviewFilterForm, activity_review, percent_text


class ActivityListView(ListPageView):
    allowed_roles = SALES_ROLES
    spec_class = ActivitySpec
    title = gettext_lazy("Activities")
    caption = gettext_lazy("Activity list")

    def get_base_queryset(self):
        qs = activity_queryset(self.request.user)
        start, end = period_params(self.request.GET)
        if start and end:
            qs = qs.between(start, end)
        return qs

    def get_actions(self):
        return [(reverse("sales:activity-new"), _("New activity")), (reverse("sales:my-day"), _("My day"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        start, end = period_params(self.request.GET)
        if start and end:
            ctx["period_note"] = _("Scheduled from %(start)s to %(end)s") % {"start": start, "end": end}
        return ctx


class ActivityFormView(RoleRequiredMixin, View):
    allowed_roles = SALES_ROLES
    template_name = "sales/activity_form.html"

    def get_object(self, pk):
        if pk is None:
            return Activity()
        return get_object_or_404(activity_queryset(self.request.user), pk=pk)

    def render_form(self, form, activity):
        title = _("Edit activity") if activity.pk else _("New activity")
        cancel = reverse("sales:activity-detail", args=[activity.pk]) if activity.pk else reverse("sales:activities")
        return render(self.request, self.template_name, {"form": form, "activity": activity, "title": title,
                                                         "cancel_url": cancel})

    def get(self, request, pk=None):
        activity = self.get_object(pk)
        initial = {}
        if not activity.pk:
            now = clock.now().replace(second=0, microsecond=0)
            initial["scheduled_at"] = now
            customer_id = request.GET.get("customer", "")
            if customer_id.isdigit() and Customer.objects.editable_by(request.user).filter(pk=customer_id).exists():
                initial["customer"] = int(customer_id)
        return self.render_form(ActivityForm(instance=activity, initial=initial, user=request.user), activity)

    def post(self, request, pk=None):
        activity = self.get_object(pk)
        if not activity.pk:
            activity.owner = request.user
        form = ActivityForm(request.POST, instance=activity, user=request.user)
        if not form.is_valid():
            return self.render_form(form, activity)
        activity = services.save_activity(form.instance)
        messages.success(request, _("Activity “%(subject)s” saved") % {"subject": activity.subject})
        return redirect("sales:activity-detail", pk=activity.pk)


@role_required(*SALES_ROLES)
def activity_detail(request, pk):
    activity = get_object_or_404(activity_queryset(request.user), pk=pk)
    reviewer = queries.can_review(request.user)
    form = ReviewCommentForm() if reviewer else None
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        review = ActivityReview(activity=activity, author=request.user)
        form = ReviewCommentForm(request.POST, instance=review)
        if form.is_valid():
            form.save()
            messages.success(request, _("Review comment saved"))
            return redirect("sales:activity-detail", pk=activity.pk)
    return render(request, "sales/activity_detail.html", {
        "activity": activity,
        "reviews": activity.reviews.select_related("author"),
        "review_form": form,
        "can_review": reviewer,
        "follow_ups": activity.follow_ups.all(),
    })


@require_POST
@role_required(*SALES_ROLES)
def activity_follow_up(request, pk):
    activity = get_object_or_404(activity_queryset(request.user), pk=pk)
    try:
        follow_up = services.schedule_follow_up(activity, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("sales:activity-detail", pk=activity.pk)
    messages.success(request, _("Follow-up call scheduled"))
    return redirect("sales:activity-detail", pk=follow_up.pk)


@role_required(*SALES_ROLES)
def my_day(request):
    """SAL-ACT-3: today's activities and the overdue ones of the user."""
    now = clock.now()
    today = clock.today()
    own = activity_queryset(request.user).filter(owner=request.user)
    return render(request, "sales/my_day.html", {
        "today": today,
        "todays": own.on_day(today).order_by("scheduled_at", "pk"),
        "overdue": own.overdue(now).order_by("scheduled_at", "pk"),
    })


class ReviewView(RoleRequiredMixin, View):
    """SAL-REV-1: the manager's review of each rep's activities for a week or a month."""

    allowed_roles = REVIEW_ROLES

    def get(self, request):
        form = ReviewFilterForm(request.GET or None, user=request.user)
        rows, totals, period = [], {}, None
        if form.is_bound:
            valid = form.is_valid()
        else:
            form = ReviewFilterForm({"period": "week", "date": clock.today().isoformat()}, user=request.user)
            valid = form.is_valid()
        if valid:
            data = form.cleaned_data
            reps = [data["rep"]] if data.get("rep") else list(form.fields["rep"].queryset)
            rows, totals = activity_review(request.user, data["first"], data["last"], reps)
            period = (data["first"], data["last"])
            base = reverse("sales:activities")
            for row in rows:
                query = {"owner": row["rep_id"], "start": data["first"].isoformat(), "end": data["last"].isoformat()}
                row["links"] = {
                    "planned": f"{base}?{urlencode(query)}",
                    "done": f"{base}?{urlencode({**query, 'status': 'done'})}",
                    "overdue": f"{base}?{urlencode({**query, 'status': 'overdue'})}",
                }
                row["rate_text"] = percent_text(row["rate"])
            totals["rate_text"] = percent_text(totals.get("rate"))
        return render(request, "sales/review.html", {"form": form, "rows": rows, "totals": totals,
                                                     "period": period, "today": clock.today()})
