"""e-Service API (``/api/v1/``): the same rules and permissions as the pages (COM-API-1)."""
from __future__ import annotations

import copy
import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from ecrm.common import clock
from ecrm.common.api_tools import RelatedCharField, SpecFilterMixin, full_clean_or_400
from ecrm.common.models import User
from ecrm.common.schema import VALIDATION
from ecrm.sales.models import Contact, Customer
from ecrm.service import services
from ecrm.service.lists import AlertRuleSpec, AlertSpec, FaultSpec, KbSpec, RmaSpec, SurveySpec
from ecrm.service.models import (
    FAULT_ACTIONS,
    MANAGERS,
    RMA_ACTIONS,
    SERVICE_STAFF,
    Alert,
    AlertRule,
    FaultCategory,
    FaultRecord,
    InstalledProduct,
    KbArticle,
    Priority,
    Product,
    Rma,
    ServiceSettings,
    SlaPolicy,
    Survey,
    WorkLogEntry,
)
from ecrm.service.reports import service_report


def _raise_drf(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        raise ValidationError(exc.message_dict)
    if exc.code == "forbidden":
        raise PermissionDenied(" ".join(exc.messages))
    raise ValidationError({"detail": exc.messages})


# --------------------------------------------------------------------------- settings tables
class SettingRowSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        return attrs


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
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
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
        for priority in Priority:
            if not SlaPolicy.objects.filter(priority=priority.value).exists():
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


# --------------------------------------------------------------------------- installed products
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
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
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


# --------------------------------------------------------------------------- fault records
class WorkLogSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)

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
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
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
        if not fault.is_worked_by(request.user):
            raise PermissionDenied(_("Only the assignee or the service manager can work on this fault record"))
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
        if not fault.is_worked_by(request.user):
            raise PermissionDenied(_("Only the assignee or the service manager can work on this fault record"))
        article_id = request.data.get("article")
        article = KbArticle.objects.published().filter(pk=article_id).first() if str(article_id or "").isdigit() \
            else None
        if article is None:
            raise ValidationError({"article": [_("Choose a published article")]})
        if request.data.get("linked", True) in (False, "false", "0", 0):
            fault.kb_articles.remove(article)
        else:
            fault.kb_articles.add(article)
        return self._reply(fault)


# --------------------------------------------------------------------------- RMA
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
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
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


# --------------------------------------------------------------------------- surveys
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


# --------------------------------------------------------------------------- alerts
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
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
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


# --------------------------------------------------------------------------- knowledge base
class KbSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)
    helpful = serializers.SerializerMethodField()
    not_helpful = serializers.SerializerMethodField()

    class Meta:
        model = KbArticle
        fields = ["id", "title", "category", "product", "content", "tags", "status", "author", "author_name",
                  "view_count", "helpful", "not_helpful", "created_at", "updated_at", "published_at"]
        read_only_fields = ["author", "view_count", "created_at", "updated_at", "published_at"]

    def get_helpful(self, obj) -> int:
        return sum(1 for v in obj.kb_votes.all() if v.helpful)

    def get_not_helpful(self, obj) -> int:
        return sum(1 for v in obj.kb_votes.all() if not v.helpful)

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else KbArticle(author=self.context["request"].user)
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance, exclude=["author"])
        for key in ("title", "tags"):
            if key in attrs:
                attrs[key] = getattr(instance, key)
        return attrs

    def create(self, validated_data):
        return KbArticle.objects.create(author=self.context["request"].user, **validated_data)


@extend_schema_view(list=extend_schema(parameters=[OpenApiParameter("search", str, description="Ranked search")]))
class KbViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Knowledge base (SVC-KB): published articles and the user's own drafts; only the author (or the admin)
    edits. Retrieving a published article counts a view (except by its author)."""

    serializer_class = KbSerializer
    spec_class = KbSpec
    allowed_roles = SERVICE_STAFF

    def get_queryset(self):
        return KbArticle.objects.visible_to(self.request.user).select_related("author").prefetch_related("kb_votes")

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        article.count_view(request.user)
        return Response(self.get_serializer(article).data)

    def perform_update(self, serializer):
        if not serializer.instance.is_editable_by(self.request.user):
            raise PermissionDenied(_("Only the author can edit this article"))
        serializer.save()

    def perform_destroy(self, instance):
        if not instance.is_editable_by(self.request.user):
            raise PermissionDenied(_("Only the author can delete this article"))
        instance.delete()

    @extend_schema(request=inline_serializer("Vote", {"helpful": serializers.BooleanField()}), responses=KbSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        """"Was this helpful": one vote per user; voting again changes the vote (SVC-KB-3)."""
        article = self.get_object()
        if article.status != "published":
            raise ValidationError({"detail": [_("Only published articles can be voted on")]})
        helpful = request.data.get("helpful")
        if not isinstance(helpful, bool):
            raise ValidationError({"helpful": [_("Choose whether the article was helpful")]})
        article.vote(request.user, helpful)
        return Response(self.get_serializer(self.get_queryset().get(pk=article.pk)).data)


# --------------------------------------------------------------------------- reports
class ServiceReportView(APIView):
    """``GET service-reports/?date_from=&date_to=&product=``: every figure of the service reports (SVC-RPT)."""

    allowed_roles = MANAGERS

    @extend_schema(parameters=[OpenApiParameter("date_from", str), OpenApiParameter("date_to", str),
                               OpenApiParameter("product", int)],
                   responses={200: inline_serializer("ServiceReport", {"tickets": serializers.IntegerField()}),
                              400: VALIDATION})
    def get(self, request):
        today = clock.today()
        errors = {}
        dates = {}
        for name, default in (("date_from", today - datetime.timedelta(days=29)), ("date_to", today)):
            raw = request.query_params.get(name, "")
            try:
                dates[name] = parse_date(raw) if raw else default
            except ValueError:
                dates[name] = None
            if dates[name] is None:
                errors[name] = [_("Enter a valid date.")]
        if not errors and dates["date_from"] > dates["date_to"]:
            errors["date_to"] = [_("The end date cannot be before the start date")]
        product = None
        raw_product = request.query_params.get("product", "")
        if raw_product:
            product = Product.objects.filter(pk=raw_product).first() if raw_product.isdigit() else None
            if product is None:
                errors["product"] = [_("Select a valid choice.")]
        if errors:
            raise ValidationError(errors)
        report = service_report(dates["date_from"], dates["date_to"], product)
        report["product"] = product.pk if product else None

        def plain(value):
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            if isinstance(value, datetime.date):
                return value.isoformat()
            if value is not None and not isinstance(value, bool | int | str):
                return str(value)
            return value

        return Response(plain(report))


router = DefaultRouter()
router.register("products", ProductViewSet, basename="service-product")
router.register("fault-categories", FaultCategoryViewSet, basename="fault-category")
router.register("sla-policies", SlaViewSet, basename="sla-policy")
router.register("installed-products", InstalledProductViewSet, basename="installed-product")
router.register("fault-records", FaultViewSet, basename="fault-record")
router.register("rmas", RmaViewSet, basename="rma")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("alert-rules", AlertRuleViewSet, basename="alert-rule")
router.register("alerts", AlertViewSet, basename="alert")
router.register("kb-articles", KbViewSet, basename="kb-article")

urlpatterns = [
    path("service-settings/", ServiceSettingsView.as_view(), name="service-settings"),
    path("service-reports/", ServiceReportView.as_view(), name="service-reports"),
]
