"""e-Sales API: opportunities (SAL-OPP)."""
import copy
from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ecrm.common import audit
from ecrm.common.api_tools import SpecFilterMixin, full_clean_or_400
from ecrm.common.models import SALES_ROLES, Role
from ecrm.sales import services
from ecrm.sales.api.customers import _LIST_PARAMS
from ecrm.sales.lists import OpportunitySpec
from ecrm.sales.models import (
    Customer,
    Opportunity,
    Stage,
)
from ecrm.sales.queries import opportunity_queryset


class StageHistorySerializer(serializers.Serializer):
    from_stage = serializers.CharField(source="from_stage_id", allow_null=True)
    to_stage = serializers.CharField(source="to_stage_id")
    probability = serializers.IntegerField()
    changed_by = serializers.CharField(source="changed_by.__str__", default=None)
    changed_at = serializers.DateTimeField()


class OpportunitySerializer(serializers.ModelSerializer):
    stage = serializers.SlugRelatedField(slug_field="code", queryset=Stage.objects.all(), required=False)
    stage_display = serializers.CharField(source="stage.label", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    weighted_amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    expected_close = serializers.DateField(required=True)

    class Meta:
        model = Opportunity
        fields = ["id", "customer", "customer_name", "name", "amount", "stage", "stage_display", "probability",
                  "weighted_amount", "is_open", "owner", "owner_name", "expected_close", "competitor", "lost_reason",
                  "closed_on", "created_at", "updated_at"]
        read_only_fields = ["owner", "closed_on", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.editable_by(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "customer" in self.fields:
            self.fields["customer"].read_only = True

    def validate(self, attrs):
        user = self.context["request"].user
        instance = copy.copy(self.instance) if self.instance else Opportunity()
        if self.instance is not None:
            instance._original = dict(self.instance._original)
        for key, value in attrs.items():
            setattr(instance, key, value)
        if instance.owner_id is None:
            customer = attrs.get("customer")
            instance.owner = user if user.role == Role.REP or customer is None else customer.owner
        instance.check_stage_change(user)  # SAL-OPP-4 (403)
        full_clean_or_400(instance)
        attrs["owner"] = instance.owner
        attrs.update({k: getattr(instance, k) for k in ("probability", "lost_reason", "name")})
        return attrs

    def create(self, validated_data):
        return services.save_opportunity(Opportunity(**validated_data), self.context["request"].user)

    def update(self, instance, validated_data):
        before = audit.snapshot(instance, Opportunity.AUDITED_FIELDS)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.save_opportunity(instance, self.context["request"].user, before)


class BoardColumnSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)
    active = serializers.BooleanField()


@extend_schema_view(list=extend_schema(parameters=_LIST_PARAMS + [
    OpenApiParameter("stage", str), OpenApiParameter("owner", int),
    OpenApiParameter("status", str, description="'open' or 'closed' (won or lost)")]))
class OpportunityViewSet(SpecFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Opportunities (SAL-OPP).  ``PATCH {"stage"}`` moves it (default probability, history, audit); lost needs
    ``lost_reason``; only a manager reopens a won or lost one (403)."""

    serializer_class = OpportunitySerializer
    spec_class = OpportunitySpec
    allowed_roles = SALES_ROLES

    def get_queryset(self):

        qs = opportunity_queryset(self.request.user)
        if self.action not in ("list", "retrieve", "history", "board"):
            qs = qs.filter(customer__in=Customer.objects.editable_by(self.request.user))
        return qs.order_by("-created_at", "-pk")

    @extend_schema(responses=StageHistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """SAL-OPP-5: the stage history, oldest first."""
        opp = self.get_object()
        rows = opp.stage_history.select_related("changed_by")
        return Response(StageHistorySerializer(rows, many=True).data)

    @extend_schema(responses=BoardColumnSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def board(self, request):
        """SAL-OPP-6: count and amount per stage of the visible opportunities."""

        columns = {s.code: {"stage": s.code, "label": s.label, "count": 0, "amount": Decimal("0.00"),
                            "active": s.active} for s in Stage.objects.all()}
        for stage_id, amount in Opportunity.objects.visible_to(request.user).values_list("stage_id", "amount"):
            columns[stage_id]["count"] += 1
            columns[stage_id]["amount"] += amount
        return Response([{**c, "amount": str(c["amount"])} for c in columns.values() if c["active"] or c["count"]])
