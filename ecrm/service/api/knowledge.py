"""e-Service API (``/api/v1/``): knowledge base."""
from __future__ import annotations

import copy

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from ecrm.common.api_tools import AuthoredSerializer, SpecFilterMixin, full_clean_or_400
from ecrm.service.lists import KbSpec
from ecrm.service.models import (
    SERVICE_STAFF,
    KbArticle,
)


class KbSerializer(AuthoredSerializer):
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
        full_clean_or_400(instance, exclude=["author"], values=attrs)
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
