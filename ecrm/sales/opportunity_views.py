"""e-Sales opportunity pages: list, pipeline board, form, detail (stage history + audit trail)."""
from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common import audit
from ecrm.common.listing import ListPageView, display_text
from ecrm.common.models import SALES_ROLES
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.sales import services
from ecrm.sales.forms import OpportunityForm
from ecrm.sales.lists import OpportunitySpec
from ecrm.sales.models import Customer, Opportunity, Stage
from ecrm.sales.queries import opportunity_queryset


class OpportunityListView(ListPageView):
    allowed_roles = SALES_ROLES
    spec_class = OpportunitySpec
    title = gettext_lazy("Opportunities")
    caption = gettext_lazy("Opportunity list")

    def get_base_queryset(self):
        return opportunity_queryset(self.request.user)

    def get_actions(self):
        return [(reverse("sales:opportunity-new"), _("New opportunity")),
                (reverse("sales:pipeline"), _("Pipeline board"))]


BOARD_CARDS = 50


@role_required(*SALES_ROLES)
def pipeline_board(request):
    """SAL-OPP-6: the kanban view: one column per active stage with its count and amount (the newest
    ``BOARD_CARDS`` cards of a column are shown; count and amount cover all of them)."""
    qs = Opportunity.objects.visible_to(request.user)
    totals = {row["stage"]: row for row in qs.values("stage").annotate(count=Count("pk"), amount=Sum("amount"))}
    columns = []
    for stage in Stage.objects.all():
        total = totals.get(stage.code, {"count": 0, "amount": None})
        if not stage.active and not total["count"]:
            continue
        amount = (total["amount"] or Decimal("0")).quantize(Decimal("0.01"))
        cards = list(qs.filter(stage_id=stage.code).select_related("customer", "owner")
                     .order_by("expected_close", "pk")[:BOARD_CARDS]) if total["count"] else []
        columns.append({"stage": stage, "cards": cards, "count": total["count"], "amount": amount,
                        "amount_text": display_text(amount), "more": max(total["count"] - len(cards), 0)})
    return render(request, "sales/pipeline.html", {"columns": columns})


class OpportunityFormView(RoleRequiredMixin, View):
    allowed_roles = SALES_ROLES
    template_name = "sales/opportunity_form.html"

    def get_object(self, pk):
        if pk is None:
            return Opportunity()
        return get_object_or_404(
            Opportunity.objects.visible_to(self.request.user).filter(customer__in=Customer.objects.editable_by(
                self.request.user)).select_related("customer", "stage"), pk=pk)

    def render_form(self, form, opportunity):
        title = _("Edit opportunity") if opportunity.pk else _("New opportunity")
        cancel = (reverse("sales:opportunity-detail", args=[opportunity.pk]) if opportunity.pk
                  else reverse("sales:opportunities"))
        return render(self.request, self.template_name, {"form": form, "opportunity": opportunity, "title": title,
                                                         "cancel_url": cancel})

    def get(self, request, pk=None):
        opportunity = self.get_object(pk)
        initial = {}
        if not opportunity.pk:
            customer_id = request.GET.get("customer", "")
            if customer_id.isdigit() and Customer.objects.editable_by(request.user).filter(pk=customer_id).exists():
                initial["customer"] = int(customer_id)
        return self.render_form(OpportunityForm(instance=opportunity, initial=initial, user=request.user),
                                opportunity)

    def post(self, request, pk=None):
        opportunity = self.get_object(pk)
        before = audit.snapshot(opportunity, Opportunity.AUDITED_FIELDS) if opportunity.pk else None
        form = OpportunityForm(request.POST, instance=opportunity, user=request.user)
        if not form.is_valid():
            return self.render_form(form, opportunity)
        opportunity = services.save_opportunity(form.instance, request.user, before)
        messages.success(request, _("Opportunity “%(name)s” saved") % {"name": opportunity.name})
        return redirect("sales:opportunity-detail", pk=opportunity.pk)


@role_required(*SALES_ROLES)
def opportunity_detail(request, pk):
    opportunity = get_object_or_404(
        Opportunity.objects.visible_to(request.user).select_related("customer", "owner", "stage"), pk=pk)
    history = opportunity.stage_history.select_related("from_stage", "to_stage", "changed_by")
    return render(request, "sales/opportunity_detail.html", {
        "opportunity": opportunity,
        "history": history,
        "activities": opportunity.activities.select_related("contact", "owner").order_by("-scheduled_at", "-pk"),
        "audit_entries": audit.entries_for(opportunity),
    })
