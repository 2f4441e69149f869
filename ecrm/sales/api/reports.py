"""e-Sales API: review and reports."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common.models import SALES_ROLES, Role
from ecrm.common.schema import VALIDATION
from ecrm.sales.reports import REPORTS, ReviewFilterForm, activity_review, build_report


def _form_errors(form):
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


class ActivityReviewView(APIView):
    """SAL-REV-1: per rep, planned / done / overdue / completion rate for a week or month
    (``?period=week|month&date=YYYY-MM-DD&rep=<id>``).  Managers and the administrator only."""

    allowed_roles = (Role.ADMIN, Role.MANAGER)

    @extend_schema(parameters=[OpenApiParameter("period", str), OpenApiParameter("date", str),
                               OpenApiParameter("rep", int)], responses={200: OpenApiTypes.OBJECT, 400: VALIDATION})
    def get(self, request):
        form = ReviewFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        reps = [data["rep"]] if data.get("rep") else list(form.fields["rep"].queryset)
        rows, totals = activity_review(request.user, data["first"], data["last"], reps)
        return Response({
            "period": data["period"], "start": data["first"].isoformat(), "end": data["last"].isoformat(),
            "rows": [{"rep": r["rep_id"], "rep_name": str(r["rep"]), "planned": r["planned"], "done": r["done"],
                      "overdue": r["overdue"], "rate": None if r["rate"] is None else str(r["rate"])} for r in rows],
            "totals": {**totals, "rate": None if totals["rate"] is None else str(totals["rate"])},
        })


class SalesReportView(APIView):
    """SAL-RPT-1..4: ``pipeline``, ``forecast``, ``win-rate``, ``pyramid`` (``?start=&end=&rep=``);
    a rep sees own numbers, a manager the team's, the administrator all."""

    allowed_roles = SALES_ROLES

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                               OpenApiParameter("rep", int)], responses={200: OpenApiTypes.OBJECT, 400: VALIDATION})
    def get(self, request, kind):

        if kind not in REPORTS:
            raise NotFound
        form, report = build_report(request.user, kind, request.query_params)
        if report is None:
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        body = report.as_json()
        body["start"] = form.cleaned_data["start"].isoformat()
        body["end"] = form.cleaned_data["end"].isoformat()
        return Response(body)
