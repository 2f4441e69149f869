"""List specs of e-Expense, shared by the pages and the API (COM-UI-4)."""
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecrm.common.listing import Column, Filter, ListSpec, status_filter
from ecrm.common.models import User
from ecrm.expense.models import AdvanceStatus, ClaimStatus, PaymentMethod, Project


def _project_choices(user):
    return [(p.pk, str(p)) for p in Project.objects.order_by("code").only("pk", "code", "name")]


def _claim_url(claim):
    return reverse("expense:claim-detail", args=[claim.pk])


def _claim_number(claim):
    return claim.number or _("(draft)")


def _claim_columns() -> list[Column]:
    """A claim's title, project, total, status and submission time: the columns every claim list shows."""
    return [
        Column("title", _("Title")),
        Column("project", _("Project"), value=lambda c: c.project.code if c.project_id else "",
               order_by="project__code"),
        Column("total", _("Total"), numeric=True),
        Column("status", _("Status"), value="get_status_display"),
        Column("submitted_at", _("Submitted at")),
    ]


class ClaimSpec(ListSpec):
    """我的报销 / My claims."""

    csv_name = "claims"
    default_sort = ("-created_at", "-pk")
    columns = [
        Column("number", _("Claim number"), value=_claim_number, link=_claim_url),
        *_claim_columns(),
        Column("created_at", _("Created on")),
    ]
    filters = [
        Filter("status", _("Status"), lambda user: ClaimStatus.choices, lambda qs, v: qs.filter(status=v)),
        Filter("project", _("Project"), _project_choices, lambda qs, v: qs.filter(project_id=v)),
    ]
    search_fields = ("number", "title")


def _employee_choices(user):
    return [(u.pk, str(u)) for u in User.objects.filter(is_active=True).order_by("username")]


class SettlementSpec(ListSpec):
    """结款 / Settlement: the claims finance may pay now."""

    csv_name = "settlement"
    default_sort = ("submitted_at", "pk")
    columns = [
        Column("number", _("Claim number"), link=_claim_url),
        Column("employee", _("Employee"), value=lambda c: str(c.employee),
               order_by=("employee__display_name", "employee__username")),
        *_claim_columns(),
    ]
    filters = [
        Filter("employee", _("Employee"), _employee_choices, lambda qs, v: qs.filter(employee_id=v)),
    ]

    def search(self, queryset, q):
        if not q:
            return queryset
        return queryset.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(employee__display_name__icontains=q)
                               | Q(employee__username__icontains=q))


class PaymentSpec(ListSpec):
    csv_name = "payments"
    default_sort = ("-created_at", "-pk")
    columns = [
        Column("number", _("Payment number")),
        Column("claim", _("Claim number"), value="claim.number", order_by="claim__number",
               link=lambda p: reverse("expense:claim-detail", args=[p.claim_id])),
        Column("employee", _("Employee"), value=lambda p: str(p.claim.employee),
               order_by=("claim__employee__display_name", "claim__employee__username")),
        Column("method", _("Payment method"), value="get_method_display"),
        Column("claim_total", _("Claim total"), numeric=True),
        Column("offset_total", _("Advance offsets"), numeric=True),
        Column("amount", _("Amount paid"), numeric=True),
        Column("paid_on", _("Payment date")),
        Column("paid_by", _("Paid by"), value=lambda p: str(p.paid_by), order_by="paid_by__username"),
    ]
    filters = [
        Filter("method", _("Payment method"), lambda user: PaymentMethod.choices, lambda qs, v: qs.filter(method=v)),
    ]
    search_fields = ("number", "claim__number", "claim__employee__display_name")


def _advance_url(advance):
    return reverse("expense:advance-detail", args=[advance.pk])


class AdvanceSpec(ListSpec):
    """我的借支 / My advances, with the outstanding balance."""

    csv_name = "advances"
    default_sort = ("-created_at", "-pk")
    columns = [
        Column("number", _("Advance number"), value=lambda a: a.number or _("(draft)"), link=_advance_url),
        Column("purpose", _("Purpose")),
        Column("project", _("Project"), value=lambda a: a.project.code if a.project_id else "",
               order_by="project__code"),
        Column("amount", _("Amount"), numeric=True),
        Column("outstanding", _("Outstanding"), value="outstanding", numeric=True,
               order_by="balance"),
        Column("expected_repayment", _("Expected repayment")),
        Column("status", _("Status"), value="get_status_display"),
    ]
    filters = [
        Filter("status", _("Status"), lambda user: AdvanceStatus.choices, lambda qs, v: qs.filter(status=v)),
    ]
    search_fields = ("number", "purpose")

    def apply(self, queryset, params, sort_param="sort", search_param="q"):
        queryset = queryset.annotate(balance=F("amount") - F("settled_amount"))
        return super().apply(queryset, params, sort_param, search_param)


def _manager_choices(user):
    return [(u.pk, str(u)) for u in User.objects.filter(managed_projects__isnull=False).distinct()
            .order_by("username")]


class ProjectSpec(ListSpec):
    """项目 / Projects: budget, spend and utilisation (EXP-PRJ-1)."""

    csv_name = "projects"
    default_sort = "code"
    columns = [
        Column("code", _("Project code"), link=lambda p: reverse("expense:project-detail", args=[p.pk])),
        Column("name", _("Project name")),
        Column("budget", _("Budget"), numeric=True),
        Column("spend", _("Spend"), value="spend", numeric=True, order_by="spend_total"),
        Column("utilisation", _("Utilisation %"), value=lambda p: f"{p.utilisation} %", numeric=True,
               order_by="spend_total"),
        Column("manager", _("Project manager"), value=lambda p: str(p.manager), order_by="manager__username"),
        Column("active", _("Active")),
        Column("allow_overspend", _("Allow overspend")),
    ]
    filters = [
        Filter("manager", _("Project manager"), _manager_choices, lambda qs, v: qs.filter(manager_id=v)),
        status_filter("active", True, "inactive", _("Inactive")),
    ]
    search_fields = ("code", "name")


class EmployeeTypeSpec(ListSpec):
    """员工类型 / Employee types."""

    csv_name = "employee-types"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), link=lambda t: reverse("expense:employee-type-edit", args=[t.pk])),
        Column("users", _("Employees"), value="user_count", order_by="user_count", numeric=True),
        Column("limits", _("Limits set"), value="limit_count", order_by="limit_count", numeric=True),
    ]
    search_fields = ("name",)

    def apply(self, queryset, params, sort_param="sort", search_param="q"):
        queryset = queryset.annotate(user_count=Count("users", distinct=True),
                                     limit_count=Count("limits", distinct=True))
        return super().apply(queryset, params, sort_param, search_param)


class CategorySpec(ListSpec):
    csv_name = "expense-categories"
    default_sort = ("order", "pk")
    columns = [
        Column("name", _("Name (Chinese)"), link=lambda c: reverse("expense:category-edit", args=[c.pk])),
        Column("name_en", _("Name (English)")),
        Column("code", _("Code")),
        Column("order", _("Order"), numeric=True),
        Column("active", _("Active")),
    ]
    search_fields = ("name", "name_en", "code")
