"""EXP-RPT-1: spending by employee, category, project or month, from the lines of approved and paid claims.

The same function feeds the page, its CSV export and the API, so the numbers always agree; the total is the sum of
the rows, and (with no line-level filter) equals the sum of the matching claims' totals.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from ecrm.common.forms import EcrmForm, date_field
from ecrm.common.models import User
from ecrm.expense.models import SPEND_STATUSES, Category, ClaimLine, Project

GROUPS = [
    ("employee", _("Employee")),
    ("category", _("Category")),
    ("project", _("Project")),
    ("month", _("Month")),
]
STATUS_SCOPES = [
    ("approved", _("Approved and paid")),
    ("paid", _("Paid only")),
]


class ReportForm(EcrmForm):
    group = forms.ChoiceField(label=_("Group by"), choices=GROUPS, required=False)
    scope = forms.ChoiceField(label=_("Claims"), choices=STATUS_SCOPES, required=False)
    date_from = date_field(_("From date"))
    date_to = date_field(_("To date"))
    employee = forms.ModelChoiceField(label=_("Employee"), required=False, queryset=User.objects.none())
    project = forms.ModelChoiceField(label=_("Project"), required=False, queryset=Project.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["employee"].label_from_instance = str
        self.fields["employee"].empty_label = _("All")
        self.fields["project"].queryset = Project.objects.order_by("code")
        self.fields["project"].label_from_instance = str
        self.fields["project"].empty_label = _("All")
        self.fields["category"].queryset = Category.objects.all()
        self.fields["category"].label_from_instance = lambda c: c.label
        self.fields["category"].empty_label = _("All")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date cannot be before the start date"))
        return data


@dataclass
class ReportResult:
    group: str
    group_label: str
    rows: list = field(default_factory=list)
    total: Decimal = Decimal("0.00")
    lines: int = 0
    claims: int = 0


KEYS = {"employee": "claim__employee", "category": "category", "project": "claim__project", "month": "month"}


def run(form):
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    group = data.get("group") or "employee"
    scope = data.get("scope") or "approved"
    result = ReportResult(group=group, group_label=str(dict(GROUPS)[group]))
    if form.is_bound and form.errors:
        return result
    qs = ClaimLine.objects.filter(claim__status__in=("paid",) if scope == "paid" else SPEND_STATUSES)
    if data.get("date_from"):
        qs = qs.filter(date__gte=data["date_from"])
    if data.get("date_to"):
        qs = qs.filter(date__lte=data["date_to"])
    for name, lookup in (("employee", "claim__employee"), ("project", "claim__project"), ("category", "category")):
        if data.get(name):
            qs = qs.filter(**{lookup: data[name]})
    if group == "month":
        qs = qs.annotate(month=TruncMonth("date"))
    key = KEYS[group]
    grouped = (qs.order_by().values(key).annotate(amount=Sum("amount"), lines=Count("pk"),
                                                   claims=Count("claim", distinct=True)))
    labels = _labels(group, [row[key] for row in grouped])
    rows = []
    for row in grouped:
        rows.append({"key": row[key], "label": labels.get(row[key], ""), "amount": row["amount"] or Decimal("0"),
                     "lines": row["lines"], "claims": row["claims"]})
    if group == "month":
        rows.sort(key=lambda r: r["key"])
    else:
        rows.sort(key=lambda r: (-r["amount"], r["label"]))
    result.rows = rows
    result.total = sum((r["amount"] for r in rows), Decimal("0.00"))
    result.lines = sum(r["lines"] for r in rows)
    result.claims = qs.values("claim").distinct().count()
    return result


def _labels(group, keys):
    if group == "employee":
        return {u.pk: str(u) for u in User.objects.filter(pk__in=keys)}
    if group == "category":
        return {c.pk: c.label for c in Category.objects.filter(pk__in=keys)}
    if group == "project":
        labels = {p.pk: str(p) for p in Project.objects.filter(pk__in=[k for k in keys if k])}
        labels[None] = str(_("No project"))
        return labels
    return {k: k.strftime("%Y-%m") if k else "" for k in keys}
