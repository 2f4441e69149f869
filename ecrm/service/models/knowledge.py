"""e-Service models: knowledge base (SVC-KB)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common import clock
from ecrm.common.models import Role
from ecrm.common.stamped import Stamped
from ecrm.common.validators import is_safe_text, safe_text
from ecrm.service.models.base import is_service_staff
from ecrm.service.models.settings import FaultCategory, Product


class KbStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("kb", "Draft")
    PUBLISHED = "published", pgettext_lazy("kb", "Published")


class KbQuerySet(models.QuerySet):
    def visible_to(self, user):
        """SVC-KB-1: published articles, plus the user's own drafts."""
        if not is_service_staff(user):
            return self.none()
        return self.filter(Q(status=KbStatus.PUBLISHED) | Q(author=user))

    def published(self):
        return self.filter(status=KbStatus.PUBLISHED)

    def search(self, q):
        """SVC-KB-2: title, content or tags contain ``q`` (case-insensitive; CJK too). Ranked: title matches first,
        then content or tag matches; within a rank by view count, then the most recently updated."""
        if not q:
            return self.order_by("-view_count", "-updated_at", "-pk")
        return (
            self.filter(Q(title__icontains=q) | Q(content__icontains=q) | Q(tags__icontains=q))
            .annotate(rank=Case(When(title__icontains=q, then=Value(0)),
                                When(content__icontains=q, then=Value(1)), default=Value(2),
                                output_field=models.IntegerField()))
            .order_by("rank", "-view_count", "-updated_at", "-pk")
        )


class KbArticle(Stamped):
    title = models.CharField(_("title"), max_length=200, validators=[MinLengthValidator(2), safe_text])
    category = models.ForeignKey(FaultCategory, verbose_name=_("fault category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, verbose_name=_("product"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    content = models.TextField(_("content"), max_length=20000, validators=[safe_text],
                               help_text=_("Plain text. A blank line starts a new paragraph; "
                                           "[text](https://…) makes a link."))
    tags = models.CharField(_("tags"), max_length=200, blank=True, validators=[safe_text],
                            help_text=_("Separate tags with commas"))
    status = models.CharField(_("status"), max_length=10, choices=KbStatus.choices, default=KbStatus.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="+", editable=False)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), editable=False)
    updated_at = models.DateTimeField(_("updated at"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = KbQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge-base article")
        verbose_name_plural = _("knowledge base")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def tag_list(self):
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]

    def clean(self):
        super().clean()
        if self.title and is_safe_text(self.title):
            self.title = self.title.strip()
            if len(self.title) < 2:
                raise ValidationError({"title": _("Ensure this value has at least 2 characters")})
        if self.content is not None and not self.content.strip():
            raise ValidationError({"content": _("This field is required.")})
        if self.tags and is_safe_text(self.tags):
            self.tags = ", ".join(self.tag_list)

    def before_save(self, now):
        if self.status == KbStatus.PUBLISHED and self.published_at is None:
            self.published_at = now

    def is_editable_by(self, user):
        return user.is_authenticated and (self.author_id == user.pk or user.role == Role.ADMIN)

    def count_view(self, user):
        """SVC-KB-3: a view of a published article by anyone but its author."""
        if self.status == KbStatus.PUBLISHED and self.author_id != user.pk:
            KbArticle.objects.filter(pk=self.pk).update(view_count=F("view_count") + 1)
            self.view_count += 1

    def vote(self, user, helpful: bool):
        """One vote per user (a unique constraint): voting again changes the user's vote."""
        KbVote.objects.update_or_create(article=self, user=user, defaults={"helpful": helpful, "at": clock.now()})

    def votes(self):
        counts = {True: 0, False: 0}
        for helpful in self.kb_votes.values_list("helpful", flat=True):
            counts[helpful] += 1
        return {"helpful": counts[True], "not_helpful": counts[False]}


class KbVote(models.Model):
    article = models.ForeignKey(KbArticle, on_delete=models.CASCADE, related_name="kb_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField(pgettext_lazy("vote", "helpful"))
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="service_kb_one_vote_per_user")]

    def __str__(self):
        return f"{self.article_id}/{self.user_id}: {self.helpful}"
