"""e-Expense pages: claims."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import audit, clock
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.expense import services
from ecrm.expense.forms import (
    ClaimForm,
    ClaimLineForm,
    CommentForm,
    PayForm,
    add_errors,
)
from ecrm.expense.lists import (
    ClaimSpec,
)
from ecrm.expense.models import (
    Advance,
    Claim,
    ClaimLine,
    ExpenseProfile,
    ExpenseSettings,
    Payment,
    Receipt,
)
from ecrm.expense.views.base import (
    ALL_ROLES,
    FINANCE_ROLES,
    OK,
    REFUSED,
    _check_permission,
    _error,
    _warn,
    attempt,
    decide,
    run_action,
)


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

    def submit():
        outcome = services.submit_claim(claim, request.user)
        _warn(request, outcome)
        messages.success(request, _("Claim %(number)s submitted") % {"number": outcome.obj.number})

    def withdraw():
        services.withdraw_claim(claim, request.user)
        messages.success(request, _("Claim %(number)s withdrawn to draft") % {"number": claim.number})

    def delete():
        services.delete_claim(claim, request.user)
        messages.success(request, _("Draft claim “%(title)s” deleted") % {"title": claim.title})
        return redirect("expense:claims")

    return run_action(request, action, {"submit": submit, "withdraw": withdraw, "delete": delete},
                      reverse("expense:claim-detail", args=[claim.pk]))


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
        response = decide(request, claim, form, decision,
                          {"approve": services.approve_claim, "reject": services.reject_claim},
                          {"approve": _("Claim %(number)s approved"), "reject": _("Claim %(number)s rejected")},
                          reverse("expense:claim-detail", args=[pk]))
        if response:
            return response
    return claim_detail(request, pk, decision_form=form)


@require_POST
@role_required(*FINANCE_ROLES)
def claim_pay(request, pk):
    claim = _visible_claim(request, pk)
    form = PayForm(request.POST, advances=_outstanding_advances(claim.employee), today=clock.today())
    if form.is_valid():
        result, payment = attempt(request, form, services.pay_claim, claim, request.user,
                                  method=form.cleaned_data["method"], offsets=services.parse_offsets(form.offsets()),
                                  paid_on=form.cleaned_data["paid_on"])
        if result == REFUSED:
            return redirect("expense:claim-detail", pk=pk)
        if result == OK:
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
