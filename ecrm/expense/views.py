"""e-Expense pages. Views are thin: rules live on the models, workflows in ``services``."""
import csv
import io

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import audit, clock
from ecrm.common.listing import ListPageView, ListSpec
from ecrm.common.models import Role
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.expense import reports, services
from ecrm.expense.forms import (
    AdvanceForm,
    CategoryForm,
    ClaimForm,
    ClaimLineForm,
    CommentForm,
    EcrmPasswordChangeForm,
    EmployeeTypeForm,
    ExpenseSettingsForm,
    MySettingsForm,
    PayForm,
    ProjectForm,
    RepayForm,
    add_errors,
)
from ecrm.expense.lists import (
    AdvanceSpec,
    CategorySpec,
    ClaimSpec,
    EmployeeTypeSpec,
    PaymentSpec,
    ProjectSpec,
    SettlementSpec,
)
from ecrm.expense.models import (
    Advance,
    AdvanceStatus,
    Category,
    Claim,
    ClaimLine,
    EmployeeType,
    ExpenseProfile,
    ExpenseSettings,
    Payment,
    Project,
    Receipt,
)

ALL_ROLES = tuple(Role.values)
FINANCE_ROLES = (Role.ADMIN, Role.FINANCE)


# Refusals of the user rather than of the record's state: the pages answer them 403, as the API does (COM-ROLE-1,
# COM-API-1), instead of a redirect with a message.
PERMISSION_CODES = {"not_owner", "own_claim", "own_advance", "not_approver", "not_finance"}


def _deny_if_refused(exc):
    if getattr(exc, "code", None) in PERMISSION_CODES:
        raise PermissionDenied(" ".join(exc.messages)) from None


def _check_permission(check, user):
    """Run a model's check before reading the form: a user who may not act gets 403 whatever they posted; a refusal
    of the record's state is left to the action, which shows it as a message."""
    try:
        check(user)
    except ValidationError as exc:
        _deny_if_refused(exc)


def _error(request, exc):
    _deny_if_refused(exc)
    messages.error(request, " ".join(exc.messages))


def _warn(request, outcome):
    for warning in getattr(outcome, "warnings", []):
        messages.warning(request, warning)


# --------------------------------------------------------------------------- claims
class ClaimListView(ListPageView):
    allowed_roles = ALL_ROLES
    spec_class = ClaimSpec
    title = gettext_lazy("My claims")
    caption = gettext_lazy("Claim list")

    def get_base_queryset(self):
        return Claim.objects.filter(employee=self.request.user).select_related("project")

    def get_actions(self):
        return [(reverse("expense:claim-new"), _("New claim"))]


class ClaimFormView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get_object(self, pk):
        if pk is None:
            return Claim(employee=self.request.user)
        claim = get_object_or_404(Claim.objects.filter(employee=self.request.user), pk=pk)
        return claim

    def render_form(self, form, claim):
        title = _("Edit claim") if claim.pk else _("New claim")
        cancel = reverse("expense:claim-detail", args=[claim.pk]) if claim.pk else reverse("expense:claims")
        return render(self.request, "expense/form.html", {"form": form, "title": title, "subtitle": claim.label
                                                          if claim.pk else "", "cancel_url": cancel})

    def get(self, request, pk=None):
        claim = self.get_object(pk)
        if claim.pk and not claim.is_editable:
            messages.error(request, _("Only draft and rejected claims can be edited"))
            return redirect("expense:claim-detail", pk=claim.pk)
        return self.render_form(ClaimForm(instance=claim), claim)

    def post(self, request, pk=None):
        claim = self.get_object(pk)
        form = ClaimForm(request.POST, instance=claim)
        if form.is_valid():
            try:
                if claim.pk:
                    claim = services.update_claim(claim, request.user, form.cleaned_data["title"],
                                                  form.cleaned_data["project"])
                else:
                    claim = services.create_claim(request.user, form.cleaned_data["title"],
                                                  form.cleaned_data["project"])
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Claim “%(title)s” saved") % {"title": claim.title})
                return redirect("expense:claim-detail", pk=claim.pk)
        return self.render_form(form, claim)


def _visible_claim(request, pk):
    return get_object_or_404(
        Claim.objects.visible_to(request.user).select_related("employee", "project", "approver"), pk=pk)


def _outstanding_advances(employee):
    return list(Advance.objects.filter(employee=employee).outstanding().order_by("expected_repayment", "pk"))


@role_required(*ALL_ROLES)
def claim_detail(request, pk, line_form=None, decision_form=None, pay_form=None):
    claim = _visible_claim(request, pk)
    user = request.user
    settings_row = ExpenseSettings.load()
    lines = list(claim.lines.select_related("category", "receipt").defer("receipt__data"))
    can_edit = claim.employee_id == user.pk and claim.is_editable
    can_decide = claim.pending_step is not None and claim.employee_id != user.pk and claim.is_step_approver(user)
    can_pay = claim.is_payable and user.role in FINANCE_ROLES and claim.employee_id != user.pk
    context = {
        "claim": claim,
        "lines": lines,
        "can_edit": can_edit,
        "can_submit": can_edit and bool(lines),
        "can_withdraw": claim.employee_id == user.pk and claim.status == "submitted",
        "can_delete": can_edit and not claim.number,
        "can_decide": can_decide,
        "can_pay": can_pay,
        "receipt_threshold": settings_row.receipt_threshold,
        "audit_entries": audit.entries_for(claim),
        "payment": Payment.objects.filter(claim=claim).select_related("paid_by").prefetch_related(
            "offsets__advance").first(),
    }
    if can_edit:
        context["line_form"] = line_form or ClaimLineForm(threshold=settings_row.receipt_threshold,
                                                          initial={"date": clock.today()})
    if can_decide:
        context["decision_form"] = decision_form or CommentForm()
    if can_pay:
        context["pay_form"] = pay_form or PayForm(advances=_outstanding_advances(claim.employee),
                                                  today=clock.today())
        profile = ExpenseProfile.objects.filter(user=claim.employee).first()
        context["employee_bank"] = profile.card_masked if profile and profile.has_bank_account else ""
    status = 400 if any(f is not None and f.errors for f in (line_form, decision_form, pay_form)) else 200
    return render(request, "expense/claim_detail.html", context, status=status)


@require_POST
@role_required(*ALL_ROLES)
def claim_add_line(request, pk):
    claim = get_object_or_404(Claim.objects.filter(employee=request.user), pk=pk)
    form = ClaimLineForm(request.POST, request.FILES, threshold=ExpenseSettings.load().receipt_threshold)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_line(claim, request.user, date=data["date"], category=data["category"],
                              amount=data["amount"], description=data["description"],
                              receipt_file=data.get("receipt"))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Line added"))
            return redirect("expense:claim-detail", pk=claim.pk)
    return claim_detail(request, claim.pk, line_form=form)


@require_POST
@role_required(*ALL_ROLES)
def claim_delete_line(request, pk, line_pk):
    line = get_object_or_404(ClaimLine.objects.filter(claim__employee=request.user, claim_id=pk), pk=line_pk)
    try:
        services.delete_line(line, request.user)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Line deleted"))
    return redirect("expense:claim-detail", pk=pk)


@require_POST
@role_required(*ALL_ROLES)
def claim_action(request, pk, action):
    claim = _visible_claim(request, pk)
    try:
        if action == "submit":
            outcome = services.submit_claim(claim, request.user)
            _warn(request, outcome)
            messages.success(request, _("Claim %(number)s submitted") % {"number": outcome.obj.number})
        elif action == "withdraw":
            services.withdraw_claim(claim, request.user)
            messages.success(request, _("Claim %(number)s withdrawn to draft") % {"number": claim.number})
        elif action == "delete":
            services.delete_claim(claim, request.user)
            messages.success(request, _("Draft claim “%(title)s” deleted") % {"title": claim.title})
            return redirect("expense:claims")
        else:
            raise Http404
    except ValidationError as exc:
        _error(request, exc)
    return redirect("expense:claim-detail", pk=claim.pk)


@require_POST
@role_required(*ALL_ROLES)
def claim_decide(request, pk):
    claim = _visible_claim(request, pk)
    _check_permission(claim.check_can_decide, request.user)
    form = CommentForm(request.POST)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        form.is_valid()
        form.add_error(None, _("Choose approve or reject"))
        return claim_detail(request, pk, decision_form=form)
    if form.is_valid():
        try:
            if decision == "approve":
                outcome = services.approve_claim(claim, request.user, form.cleaned_data["comment"])
                _warn(request, outcome)
                messages.success(request, _("Claim %(number)s approved") % {"number": claim.number})
            else:
                services.reject_claim(claim, request.user, form.cleaned_data["comment"])
                messages.success(request, _("Claim %(number)s rejected") % {"number": claim.number})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors(form, exc)
            else:
                _error(request, exc)
                return redirect("expense:claim-detail", pk=pk)
        else:
            return redirect("expense:approvals")
    return claim_detail(request, pk, decision_form=form)


@require_POST
@role_required(*FINANCE_ROLES)
def claim_pay(request, pk):
    claim = _visible_claim(request, pk)
    form = PayForm(request.POST, advances=_outstanding_advances(claim.employee), today=clock.today())
    if form.is_valid():
        try:
            payment = services.pay_claim(claim, request.user, method=form.cleaned_data["method"],
                                         offsets=services.parse_offsets(form.offsets()),
                                         paid_on=form.cleaned_data["paid_on"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors(form, exc)
            else:
                _error(request, exc)
                return redirect("expense:claim-detail", pk=pk)
        else:
            messages.success(request, _("Claim %(claim)s paid: payment %(payment)s") % {
                "claim": claim.number, "payment": payment.number})
            return redirect("expense:claim-detail", pk=pk)
    return claim_detail(request, pk, pay_form=form)


@role_required(*ALL_ROLES)
def receipt_view(request, pk, line_pk):
    claim = _visible_claim(request, pk)
    receipt = get_object_or_404(Receipt, line__claim=claim, line_id=line_pk)
    response = HttpResponse(bytes(receipt.data), content_type=receipt.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


# --------------------------------------------------------------------------- advances
class AdvanceListView(ListPageView):
    allowed_roles = ALL_ROLES
    spec_class = AdvanceSpec
    title = gettext_lazy("My advances")
    caption = gettext_lazy("Advance list")
    template_name = "expense/advance_list.html"

    def get_base_queryset(self):
        return Advance.objects.filter(employee=self.request.user).select_related("project")

    def get_actions(self):
        return [(reverse("expense:advance-new"), _("New advance"))]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        advances = Advance.objects.filter(employee=self.request.user).outstanding()
        ctx["outstanding_total"] = sum((a.outstanding for a in advances), 0)
        ctx["overdue"] = [a for a in advances if a.is_overdue]
        return ctx


class AdvanceFormView(RoleRequiredMixin, View):
    allowed_roles = ALL_ROLES

    def get_object(self, pk):
        if pk is None:
            return Advance(employee=self.request.user)
        return get_object_or_404(Advance.objects.filter(employee=self.request.user), pk=pk)

    def render_form(self, form, advance, status=200):
        title = _("Edit advance") if advance.pk else _("New advance")
        cancel = reverse("expense:advance-detail", args=[advance.pk]) if advance.pk else reverse("expense:advances")
        return render(self.request, "expense/form.html", {"form": form, "title": title, "cancel_url": cancel,
                                                          "subtitle": advance.number or ""}, status=status)

    def get(self, request, pk=None):
        advance = self.get_object(pk)
        if advance.pk and not advance.is_editable:
            messages.error(request, _("Only draft and rejected advances can be edited"))
            return redirect("expense:advance-detail", pk=advance.pk)
        form = AdvanceForm(instance=advance)
        if not advance.pk:
            try:
                Advance.check_may_request(request.user)
            except ValidationError as exc:
                form.cleaned_data = {}
                form.add_error(None, exc.messages[0])
        return self.render_form(form, advance)

    def post(self, request, pk=None):
        advance = self.get_object(pk)
        form = AdvanceForm(request.POST, instance=advance)
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in ("purpose", "amount", "project", "expected_repayment")}
            try:
                if advance.pk:
                    advance = services.update_advance(advance, request.user, **fields)
                else:
                    advance = services.create_advance(request.user, **fields)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Advance “%(purpose)s” saved") % {"purpose": advance.purpose})
                return redirect("expense:advance-detail", pk=advance.pk)
        return self.render_form(form, advance, status=400)


def _visible_advance(request, pk):
    return get_object_or_404(
        Advance.objects.visible_to(request.user).select_related("employee", "project", "approver"), pk=pk)


@role_required(*ALL_ROLES)
def advance_detail(request, pk, decision_form=None, repay_form=None):
    advance = _visible_advance(request, pk)
    user = request.user
    own = advance.employee_id == user.pk
    context = {
        "advance": advance,
        "can_edit": own and advance.is_editable,
        "can_submit": own and advance.is_editable,
        "can_delete": own and advance.is_editable and not advance.number,
        "can_withdraw": own and advance.status == AdvanceStatus.SUBMITTED,
        "can_decide": advance.status == AdvanceStatus.SUBMITTED and not own and advance.approver_id == user.pk,
        "can_disburse": advance.status == AdvanceStatus.APPROVED and not own and user.role in FINANCE_ROLES,
        "can_repay": advance.status == AdvanceStatus.DISBURSED and not own and user.role in FINANCE_ROLES,
        "offsets": advance.offsets.select_related("payment__claim"),
        "audit_entries": audit.entries_for(advance),
    }
    if context["can_decide"]:
        context["decision_form"] = decision_form or CommentForm()
    if context["can_repay"]:
        context["repay_form"] = repay_form or RepayForm()
    status = 400 if any(f is not None and f.errors for f in (decision_form, repay_form)) else 200
    return render(request, "expense/advance_detail.html", context, status=status)


@require_POST
@role_required(*ALL_ROLES)
def advance_action(request, pk, action):
    advance = _visible_advance(request, pk)
    try:
        if action == "submit":
            advance = services.submit_advance(advance, request.user)
            messages.success(request, _("Advance %(number)s submitted") % {"number": advance.number})
        elif action == "withdraw":
            services.withdraw_advance(advance, request.user)
            messages.success(request, _("Advance %(number)s withdrawn to draft") % {"number": advance.number})
        elif action == "delete":
            services.delete_advance(advance, request.user)
            messages.success(request, _("Draft advance deleted"))
            return redirect("expense:advances")
        elif action == "disburse":
            services.disburse_advance(advance, request.user)
            messages.success(request, _("Advance %(number)s disbursed") % {"number": advance.number})
        else:
            raise Http404
    except ValidationError as exc:
        _error(request, exc)
    return redirect("expense:advance-detail", pk=advance.pk)


@require_POST
@role_required(*ALL_ROLES)
def advance_decide(request, pk):
    advance = _visible_advance(request, pk)
    _check_permission(advance.check_can_decide, request.user)
    form = CommentForm(request.POST)
    decision = request.POST.get("decision")
    if form.is_valid() and decision in ("approve", "reject"):
        try:
            if decision == "approve":
                services.approve_advance(advance, request.user, form.cleaned_data["comment"])
                messages.success(request, _("Advance %(number)s approved") % {"number": advance.number})
            else:
                services.reject_advance(advance, request.user, form.cleaned_data["comment"])
                messages.success(request, _("Advance %(number)s rejected") % {"number": advance.number})
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors(form, exc)
            else:
                _error(request, exc)
                return redirect("expense:advance-detail", pk=pk)
        else:
            return redirect("expense:approvals")
    return advance_detail(request, pk, decision_form=form)


@require_POST
@role_required(*FINANCE_ROLES)
def advance_repay(request, pk):
    advance = _visible_advance(request, pk)
    form = RepayForm(request.POST)
    if form.is_valid():
        try:
            services.repay_advance(advance, request.user, form.cleaned_data["amount"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_errors(form, exc)
            else:
                _error(request, exc)
                return redirect("expense:advance-detail", pk=pk)
        else:
            messages.success(request, _("Repayment recorded"))
            return redirect("expense:advance-detail", pk=pk)
    return advance_detail(request, pk, repay_form=form)


# --------------------------------------------------------------------------- approvals
@role_required(*ALL_ROLES)
def approvals(request):
    """EXP-APR-1: the inbox; EXP-APR-4: bulk approve the selected items."""
    user = request.user
    if request.method == "POST":
        claim_ids = [v for v in request.POST.getlist("claim") if v.isdigit()]
        advance_ids = [v for v in request.POST.getlist("advance") if v.isdigit()]
        items = [("claim", c) for c in Claim.objects.visible_to(user).filter(pk__in=claim_ids)
                 .select_related("employee", "project").order_by("pk")]
        items += [("advance", a) for a in Advance.objects.visible_to(user).filter(pk__in=advance_ids)
                  .select_related("employee").order_by("pk")]
        missing = len(claim_ids) + len(advance_ids) - len(items)
        if not items and not missing:
            messages.error(request, _("Select at least one item to approve"))
            return redirect("expense:approvals")
        approved, failed = services.bulk_approve(user, items)
        if missing:
            failed.append((_("%(count)s item(s)") % {"count": missing}, _("not found")))
        if approved:
            messages.success(request, _("Approved: %(items)s") % {"items": ", ".join(approved)})
        for label, reason in failed:
            messages.error(request, _("Not approved: %(item)s: %(reason)s") % {"item": label, "reason": reason})
        return redirect("expense:approvals")
    claims = Claim.objects.awaiting(user).select_related("employee", "project").order_by("submitted_at", "pk")
    advances = Advance.objects.awaiting(user).select_related("employee", "project").order_by("created_at", "pk")
    return render(request, "expense/approvals.html", {"claims": claims, "advances": advances})


# --------------------------------------------------------------------------- settlement and payments
class SettlementView(ListPageView):
    allowed_roles = FINANCE_ROLES
    spec_class = SettlementSpec
    title = gettext_lazy("Settlement")
    caption = gettext_lazy("Claims ready to pay")

    def get_base_queryset(self):
        return Claim.objects.payable().exclude(employee=self.request.user).select_related("employee", "project")

    def get_actions(self):
        return [(reverse("expense:payments"), _("Payments"))]


class PaymentListView(ListPageView):
    allowed_roles = FINANCE_ROLES
    spec_class = PaymentSpec
    title = gettext_lazy("Payments")
    caption = gettext_lazy("Payment list")

    def get_base_queryset(self):
        return Payment.objects.select_related("claim__employee", "paid_by")


# --------------------------------------------------------------------------- projects
class ProjectListView(ListPageView):
    allowed_roles = ALL_ROLES
    spec_class = ProjectSpec
    title = gettext_lazy("Projects")
    caption = gettext_lazy("Project list")

    def get_base_queryset(self):
        return Project.objects.with_spend().select_related("manager")

    def get_actions(self):
        if self.request.user.role in FINANCE_ROLES:
            return [(reverse("expense:project-new"), _("New project"))]
        return []


class ProjectFormView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, project, status=200):
        title = _("Edit project") if project.pk else _("New project")
        cancel = reverse("expense:project-detail", args=[project.pk]) if project.pk else reverse("expense:projects")
        return render(self.request, "expense/form.html", {"form": form, "title": title, "cancel_url": cancel,
                                                          "subtitle": project.code if project.pk else ""},
                      status=status)

    def get(self, request, pk=None):
        project = get_object_or_404(Project, pk=pk) if pk else Project()
        return self.render_form(ProjectForm(instance=project), project)

    def post(self, request, pk=None):
        project = get_object_or_404(Project, pk=pk) if pk else Project()
        before = audit.snapshot(project, ProjectForm.Meta.fields) if project.pk else None
        form = ProjectForm(request.POST, instance=project)
        if not form.is_valid():
            return self.render_form(form, project, status=400)
        project = form.save()
        if before is None:
            audit.record(project, request.user, "create", new=str(project))
        else:
            audit.record_changes(project, request.user, before, ProjectForm.Meta.fields)
        messages.success(request, _("Project %(code)s saved") % {"code": project.code})
        return redirect("expense:project-detail", pk=project.pk)


@role_required(*ALL_ROLES)
def project_detail(request, pk):
    project = get_object_or_404(Project.objects.with_spend().select_related("manager"), pk=pk)
    claims = Claim.objects.visible_to(request.user).filter(project=project).exclude(number=None).select_related(
        "employee").order_by("-submitted_at", "-pk")[:50]
    return render(request, "expense/project_detail.html", {
        "project": project, "claims": claims, "can_edit": request.user.role in FINANCE_ROLES,
        "audit_entries": audit.entries_for(project)})


# --------------------------------------------------------------------------- reports
@role_required(*FINANCE_ROLES)
def report(request):
    """EXP-RPT-1: spending by employee, category, project or month."""
    form = reports.ReportForm(request.GET or None)
    result = reports.run(form)
    if request.GET.get("export") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(result.group_label), _("Lines"), _("Claims"), _("Amount")])
        for row in result.rows:
            writer.writerow([ListSpec._csv_cell(row["label"]), row["lines"], row["claims"], f"{row['amount']:.2f}"])
        writer.writerow([_("Total"), result.lines, result.claims, f"{result.total:.2f}"])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="expense-report-{clock.today():%Y%m%d}.csv"'
        return response
    params = request.GET.copy()
    params["export"] = "csv"
    return render(request, "expense/report.html", {"form": form, "result": result,
                                                   "export_url": "?" + params.urlencode()},
                  status=400 if form.errors else 200)


# --------------------------------------------------------------------------- system settings
@role_required(*FINANCE_ROLES)
def settings_view(request):
    row = ExpenseSettings.load()
    before = audit.snapshot(row, ExpenseSettingsForm.Meta.fields)
    form = ExpenseSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record_changes(row, request.user, before, ExpenseSettingsForm.Meta.fields)
        messages.success(request, _("Settings saved"))
        return redirect("expense:settings")
    return render(request, "expense/settings.html", {"form": form}, status=400 if form.errors else 200)


class EmployeeTypeListView(ListPageView):
    """员工类型: the list, with the form for a new type above it."""

    allowed_roles = FINANCE_ROLES
    spec_class = EmployeeTypeSpec
    title = gettext_lazy("Employee types")
    caption = gettext_lazy("Employee type list")
    template_name = "expense/employee_types.html"

    def get_base_queryset(self):
        return EmployeeType.objects.all()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = getattr(self, "form", None) or EmployeeTypeForm(with_limits=False)
        return ctx

    def post(self, request, *args, **kwargs):
        self.form = EmployeeTypeForm(request.POST, with_limits=False)
        if self.form.is_valid():
            employee_type = self.form.save()
            audit.record(employee_type, request.user, "create", new=employee_type.name)
            messages.success(request, _("Employee type “%(name)s” saved") % {"name": employee_type.name})
            return redirect("expense:employee-types")
        self.spec = self.spec_class(request.user)
        self.state = self.spec.apply(self.get_base_queryset(), request.GET)
        return self.render_to_response(self.get_context_data(), status=400)


class EmployeeTypeEditView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, employee_type, status=200):
        return render(self.request, "expense/employee_type_form.html",
                      {"form": form, "employee_type": employee_type}, status=status)

    def get(self, request, pk):
        employee_type = get_object_or_404(EmployeeType, pk=pk)
        return self.render_form(EmployeeTypeForm(instance=employee_type), employee_type)

    def post(self, request, pk):
        employee_type = get_object_or_404(EmployeeType, pk=pk)
        old_name = employee_type.name
        form = EmployeeTypeForm(request.POST, instance=employee_type)
        if not form.is_valid():
            return self.render_form(form, employee_type, status=400)
        employee_type = form.save()
        form.save_limits()
        if old_name != employee_type.name:
            audit.record(employee_type, request.user, "update", field="name", old=old_name, new=employee_type.name)
        messages.success(request, _("Employee type “%(name)s” saved") % {"name": employee_type.name})
        return redirect("expense:employee-types")


@require_POST
@role_required(*FINANCE_ROLES)
def employee_type_delete(request, pk):
    employee_type = get_object_or_404(EmployeeType, pk=pk)
    try:
        employee_type.delete()
    except ValidationError as exc:
        _error(request, exc)
        return redirect("expense:employee-type-edit", pk=pk)
    messages.success(request, _("Employee type “%(name)s” deleted") % {"name": employee_type.name})
    return redirect("expense:employee-types")


class CategoryListView(ListPageView):
    allowed_roles = FINANCE_ROLES
    spec_class = CategorySpec
    title = gettext_lazy("Expense categories")
    caption = gettext_lazy("Category list")

    def get_base_queryset(self):
        return Category.objects.all()

    def get_actions(self):
        return [(reverse("expense:category-new"), _("New category"))]


class CategoryFormView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, category, status=200):
        title = _("Edit category") if category.pk else _("New category")
        return render(self.request, "expense/form.html", {"form": form, "title": title,
                                                          "cancel_url": reverse("expense:categories"),
                                                          "subtitle": category.label if category.pk else ""},
                      status=status)

    def get(self, request, pk=None):
        category = get_object_or_404(Category, pk=pk) if pk else Category()
        return self.render_form(CategoryForm(instance=category), category)

    def post(self, request, pk=None):
        category = get_object_or_404(Category, pk=pk) if pk else Category()
        form = CategoryForm(request.POST, instance=category)
        if not form.is_valid():
            return self.render_form(form, category, status=400)
        category = form.save()
        messages.success(request, _("Category “%(name)s” saved") % {"name": category.label})
        return redirect("expense:categories")


# --------------------------------------------------------------------------- my settings
@role_required(*ALL_ROLES)
def my_settings(request):
    """EXP-ME-1/2: bank account, default approver, language."""
    profile = ExpenseProfile.of(request.user)
    form = MySettingsForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        language = form.cleaned_data["language"]
        request.user.language = language
        request.user.save(update_fields=["language"])
        translation.activate(language)
        messages.success(request, _("Your settings have been saved"))
        response = redirect("expense:my-settings")
        response.set_cookie("django_language", language, samesite="Lax")
        return response
    return render(request, "expense/my_settings.html", {"form": form, "profile": profile},
                  status=400 if form.errors else 200)


@role_required(*ALL_ROLES)
def change_password(request):
    form = EcrmPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed"))
        return redirect("expense:my-settings")
    return render(request, "expense/form.html", {"form": form, "title": _("Change password"),
                                                 "cancel_url": reverse("expense:my-settings")},
                  status=400 if form.errors else 200)
