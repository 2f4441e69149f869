"""e-Service pages. Rules live on the models and querysets; workflows in services.py; these views stay thin."""
from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ecrm.common import audit, clock
from ecrm.common.forms import EcrmForm
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.sales.models import Customer
from ecrm.service import markup, services
from ecrm.service.forms import (
    AlertRuleForm,
    AssignForm,
    CategoryForm,
    FaultForm,
    InstalledProductForm,
    KbArticleForm,
    KbLinkForm,
    ProductForm,
    ResolveForm,
    RmaActionForm,
    RmaForm,
    SlaForm,
    SurveyAnswerForm,
    WorkLogForm,
)
from ecrm.service.lists import (
    AlertRuleSpec,
    AlertSpec,
    FaultSpec,
    KbSpec,
    RmaSpec,
    ServiceCustomerSpec,
    SurveySpec,
    annotate_customers,
)
from ecrm.service.models import (
    FAULT_ACTIONS,
    MANAGERS,
    SERVICE_STAFF,
    Alert,
    AlertRule,
    FaultCategory,
    FaultRecord,
    InstalledProduct,
    KbArticle,
    Product,
    Rma,
    ServiceSettings,
    SlaPolicy,
    Survey,
)
from ecrm.service.reports import bar_chart, csv_rows, service_report


def _errors_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_page(request, form, title, cancel_url, subtitle="", status=200):
    return render(request, "service/form.html",
                  {"form": form, "title": title, "cancel_url": cancel_url, "subtitle": subtitle}, status=status)


# --------------------------------------------------------------------------- fault records
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


# --------------------------------------------------------------------------- RMA
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


class RmaCreateView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get(self, request):
        initial = {}
        fault_id = request.GET.get("fault", "")
        customer_id = request.GET.get("customer", "")
        if fault_id.isdigit():
            fault = FaultRecord.objects.visible_to(request.user).filter(pk=fault_id).first()
            if fault:
                initial.update(fault=fault.pk, customer=fault.customer_id)
        if customer_id.isdigit() and Customer.objects.active().filter(pk=customer_id).exists():
            initial.setdefault("customer", int(customer_id))
        return _form_page(request, RmaForm(initial=initial), _("New RMA"), reverse("service:rmas"))

    def post(self, request):
        form = RmaForm(request.POST)
        if not form.is_valid():
            return _form_page(request, form, _("New RMA"), reverse("service:rmas"))
        rma = services.create_rma(form.instance, request.user)
        messages.success(request, _("RMA %(number)s created") % {"number": rma.number})
        return redirect("service:rma-detail", pk=rma.pk)


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


# --------------------------------------------------------------------------- surveys
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


# --------------------------------------------------------------------------- alerts
class AlertRuleListView(ListPageView):
    allowed_roles = MANAGERS
    spec_class = AlertRuleSpec
    title = gettext_lazy("Alert rules")
    caption = gettext_lazy("Alert rule list")

    def get_base_queryset(self):
        return AlertRule.objects.select_related("recipient_user")

    def get_actions(self):
        return [(reverse("service:alert-rule-new"), _("New alert rule"))]


class AlertRuleFormView(RoleRequiredMixin, View):
    allowed_roles = MANAGERS

    def get_object(self, pk):
        return get_object_or_404(AlertRule, pk=pk) if pk else AlertRule()

    def title(self, rule):
        return _("Edit alert rule") if rule.pk else _("New alert rule")

    def get(self, request, pk=None):
        rule = self.get_object(pk)
        return _form_page(request, AlertRuleForm(instance=rule), self.title(rule), reverse("service:alert-rules"))

    def post(self, request, pk=None):
        rule = self.get_object(pk)
        form = AlertRuleForm(request.POST, instance=rule)
        if not form.is_valid():
            return _form_page(request, form, self.title(rule), reverse("service:alert-rules"))
        rule = form.save()
        messages.success(request, _("Alert rule “%(name)s” saved") % {"name": rule.name})
        return redirect("service:alert-rules")


class AlertInboxView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = AlertSpec
    template_name = "service/alert_list.html"
    title = gettext_lazy("Alerts")
    caption = gettext_lazy("Alert inbox")

    def get_base_queryset(self):
        return Alert.objects.for_user(self.request.user).select_related("rule", "acknowledged_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_evaluate"] = self.request.user.role in MANAGERS
        return ctx


@require_POST
@role_required(*SERVICE_STAFF)
def alert_acknowledge(request, pk):
    alert = get_object_or_404(Alert.objects.for_user(request.user), pk=pk)
    alert.acknowledge(request.user)
    messages.success(request, _("Alert acknowledged"))
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/service/alerts/")
                    else "service:alerts")


@require_POST
@role_required(*MANAGERS)
def alerts_evaluate(request):
    count = services.evaluate_alerts()
    messages.success(request, _("Alert rules evaluated: %(count)s new alert(s)") % {"count": count})
    return redirect("service:alerts")


# --------------------------------------------------------------------------- knowledge base
class KbListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = KbSpec
    title = gettext_lazy("Knowledge base")
    caption = gettext_lazy("Article list")

    def get_base_queryset(self):
        return KbArticle.objects.visible_to(self.request.user).select_related("category", "product", "author")

    def get_actions(self):
        return [(reverse("service:kb-new"), _("New article"))]


class KbFormView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get_object(self, pk):
        if not pk:
            return KbArticle(author=self.request.user)
        article = get_object_or_404(KbArticle.objects.visible_to(self.request.user), pk=pk)
        if not article.is_editable_by(self.request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return article

    def title(self, article):
        return _("Edit article") if article.pk else _("New article")

    def cancel(self, article):
        return reverse("service:kb-detail", args=[article.pk]) if article.pk else reverse("service:kb")

    def get(self, request, pk=None):
        article = self.get_object(pk)
        return _form_page(request, KbArticleForm(instance=article), self.title(article), self.cancel(article))

    def post(self, request, pk=None):
        article = self.get_object(pk)
        form = KbArticleForm(request.POST, instance=article)
        if not form.is_valid():
            return _form_page(request, form, self.title(article), self.cancel(article))
        article = form.save()
        messages.success(request, _("Article “%(title)s” saved") % {"title": article.title})
        return redirect("service:kb-detail", pk=article.pk)


class KbDetailView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get(self, request, pk):
        article = get_object_or_404(
            KbArticle.objects.visible_to(request.user).select_related("category", "product", "author"), pk=pk)
        article.count_view(request.user)
        my_vote = article.kb_votes.filter(user=request.user).values_list("helpful", flat=True).first()
        return render(request, "service/kb_detail.html", {
            "article": article, "body": markup.render(article.content), "votes": article.votes(),
            "my_vote": my_vote, "can_edit": article.is_editable_by(request.user)})


@require_POST
@role_required(*SERVICE_STAFF)
def kb_vote(request, pk):
    article = get_object_or_404(KbArticle.objects.visible_to(request.user).published(), pk=pk)
    value = request.POST.get("helpful")
    if value not in ("yes", "no"):
        messages.error(request, _("Choose whether the article was helpful"))
    else:
        article.vote(request.user, value == "yes")
        messages.success(request, _("Thank you for your feedback"))
    return redirect("service:kb-detail", pk=article.pk)


# --------------------------------------------------------------------------- service customers
class ServiceCustomerListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = ServiceCustomerSpec
    title = gettext_lazy("Service customers")
    caption = gettext_lazy("Service customer list")

    def get_base_queryset(self):
        return annotate_customers(Customer.objects.visible_to(self.request.user).active())


@role_required(*SERVICE_STAFF)
def service_customer_detail(request, pk):
    customer = get_object_or_404(Customer.objects.visible_to(request.user).select_related("industry", "owner"), pk=pk)
    faults = FaultRecord.objects.visible_to(request.user).filter(customer=customer).select_related(
        "product", "assignee")
    return render(request, "service/customer_detail.html", {
        "customer": customer,
        "units": customer.installed_products.select_related("product").order_by("product__order", "serial_number"),
        "faults": faults.with_sla(),
        "rmas": customer.rmas.select_related("installed_product__product", "fault"),
        "surveys": Survey.objects.filter(fault__customer=customer).select_related("fault"),
        "contacts": customer.contacts.all().order_by("-is_primary", "name"),
    })


class InstalledProductFormView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get_object(self, pk):
        return get_object_or_404(InstalledProduct, pk=pk) if pk else InstalledProduct()

    def title(self, unit):
        return _("Edit installed product") if unit.pk else _("New installed product")

    def cancel(self, unit, customer_id=None):
        cid = unit.customer_id or customer_id
        return reverse("service:customer-detail", args=[cid]) if cid else reverse("service:customers")

    def get(self, request, pk=None):
        unit = self.get_object(pk)
        initial = {}
        customer = request.GET.get("customer", "")
        if not unit.pk and customer.isdigit() and Customer.objects.active().filter(pk=customer).exists():
            initial["customer"] = int(customer)
        form = InstalledProductForm(instance=unit, initial=initial)
        return _form_page(request, form, self.title(unit), self.cancel(unit, initial.get("customer")))

    def post(self, request, pk=None):
        unit = self.get_object(pk)
        form = InstalledProductForm(request.POST, instance=unit)
        if not form.is_valid():
            return _form_page(request, form, self.title(unit), self.cancel(unit))
        unit = form.save()
        messages.success(request, _("Installed product %(serial)s saved") % {"serial": unit.serial_number})
        return redirect("service:customer-detail", pk=unit.customer_id)


# --------------------------------------------------------------------------- reports
class ReportFilterForm(EcrmForm):
    date_from = forms.DateField(label=gettext_lazy("Period from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=gettext_lazy("Period to"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    product = forms.ModelChoiceField(label=gettext_lazy("Product"), queryset=Product.objects.all(), required=False,
                                     empty_label=gettext_lazy("All"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("The end date cannot be before the start date"))
            elif (end - start).days > 3660:
                self.add_error("date_to", _("The period cannot be longer than 10 years"))
        return data


@role_required(*MANAGERS)
def reports(request):
    today = clock.today()
    default_from = today - datetime.timedelta(days=29)
    form = ReportFilterForm(request.GET or None, initial={"date_from": default_from, "date_to": today})
    report = None
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        report = service_report(data.get("date_from") or default_from, data.get("date_to") or today,
                                data.get("product"))
        if request.GET.get("export") == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for row in csv_rows(report):
                writer.writerow(row)
            response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="service-report-{today:%Y%m%d}.csv"'
            return response
    context = {"form": form, "report": report}
    if report:
        params = request.GET.copy()
        params["export"] = "csv"
        context.update({
            "export_url": "?" + params.urlencode(),
            "status_chart": bar_chart(_("Tickets by status"), report["by_status"]),
            "product_chart": bar_chart(_("Tickets by product"), report["by_product"]),
            "category_chart": bar_chart(_("Tickets by category"), report["by_category"]),
            "csat_chart": bar_chart(_("CSAT % by month"), report["surveys_by_month"], label_key="month",
                                    value_key="csat"),
        })
    return render(request, "service/reports.html", context, status=200 if report else 400)


# --------------------------------------------------------------------------- settings
@role_required(*MANAGERS)
def settings_page(request):
    initial = {"surveys_enabled": ServiceSettings.get().surveys_enabled}
    for policy_priority, (response, resolution) in _sla_values().items():
        initial[f"{policy_priority}_response"] = response
        initial[f"{policy_priority}_resolution"] = resolution
    form = SlaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        settings_row = ServiceSettings.get()
        settings_row.surveys_enabled = form.cleaned_data["surveys_enabled"]
        settings_row.save()
        messages.success(request, _("Service settings saved"))
        return redirect("service:settings")
    return render(request, "service/settings.html", {
        "form": form,
        "products": Product.objects.all(),
        "categories": FaultCategory.objects.all(),
    }, status=400 if form.errors else 200)


def _sla_values():
    from ecrm.service.models import Priority

    return {p.value: SlaPolicy.hours_for(p.value) for p in Priority}


class SettingRowFormView(RoleRequiredMixin, View):
    allowed_roles = MANAGERS
    model = Product
    form_class = ProductForm
    titles = (gettext_lazy("New product"), gettext_lazy("Edit product"))
    saved = gettext_lazy("Product “%(name)s” saved")

    def get_object(self, pk):
        return get_object_or_404(self.model, pk=pk) if pk else self.model()

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return _form_page(request, self.form_class(instance=obj), self.titles[bool(obj.pk)],
                          reverse("service:settings"))

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self.form_class(request.POST, instance=obj)
        if not form.is_valid():
            return _form_page(request, form, self.titles[bool(obj.pk)], reverse("service:settings"))
        obj = form.save()
        messages.success(request, self.saved % {"name": obj.name})
        return redirect("service:settings")


class CategoryFormView(SettingRowFormView):
    model = FaultCategory
    form_class = CategoryForm
    titles = (gettext_lazy("New fault category"), gettext_lazy("Edit fault category"))
    saved = gettext_lazy("Fault category “%(name)s” saved")

