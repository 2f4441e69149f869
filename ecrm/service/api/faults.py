"""e-Service API (``/api/v1/``): fault records."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from ecrm.common.api_tools import AuthoredSerializer, SpecFilterMixin, full_clean_or_400
from ecrm.common.models import User
from ecrm.sales.models import Contact, Customer
from ecrm.service import services
from ecrm.service.api.base import _raise_drf
from ecrm.service.lists import FaultSpec
from ecrm.service.models import (
    FAULT_ACTIONS,
    MANAGERS,
    SERVICE_STAFF,
    FaultCategory,
    FaultRecord,
    KbArticle,
    Product,
    WorkLogEntry,
)


def _check_worker(fault, user):
    """SVC-FLT-3 (the rule is the model's): a user who may not work on the fault record gets 403."""
    try:
        fault.check_worked_by(user)
    except DjangoValidationError as exc:
        raise PermissionDenied(" ".join(exc.messages)) from None


class WorkLogSerializer(AuthoredSerializer):
    class Meta:
        model = WorkLogEntry
        fields = ["id", "at", "author", "author_name", "text"]
        read_only_fields = ["at", "author"]


class FaultSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    product_name = serializers.CharField(source="product.label", read_only=True)
    category_name = serializers.CharField(source="category.label", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    assignee_name = serializers.SerializerMethodField()
    response_breached = serializers.BooleanField(read_only=True)
    resolution_breached = serializers.BooleanField(read_only=True)
    breached = serializers.BooleanField(read_only=True)
    can_reopen = serializers.SerializerMethodField()
    rmas = serializers.SerializerMethodField()
    survey = serializers.SerializerMethodField()

    class Meta:
        model = FaultRecord
        fields = ["id", "number", "customer", "customer_name", "contact", "product", "product_name",
                  "serial_number", "category", "category_name", "priority", "channel", "description", "status",
                  "status_display", "assignee", "assignee_name", "resolution", "kb_articles", "created_by",
                  "created_at", "assigned_at", "responded_at", "resolved_at", "closed_at", "response_due",
                  "resolution_due", "response_breached", "resolution_breached", "breached", "can_reopen", "rmas",
                  "survey"]
        read_only_fields = ["number", "status", "assignee", "resolution", "kb_articles", "created_by", "created_at",
                            "assigned_at", "responded_at", "resolved_at", "closed_at", "response_due",
                            "resolution_due"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.active()
            self.fields["contact"].queryset = Contact.objects.all()
            self.fields["product"].queryset = Product.objects.active()
            self.fields["category"].queryset = FaultCategory.objects.active()

    def get_assignee_name(self, obj) -> str:
        return str(obj.assignee) if obj.assignee_id else ""

    def get_can_reopen(self, obj) -> bool:
        return obj.can_reopen()

    def get_rmas(self, obj) -> list[dict]:
        return [{"id": r.pk, "number": r.number, "status": r.status} for r in obj.rmas.all()]

    def get_survey(self, obj) -> dict | None:
        survey = obj.survey if hasattr(obj, "survey") else None
        if survey is None:
            return None
        data = {"id": survey.pk, "answered": survey.is_answered}
        request = self.context.get("request")
        if request is not None and request.user.role in MANAGERS:
            data["url"] = request.build_absolute_uri(reverse("survey", args=[survey.token]))
            data["token"] = survey.token
        return data

    def validate(self, attrs):
        if self.instance is not None:
            raise ValidationError({"detail": [_("Fault records are changed through their workflow actions")]})
        instance = FaultRecord()
        full_clean_or_400(instance, values=attrs)
        attrs["serial_number"] = instance.serial_number
        return attrs

    def create(self, validated_data):
        return services.create_fault(FaultRecord(**validated_data), self.context["request"].user)


class FaultViewSet(SpecFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   viewsets.GenericViewSet):
    """Fault records (SVC-FLT): an engineer sees the tickets assigned to or opened by them; managers all."""

    serializer_class = FaultSerializer
    spec_class = FaultSpec
    allowed_roles = SERVICE_STAFF

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return FaultRecord.objects.none()
        return (FaultRecord.objects.visible_to(self.request.user).with_sla()
                .select_related("customer", "product", "category", "assignee", "survey")
                .prefetch_related("rmas", "kb_articles"))

    def _reply(self, fault):
        return Response(self.get_serializer(self.get_queryset().get(pk=fault.pk)).data)

    @extend_schema(request=inline_serializer("Assign", {"assignee": serializers.IntegerField()}),
                   responses=FaultSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign (only the service manager and the admin)."""
        fault = self.get_object()
        if request.user.role not in MANAGERS:
            raise PermissionDenied(_("Only the service manager can assign fault records"))
        assignee_id = request.data.get("assignee")
        engineer = User.objects.filter(pk=assignee_id).first() if str(assignee_id or "").isdigit() else None
        try:
            fault = services.assign_fault(fault, engineer, request.user)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return self._reply(fault)

    @extend_schema(request=inline_serializer("FaultTransition", {
        "action": serializers.ChoiceField(choices=list(FAULT_ACTIONS)),
        "resolution": serializers.CharField(required=False)}), responses=FaultSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Apply a workflow action: start, await_customer, resume, resolve (needs ``resolution``), close, reopen."""
        fault = self.get_object()
        name = request.data.get("action")
        if name not in FAULT_ACTIONS:
            raise ValidationError({"action": [_("Unknown action")]})
        resolution = request.data.get("resolution") or ""
        if not isinstance(resolution, str):
            raise ValidationError({"resolution": [_("Enter the resolution before resolving")]})
        try:
            fault = services.transition_fault(fault, name, request.user, resolution=resolution)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return self._reply(fault)

    @extend_schema(methods=["get"], responses=WorkLogSerializer(many=True))
    @extend_schema(methods=["post"], request=inline_serializer("WorkLogIn", {"text": serializers.CharField()}),
                   responses={201: WorkLogSerializer})
    @action(detail=True, methods=["get", "post"], url_path="work-log", pagination_class=None)
    def work_log(self, request, pk=None):
        """The timestamped work log (SVC-FLT-3)."""
        fault = self.get_object()
        if request.method == "GET":
            return Response(WorkLogSerializer(fault.work_log.select_related("author"), many=True).data)
        _check_worker(fault, request.user)
        text = request.data.get("text")
        if not isinstance(text, str):
            raise ValidationError({"text": [_("This field is required.")]})
        try:
            entry = services.add_work_log(fault, request.user, text)
        except DjangoValidationError as exc:
            _raise_drf(exc)
        return Response(WorkLogSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=inline_serializer("KbLink", {"article": serializers.IntegerField(),
                                                        "linked": serializers.BooleanField(default=True)}),
                   responses=FaultSerializer)
    @action(detail=True, methods=["post"], url_path="kb-links")
    def kb_links(self, request, pk=None):
        """Link (``linked`` true, default) or unlink a published knowledge-base article (SVC-FLT-3)."""
        fault = self.get_object()
        _check_worker(fault, request.user)
        article_id = request.data.get("article")
        article = KbArticle.objects.published().filter(pk=article_id).first() if str(article_id or "").isdigit() \
            else None
        if article is None:
            raise ValidationError({"article": [_("Choose a published article")]})
        services.link_kb_article(fault, request.user, article,
                                 linked=request.data.get("linked", True) not in (False, "false", "0", 0))
        return self._reply(fault)
