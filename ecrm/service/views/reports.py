"""e-Service pages: reports."""
from __future__ import annotations

import csv
import datetime
import io

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecrm.common import clock
from ecrm.common.forms import EcrmForm, date_field
from ecrm.common.permissions import role_required
from ecrm.service.models import (
    MANAGERS,
    Product,
)
from ecrm.service.reports import bar_chart, csv_rows, service_report


class ReportFilterForm(EcrmForm):
    date_from = date_field(gettext_lazy("Period from"))
    date_to = date_field(gettext_lazy("Period to"))
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
