"""e-Sales API: settings tables."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from ecrm.common.api_tools import ModelCleanSerializer
from ecrm.common.models import Role
from ecrm.sales.models import (
    Industry,
    Source,
    Stage,
    delete_setting,
)


class SettingSerializer(ModelCleanSerializer):
    """A settings row; ``label`` is the name in the request's language.  ``code`` cannot change once created."""

    label = serializers.CharField(read_only=True)

    class Meta:
        model = Industry
        fields = ["id", "code", "name", "name_en", "label", "order", "active"]

    def validate(self, attrs):
        if self.instance is not None and "code" in attrs and attrs["code"] != self.instance.code:
            raise serializers.ValidationError({"code": [_("The code cannot be changed")]})
        return super().validate(attrs)


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
