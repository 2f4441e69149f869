"""e-Service API (``/api/v1/``): installed products."""
from __future__ import annotations

import copy

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from ecrm.common.api_tools import full_clean_or_400
from ecrm.sales.models import Customer
from ecrm.service.models import (
    SERVICE_STAFF,
    InstalledProduct,
)


class InstalledProductSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    product_name = serializers.CharField(source="product.label", read_only=True)
    warranty_end = serializers.DateField(read_only=True)
    in_warranty = serializers.BooleanField(source="in_warranty_today", read_only=True)

    class Meta:
        model = InstalledProduct
        fields = ["id", "customer", "customer_name", "product", "product_name", "serial_number", "purchase_date",
                  "warranty_months", "warranty_end", "in_warranty", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # the serial rule is checked in clean(), naming the customer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.active()

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else InstalledProduct()
        full_clean_or_400(instance, values=attrs)
        attrs["serial_number"] = instance.serial_number
        return attrs


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("customer", int),
                                                   OpenApiParameter("product", int)]))
class InstalledProductViewSet(viewsets.ModelViewSet):
    """Installed products per customer (SVC-CUS-1/2)."""

    serializer_class = InstalledProductSerializer
    allowed_roles = SERVICE_STAFF

    def get_queryset(self):
        qs = InstalledProduct.objects.visible_to(self.request.user).select_related("customer", "product")
        for name in ("customer", "product"):
            value = self.request.query_params.get(name, "")
            if value:
                qs = qs.filter(**{f"{name}_id": value}) if value.isdigit() else qs.none()
        return qs.order_by("pk")

    def destroy(self, request, *args, **kwargs):
        unit = self.get_object()
        if unit.rmas.exists():
            return Response({"detail": _("The unit has RMAs and cannot be deleted")}, status=status.HTTP_409_CONFLICT)
        unit.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
