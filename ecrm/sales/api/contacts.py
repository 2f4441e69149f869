"""e-Sales API: contacts."""

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ecrm.common.api_tools import ModelCleanSerializer, SpecFilterMixin
from ecrm.common.models import SALES_ROLES, SERVICE_ROLES
from ecrm.sales.api.customers import _LIST_PARAMS
from ecrm.sales.lists import ContactSpec
from ecrm.sales.models import (
    Contact,
    Customer,
)


class ContactSerializer(ModelCleanSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)

    cleaned_fields = ("mobile", "email")

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
