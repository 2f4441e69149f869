"""Service reports (SVC-RPT): tickets by status, product and category; MTTR; SLA compliance; RMA turnaround;
CSAT and NPS per month. One function computes every figure for the page, the CSV export and the API.

Definitions (docs/modules/service.md):
- the period is ``date_from``..``date_to`` inclusive, local dates (Asia/Shanghai);
- tickets by status/product/category count the tickets *created* in the period;
- MTTR (hours) = mean of resolved_at − created_at over tickets *resolved* in the period, 1 decimal, half-up;
- SLA compliance % = tickets resolved in the period whose response and resolution were both on time, ÷ tickets
  resolved in the period, 1 decimal, half-up;
- RMA turnaround (days) = mean of shipped_at − received_at over RMAs *shipped* in the period, 1 decimal;
- CSAT and NPS per calendar month of the answer (SurveyQuerySet.scores), and for the whole period.
"""
from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ecrm.service.models import FaultCategory, FaultRecord, FaultStatus, Product, Rma, Survey, percent


def _bounds(date_from, date_to):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min), tz)
    end = timezone.make_aware(datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min), tz)
    return start, end


def _mean(values, places="0.1"):
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def service_report(date_from: datetime.date, date_to: datetime.date, product: Product | None = None) -> dict:
    start, end = _bounds(date_from, date_to)
    faults = FaultRecord.objects.all()
    rmas = Rma.objects.all()
    surveys = Survey.objects.all()
    if product is not None:
        faults = faults.filter(product=product)
        rmas = rmas.filter(installed_product__product=product)
        surveys = surveys.filter(fault__product=product)

    created = list(faults.filter(created_at__gte=start, created_at__lt=end).values_list(
        "status", "product_id", "category_id"))
    by_status = [{"key": value, "label": str(label), "count": sum(1 for s, _p, _c in created if s == value)}
                 for value, label in FaultStatus.choices]
    products = {p.pk: p.label for p in Product.objects.all()}
    categories = {c.pk: c.label for c in FaultCategory.objects.all()}
    by_product = [{"key": pk, "label": products.get(pk, "?"), "count": sum(1 for _s, p, _c in created if p == pk)}
                  for pk in sorted({p for _s, p, _c in created}, key=lambda k: products.get(k, ""))]
    by_category = [{"key": pk, "label": categories.get(pk, "?"),
                    "count": sum(1 for _s, _p, c in created if c == pk)}
                   for pk in sorted({c for _s, _p, c in created}, key=lambda k: categories.get(k, ""))]

    resolved = list(faults.filter(resolved_at__gte=start, resolved_at__lt=end).values_list(
        "created_at", "resolved_at", "responded_at", "response_due", "resolution_due"))
    hours = [(r - c).total_seconds() / 3600 for c, r, _x, _y, _z in resolved]
    compliant = sum(1 for _c, r, resp, rdue, sdue in resolved if resp is not None and resp <= rdue and r <= sdue)

    shipped = list(rmas.filter(shipped_at__gte=start, shipped_at__lt=end, received_at__isnull=False)
                   .values_list("received_at", "shipped_at"))
    turnaround = [(s - r).total_seconds() / 86400 for r, s in shipped]

    answered = surveys.filter(answered_at__gte=start, answered_at__lt=end)
    months = []
    for stamp in answered.values_list("answered_at", flat=True):
        month = timezone.localtime(stamp).strftime("%Y-%m")
        if month not in months:
            months.append(month)
    per_month = []
    for month in sorted(months):
        year, mon = int(month[:4]), int(month[5:])
        m_start = max(start, _bounds(datetime.date(year, mon, 1), datetime.date(year, mon, 1))[0])
        nxt = datetime.date(year + mon // 12, mon % 12 + 1, 1)
        m_end = min(end, _bounds(nxt, nxt)[0])
        per_month.append({"month": month, **answered.filter(answered_at__gte=m_start, answered_at__lt=m_end)
                         .scores()})

    return {
        "date_from": date_from,
        "date_to": date_to,
        "product": product,
        "tickets": len(created),
        "by_status": by_status,
        "by_product": by_product,
        "by_category": by_category,
        "resolved": len(resolved),
        "mttr_hours": _mean(hours),
        "sla_compliant": compliant,
        "sla_compliance": percent(compliant, len(resolved), places=1),
        "rma_shipped": len(shipped),
        "rma_turnaround_days": _mean(turnaround),
        "surveys_by_month": per_month,
        "surveys_total": answered.scores(),
    }


def csv_rows(report: dict) -> list[list[str]]:
    """The report as rows of (report, item, value) for the CSV export."""
    def text(value):
        return "" if value is None else str(value)

    rows = [[_("Report"), _("Item"), _("Value")]]
    rows += [[_("Tickets by status"), r["label"], str(r["count"])] for r in report["by_status"]]
    rows += [[_("Tickets by product"), r["label"], str(r["count"])] for r in report["by_product"]]
    rows += [[_("Tickets by category"), r["label"], str(r["count"])] for r in report["by_category"]]
    rows += [
        [_("Mean time to resolve"), _("Resolved tickets"), str(report["resolved"])],
        [_("Mean time to resolve"), _("Hours"), text(report["mttr_hours"])],
        [_("SLA compliance"), _("Resolved within SLA"), str(report["sla_compliant"])],
        [_("SLA compliance"), "%", text(report["sla_compliance"])],
        [_("RMA turnaround"), _("Shipped RMAs"), str(report["rma_shipped"])],
        [_("RMA turnaround"), _("Days"), text(report["rma_turnaround_days"])],
    ]
    for row in report["surveys_by_month"] + [{"month": _("Total"), **report["surveys_total"]}]:
        rows += [
            [_("Surveys"), f"{row['month']} {_('Responses')}", str(row["responses"])],
            [_("Surveys"), f"{row['month']} CSAT %", text(row["csat"])],
            [_("Surveys"), f"{row['month']} NPS", text(row["nps"])],
        ]
    return rows


def bar_chart(title: str, rows: list[dict], label_key="label", value_key="count"):
    """An inline SVG bar chart (role="img", the numbers in its aria-label); the page shows the same numbers
    in a table next to it."""
    values = [(str(r[label_key]), r[value_key] or 0) for r in rows]
    summary = "; ".join(f"{label} {value}" for label, value in values) or _("No data")
    biggest = max([float(v) for _l, v in values] + [1])
    bar_h, gap, label_w, width = 22, 8, 150, 480
    height = max(len(values), 1) * (bar_h + gap) + gap
    parts = [f'<svg class="chart" role="img" aria-label="{escape(title)}: {escape(summary)}" '
             f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" focusable="false">']
    for index, (label, value) in enumerate(values):
        y = gap + index * (bar_h + gap)
        w = (width - label_w - 50) * float(value) / biggest
        short = label if len(label) <= 14 else label[:13] + "…"
        parts.append(f'<text x="0" y="{y + 15}" class="chart-label">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" class="chart-bar"></rect>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" class="chart-value">{escape(str(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label and value is escaped
