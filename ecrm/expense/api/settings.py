"""e-Expense API (``/api/v1/``): settings."""
import copy

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common import audit
from ecrm.common.api_tools import ModelCleanSerializer, full_clean_or_400
from ecrm.expense.api.base import ALL_ROLES, FINANCE_ROLES, run
from ecrm.expense.models import (
    MONEY,
    Category,
    CategoryLimit,
    EmployeeType,
    ExpenseSettings,
)


class CategorySerializer(ModelCleanSerializer):
    label = serializers.CharField(read_only=True)

    cleaned_fields = ("code", "name", "name_en")

    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]


class CategoryViewSet(viewsets.ModelViewSet):
    """Expense categories (EXP-SYS-2): everyone reads; admin and finance edit. Categories are deactivated, not
    deleted, once lines use them."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = None
    allowed_roles = FINANCE_ROLES
    read_only_roles = ALL_ROLES

    def destroy(self, request, *args, **kwargs):
        category = self.get_object()
        if category.lines.exists():
            return Response({"detail": _("Category “%(name)s” is used by claim lines; deactivate it instead") % {
                "name": category.label}}, status=status.HTTP_409_CONFLICT)
        category.limits.all().delete()
        category.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmployeeTypeSerializer(serializers.ModelSerializer):
    limits = serializers.DictField(child=serializers.DecimalField(**MONEY, min_value=0, allow_null=True),
                                   required=False, write_only=True, help_text="{category code: limit or null}")
    in_use = serializers.BooleanField(read_only=True)

    class Meta:
        model = EmployeeType
        fields = ["id", "name", "limits", "in_use"]
        # The model checks the name (characters, case-insensitive uniqueness) with clearer messages.
        extra_kwargs = {"name": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["limits"] = {row.category.code: f"{row.limit:.2f}" for row in instance.limits.all()}
        return data

    def validate_limits(self, value):
        codes = set(Category.objects.values_list("code", flat=True))
        unknown = sorted(set(value) - codes)
        if unknown:
            raise serializers.ValidationError(_("Unknown categories: %(codes)s") % {"codes": ", ".join(unknown)})
        for code, limit in value.items():
            if limit is not None and limit <= 0:
                raise serializers.ValidationError(_("The limit for %(code)s must be greater than 0") % {"code": code})
        return value

    def validate(self, attrs):
        if "name" in attrs:
            instance = copy.copy(self.instance) if self.instance else EmployeeType()
            instance.name = attrs["name"]
            full_clean_or_400(instance)
            attrs["name"] = instance.name
        return attrs

    def _save_limits(self, employee_type, limits):
        categories = {c.code: c for c in Category.objects.all()}
        for code, limit in (limits or {}).items():
            if limit is None:
                CategoryLimit.objects.filter(employee_type=employee_type, category=categories[code]).delete()
            else:
                CategoryLimit.objects.update_or_create(employee_type=employee_type, category=categories[code],
                                                       defaults={"limit": limit})

    def create(self, validated_data):
        limits = validated_data.pop("limits", None)
        with transaction.atomic():
            employee_type = EmployeeType.objects.create(**validated_data)
            self._save_limits(employee_type, limits)
            audit.record(employee_type, self.context["request"].user, "create", new=employee_type.name)
        return employee_type

    def update(self, instance, validated_data):
        limits = validated_data.pop("limits", None)
        with transaction.atomic():
            old = instance.name
            instance = super().update(instance, validated_data)
            self._save_limits(instance, limits)
            if old != instance.name:
                audit.record(instance, self.context["request"].user, "update", field="name", old=old,
                             new=instance.name)
        return instance


class EmployeeTypeViewSet(viewsets.ModelViewSet):
    """员工类型 (EXP-SYS-1/2) with their per-category limits. A type in use cannot be deleted (409)."""

    serializer_class = EmployeeTypeSerializer
    allowed_roles = FINANCE_ROLES
    read_only_roles = ALL_ROLES
    pagination_class = None

    def get_queryset(self):
        return EmployeeType.objects.with_use().prefetch_related("limits__category").order_by("name")

    def destroy(self, request, *args, **kwargs):
        run(self.get_object().delete)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExpenseSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpenseSettings
        fields = ["receipt_threshold", "approval_threshold"]


class ExpenseSettingsView(APIView):
    """The receipt and approval thresholds (EXP-SYS-2): everyone reads, admin and finance change them."""

    allowed_roles = FINANCE_ROLES
    read_only_roles = ALL_ROLES

    @extend_schema(responses=ExpenseSettingsSerializer)
    def get(self, request):
        return Response(ExpenseSettingsSerializer(ExpenseSettings.load()).data)

    @extend_schema(request=ExpenseSettingsSerializer, responses=ExpenseSettingsSerializer)
    def patch(self, request):
        row = ExpenseSettings.load()
        before = audit.snapshot(row, ExpenseSettingsSerializer.Meta.fields)
        serializer = ExpenseSettingsSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        for key, value in serializer.validated_data.items():
            setattr(row, key, value)
        full_clean_or_400(row)
        row.save()
        audit.record_changes(row, request.user, before, ExpenseSettingsSerializer.Meta.fields)
        return Response(ExpenseSettingsSerializer(row).data)
