"""e-Sales API: customers."""
import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from ecrm.common import audit
from ecrm.common.api_tools import RelatedCharField, SpecFilterMixin, full_clean_or_400
from ecrm.common.models import SALES_ROLES, SERVICE_ROLES, Role, User
from ecrm.sales import services
from ecrm.sales.lists import CustomerSpec
from ecrm.sales.models import (
    Customer,
    Industry,
    Source,
)


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
        full_clean_or_400(instance, values=attrs)
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
