"""e-Expense pages: approvals, settlement and payments."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecrm.common.listing import ListPageView
from ecrm.common.permissions import role_required
from ecrm.expense import inbox, services
from ecrm.expense.lists import (
    PaymentSpec,
    SettlementSpec,
)
from ecrm.expense.models import (
    Claim,
    Payment,
)
from ecrm.expense.views.base import ALL_ROLES, FINANCE_ROLES


def _label(obj):
    return str(obj) if obj.number else getattr(obj, "title", "") or getattr(obj, "purpose", "")


@role_required(*ALL_ROLES)
def approvals(request):
    """EXP-APR-1: the inbox; EXP-APR-4: bulk approve the selected items."""
    user = request.user
    if request.method == "POST":
        ids = {kind: [v for v in request.POST.getlist(kind) if v.isdigit()] for kind in ("claim", "advance")}
        items, _missing = services.bulk_items(user, {kind: sorted({int(v) for v in values})
                                                     for kind, values in ids.items()})
        missing = sum(len(values) for values in ids.values()) - len(items)
        if not items and not missing:
            messages.error(request, _("Select at least one item to approve"))
            return redirect("expense:approvals")
        approved, refused = services.bulk_approve(user, items)
        approved = [_label(obj) for _kind, obj in approved]
        failed = [(_label(obj), reason) for _kind, obj, reason in refused]
        if missing:
            failed.append((_("%(count)s item(s)") % {"count": missing}, _("not found")))
        if approved:
            messages.success(request, _("Approved: %(items)s") % {"items": ", ".join(approved)})
        for label, reason in failed:
            messages.error(request, _("Not approved: %(item)s: %(reason)s") % {"item": label, "reason": reason})
        return redirect("expense:approvals")
    found = inbox.inbox_page(user, request.GET)
    return render(request, "expense/approvals.html", {
        "q": found.text, "claims": found.claims, "advances": found.advances,
        "claims_pages": _pages(request, "claims", found.claims),
        "advances_pages": _pages(request, "advances", found.advances)})


def _pages(request, name, page):
    """The previous and next links of one list of the inbox, the other parameters (search, the other list's page)
    kept."""
    param = inbox.PAGE_PARAMS[name]

    def url(number):
        params = request.GET.copy()
        params[param] = number
        return "?" + params.urlencode()

    return {"previous_url": url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": url(page.next_page_number()) if page.has_next() else ""}


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
