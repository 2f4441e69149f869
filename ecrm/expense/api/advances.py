"""e-Expense API (``/api/v1/``): advances."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ecrm.common.api_tools import SpecFilterMixin, primed_list
from ecrm.expense import services
from ecrm.expense.api.base import ALL_ROLES, FINANCE_ROLES, DecisionActions, money_field, run
from ecrm.expense.lists import AdvanceSpec
from ecrm.expense.models import (
    ADVANCE_ROUTING,
    Advance,
    Project,
)


class AdvanceSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.__str__", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outstanding = money_field(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    next_approvers = serializers.ListField(child=serializers.CharField(), read_only=True,
                                           help_text="usernames who may approve or reject the advance now (sorted)")
    amount = money_field()

    class Meta:
        model = Advance
        list_serializer_class = primed_list(ADVANCE_ROUTING)
        fields = ["id", "number", "employee", "employee_name", "purpose", "amount", "project", "expected_repayment",
                  "status", "status_display", "outstanding", "settled_amount", "is_overdue", "approver",
                  "next_approvers", "comment", "disbursed_on", "created_at", "updated_at"]
        read_only_fields = ["number", "employee", "status", "settled_amount", "approver", "comment", "disbursed_on",
                            "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "project" in self.fields:
            self.fields["project"].queryset = Project.objects.all()

    FIELDS = ("purpose", "amount", "project", "expected_repayment")

    def create(self, validated_data):
        return run(services.create_advance, self.context["request"].user,
                   **{k: validated_data.get(k) for k in self.FIELDS})

    def update(self, instance, validated_data):
        return run(services.update_advance, instance, self.context["request"].user,
                   **{k: v for k, v in validated_data.items() if k in self.FIELDS})


class RepaySerializer(serializers.Serializer):
    amount = money_field()


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("mine", bool, description="only my own advances"), OpenApiParameter("status", str)]))
class AdvanceViewSet(DecisionActions, SpecFilterMixin, viewsets.ModelViewSet):
    """Cash advances (EXP-ADV): draft → submitted → approved → disbursed → settled."""

    serializer_class = AdvanceSerializer
    spec_class = AdvanceSpec
    allowed_roles = ALL_ROLES
    decision_services = ("approve_advance", "reject_advance")

    def get_queryset(self):
        qs = Advance.objects.visible_to(self.request.user).select_related("employee", "project", "approver")
        if self.action == "list" and self.request.query_params.get("mine") in ("1", "true", "yes"):
            qs = qs.filter(employee=self.request.user)
        return qs

    def perform_destroy(self, instance):
        run(services.delete_advance, instance, self.request.user)

    def _answer(self, advance):
        return Response(AdvanceSerializer(Advance.objects.get(pk=advance.pk)).data)

    def decision_response(self, record, warnings=()):
        return self._answer(record)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(run(services.submit_advance, self.get_object(), request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(run(services.withdraw_advance, self.get_object(), request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        return self._answer(run(services.disburse_advance, self.get_object(), request.user))

    @extend_schema(request=RepaySerializer)
    @action(detail=True, methods=["post"])
    def repay(self, request, pk=None):
        if request.user.role not in FINANCE_ROLES:
            raise PermissionDenied(_("Only finance can record a repayment"))
        serializer = RepaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(run(services.repay_advance, self.get_object(), request.user,
                                serializer.validated_data["amount"]))
