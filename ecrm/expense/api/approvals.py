"""e-Expense API: approvals, payments, reports."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from ecrm.common.api_auth import Pagination
from ecrm.common.api_tools import SpecFilterMixin, record_id_field
from ecrm.common.schema import VALIDATION
from ecrm.expense import inbox, reports, services
from ecrm.expense.api.advances import AdvanceSerializer
from ecrm.expense.api.base import ALL_ROLES, FINANCE_ROLES, money_field
from ecrm.expense.api.claims import ClaimSerializer, PaymentSerializer
from ecrm.expense.lists import PaymentSpec
from ecrm.expense.models import (
    Payment,
)


class BulkApproveSerializer(serializers.Serializer):
    claims = serializers.ListField(child=record_id_field(), required=False)
    advances = serializers.ListField(child=record_id_field(), required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


def _inbox_list(name, serializer):
    return inline_serializer(f"Inbox{name.title()}", {
        "count": serializers.IntegerField(), "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True), "results": serializer(many=True)})


class ApprovalInboxView(APIView):
    """EXP-APR-1: what waits for the current user, oldest first; COM-UI-4: searched and paginated, 20 claims and 20
    advances a page, each list on its own page parameter (``ecrm.expense.inbox``)."""

    allowed_roles = ALL_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter("search", OpenApiTypes.STR, description="number, employee, title or purpose contains"),
            OpenApiParameter(inbox.PAGE_PARAMS["claims"], OpenApiTypes.INT, description="the claims' page"),
            OpenApiParameter(inbox.PAGE_PARAMS["advances"], OpenApiTypes.INT, description="the advances' page"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="rows a page, 1 to 100 (20)"),
        ],
        responses=inline_serializer("Inbox", {"claims": _inbox_list("claims", ClaimSerializer),
                                              "advances": _inbox_list("advances", AdvanceSerializer)}))
    def get(self, request):
        claims = inbox.claims_awaiting(request.user).select_related("approver")\
            .prefetch_related("lines__category", "lines__receipt")
        found = inbox.inbox_page(request.user, request.query_params, claims=claims,
                                 size=Pagination().get_page_size(request))
        return Response({"claims": self._listed(request, "claims", found.claims, ClaimSerializer),
                         "advances": self._listed(request, "advances", found.advances, AdvanceSerializer)})

    @staticmethod
    def _listed(request, name, page, serializer):
        param = inbox.PAGE_PARAMS[name]

        def link(number):
            return replace_query_param(request.build_absolute_uri(), param, number)

        return {"count": page.paginator.count,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
                "results": serializer(page.object_list, many=True).data}


class BulkApproveView(APIView):
    """EXP-APR-4: approve every selected claim and advance; the answer says which failed and why."""

    allowed_roles = ALL_ROLES

    @extend_schema(request=BulkApproveSerializer, responses=inline_serializer(
        "BulkResult", {"approved": serializers.ListField(child=serializers.CharField()),
                       "failed": serializers.ListField(child=serializers.DictField())}))
    def post(self, request):
        serializer = BulkApproveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user
        items, missing = services.bulk_items(user, {"claim": data.get("claims", []),
                                                    "advance": data.get("advances", [])})
        if not items and not missing:
            raise DrfValidationError({"non_field_errors": [_("Select at least one item to approve")]})
        done, refused = services.bulk_approve(user, items, data.get("comment", ""))
        approved = [{"kind": kind, "id": obj.pk, "item": obj.number or str(obj)} for kind, obj in done]
        failed = [{"kind": kind, "id": obj.pk, "item": obj.number or str(obj), "reason": reason}
                  for kind, obj, reason in refused]
        failed += [{"kind": kind, "id": pk, "item": str(pk), "reason": _("not found")} for kind, pk in missing]
        return Response({"approved": approved, "failed": failed})


class PaymentViewSet(SpecFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Payments (EXP-PAY-2): finance and the administrator."""

    serializer_class = PaymentSerializer
    spec_class = PaymentSpec
    allowed_roles = FINANCE_ROLES

    def get_queryset(self):
        return Payment.objects.select_related("claim__employee", "paid_by").prefetch_related("offsets__advance")


class ReportRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="the employee, category or project id, or the month")
    label = serializers.CharField()
    claims = serializers.IntegerField()
    lines = serializers.IntegerField()
    amount = money_field()


class ReportSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=reports.GROUPS)
    rows = ReportRowSerializer(many=True)
    total = money_field()
    claims = serializers.IntegerField()
    lines = serializers.IntegerField()


class ReportView(APIView):
    """EXP-RPT-1: ``?group=employee|category|project|month&scope=approved|paid&date_from&date_to&employee&project
    &category``."""

    allowed_roles = FINANCE_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, enum=[key for key, _label in reports.GROUPS]),
            OpenApiParameter("scope", str, enum=[key for key, _label in reports.STATUS_SCOPES]),
            OpenApiParameter("date_from", OpenApiTypes.DATE), OpenApiParameter("date_to", OpenApiTypes.DATE),
            OpenApiParameter("employee", int), OpenApiParameter("project", int), OpenApiParameter("category", int),
        ],
        responses={200: ReportSerializer, 400: VALIDATION},
    )
    def get(self, request):
        form = reports.ReportForm(request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise DrfValidationError(form.errors)
        result = reports.run(form)
        return Response({
            "group": result.group,
            "rows": [{"key": str(r["key"]) if r["key"] is not None else None, "label": r["label"],
                      "claims": r["claims"], "lines": r["lines"], "amount": f"{r['amount']:.2f}"}
                     for r in result.rows],
            "total": f"{result.total:.2f}", "claims": result.claims, "lines": result.lines,
        })
