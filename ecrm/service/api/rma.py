"""e-Service API (``/api/v1/``): RMA."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ecrm.common.api_tools import RelatedCharField, SpecFilterMixin, full_clean_or_400
from ecrm.sales.models import Customer
from ecrm.service import services
from ecrm.service.api.base import _raise_drf
from ecrm.service.lists import RmaSpec
from ecrm.service.models import (
    RMA_ACTIONS,
    SERVICE_STAFF,
    Rma,
)


class RmaSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    product_name = serializers.CharField(source="installed_product.product.label", read_only=True)
    serial_number = serializers.CharField(source="installed_product.serial_number", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    fault_number = RelatedCharField(source="fault.number", read_only=True, default="")
    turnaround_days = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = Rma
        fields = ["id", "number", "customer", "customer_name", "installed_product", "product_name", "serial_number",
                  "fault", "fault_number", "reason", "status", "status_display", "in_warranty", "quoted_price",
                  "tracking_number", "rejection_reason", "created_at", "approved_at", "received_at", "processed_at",
                  "shipped_at", "closed_at", "turnaround_days"]
        read_only_fields = ["number", "status", "in_warranty", "quoted_price", "tracking_number", "rejection_reason",
                            "created_at", "approved_at", "received_at", "processed_at", "shipped_at", "closed_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.active()

    def validate(self, attrs):
        if self.instance is not None:
            raise ValidationError({"detail": [_("RMAs are changed through their workflow actions")]})
        instance = Rma()
        full_clean_or_400(instance, values=attrs)
        return attrs

    def create(self, validated_data):
        return services.create_rma(Rma(**validated_data), self.context["request"].user)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("fault", int)]))
class RmaViewSet(SpecFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                 viewsets.GenericViewSet):
    """RMAs (SVC-RMA): processed by every service role."""

    serializer_class = RmaSerializer
    spec_class = RmaSpec
    allowed_roles = SERVICE_STAFF

    def get_queryset(self):
        qs = Rma.objects.visible_to(self.request.user).select_related("customer", "installed_product__product",
                                                                      "fault")
        fault = self.request.query_params.get("fault", "")
        if fault:
            qs = qs.filter(fault_id=fault) if fault.isdigit() else qs.none()
        return qs

    @extend_schema(request=inline_serializer("RmaTransition", {
        "action": serializers.ChoiceField(choices=list(RMA_ACTIONS)),
        "tracking_number": serializers.CharField(required=False),
        "quoted_price": serializers.CharField(required=False),
        "reason": serializers.CharField(required=False)}), responses=RmaSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """approve, reject (``reason``), receive, repair (``quoted_price`` when out of warranty), replace,
        ship (``tracking_number``), close — one step at a time."""
        rma = self.get_object()
        name = request.data.get("action")
        if name not in RMA_ACTIONS:
            raise ValidationError({"action": [_("Unknown action")]})
        data = {}
        for key in ("tracking_number", "quoted_price", "reason"):
            value = request.data.get(key)
            if value is not None and not isinstance(value, str | int | float):
                raise ValidationError({key: [_("Enter a valid value")]})
            if value is not None:
                data[key] = str(value)
        try:
            rma = services.transition_rma(rma, name, request.user, **data)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(self.get_serializer(rma).data)
