"""e-Sales API: customers, contacts, settings tables (industries, sources, stages), opportunities (with stage
history), activities (with review comments), the activity review and the sales reports."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from ecrm.common import audit, clock
from ecrm.common.api_tools import RelatedBooleanField, RelatedCharField, SpecFilterMixin, full_clean_or_400
from ecrm.common.models import SALES_ROLES, SERVICE_ROLES, Role, User
from ecrm.common.schema import VALIDATION
from ecrm.sales import services
from ecrm.sales.lists import ActivitySpec, ContactSpec, CustomerSpec, OpportunitySpec
from ecrm.sales.models import (
    Activity,
    ActivityReview,
    Contact,
    Customer,
    Industry,
    Opportunity,
    Source,
    Stage,
    delete_setting,
)
from ecrm.sales.reports import REPORTS, ReviewFilterForm, activity_review


# --------------------------------------------------------------------------- settings tables
class SettingSerializer(serializers.ModelSerializer):
    """A settings row; ``label`` is the name in the request's language.  ``code`` cannot change once created."""

    label = serializers.CharField(read_only=True)

    class Meta:
        model = Industry
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]

    def validate(self, attrs):
        if self.instance is not None and "code" in attrs and attrs["code"] != self.instance.code:
            raise serializers.ValidationError({"code": [_("The code cannot be changed")]})
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        return attrs


class StageSerializer(SettingSerializer):
    class Meta(SettingSerializer.Meta):
        model = Stage
        fields = ["id", "code", "name", "name_en", "label", "order", "probability", "active"]


class SourceSerializer(SettingSerializer):
    class Meta(SettingSerializer.Meta):
        model = Source


class SettingViewSet(viewsets.ModelViewSet):
    """SAL-SET-1: every user reads; the administrator creates, edits and deletes (409 while in use)."""

    pagination_class = None
    allowed_roles = (Role.ADMIN,)
    read_only_roles = tuple(Role.values)

    def destroy(self, request, *args, **kwargs):
        try:
            delete_setting(self.get_object())
        except DjangoValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)


class IndustryViewSet(SettingViewSet):
    """Industries (settings table; the current language's name is ``label``)."""

    queryset = Industry.objects.all()
    serializer_class = SettingSerializer


class SourceViewSet(SettingViewSet):
    """Customer sources (settings table)."""

    queryset = Source.objects.all()
    serializer_class = SourceSerializer


class StageViewSet(SettingViewSet):
    """Opportunity stages with their default probability (won 100 and lost 0 are fixed)."""

    queryset = Stage.objects.all()
    serializer_class = StageSerializer


# --------------------------------------------------------------------------- customers
class CustomerSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    industry_name = RelatedCharField(source="industry.label", read_only=True, default="")
    source_name = RelatedCharField(source="source.label", read_only=True, default="")
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False)
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    industry = serializers.PrimaryKeyRelatedField(queryset=Industry.objects.all(), required=False, allow_null=True)
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Customer
        fields = ["id", "name", "industry", "industry_name", "level", "level_display", "source", "source_name",
                  "region", "city", "address", "phone", "website", "owner", "owner_name", "tags", "archived",
                  "archived_at", "created_at", "updated_at"]
        read_only_fields = ["archived", "archived_at", "created_at", "updated_at"]

    def validate(self, attrs):
        user = self.context["request"].user
        instance = copy.copy(self.instance) if self.instance else Customer()
        current_owner = self.instance.owner if self.instance else None
        owner = attrs.get("owner")
        if owner is None and current_owner is None:
            if user.role in (Role.REP, Role.MANAGER):
                attrs["owner"] = owner = user
            else:
                raise serializers.ValidationError({"owner": [_("This field is required.")]})
        if owner is not None and owner != (current_owner or (user if user.role == Role.REP else None)):
            # SAL-CUS-6: only a manager (or the administrator) chooses or changes the owner.
            if not user.can_reassign_owner:
                raise PermissionDenied(_("Only a manager can change the owner"))
            allowed = User.objects.owners_assignable_by(user)
            if not allowed.filter(pk=owner.pk).exists():
                raise serializers.ValidationError({"owner": [_("Select a valid owner.")]})
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        attrs.update({k: getattr(instance, k) for k in ("name", "phone", "tags") if k in attrs})
        return attrs

    def create(self, validated_data):
        customer = Customer(**validated_data)
        return services.save_customer(customer, self.context["request"].user)

    def update(self, instance, validated_data):
        before = audit.snapshot(instance, Customer.AUDITED_FIELDS)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.save_customer(instance, self.context["request"].user, before)


_LIST_PARAMS = [
    OpenApiParameter("search", str, description="Name, phone or contact name contains"),
    OpenApiParameter("ordering", str, description="A column key, '-' for descending"),
    OpenApiParameter("page_size", int, description="1–100, default 20"),
]


@extend_schema_view(
    list=extend_schema(parameters=_LIST_PARAMS + [
        OpenApiParameter("level", str), OpenApiParameter("industry", int), OpenApiParameter("owner", int),
        OpenApiParameter("status", str, description="'' (active, default), 'archived' or 'all'"),
    ]),
    destroy=extend_schema(description="Archive the customer (204); 409 while it has an open opportunity."),
)
class CustomerViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Customers the user may see (SAL-CUS).  Service roles read every customer."""

    serializer_class = CustomerSerializer
    spec_class = CustomerSpec
    allowed_roles = SALES_ROLES
    read_only_roles = SERVICE_ROLES

    def get_queryset(self):
        qs = Customer.objects.visible_to(self.request.user).select_related("industry", "source", "owner")
        if self.action == "retrieve" or self.action == "list":
            return qs
        return qs & Customer.objects.editable_by(self.request.user)

    def destroy(self, request, *args, **kwargs):
        customer = self.get_object()
        try:
            services.archive_customer(customer, request.user)
        except DjangoValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=CustomerSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        customer = services.restore_customer(self.get_object(), request.user)
        return Response(self.get_serializer(customer).data)


# --------------------------------------------------------------------------- contacts
class ContactSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "customer", "customer_name", "name", "title", "mobile", "email", "is_primary", "birthday",
                  "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # The one-primary constraint is kept by Contact.save() (a new primary clears the old one).
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.editable_by(request.user)

    def validate(self, attrs):
        instance = copy.copy(self.instance) if self.instance else Contact()
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        attrs.update({k: getattr(instance, k) for k in ("mobile", "email") if k in attrs})
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with transaction.atomic():
            return super().update(instance, validated_data)


@extend_schema_view(list=extend_schema(parameters=_LIST_PARAMS + [
    OpenApiParameter("customer", int), OpenApiParameter("primary", str, description="'yes' or 'no'")]))
class ContactViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Contacts of the customers the user may see (SAL-CON)."""

    serializer_class = ContactSerializer
    spec_class = ContactSpec
    allowed_roles = SALES_ROLES
    read_only_roles = SERVICE_ROLES

    def get_queryset(self):
        return Contact.objects.visible_to(self.request.user).select_related("customer")


# --------------------------------------------------------------------------- opportunities (SAL-OPP)
class StageHistorySerializer(serializers.Serializer):
    from_stage = serializers.CharField(source="from_stage_id", allow_null=True)
    to_stage = serializers.CharField(source="to_stage_id")
    probability = serializers.IntegerField()
    changed_by = serializers.CharField(source="changed_by.__str__", default=None)
    changed_at = serializers.DateTimeField()


class OpportunitySerializer(serializers.ModelSerializer):
    stage = serializers.SlugRelatedField(slug_field="code", queryset=Stage.objects.all(), required=False)
    stage_display = serializers.CharField(source="stage.label", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    is_open = serializers.BooleanField(read_only=True)
    weighted_amount = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    expected_close = serializers.DateField(required=True)

    class Meta:
        model = Opportunity
        fields = ["id", "customer", "customer_name", "name", "amount", "stage", "stage_display", "probability",
                  "weighted_amount", "is_open", "owner", "owner_name", "expected_close", "competitor", "lost_reason",
                  "closed_on", "created_at", "updated_at"]
        read_only_fields = ["owner", "closed_on", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "customer" in self.fields:
            self.fields["customer"].queryset = Customer.objects.editable_by(request.user)
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "customer" in self.fields:
            self.fields["customer"].read_only = True

    def validate(self, attrs):
        user = self.context["request"].user
        instance = copy.copy(self.instance) if self.instance else Opportunity()
        if self.instance is not None:
            instance._original = dict(self.instance._original)
        for key, value in attrs.items():
            setattr(instance, key, value)
        if instance.owner_id is None:
            customer = attrs.get("customer")
            instance.owner = user if user.role == Role.REP or customer is None else customer.owner
        instance.check_stage_change(user)  # SAL-OPP-4 (403)
        full_clean_or_400(instance)
        attrs["owner"] = instance.owner
        attrs.update({k: getattr(instance, k) for k in ("probability", "lost_reason", "name")})
        return attrs

    def create(self, validated_data):
        return services.save_opportunity(Opportunity(**validated_data), self.context["request"].user)

    def update(self, instance, validated_data):
        before = audit.snapshot(instance, Opportunity.AUDITED_FIELDS)
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.save_opportunity(instance, self.context["request"].user, before)


class BoardColumnSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)
    active = serializers.BooleanField()


@extend_schema_view(list=extend_schema(parameters=_LIST_PARAMS + [
    OpenApiParameter("stage", str), OpenApiParameter("owner", int),
    OpenApiParameter("status", str, description="'open' or 'closed' (won or lost)")]))
class OpportunityViewSet(SpecFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Opportunities (SAL-OPP).  ``PATCH {"stage"}`` moves it (default probability, history, audit); lost needs
    ``lost_reason``; only a manager reopens a won or lost one (403)."""

    serializer_class = OpportunitySerializer
    spec_class = OpportunitySpec
    allowed_roles = SALES_ROLES

    def get_queryset(self):
        from ecrm.sales.opportunity_views import opportunity_queryset

        qs = opportunity_queryset(self.request.user)
        if self.action not in ("list", "retrieve", "history", "board"):
            qs = qs.filter(customer__in=Customer.objects.editable_by(self.request.user))
        return qs.order_by("-created_at", "-pk")

    @extend_schema(responses=StageHistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        """SAL-OPP-5: the stage history, oldest first."""
        opp = self.get_object()
        rows = opp.stage_history.select_related("changed_by")
        return Response(StageHistorySerializer(rows, many=True).data)

    @extend_schema(responses=BoardColumnSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def board(self, request):
        """SAL-OPP-6: count and amount per stage of the visible opportunities."""
        from decimal import Decimal

        columns = {s.code: {"stage": s.code, "label": s.label, "count": 0, "amount": Decimal("0.00"),
                            "active": s.active} for s in Stage.objects.all()}
        for stage_id, amount in Opportunity.objects.visible_to(request.user).values_list("stage_id", "amount"):
            columns[stage_id]["count"] += 1
            columns[stage_id]["amount"] += amount
        return Response([{**c, "amount": str(c["amount"])} for c in columns.values() if c["active"] or c["count"]])


# --------------------------------------------------------------------------- activities (SAL-ACT, SAL-REV)
class ReviewSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = ActivityReview
        fields = ["id", "author", "author_name", "comment", "created_at"]
        read_only_fields = ["author", "created_at"]

    def validate(self, attrs):
        instance = ActivityReview(**attrs)
        full_clean_or_400(instance, exclude={"activity", "author"})
        return attrs


class ActivitySerializer(serializers.ModelSerializer):
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status_display = serializers.CharField(source="status_text", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    contact_name = RelatedCharField(source="contact.name", read_only=True, default="")
    contact_unreachable = RelatedBooleanField(source="contact.unreachable", read_only=True, default=False)
    owner_name = serializers.CharField(source="owner.__str__", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    proposed_follow_up = serializers.DateTimeField(read_only=True, allow_null=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    follow_ups = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = ["id", "type", "type_display", "subject", "customer", "customer_name", "contact", "contact_name",
                  "contact_unreachable", "opportunity", "scheduled_at", "duration", "status", "status_display",
                  "is_overdue", "outcome", "outcome_display", "notes", "next_follow_up", "proposed_follow_up",
                  "owner", "owner_name", "completed_at", "follow_up_of", "follow_ups", "reviews", "created_at",
                  "updated_at"]
        read_only_fields = ["owner", "completed_at", "follow_up_of", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "customer" in self.fields:
            user = request.user
            self.fields["customer"].queryset = Customer.objects.editable_by(user)
            self.fields["contact"].queryset = Contact.objects.visible_to(user)
            self.fields["opportunity"].queryset = Opportunity.objects.visible_to(user)

    def validate(self, attrs):
        user = self.context["request"].user
        instance = copy.copy(self.instance) if self.instance else Activity(owner=user)
        for key, value in attrs.items():
            setattr(instance, key, value)
        full_clean_or_400(instance)
        attrs["subject"] = instance.subject
        return attrs

    def create(self, validated_data):
        return services.save_activity(Activity(owner=self.context["request"].user, **validated_data))

    def update(self, instance, validated_data):
        for key, value in validated_data.items():
            setattr(instance, key, value)
        return services.save_activity(instance)


_ACTIVITY_PARAMS = _LIST_PARAMS + [
    OpenApiParameter("type", str), OpenApiParameter("status", str, description="planned, done, cancelled, overdue"),
    OpenApiParameter("outcome", str), OpenApiParameter("owner", int),
    OpenApiParameter("start", str, description="scheduled on or after (ISO date; with end)"),
    OpenApiParameter("end", str, description="scheduled on or before (ISO date; with start)"),
]


@extend_schema_view(list=extend_schema(parameters=_ACTIVITY_PARAMS))
class ActivityViewSet(SpecFilterMixin, viewsets.ModelViewSet):
    """Business activities (SAL-ACT) of the user (a manager: the team's; the administrator: all)."""

    serializer_class = ActivitySerializer
    spec_class = ActivitySpec
    allowed_roles = SALES_ROLES

    def destroy(self, request, *args, **kwargs):
        """Delete an activity (with its review comments); the contact's reachability is recomputed."""
        services.delete_activity(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get_queryset(self):
        from ecrm.sales.activity_views import activity_queryset, period_params

        qs = activity_queryset(self.request.user).prefetch_related("reviews__author", "follow_ups")
        if self.action == "list":
            start, end = period_params(self.request.query_params)
            if start and end:
                qs = qs.between(start, end)
        return qs

    @extend_schema(request=None, responses=ActivitySerializer)
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """SAL-ACT-1: plan the proposed follow-up call (201), or 400 when the activity has none."""
        follow_up = services.schedule_follow_up(self.get_object(), request.user)
        return Response(self.get_serializer(follow_up).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewSerializer, responses={201: ReviewSerializer})
    @action(detail=True, methods=["post"])
    def reviews(self, request, pk=None):
        """SAL-REV-2: a manager's (or the administrator's) review comment; reps get 403."""
        from ecrm.sales.activity_views import can_review

        activity = self.get_object()
        if not can_review(request.user):
            raise PermissionDenied(_("Only a manager can review activities"))
        serializer = ReviewSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        review = serializer.save(activity=activity, author=request.user)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=inline_serializer("MyDay", {
        "today": serializers.DateField(), "todays": ActivitySerializer(many=True),
        "overdue": ActivitySerializer(many=True)}))
    @action(detail=False, methods=["get"], url_path="my-day")
    def my_day(self, request):
        """SAL-ACT-3: the user's activities of today and the overdue ones."""
        from ecrm.sales.activity_views import activity_queryset

        own = activity_queryset(request.user).filter(owner=request.user).prefetch_related("reviews__author",
                                                                                   "follow_ups")
        return Response({
            "today": clock.today().isoformat(),
            "todays": ActivitySerializer(own.on_day(clock.today()).order_by("scheduled_at", "pk"), many=True,
                                         context=self.get_serializer_context()).data,
            "overdue": ActivitySerializer(own.overdue().order_by("scheduled_at", "pk"), many=True,
                                          context=self.get_serializer_context()).data,
        })


# --------------------------------------------------------------------------- review and reports
def _form_errors(form):
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


class ActivityReviewView(APIView):
    """SAL-REV-1: per rep, planned / done / overdue / completion rate for a week or month
    (``?period=week|month&date=YYYY-MM-DD&rep=<id>``).  Managers and the administrator only."""

    allowed_roles = (Role.ADMIN, Role.MANAGER)

    @extend_schema(parameters=[OpenApiParameter("period", str), OpenApiParameter("date", str),
                               OpenApiParameter("rep", int)], responses={200: OpenApiTypes.OBJECT, 400: VALIDATION})
    def get(self, request):
        form = ReviewFilterForm(request.query_params, user=request.user)
        if not form.is_valid():
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        reps = [data["rep"]] if data.get("rep") else list(form.fields["rep"].queryset)
        rows, totals = activity_review(request.user, data["first"], data["last"], reps)
        return Response({
            "period": data["period"], "start": data["first"].isoformat(), "end": data["last"].isoformat(),
            "rows": [{"rep": r["rep_id"], "rep_name": str(r["rep"]), "planned": r["planned"], "done": r["done"],
                      "overdue": r["overdue"], "rate": None if r["rate"] is None else str(r["rate"])} for r in rows],
            "totals": {**totals, "rate": None if totals["rate"] is None else str(totals["rate"])},
        })


class SalesReportView(APIView):
    """SAL-RPT-1..4: ``pipeline``, ``forecast``, ``win-rate``, ``pyramid`` (``?start=&end=&rep=``);
    a rep sees own numbers, a manager the team's, the administrator all."""

    allowed_roles = SALES_ROLES

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str),
                               OpenApiParameter("rep", int)], responses={200: OpenApiTypes.OBJECT, 400: VALIDATION})
    def get(self, request, kind):
        from ecrm.sales.report_views import build_report

        if kind not in REPORTS:
            raise NotFound
        form, report = build_report(request.user, kind, request.query_params)
        if report is None:
            return Response(_form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        body = report.as_json()
        body["start"] = form.cleaned_data["start"].isoformat()
        body["end"] = form.cleaned_data["end"].isoformat()
        return Response(body)


router = DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
router.register("contacts", ContactViewSet, basename="contact")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("activities", ActivityViewSet, basename="activity")
router.register("industries", IndustryViewSet, basename="industry")
router.register("sources", SourceViewSet, basename="source")
router.register("stages", StageViewSet, basename="stage")
urlpatterns = [
    path("activity-review/", ActivityReviewView.as_view(), name="activity-review"),
    path("sales-reports/<slug:kind>/", SalesReportView.as_view(), name="sales-report"),
]
