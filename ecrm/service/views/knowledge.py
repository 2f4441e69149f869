"""e-Service pages: knowledge base."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.service import markup
from ecrm.service.forms import (
    KbArticleForm,
)
from ecrm.service.lists import (
    KbSpec,
)
from ecrm.service.models import (
    SERVICE_STAFF,
    KbArticle,
)
from ecrm.service.views.base import _form_page


class KbListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = KbSpec
    title = gettext_lazy("Knowledge base")
    caption = gettext_lazy("Article list")

    def get_base_queryset(self):
        return KbArticle.objects.visible_to(self.request.user).select_related("category", "product", "author")

    def get_actions(self):
        return [(reverse("service:kb-new"), _("New article"))]


class KbFormView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get_object(self, pk):
        if not pk:
            return KbArticle(author=self.request.user)
        article = get_object_or_404(KbArticle.objects.visible_to(self.request.user), pk=pk)
        if not article.is_editable_by(self.request.user):

            raise PermissionDenied
        return article

    def title(self, article):
        return _("Edit article") if article.pk else _("New article")

    def cancel(self, article):
        return reverse("service:kb-detail", args=[article.pk]) if article.pk else reverse("service:kb")

    def get(self, request, pk=None):
        article = self.get_object(pk)
        return _form_page(request, KbArticleForm(instance=article), self.title(article), self.cancel(article))

    def post(self, request, pk=None):
        article = self.get_object(pk)
        form = KbArticleForm(request.POST, instance=article)
        if not form.is_valid():
            return _form_page(request, form, self.title(article), self.cancel(article))
        article = form.save()
        messages.success(request, _("Article “%(title)s” saved") % {"title": article.title})
        return redirect("service:kb-detail", pk=article.pk)


class KbDetailView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get(self, request, pk):
        article = get_object_or_404(
            KbArticle.objects.visible_to(request.user).select_related("category", "product", "author"), pk=pk)
        article.count_view(request.user)
        my_vote = article.kb_votes.filter(user=request.user).values_list("helpful", flat=True).first()
        return render(request, "service/kb_detail.html", {
            "article": article, "body": markup.render(article.content), "votes": article.votes(),
            "my_vote": my_vote, "can_edit": article.is_editable_by(request.user)})


@require_POST
@role_required(*SERVICE_STAFF)
def kb_vote(request, pk):
    article = get_object_or_404(KbArticle.objects.visible_to(request.user).published(), pk=pk)
    value = request.POST.get("helpful")
    if value not in ("yes", "no"):
        messages.error(request, _("Choose whether the article was helpful"))
    else:
        article.vote(request.user, value == "yes")
        messages.success(request, _("Thank you for your feedback"))
    return redirect("service:kb-detail", pk=article.pk)
