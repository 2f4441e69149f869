"""Sales analysis report pages (SAL-RPT): chart + table + CSV export of the same numbers."""
import csv
import io

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ecrm.common import clock
from ecrm.common.listing import ListSpec
from ecrm.common.models import SALES_ROLES
from ecrm.common.permissions import role_required
from ecrm.sales.charts import bar_chart
from ecrm.sales.reports import REPORT_TITLES, REPORTS, build_report


def report_csv(report):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _key, label, _num in report.columns])
    for row in [*report.table_rows(), report.total_row()]:
        writer.writerow([ListSpec._csv_cell(cell) for cell in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sales-{report.key}-{clock.today().strftime("%Y%m%d")}.csv"')
    return response


@role_required(*SALES_ROLES)
def reports_home(request):
    links = [(reverse("sales:report", args=[key]), title) for key, title in REPORT_TITLES.items()]
    return render(request, "sales/reports_home.html", {"links": links})


@role_required(*SALES_ROLES)
def report_page(request, kind):
    if kind not in REPORTS:
        raise Http404
    params = request.GET.copy()
    params.pop("export", None)
    form, report = build_report(request.user, kind, params)
    if report is not None and not (params.get("start") and params.get("end")):
        # Show the effective (default) period in the filter.
        params["start"], params["end"] = form.cleaned_data["start"].isoformat(), form.cleaned_data["end"].isoformat()
        form, report = build_report(request.user, kind, params)
    if report is not None and request.GET.get("export") == "csv":
        return report_csv(report)
    chart = None
    if report is not None:
        chart = bar_chart(f"chart-{kind}", report.chart_caption, report.bars(), report.chart_description())
    export_params = request.GET.copy()
    export_params["export"] = "csv"
    return render(request, "sales/report.html", {
        "kind": kind,
        "title": REPORT_TITLES[kind],
        "form": form,
        "report": report,
        "chart": chart,
        "export_url": "?" + export_params.urlencode(),
        "reports": [(key, reverse("sales:report", args=[key]), title) for key, title in REPORT_TITLES.items()],
    })
