"""e-Expense API (``/api/v1/``): claims."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ecrm.common.api_tools import RelatedCharField, SpecFilterMixin, primed_list, record_id_field
from ecrm.expense import services
from ecrm.expense.api.base import ALL_ROLES, FINANCE_ROLES, DecisionActions, money_field, run
from ecrm.expense.lists import ClaimSpec
from ecrm.expense.models import (
    CLAIM_ROUTING,
    Category,
    Claim,
    ClaimLine,
    Payment,
    PaymentMethod,
    Project,
)


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
        list_serializer_class = primed_list(CLAIM_ROUTING)
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
class ClaimViewSet(DecisionActions, SpecFilterMixin, viewsets.ModelViewSet):
    """Expense claims (EXP-CLM): own claims, the claims one approves, a manager's team's; finance and the
    administrator see every claim. Only the employee edits, and only draft or rejected claims."""

    serializer_class = ClaimSerializer
    spec_class = ClaimSpec
    allowed_roles = ALL_ROLES
    http_method_names = ["get", "post", "patch", "put", "delete", "head", "options"]
    decision_services = ("approve_claim", "reject_claim")

    def get_queryset(self):
        qs = Claim.objects.visible_to(self.request.user).select_related(
            "employee", "project", "approver", "payment__paid_by", "payment__claim__employee").prefetch_related(
            "lines__category", "lines__receipt", "payment__offsets__advance")
        if self.action == "list" and self.request.query_params.get("mine") in ("1", "true", "yes"):
            qs = qs.filter(employee=self.request.user)
        return qs

    def perform_destroy(self, instance):
        run(services.delete_claim, instance, self.request.user)

    def decision_response(self, record, warnings=()):
        return _claim_response(self, record, warnings)

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
