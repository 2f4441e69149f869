"""e-Sales API: activities (SAL-ACT, SAL-REV)."""
import copy

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ecrm.common import clock
from ecrm.common.api_tools import (
    AuthoredSerializer,
    RelatedBooleanField,
    RelatedCharField,
    SpecFilterMixin,
    full_clean_or_400,
)
from ecrm.common.models import SALES_ROLES
from ecrm.sales import queries, services
from ecrm.sales.api.customers import _LIST_PARAMS
from ecrm.sales.lists import ActivitySpec
from ecrm.sales.models import (
    Activity,
    ActivityReview,
    Contact,
    Customer,
    Opportunity,
)
from ecrm.sales.queries import activity_queryset, period_params


class ReviewSerializer(AuthoredSerializer):
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
        full_clean_or_400(instance, values=attrs)
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

        activity = self.get_object()
        if not queries.can_review(request.user):
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

        own = activity_queryset(request.user).filter(owner=request.user).prefetch_related("reviews__author",
                                                                                   "follow_ups")
        return Response({
            "today": clock.today().isoformat(),
            "todays": ActivitySerializer(own.on_day(clock.today()).order_by("scheduled_at", "pk"), many=True,
                                         context=self.get_serializer_context()).data,
            "overdue": ActivitySerializer(own.overdue().order_by("scheduled_at", "pk"), many=True,
                                          context=self.get_serializer_context()).data,
        })
