"""e-Expense pages: advances."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import audit
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.expense import services
from ecrm.expense.forms import (
    AdvanceForm,
    CommentForm,
    RepayForm,
    add_errors,
)
from ecrm.expense.lists import (
    AdvanceSpec,
)
from ecrm.expense.models import (
    Advance,
    AdvanceStatus,
)
from ecrm.expense.views.base import (
    ALL_ROLES,
    FINANCE_ROLES,
    OK,
    REFUSED,
    _check_permission,
    attempt,
    decide,
    run_action,
)


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

    def step(call, message):
        def run():
            done = call(advance, request.user)
            messages.success(request, message % {"number": done.number})
        return run

    def delete():
        services.delete_advance(advance, request.user)
        messages.success(request, _("Draft advance deleted"))
        return redirect("expense:advances")

    return run_action(request, action, {
        "submit": step(services.submit_advance, _("Advance %(number)s submitted")),
        "withdraw": step(services.withdraw_advance, _("Advance %(number)s withdrawn to draft")),
        "delete": delete,
        "disburse": step(services.disburse_advance, _("Advance %(number)s disbursed")),
    }, reverse("expense:advance-detail", args=[advance.pk]))


@require_POST
@role_required(*ALL_ROLES)
def advance_decide(request, pk):
    advance = _visible_advance(request, pk)
    _check_permission(advance.check_can_decide, request.user)
    form = CommentForm(request.POST)
    decision = request.POST.get("decision")
    if form.is_valid() and decision in ("approve", "reject"):
        response = decide(request, advance, form, decision,
                          {"approve": services.approve_advance, "reject": services.reject_advance},
                          {"approve": _("Advance %(number)s approved"), "reject": _("Advance %(number)s rejected")},
                          reverse("expense:advance-detail", args=[pk]))
        if response:
            return response
    return advance_detail(request, pk, decision_form=form)


@require_POST
@role_required(*FINANCE_ROLES)
def advance_repay(request, pk):
    advance = _visible_advance(request, pk)
    form = RepayForm(request.POST)
    if form.is_valid():
        result, _outcome = attempt(request, form, services.repay_advance, advance, request.user,
                                   form.cleaned_data["amount"])
        if result == REFUSED:
            return redirect("expense:advance-detail", pk=pk)
        if result == OK:
            messages.success(request, _("Repayment recorded"))
            return redirect("expense:advance-detail", pk=pk)
    return advance_detail(request, pk, repay_form=form)
