"""e-Service API (``/api/v1/``): alerts."""
from __future__ import annotations

import copy

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ecrm.common.api_tools import SpecFilterMixin, full_clean_or_400
from ecrm.service import services
from ecrm.service.lists import AlertRuleSpec, AlertSpec
from ecrm.service.models import (
    MANAGERS,
    SERVICE_STAFF,
    Alert,
    AlertRule,
)


class AlertRuleSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    recipient = serializers.CharField(source="recipient_display", read_only=True)

    class Meta:
        model = AlertRule
        fields = ["id", "name", "kind", "kind_display", "threshold", "window_hours", "priority", "recipient_role",
                  "recipient_user", "recipient", "active", "created_at"]
        read_only_fields = ["created_at"]

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else AlertRule()
        full_clean_or_400(instance, values=attrs)
        return attrs


class AlertRuleViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Alert rules (SVC-ALR-1): the service manager and the admin."""

    serializer_class = AlertRuleSerializer
    spec_class = AlertRuleSpec
    allowed_roles = MANAGERS
    queryset = AlertRule.objects.select_related("recipient_user")

    @extend_schema(request=None, responses=inline_serializer("Evaluated", {"created": serializers.IntegerField()}))
    @action(detail=False, methods=["post"])
    def evaluate(self, request):
        """Evaluate every active rule now (SVC-ALR-2); answers how many new alerts were made."""
        return Response({"created": services.evaluate_alerts()})


class AlertSerializer(serializers.ModelSerializer):
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    kind = serializers.CharField(source="rule.kind", read_only=True)
    acknowledged = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = ["id", "rule", "rule_name", "kind", "object_key", "fault", "rma", "product", "message",
                  "created_at", "acknowledged", "acknowledged_at", "acknowledged_by"]

    def get_acknowledged(self, obj) -> bool:
        return obj.acknowledged_at is not None


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("rule", int)]))
class AlertViewSet(SpecFilterMixin, viewsets.ReadOnlyModelViewSet):
    """The user's alerts (by recipient role or user; the admin sees all)."""

    serializer_class = AlertSerializer
    spec_class = AlertSpec
    allowed_roles = SERVICE_STAFF

    def get_queryset(self):
        qs = Alert.objects.for_user(self.request.user).select_related("rule")
        rule = self.request.query_params.get("rule", "")
        if rule:
            qs = qs.filter(rule_id=rule) if rule.isdigit() else qs.none()
        return qs

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        alert = self.get_object()
        alert.acknowledge(request.user)
        return Response(self.get_serializer(alert).data)
