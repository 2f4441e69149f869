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
from ecrm.service.views.base import _errors_text, _form_page


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


class FaultCreateView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get(self, request):
        initial = {}
        customer = request.GET.get("customer", "")
        if customer.isdigit() and Customer.objects.active().filter(pk=customer).exists():
            initial["customer"] = int(customer)
        return _form_page(request, FaultForm(initial=initial), _("New fault record"), reverse("service:faults"))

    def post(self, request):
        form = FaultForm(request.POST)
        if not form.is_valid():
            return _form_page(request, form, _("New fault record"), reverse("service:faults"))
        fault = services.create_fault(form.instance, request.user)
        messages.success(request, _("Fault record %(number)s created") % {"number": fault.number})
        return redirect("service:fault-detail", pk=fault.pk)


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
        user = request.user
        if op == "assign":
            form = AssignForm(request.POST)
            if not form.is_valid():
                return self.render_page(fault, {"assign": form}, status=400)
            try:
                services.assign_fault(fault, form.cleaned_data["assignee"], user)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errs in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errs)
                    return self.render_page(fault, {"assign": form}, status=400)
                messages.error(request, _errors_text(exc))
                return redirect("service:fault-detail", pk=fault.pk)
            messages.success(request, _("Fault record %(number)s assigned to %(name)s")
                             % {"number": fault.number, "name": form.cleaned_data["assignee"]})
        elif op in FAULT_ACTIONS:
            resolution = ""
            if op == "resolve":
                form = ResolveForm(request.POST)
                if not form.is_valid():
                    return self.render_page(fault, {"resolve": form}, status=400)
                resolution = form.cleaned_data["resolution"]
            try:
                fault = services.transition_fault(fault, op, user, resolution=resolution)
            except ValidationError as exc:
                if op == "resolve" and hasattr(exc, "error_dict"):
                    form.add_error("resolution", exc.message_dict.get("resolution", exc.messages))
                    return self.render_page(fault, {"resolve": form}, status=400)
                messages.error(request, _errors_text(exc))
                return redirect("service:fault-detail", pk=fault.pk)
            messages.success(request, _("Fault record %(number)s is now “%(status)s”")
                             % {"number": fault.number, "status": fault.get_status_display()})
        elif op == "worklog":
            if not fault.is_worked_by(user):
                messages.error(request, _("Only the assignee or the service manager can work on this fault record"))
                return redirect("service:fault-detail", pk=fault.pk)
            form = WorkLogForm(request.POST)
            if not form.is_valid():
                return self.render_page(fault, {"worklog": form}, status=400)
            services.add_work_log(fault, user, form.cleaned_data["text"])
            messages.success(request, _("Work log entry added"))
        elif op in ("kb_link", "kb_unlink"):
            if not fault.is_worked_by(user):
                messages.error(request, _("Only the assignee or the service manager can work on this fault record"))
                return redirect("service:fault-detail", pk=fault.pk)
            form = KbLinkForm(request.POST, user=user)
            if op == "kb_unlink":
                form.fields["article"].queryset = fault.kb_articles.all()
            if not form.is_valid():
                return self.render_page(fault, {"kb": form}, status=400)
            article = form.cleaned_data["article"]
            if op == "kb_link":
                fault.kb_articles.add(article)
                messages.success(request, _("Article “%(title)s” linked") % {"title": article.title})
            else:
                fault.kb_articles.remove(article)
                messages.success(request, _("Article “%(title)s” unlinked") % {"title": article.title})
        else:
            messages.error(request, _("Unknown action"))
        return redirect("service:fault-detail", pk=fault.pk)
