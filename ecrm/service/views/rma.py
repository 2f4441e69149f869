"""e-Service pages: RMA."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common import audit
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin
from ecrm.sales.models import Customer
from ecrm.service import services
from ecrm.service.forms import (
    RmaActionForm,
    RmaForm,
)
from ecrm.service.lists import (
    RmaSpec,
)
from ecrm.service.models import (
    SERVICE_STAFF,
    FaultRecord,
    Rma,
)
from ecrm.service.views.base import CreatePageView, _errors_text


class RmaListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = RmaSpec
    title = gettext_lazy("RMA")
    caption = gettext_lazy("RMA list")

    def get_base_queryset(self):
        return Rma.objects.visible_to(self.request.user).select_related(
            "customer", "installed_product__product", "fault")

    def get_actions(self):
        return [(reverse("service:rma-new"), _("New RMA"))]


class RmaCreateView(CreatePageView):
    form_class = RmaForm
    title = gettext_lazy("New RMA")
    list_url, detail_url = "service:rmas", "service:rma-detail"
    created_message = gettext_lazy("RMA %(number)s created")

    def initial(self, request):
        initial = {}
        fault_id = request.GET.get("fault", "")
        customer_id = request.GET.get("customer", "")
        if fault_id.isdigit():
            fault = FaultRecord.objects.visible_to(request.user).filter(pk=fault_id).first()
            if fault:
                initial.update(fault=fault.pk, customer=fault.customer_id)
        if customer_id.isdigit() and Customer.objects.active().filter(pk=customer_id).exists():
            initial.setdefault("customer", int(customer_id))
        return initial

    def create(self, record, user):
        return services.create_rma(record, user)


class RmaDetailView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get_rma(self, pk):
        qs = Rma.objects.visible_to(self.request.user).select_related(
            "customer", "installed_product__product", "fault", "created_by")
        return get_object_or_404(qs, pk=pk)

    def render_page(self, rma, form=None, status=200):
        actions = rma.available_actions(self.request.user)
        names = {name for name, _l in actions}
        context = {
            "rma": rma,
            "actions": actions,
            "form": form or RmaActionForm(initial={"quoted_price": rma.quoted_price or ""}),
            "needs_tracking": "ship" in names,
            "needs_price": "repair" in names,
            "needs_reason": "reject" in names,
            "audit_entries": audit.entries_for(rma),
        }
        return render(self.request, "service/rma_detail.html", context, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_rma(pk))

    def post(self, request, pk):
        rma = self.get_rma(pk)
        form = RmaActionForm(request.POST)
        action = request.POST.get("op", "")
        if not form.is_valid():
            return self.render_page(rma, form, status=400)
        data = {}
        if action == "ship":
            data["tracking_number"] = form.cleaned_data["tracking_number"]
        if action in ("repair", "replace", "approve"):
            data["quoted_price"] = form.cleaned_data["quoted_price"] or None
        if action == "reject":
            data["reason"] = form.cleaned_data["reason"]
        try:
            rma = services.transition_rma(rma, action, request.user, **data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
                return self.render_page(rma, form, status=400)
            messages.error(request, _errors_text(exc))
            return redirect("service:rma-detail", pk=rma.pk)
        messages.success(request, _("RMA %(number)s is now “%(status)s”")
                         % {"number": rma.number, "status": rma.get_status_display()})
        return redirect("service:rma-detail", pk=rma.pk)
