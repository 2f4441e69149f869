"""e-Service pages: fault records."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common import audit, clock
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin
from ecrm.sales.models import Customer
from ecrm.service import services
from ecrm.service.forms import (
    AssignForm,
    FaultForm,
    KbLinkForm,
    ResolveForm,
    WorkLogForm,
)
from ecrm.service.lists import (
    FaultSpec,
)
from ecrm.service.models import (
    FAULT_ACTIONS,
    MANAGERS,
    SERVICE_STAFF,
    FaultRecord,
    Survey,
)
from ecrm.service.views.base import CreatePageView, _errors_text


class FaultListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = FaultSpec
    title = gettext_lazy("Fault records")
    caption = gettext_lazy("Fault record list")

    def get_base_queryset(self):
        return (FaultRecord.objects.visible_to(self.request.user).with_sla()
                .select_related("customer", "product", "category", "assignee"))

    def get_actions(self):
        return [(reverse("service:fault-new"), _("New fault record"))]


class FaultCreateView(CreatePageView):
    form_class = FaultForm
    title = gettext_lazy("New fault record")
    list_url, detail_url = "service:faults", "service:fault-detail"
    created_message = gettext_lazy("Fault record %(number)s created")

    def initial(self, request):
        initial = {}
        customer = request.GET.get("customer", "")
        if customer.isdigit() and Customer.objects.active().filter(pk=customer).exists():
            initial["customer"] = int(customer)
        return initial

    def create(self, record, user):
        return services.create_fault(record, user)


class FaultDetailView(RoleRequiredMixin, View):
    """The ticket page: details, SLA, workflow, work log, KB links, RMAs, survey and audit trail.
    POST carries ``op``: assign, a workflow action, worklog, kb_link or kb_unlink."""

    allowed_roles = SERVICE_STAFF

    def get_fault(self, pk):
        qs = (FaultRecord.objects.visible_to(self.request.user)
              .select_related("customer", "contact", "product", "category", "assignee", "created_by"))
        return get_object_or_404(qs, pk=pk)

    def render_page(self, fault, forms_=None, status=200):
        user = self.request.user
        forms_ = forms_ or {}
        actions = fault.available_actions(user)
        context = {
            "fault": fault,
            "actions": [(name, label) for name, label in actions if name != "resolve"],
            "can_resolve": any(name == "resolve" for name, _l in actions),
            "can_assign": fault.can_assign(user),
            "can_work": fault.is_worked_by(user),
            "assign_form": forms_.get("assign") or AssignForm(initial={"assignee": fault.assignee_id}),
            "resolve_form": forms_.get("resolve") or ResolveForm(initial={"resolution": fault.resolution}),
            "worklog_form": forms_.get("worklog") or WorkLogForm(),
            "kb_form": forms_.get("kb") or KbLinkForm(user=user),
            "work_log": fault.work_log.select_related("author"),
            "kb_articles": fault.kb_articles.all().order_by("title"),
            "rmas": fault.rmas.select_related("installed_product__product"),
            "survey": Survey.objects.filter(fault=fault).first(),
            "is_manager": user.role in MANAGERS,
            "audit_entries": audit.entries_for(fault),
            "now": clock.now(),
        }
        if context["survey"]:
            context["survey_url"] = self.request.build_absolute_uri(
                reverse("survey", args=[context["survey"].token]))
        return render(self.request, "service/fault_detail.html", context, status=status)

    def get(self, request, pk):
        return self.render_page(self.get_fault(pk))

    def post(self, request, pk):
        fault = self.get_fault(pk)
        op = request.POST.get("op", "")
        operation = (FaultDetailView.transition, False) if op in FAULT_ACTIONS else self.OPERATIONS.get(op)
        if operation is None:
            messages.error(request, _("Unknown action"))
            return redirect("service:fault-detail", pk=fault.pk)
        handler, worker_only = operation
        if worker_only:
            try:
                fault.check_worked_by(request.user)
            except ValidationError as exc:
                messages.error(request, _errors_text(exc))
                return redirect("service:fault-detail", pk=fault.pk)
        return handler(self, fault, op) or redirect("service:fault-detail", pk=fault.pk)

    # Each operation answers a page (a form with errors) or None (back to the ticket, with its message).
    def assign(self, fault, op):
        form = AssignForm(self.request.POST)
        if not form.is_valid():
            return self.render_page(fault, {"assign": form}, status=400)
        try:
            services.assign_fault(fault, form.cleaned_data["assignee"], self.request.user)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
                return self.render_page(fault, {"assign": form}, status=400)
            messages.error(self.request, _errors_text(exc))
            return None
        messages.success(self.request, _("Fault record %(number)s assigned to %(name)s")
                         % {"number": fault.number, "name": form.cleaned_data["assignee"]})
        return None

    def transition(self, fault, op):
        resolution, form = "", None
        if op == "resolve":
            form = ResolveForm(self.request.POST)
            if not form.is_valid():
                return self.render_page(fault, {"resolve": form}, status=400)
            resolution = form.cleaned_data["resolution"]
        try:
            fault = services.transition_fault(fault, op, self.request.user, resolution=resolution)
        except ValidationError as exc:
            if form is not None and hasattr(exc, "error_dict"):
                form.add_error("resolution", exc.message_dict.get("resolution", exc.messages))
                return self.render_page(fault, {"resolve": form}, status=400)
            messages.error(self.request, _errors_text(exc))
            return None
        messages.success(self.request, _("Fault record %(number)s is now “%(status)s”")
                         % {"number": fault.number, "status": fault.get_status_display()})
        return None

    def worklog(self, fault, op):
        form = WorkLogForm(self.request.POST)
        if not form.is_valid():
            return self.render_page(fault, {"worklog": form}, status=400)
        services.add_work_log(fault, self.request.user, form.cleaned_data["text"])
        messages.success(self.request, _("Work log entry added"))
        return None

    def kb_link(self, fault, op):
        form = KbLinkForm(self.request.POST, user=self.request.user)
        if op == "kb_unlink":
            form.fields["article"].queryset = fault.kb_articles.all()
        if not form.is_valid():
            return self.render_page(fault, {"kb": form}, status=400)
        article = form.cleaned_data["article"]
        services.link_kb_article(fault, self.request.user, article, linked=op == "kb_link")
        message = _("Article “%(title)s” linked") if op == "kb_link" else _("Article “%(title)s” unlinked")
        messages.success(self.request, message % {"title": article.title})
        return None

    # op -> (handler, only the assignee or the service manager may); a workflow action (FAULT_ACTIONS) is a transition.
    OPERATIONS = {
        "assign": (assign, False),
        "worklog": (worklog, True),
        "kb_link": (kb_link, True),
        "kb_unlink": (kb_link, True),
    }
