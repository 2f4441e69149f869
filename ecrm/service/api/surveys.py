"""e-Service API (``/api/v1/``): surveys."""
from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ecrm.common.api_tools import SpecFilterMixin
from ecrm.service.lists import SurveySpec
from ecrm.service.models import (
    MANAGERS,
    Survey,
)


class SurveySerializer(serializers.ModelSerializer):
    fault_number = serializers.CharField(source="fault.number", read_only=True)
    customer_name = serializers.CharField(source="fault.customer.name", read_only=True)
    answered = serializers.BooleanField(source="is_answered", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Survey
        fields = ["id", "fault", "fault_number", "customer_name", "token", "url", "created_at", "answered",
                  "answered_at", "satisfaction", "recommend", "comment"]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(reverse("survey", args=[obj.token]))


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("fault", int)]))
class SurveyViewSet(SpecFilterMixin, viewsets.ReadOnlyModelViewSet):
    """Surveys (SVC-SUR): the service manager and the admin."""

    serializer_class = SurveySerializer
    spec_class = SurveySpec
    allowed_roles = MANAGERS

    def get_queryset(self):
        qs = Survey.objects.select_related("fault__customer", "fault__product")
        fault = self.request.query_params.get("fault", "")
        if fault:
            qs = qs.filter(fault_id=fault) if fault.isdigit() else qs.none()
        return qs
