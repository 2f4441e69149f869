"""e-Service API (``/api/v1/``): settings tables."""
from __future__ import annotations

import copy

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common.api_tools import ModelCleanSerializer, full_clean_or_400
from ecrm.service.models import (
    MANAGERS,
    SERVICE_STAFF,
    FaultCategory,
    Priority,
    Product,
    ServiceSettings,
    SlaPolicy,
)


class SettingRowSerializer(ModelCleanSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]


class ServiceProductSerializer(SettingRowSerializer):
    class Meta(SettingRowSerializer.Meta):
        model = Product


class FaultCategorySerializer(SettingRowSerializer):
    class Meta(SettingRowSerializer.Meta):
        model = FaultCategory


class ProductViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Products (SVC-SYS-1): service staff read, the service manager and the admin write."""

    queryset = Product.objects.all()
    serializer_class = ServiceProductSerializer
    pagination_class = None
    allowed_roles = MANAGERS
    read_only_roles = SERVICE_STAFF


class FaultCategoryViewSet(ProductViewSet):
    """Fault categories (SVC-SYS-1)."""

    queryset = FaultCategory.objects.all()
    serializer_class = FaultCategorySerializer


class SlaPolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = SlaPolicy
        fields = ["priority", "response_hours", "resolution_hours"]
        read_only_fields = ["priority"]

    def validate(self, attrs):
        instance = copy.copy(self.instance)
        full_clean_or_400(instance, values=attrs)
        return attrs


class SlaViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                 viewsets.GenericViewSet):
    """The SLA per priority (SVC-FLT-2), looked up by priority: ``sla-policies/P1/``."""

    serializer_class = SlaPolicySerializer
    pagination_class = None
    lookup_field = "priority"
    allowed_roles = MANAGERS
    read_only_roles = SERVICE_STAFF

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user, no writes
            return SlaPolicy.objects.none()
        present = set(SlaPolicy.objects.values_list("priority", flat=True))
        for priority in Priority:
            if priority.value not in present:
                response, resolution = SlaPolicy.hours_for(priority.value)
                SlaPolicy.objects.get_or_create(priority=priority.value, defaults={
                    "response_hours": response, "resolution_hours": resolution})
        return SlaPolicy.objects.all()


class ServiceSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceSettings
        fields = ["surveys_enabled"]


class ServiceSettingsView(APIView):
    """``GET/PUT/PATCH service-settings/``: whether closing a ticket sends a survey (SVC-SYS-1)."""

    allowed_roles = MANAGERS
    read_only_roles = SERVICE_STAFF

    @extend_schema(responses=ServiceSettingsSerializer)
    def get(self, request):
        return Response(ServiceSettingsSerializer(ServiceSettings.get()).data)

    @extend_schema(request=ServiceSettingsSerializer, responses=ServiceSettingsSerializer)
    def put(self, request):
        serializer = ServiceSettingsSerializer(ServiceSettings.get(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)

    patch = put
