"""Sales analysis reports (SAL-RPT-1..5) and the activity review (SAL-REV-1).

Every report is computed here once and rendered by the page (chart + table), the CSV export and the API, so the
three always show the same numbers.  Totals are the sums of the rows (the win-rate total is the overall rate).
"""
from __future__ import annotations

import calendar
import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecrm.common import clock
from ecrm.common.forms import EcrmForm, date_field
from ecrm.common.listing import display_text
from ecrm.common.models import Role, User
from ecrm.sales.models import (
    LOST,
    WON,
    Activity,
    ActivityStatus,
    Customer,
    Level,
    Opportunity,
    Stage,
    weighted,
)

MAX_MONTHS = 36
ZERO = Decimal("0.00")
ONE_DECIMAL = Decimal("0.1")


def percent(part, whole):
    """part / whole as a percentage rounded half-up to one decimal, or None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent_text(value):
    return "—" if value is None else f"{value}%"


def report_owners(user):
    """The reps (and managers) whose numbers ``user`` may see: a rep only self, a manager the team and self,
    the administrator every rep and manager."""
    qs = User.objects.filter(role__in=[Role.REP, Role.MANAGER])
    if user.role == Role.ADMIN:
        return qs.order_by("username")
    if user.role == Role.MANAGER:
        return qs.filter(Q(line_manager=user) | Q(pk=user.pk)).order_by("username")
    return qs.filter(pk=user.pk)


def month_start(day):
    return day.replace(day=1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _rep_field():
    """The "Sales rep" filter of the reports and the review; ``__init__`` sets the reps ``user`` may see."""
    return forms.ModelChoiceField(label=gettext_lazy("Sales rep"), queryset=User.objects.none(), required=False,
                                  empty_label=gettext_lazy("All"))


class ReportFilterForm(EcrmForm):
    """SAL-RPT-5: every report filters by period and rep."""

    start = date_field(gettext_lazy("Start date"))
    end = date_field(gettext_lazy("End date"))
    rep = _rep_field()

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["rep"].queryset = report_owners(user)
        self.fields["rep"].label_from_instance = str
        if user.role == Role.REP:
            self.fields["rep"].empty_label = None

    def clean(self):
        data = super().clean()
        today = clock.today()
        start = data.get("start") or (month_start(today).replace(month=1) if "start" not in self.errors else None)
        end = data.get("end") or (today.replace(month=12, day=31) if "end" not in self.errors else None)
        if start and end:
            if start > end:
                self.add_error("end", _("The end date cannot be before the start date"))
            elif (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
                self.add_error("end", _("The period can be at most %(months)s months") % {"months": MAX_MONTHS})
        data["start"], data["end"] = start, end
        return data

    def owners(self):
        rep = self.cleaned_data.get("rep")
        return [rep] if rep else list(report_owners(self.user))


@dataclass
class Report:
    key: str
    title: str
    caption: str
    columns: list  # [(key, label, numeric)]
    rows: list = field(default_factory=list)  # [{key: value}]
    totals: dict = field(default_factory=dict)
    chart_caption: str = ""
    chart_value: str = ""  # the row key the chart plots
    chart_label: str = ""  # the row key of the bar labels
    notes: list = field(default_factory=list)  # [(test id, text)]
    extra_tables: list = field(default_factory=list)  # [(caption, columns, rows)]

    def table_rows(self):
        return [[self.cell(row, key) for key, _label, _num in self.columns] for row in self.rows]

    def total_row(self):
        return [self.cell(self.totals, key) for key, _label, _num in self.columns]

    def _cells(self, texts):
        return [{"label": label, "text": text, "numeric": numeric}
                for (_key, label, numeric), text in zip(self.columns, texts, strict=True)]

    def display_rows(self):
        return [self._cells(row) for row in self.table_rows()]

    def display_total(self):
        return self._cells(self.total_row())

    def cell(self, row, key):
        value = row.get(key)
        if key.endswith("rate") or key.endswith("share"):
            return percent_text(value)
        return display_text(value)

    def bars(self):
        bars = []
        for row in self.rows:
            value = row.get(self.chart_value) or 0
            bars.append((str(row.get(self.chart_label)), value, self.cell(row, self.chart_value)))
        return bars

    def chart_description(self):
        label = dict((k, str(lbl)) for k, lbl, _n in self.columns)[self.chart_value]
        parts = [f"{text_label}: {text}" for text_label, _v, text in self.bars()]
        return f"{self.chart_caption}. {label}: " + ("; ".join(parts) if parts else _("No data"))

    def as_json(self):
        def plain(row):
            return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}

        return {
            "report": self.key,
            "title": self.title,
            "columns": [{"key": k, "label": str(lbl)} for k, lbl, _n in self.columns],
            "rows": [plain(r) for r in self.rows],
            "totals": plain(self.totals),
            **({"notes": {k: v for k, v in self.json_notes.items()}} if hasattr(self, "json_notes") else {}),
        }


def _opportunities(user, owners):
    return Opportunity.objects.visible_to(user).filter(owner__in=owners)


def pipeline(user, start, end, owners):
    """SAL-RPT-1: opportunities whose expected close falls in the period, by stage: count, amount, weighted."""
    rows_by_stage = defaultdict(lambda: {"count": 0, "amount": ZERO, "weighted": ZERO})
    qs = _opportunities(user, owners).filter(expected_close__gte=start, expected_close__lte=end)
    for stage_id, amount, probability in qs.values_list("stage_id", "amount", "probability").iterator():
        row = rows_by_stage[stage_id]
        row["count"] += 1
        row["amount"] += amount
        row["weighted"] += weighted(amount, probability or 0)
    rows = []
    for stage in Stage.objects.all():
        if not stage.active and stage.code not in rows_by_stage:
            continue
        data = rows_by_stage.get(stage.code, {"count": 0, "amount": ZERO, "weighted": ZERO})
        rows.append({"stage": stage.code, "label": stage.label, **data})
    totals = {"label": _("Total"), "count": sum(r["count"] for r in rows),
              "amount": sum((r["amount"] for r in rows), ZERO), "weighted": sum((r["weighted"] for r in rows), ZERO)}
    return Report(
        key="pipeline", title=_("Pipeline by stage"), caption=_("Pipeline by stage"),
        columns=[("label", _("Stage"), False), ("count", _("Count"), True), ("amount", _("Amount"), True),
                 ("weighted", _("Weighted amount"), True)],
        rows=rows, totals=totals, chart_caption=_("Amount by stage"), chart_value="amount", chart_label="label",
    )


def _months(start, end):
    day = month_start(start)
    while day <= end:
        yield day
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def forecast(user, start, end, owners):
    """SAL-RPT-2: open opportunities by month of expected close: the sum of their weighted amounts."""
    buckets = defaultdict(lambda: {"count": 0, "amount": ZERO, "weighted": ZERO})
    qs = _opportunities(user, owners).open().filter(expected_close__gte=start, expected_close__lte=end)
    for close, amount, probability in qs.values_list("expected_close", "amount", "probability").iterator():
        row = buckets[(close.year, close.month)]
        row["count"] += 1
        row["amount"] += amount
        row["weighted"] += weighted(amount, probability or 0)
    rows = []
    for month in _months(start, end):
        data = buckets.get((month.year, month.month), {"count": 0, "amount": ZERO, "weighted": ZERO})
        rows.append({"month": month.strftime("%Y-%m"), **data})
    totals = {"month": _("Total"), "count": sum(r["count"] for r in rows),
              "amount": sum((r["amount"] for r in rows), ZERO), "weighted": sum((r["weighted"] for r in rows), ZERO)}
    return Report(
        key="forecast", title=_("Forecast by month"), caption=_("Forecast by month of expected close"),
        columns=[("month", _("Month"), False), ("count", _("Open opportunities"), True),
                 ("amount", _("Amount"), True), ("weighted", _("Weighted amount"), True)],
        rows=rows, totals=totals, chart_caption=_("Weighted amount by month"), chart_value="weighted",
        chart_label="month",
    )


def win_rate(user, start, end, owners):
    """SAL-RPT-3: per rep, won ÷ (won + lost) of the opportunities closed in the period."""
    counts = defaultdict(lambda: {"won": 0, "lost": 0, "won_amount": ZERO})
    qs = _opportunities(user, owners).filter(stage_id__in=(WON, LOST), closed_on__gte=start, closed_on__lte=end)
    for owner_id, stage_id, amount in qs.values_list("owner_id", "stage_id", "amount").iterator():
        row = counts[owner_id]
        row[stage_id] += 1
        if stage_id == WON:
            row["won_amount"] += amount
    rows = []
    for owner in owners:
        data = counts.get(owner.pk, {"won": 0, "lost": 0, "won_amount": ZERO})
        rows.append({"rep": str(owner), "rep_id": owner.pk, **data,
                     "rate": percent(data["won"], data["won"] + data["lost"])})
    won = sum(r["won"] for r in rows)
    lost = sum(r["lost"] for r in rows)
    totals = {"rep": _("Total"), "won": won, "lost": lost,
              "won_amount": sum((r["won_amount"] for r in rows), ZERO), "rate": percent(won, won + lost)}
    return Report(
        key="win-rate", title=_("Win rate by rep"), caption=_("Win rate by rep"),
        columns=[("rep", _("Sales rep"), False), ("won", _("Won"), True), ("lost", _("Lost"), True),
                 ("won_amount", _("Won amount"), True), ("rate", _("Win rate"), True)],
        rows=rows, totals=totals, chart_caption=_("Win rate by rep"), chart_value="rate", chart_label="rep",
    )


def pyramid(user, start, end, owners):
    """SAL-RPT-4: active customers per level, and the share of the won amount (opportunities won in the period)
    held by the top 20 % of customers: rank the customers with a won amount by it (largest first), take the
    first ceil(20 % × their number), divide their won amount by the total."""
    customers = Customer.objects.visible_to(user).active().filter(owner__in=owners)
    per_level = defaultdict(int)
    for level in customers.values_list("level", flat=True).iterator():
        per_level[level] += 1
    won_by_customer = defaultdict(lambda: ZERO)
    names = {}
    won_qs = _opportunities(user, owners).won().filter(closed_on__gte=start, closed_on__lte=end)
    for customer_id, customer_name, amount in won_qs.values_list("customer_id", "customer__name", "amount"):
        won_by_customer[customer_id] += amount
        names[customer_id] = customer_name
    level_of = dict(Customer.objects.filter(pk__in=list(won_by_customer)).values_list("pk", "level"))
    won_per_level = defaultdict(lambda: ZERO)
    for customer_id, amount in won_by_customer.items():
        won_per_level[level_of.get(customer_id)] += amount
    total_customers = sum(per_level.values())
    rows = []
    for code, label in Level.choices:
        rows.append({"level": code, "label": str(label), "customers": per_level.get(code, 0),
                     "share": percent(per_level.get(code, 0), total_customers),
                     "won_amount": won_per_level.get(code, ZERO)})
    total_won = sum(won_by_customer.values(), ZERO)
    ranked = sorted(won_by_customer.items(), key=lambda item: (-item[1], names[item[0]], item[0]))
    top_n = math.ceil(len(ranked) * 0.2) if ranked else 0
    top = ranked[:top_n]
    top_amount = sum((amount for _id, amount in top), ZERO)
    top_share = percent(top_amount, total_won)
    totals = {"label": _("Total"), "customers": total_customers, "share": percent(total_customers, total_customers),
              "won_amount": sum((r["won_amount"] for r in rows), ZERO)}
    report = Report(
        key="pyramid", title=_("Customer pyramid"), caption=_("Customers per level"),
        columns=[("label", _("Level"), False), ("customers", _("Customers"), True),
                 ("share", _("Share of customers"), True), ("won_amount", _("Won amount"), True)],
        rows=rows, totals=totals, chart_caption=_("Customers per level"), chart_value="customers",
        chart_label="label",
    )
    summary = _(
        "The top 20 %% of customers (%(top)s of %(count)s with a won amount) hold %(share)s of the won amount "
        "(%(top_amount)s of %(total)s)."
    ) % {"top": top_n, "count": len(ranked), "share": percent_text(top_share), "top_amount": display_text(top_amount),
         "total": display_text(total_won)}
    report.notes = [("top-share", summary)]
    report.json_notes = {"top_customers": top_n, "customers_with_won_amount": len(ranked),
                         "top_amount": str(top_amount), "total_won_amount": str(total_won),
                         "top_share": None if top_share is None else str(top_share)}
    report.extra_tables = [(
        _("Top customers by won amount"),
        [("rank", _("Rank")), ("customer", _("Customer")), ("won_amount", _("Won amount"))],
        [[str(i), names[cid], display_text(amount)] for i, (cid, amount) in enumerate(top, start=1)],
    )]
    return report


REPORTS = {
    "pipeline": pipeline,
    "forecast": forecast,
    "win-rate": win_rate,
    "pyramid": pyramid,
}
REPORT_TITLES = {
    "pipeline": gettext_lazy("Pipeline by stage"),
    "forecast": gettext_lazy("Forecast by month"),
    "win-rate": gettext_lazy("Win rate by rep"),
    "pyramid": gettext_lazy("Customer pyramid"),
}


# --------------------------------------------------------------------------- activity review (SAL-REV-1)
class ReviewFilterForm(EcrmForm):
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False,
                               choices=[("week", gettext_lazy("Week")), ("month", gettext_lazy("Month"))])
    date = date_field(gettext_lazy("Date"))
    rep = _rep_field()

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["rep"].queryset = review_reps(user)
        self.fields["rep"].label_from_instance = str

    def clean(self):
        data = super().clean()
        data["period"] = data.get("period") or "week"
        day = data.get("date") or (clock.today() if "date" not in self.errors else None)
        data["date"] = day
        if day:
            if data["period"] == "month":
                data["first"], data["last"] = month_start(day), month_end(day)
            else:
                data["first"] = day - datetime.timedelta(days=day.weekday())
                data["last"] = data["first"] + datetime.timedelta(days=6)
        return data


def review_reps(user):
    """A manager reviews the team (the users whose line manager they are); the administrator every rep and
    manager."""
    qs = User.objects.filter(role__in=[Role.REP, Role.MANAGER], is_active=True)
    if user.role == Role.ADMIN:
        return qs.order_by("username")
    return qs.filter(line_manager=user).order_by("username")


def activity_review(user, first, last, reps):
    """Per rep, the activities scheduled in [first, last]: planned (all of them), done, overdue (planned and past
    their time) and completion rate = done ÷ planned."""
    now = clock.now()
    counts = defaultdict(lambda: {"planned": 0, "done": 0, "overdue": 0})
    qs = Activity.objects.visible_to(user).filter(owner__in=reps).between(first, last)
    for owner_id, status, scheduled in qs.values_list("owner_id", "status", "scheduled_at").iterator():
        row = counts[owner_id]
        row["planned"] += 1
        if status == ActivityStatus.DONE:
            row["done"] += 1
        elif status == ActivityStatus.PLANNED and scheduled < now:
            row["overdue"] += 1
    rows = []
    for rep in reps:
        data = counts.get(rep.pk, {"planned": 0, "done": 0, "overdue": 0})
        rows.append({"rep": rep, "rep_id": rep.pk, **data, "rate": percent(data["done"], data["planned"])})
    planned = sum(r["planned"] for r in rows)
    done = sum(r["done"] for r in rows)
    totals = {"planned": planned, "done": done, "overdue": sum(r["overdue"] for r in rows),
              "rate": percent(done, planned)}
    return rows, totals


def build_report(user, kind, params):
    """(form, report or None) for ``kind`` with the filter ``params`` (a QueryDict or dict)."""
    form = ReportFilterForm(params, user=user)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        report = REPORTS[kind](user, data["start"], data["end"], form.owners())
    return form, report
