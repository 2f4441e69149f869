"""e-Expense API (``/api/v1/``): the same rules and permissions as the pages (COM-API-1).

State changes are actions on the records (``POST claims/<id>/submit/`` ...). A refused change answers 400 with
``{"field": [...]}`` or ``{"detail": ...}``; 403 when the user may not do it (own claim, not the approver); 409 when
the record is in the wrong state (already paid, not editable).
"""
import copy
import re

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from ecrm.common import audit
from ecrm.common.api_tools import RelatedCharField, SpecFilterMixin, full_clean_or_400, record_id_field
from ecrm.common.models import Role, User
from ecrm.common.schema import VALIDATION
from ecrm.expense import reports, services
from ecrm.expense.lists import AdvanceSpec, ClaimSpec, PaymentSpec, ProjectSpec
from ecrm.expense.models import (
    MONEY,
    Advance,
    Category,
    CategoryLimit,
    Claim,
    ClaimLine,
    EmployeeType,
    ExpenseProfile,
    ExpenseSettings,
    Payment,
    PaymentMethod,
    Project,
    approver_choices,
)

ALL_ROLES = tuple(Role.values)
FINANCE_ROLES = (Role.ADMIN, Role.FINANCE)

STATUS_BY_CODE = {
    "not_owner": 403, "own_claim": 403, "own_advance": 403, "not_approver": 403, "not_finance": 403,
    "bad_state": 409, "already_paid": 409, "not_editable": 409, "numbered": 409, "protected": 409,
}


class ServiceRefused(APIException):
    status_code = 400
    default_detail = "refused"

    def __init__(self, detail, status_code):
        super().__init__(detail)
        self.status_code = status_code


def _code_of(exc):
    code = getattr(exc, "code", None)
    if code:
        return code
    for error in getattr(exc, "error_list", []):
        if getattr(error, "code", None):
            return error.code
    return None


def run(func, *args, **kwargs):
    """Call a service; turn its ValidationError into the right API answer."""
    try:
        return func(*args, **kwargs)
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = exc.message_dict
            if "__all__" in errors:
                errors["non_field_errors"] = errors.pop("__all__")
            raise DrfValidationError(errors) from None
        status_code = STATUS_BY_CODE.get(_code_of(exc), 400)
        if status_code == 400:
            raise DrfValidationError({"non_field_errors": exc.messages}) from None
        raise ServiceRefused(" ".join(exc.messages), status_code) from None


def money_field(**kwargs):
    return serializers.DecimalField(coerce_to_string=True, **MONEY, **kwargs)


# --------------------------------------------------------------------------- settings
class CategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Category
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else Category()
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        attrs.update({k: getattr(instance, k) for k in ("code", "name", "name_en") if k in attrs})
        return attrs


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
        data["limits"] = {row.category.code: f"{row.limit:.2f}" for row in instance.limits.select_related("category")}
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
        return EmployeeType.objects.prefetch_related("limits__category").order_by("name")

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


# --------------------------------------------------------------------------- projects
class ProjectSerializer(serializers.ModelSerializer):
    manager_name = serializers.CharField(source="manager.__str__", read_only=True)
    spend = money_field(read_only=True)
    utilisation = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True)

    class Meta:
        model = Project
        fields = ["id", "code", "name", "budget", "manager", "manager_name", "active", "allow_overspend", "spend",
                  "utilisation"]

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else Project()
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        attrs.update({k: getattr(instance, k) for k in ("code", "name") if k in attrs})
        return attrs

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


# --------------------------------------------------------------------------- claims
class ClaimLineSerializer(serializers.ModelSerializer):
    category_name = serializers.CharField(source="category.label", read_only=True)
    amount = money_field()
    has_receipt = serializers.BooleanField(read_only=True)
    receipt = serializers.FileField(write_only=True, required=False, allow_null=True)
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = ClaimLine
        fields = ["id", "claim", "date", "category", "category_name", "amount", "description", "has_receipt",
                  "receipt", "receipt_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "claim" in self.fields:
            # Schema generation builds the serializer for an anonymous request: no claim is the user's then.
            user = request.user if request.user.is_authenticated else None
            self.fields["claim"].queryset = Claim.objects.filter(employee=user)
        if "category" in self.fields:
            self.fields["category"].queryset = Category.objects.all()

    def get_receipt_url(self, line) -> str:
        if not line.has_receipt:
            return ""
        return f"/expense/claims/{line.claim_id}/lines/{line.pk}/receipt/"

    def create(self, validated_data):
        user = self.context["request"].user
        return run(services.add_line, validated_data["claim"], user, date=validated_data["date"],
                   category=validated_data["category"], amount=validated_data["amount"],
                   description=validated_data["description"], receipt_file=validated_data.get("receipt"))


class PaymentSerializer(serializers.ModelSerializer):
    claim_number = serializers.CharField(source="claim.number", read_only=True)
    employee_name = serializers.CharField(source="claim.employee.__str__", read_only=True)
    method_display = serializers.CharField(source="get_method_display", read_only=True)
    paid_by_name = serializers.CharField(source="paid_by.__str__", read_only=True)
    offsets = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = ["id", "number", "claim", "claim_number", "employee_name", "method", "method_display", "paid_on",
                  "claim_total", "offset_total", "amount", "bank_account", "paid_by", "paid_by_name", "offsets",
                  "created_at"]

    def get_offsets(self, payment) -> list:
        return [{"advance": o.advance_id, "advance_number": o.advance.number, "amount": f"{o.amount:.2f}"}
                for o in payment.offsets.all()]


class NewLineSerializer(serializers.Serializer):
    date = serializers.DateField()
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    amount = money_field()
    description = serializers.CharField(max_length=200)


class ClaimSerializer(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.__str__", read_only=True)
    project_code = RelatedCharField(source="project.code", read_only=True, default="")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    approver_name = serializers.SerializerMethodField()
    pending_step = serializers.CharField(read_only=True, allow_null=True)
    next_approvers = serializers.ListField(child=serializers.CharField(), read_only=True,
                                           help_text="usernames who may act on the pending step now (sorted)")
    total = money_field(read_only=True)
    lines = ClaimLineSerializer(many=True, read_only=True)
    new_lines = NewLineSerializer(many=True, write_only=True, required=False,
                                  help_text="Lines to add on create (lines that need a receipt go to claim-lines/)")
    payment = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = ["id", "number", "employee", "employee_name", "title", "project", "project_code", "status",
                  "status_display", "total", "approver", "approver_name", "needs_admin", "pending_step",
                  "next_approvers", "comment", "submitted_at", "created_at", "updated_at", "lines", "new_lines",
                  "payment"]
        read_only_fields = ["number", "employee", "status", "approver", "needs_admin", "comment", "submitted_at",
                            "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "project" in self.fields:
            self.fields["project"].queryset = Project.objects.all()

    def get_approver_name(self, claim) -> str:
        return str(claim.approver) if claim.approver_id else ""

    def get_payment(self, claim) -> dict | None:
        payment = getattr(claim, "payment", None) if claim.status == "paid" else None
        return PaymentSerializer(payment).data if payment else None

    def create(self, validated_data):
        user = self.context["request"].user
        lines = validated_data.pop("new_lines", [])
        with transaction.atomic():
            claim = run(services.create_claim, user, validated_data["title"], validated_data.get("project"))
            errors = []
            for index, line in enumerate(lines):
                try:
                    services.add_line(claim, user, **line)
                except DjangoValidationError as exc:
                    errors.append({"line": index + 1, **exc.message_dict} if hasattr(exc, "error_dict") else
                                  {"line": index + 1, "non_field_errors": exc.messages})
            if errors:
                raise DrfValidationError({"new_lines": errors})
        claim.refresh_from_db()
        return claim

    def update(self, instance, validated_data):
        user = self.context["request"].user
        return run(services.update_claim, instance, user, validated_data.get("title", instance.title),
                   validated_data.get("project", instance.project))


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class OffsetSerializer(serializers.Serializer):
    advance = record_id_field()
    amount = money_field(min_value=0)


class PaySerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    paid_on = serializers.DateField(required=False)
    offsets = OffsetSerializer(many=True, required=False)


def _claim_response(view, claim, warnings=()):
    claim = view.get_queryset().get(pk=claim.pk)
    data = ClaimSerializer(claim, context=view.get_serializer_context()).data
    data["warnings"] = [str(w) for w in warnings]
    return Response(data)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("mine", bool, description="only my own claims"),
    OpenApiParameter("status", str), OpenApiParameter("project", int), OpenApiParameter("search", str),
    OpenApiParameter("ordering", str)]))
class ClaimViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Expense claims (EXP-CLM): own claims, the claims one approves, a manager's team's; finance and the
    administrator see every claim. Only the employee edits, and only draft or rejected claims."""

    serializer_class = ClaimSerializer
    spec_class = ClaimSpec
    allowed_roles = ALL_ROLES
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]

    def get_queryset(self):
        qs = Claim.objects.visible_to(self.request.user).select_related(
            "employee", "project", "approver", "payment__paid_by", "payment__claim__employee").prefetch_related(
            "lines__category", "lines__receipt", "payment__offsets__advance")
        if self.action == "list" and self.request.query_params.get("mine") in ("1", "true", "yes"):
            qs = qs.filter(employee=self.request.user)
        return qs

    def perform_destroy(self, instance):
        run(services.delete_claim, instance, self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        outcome = run(services.submit_claim, self.get_object(), request.user)
        return _claim_response(self, outcome.obj, outcome.warnings)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        claim = run(services.withdraw_claim, self.get_object(), request.user)
        return _claim_response(self, claim)

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = run(services.approve_claim, self.get_object(), request.user,
                      serializer.validated_data.get("comment", ""))
        return _claim_response(self, outcome.obj, outcome.warnings)

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = run(services.reject_claim, self.get_object(), request.user,
                    serializer.validated_data.get("comment", ""))
        return _claim_response(self, claim)

    @extend_schema(request=PaySerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        if request.user.role not in FINANCE_ROLES:
            raise PermissionDenied(_("Only finance can pay claims"))
        serializer = PaySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        payment = run(services.pay_claim, self.get_object(), request.user, method=data["method"],
                      offsets=[(o["advance"], o["amount"]) for o in data.get("offsets", []) if o["amount"] > 0],
                      paid_on=data.get("paid_on"))
        payment = Payment.objects.select_related("claim__employee", "paid_by").get(pk=payment.pk)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class ClaimLineViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                       viewsets.GenericViewSet):
    """Claim lines: ``POST`` as multipart to attach the receipt (image or PDF, at most 5 MB)."""

    serializer_class = ClaimLineSerializer
    allowed_roles = ALL_ROLES
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return ClaimLine.objects.none()
        return ClaimLine.objects.filter(claim__in=Claim.objects.visible_to(self.request.user)).select_related(
            "category", "receipt", "claim")

    def perform_destroy(self, instance):
        if instance.claim.employee_id != self.request.user.pk:
            raise PermissionDenied(_("Only the employee who made the claim can change it"))
        run(services.delete_line, instance, self.request.user)


# --------------------------------------------------------------------------- advances
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
class AdvanceViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Cash advances (EXP-ADV): draft → submitted → approved → disbursed → settled."""

    serializer_class = AdvanceSerializer
    spec_class = AdvanceSpec
    allowed_roles = ALL_ROLES

    def get_queryset(self):
        qs = Advance.objects.visible_to(self.request.user).select_related("employee", "project", "approver")
        if self.action == "list" and self.request.query_params.get("mine") in ("1", "true", "yes"):
            qs = qs.filter(employee=self.request.user)
        return qs

    def perform_destroy(self, instance):
        run(services.delete_advance, instance, self.request.user)

    def _answer(self, advance):
        return Response(AdvanceSerializer(Advance.objects.get(pk=advance.pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._answer(run(services.submit_advance, self.get_object(), request.user))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(run(services.withdraw_advance, self.get_object(), request.user))

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        outcome = run(services.approve_advance, self.get_object(), request.user,
                      serializer.validated_data.get("comment", ""))
        return self._answer(outcome.obj)

    @extend_schema(request=CommentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._answer(run(services.reject_advance, self.get_object(), request.user,
                                serializer.validated_data.get("comment", "")))

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


# --------------------------------------------------------------------------- approvals, payments, reports
class BulkApproveSerializer(serializers.Serializer):
    claims = serializers.ListField(child=record_id_field(), required=False)
    advances = serializers.ListField(child=record_id_field(), required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ApprovalInboxView(APIView):
    """EXP-APR-1: what waits for the current user."""

    allowed_roles = ALL_ROLES

    @extend_schema(responses=inline_serializer("Inbox", {"claims": ClaimSerializer(many=True),
                                                         "advances": AdvanceSerializer(many=True)}))
    def get(self, request):
        claims = Claim.objects.awaiting(request.user).select_related("employee", "project", "approver")\
            .prefetch_related("lines__category", "lines__receipt").order_by("submitted_at", "pk")
        advances = Advance.objects.awaiting(request.user).select_related("employee", "project")\
            .order_by("created_at", "pk")
        return Response({"claims": ClaimSerializer(claims, many=True).data,
                         "advances": AdvanceSerializer(advances, many=True).data})


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
        items, failed = [], []
        for kind, model, ids in (("claim", Claim, data.get("claims", [])), ("advance", Advance,
                                                                            data.get("advances", []))):
            found = {obj.pk: obj for obj in model.objects.visible_to(user).filter(pk__in=ids)}
            for pk in ids:
                if pk in found:
                    items.append((kind, found[pk]))
                else:
                    failed.append({"kind": kind, "id": pk, "item": str(pk), "reason": _("not found")})
        if not items and not failed:
            raise DrfValidationError({"non_field_errors": [_("Select at least one item to approve")]})
        approved, refused = [], []
        for kind, obj in items:
            label = obj.number or str(obj)
            try:
                services.decide(kind, obj, user, True, data.get("comment", ""))
            except DjangoValidationError as exc:
                refused.append({"kind": kind, "id": obj.pk, "item": label, "reason": " ".join(exc.messages)})
            else:
                approved.append({"kind": kind, "id": obj.pk, "item": label})
        return Response({"approved": approved, "failed": refused + failed})


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


# --------------------------------------------------------------------------- my settings
class MySettingsSerializer(serializers.ModelSerializer):
    card_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=40)
    card_masked = serializers.CharField(read_only=True)
    has_bank_account = serializers.BooleanField(read_only=True)
    language = serializers.ChoiceField(choices=[("zh-hans", "简体中文"), ("en", "English")], required=False)
    default_approver = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                          allow_null=True)

    class Meta:
        model = ExpenseProfile
        fields = ["bank_holder", "bank_name", "card_number", "card_masked", "has_bank_account", "default_approver",
                  "language"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["language"] = instance.user.language
        return data

    def validate_card_number(self, value):
        return re.sub(r"[\s-]", "", value or "")

    def validate(self, attrs):
        instance = ExpenseProfile.objects.get(pk=self.instance.pk)
        for key, value in attrs.items():
            if key != "language":
                setattr(instance, key, value)
        full_clean_or_400(instance, exclude=["user"])
        attrs.update({k: getattr(instance, k) for k in ("bank_holder", "bank_name", "card_number") if k in attrs})
        return attrs

    def update(self, instance, validated_data):
        language = validated_data.pop("language", None)
        instance = super().update(instance, validated_data)
        if language:
            instance.user.language = language
            instance.user.save(update_fields=["language"])
        return instance


class MySettingsView(APIView):
    """EXP-ME-1/2: my bank account (the card number is only ever returned masked), default approver, language."""

    allowed_roles = ALL_ROLES

    @extend_schema(responses=MySettingsSerializer)
    def get(self, request):
        return Response(MySettingsSerializer(ExpenseProfile.of(request.user)).data)

    @extend_schema(request=MySettingsSerializer, responses=MySettingsSerializer)
    def patch(self, request):
        serializer = MySettingsSerializer(ExpenseProfile.of(request.user), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class ApproverChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()


class ApproverChoicesView(APIView):
    """EXP-ME-1: who the user may choose as default approver."""

    allowed_roles = ALL_ROLES

    @extend_schema(responses=ApproverChoiceSerializer(many=True))
    def get(self, request):
        return Response([{"id": u.pk, "username": u.username, "display_name": str(u)}
                         for u in approver_choices(request.user).order_by("username")])


class PasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False, max_length=4096)
    new_password = serializers.CharField(trim_whitespace=False, max_length=4096)


class ChangePasswordView(APIView):
    """EXP-ME-2: the old password is needed; the new one follows the password validators."""

    allowed_roles = ALL_ROLES

    @extend_schema(request=PasswordSerializer, responses={204: None})
    def post(self, request):
        serializer = PasswordSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request.user
        if not user.check_password(serializer.validated_data["old_password"]):
            raise DrfValidationError({"old_password": [_("Your old password was entered incorrectly. Please enter "
                                                         "it again.")]})
        try:
            validate_password(serializer.validated_data["new_password"], user)
        except DjangoValidationError as exc:
            raise DrfValidationError({"new_password": exc.messages}) from None
        user.set_password(serializer.validated_data["new_password"])
        user.save(update_fields=["password"])
        update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


router = DefaultRouter()
router.register("claims", ClaimViewSet, basename="claim")
router.register("claim-lines", ClaimLineViewSet, basename="claim-line")
router.register("advances", AdvanceViewSet, basename="advance")
router.register("projects", ProjectViewSet, basename="project")
router.register("payments", PaymentViewSet, basename="payment")
router.register("employee-types", EmployeeTypeViewSet, basename="employee-type")
router.register("expense-categories", CategoryViewSet, basename="expense-category")

urlpatterns = [
    path("approvals/", ApprovalInboxView.as_view(), name="api-approvals"),
    path("approvals/bulk-approve/", BulkApproveView.as_view(), name="api-bulk-approve"),
    path("expense-settings/", ExpenseSettingsView.as_view(), name="api-expense-settings"),
    path("expense-report/", ReportView.as_view(), name="api-expense-report"),
    path("my-settings/", MySettingsView.as_view(), name="api-my-settings"),
    path("my-settings/approvers/", ApproverChoicesView.as_view(), name="api-my-approvers"),
    path("my-settings/password/", ChangePasswordView.as_view(), name="api-change-password"),
]
