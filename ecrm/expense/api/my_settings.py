"""e-Expense API (``/api/v1/``): my settings."""
import re

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ecrm.common.api_tools import full_clean_or_400
from ecrm.common.models import User
from ecrm.expense.api.base import ALL_ROLES
from ecrm.expense.models import (
    ExpenseProfile,
    approver_choices,
)


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
