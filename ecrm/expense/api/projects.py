"""e-Expense API (``/api/v1/``): projects."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from ecrm.common import audit
from ecrm.common.api_tools import ModelCleanSerializer, SpecFilterMixin
from ecrm.expense.api.base import ALL_ROLES, FINANCE_ROLES, money_field
from ecrm.expense.lists import ProjectSpec
from ecrm.expense.models import (
    Project,
)


class ProjectSerializer(ModelCleanSerializer):
    manager_name = serializers.CharField(source="manager.__str__", read_only=True)
    spend = money_field(read_only=True)
    utilisation = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)

    cleaned_fields = ("code", "name")

    class Meta:
        model = Project
        fields = ["id", "code", "name", "budget", "manager", "manager_name", "active", "allow_overspend", "spend",
                  "utilisation"]

    def create(self, validated_data):
        project = super().create(validated_data)
        audit.record(project, self.context["request"].user, "create", new=str(project))
        return project

    def update(self, instance, validated_data):
        fields = ["code", "name", "budget", "manager", "active", "allow_overspend"]
        before = audit.snapshot(instance, fields)
        project = super().update(instance, validated_data)
        audit.record_changes(project, self.context["request"].user, before, fields)
        return project


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", str, description="'' (active, default), 'inactive' or 'all'"),
    OpenApiParameter("manager", int), OpenApiParameter("search", str), OpenApiParameter("ordering", str)]))
class ProjectViewSet(SpecFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Projects with budget, spend and utilisation (EXP-PRJ-1). Everyone reads; admin and finance edit."""

    serializer_class = ProjectSerializer
    spec_class = ProjectSpec
    allowed_roles = FINANCE_ROLES
    read_only_roles = ALL_ROLES

    def get_queryset(self):
        return Project.objects.with_spend().select_related("manager")
