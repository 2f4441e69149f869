"""e-Service pages: base."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from ecrm.common.permissions import RoleRequiredMixin
from ecrm.service.models import SERVICE_STAFF


def _errors_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_page(request, form, title, cancel_url, subtitle="", status=200):
    return render(request, "service/form.html",
                  {"form": form, "title": title, "cancel_url": cancel_url, "subtitle": subtitle}, status=status)


class CreatePageView(RoleRequiredMixin, View):
    """A page that creates one record (a fault record, an RMA) with its form and its service, then opens it."""

    allowed_roles = SERVICE_STAFF
    form_class = None
    title = ""
    list_url = ""
    detail_url = ""
    created_message = ""  # with %(number)s

    def initial(self, request) -> dict:
        return {}

    def create(self, record, user):
        raise NotImplementedError

    def get(self, request):
        form = self.form_class(initial=self.initial(request))
        return _form_page(request, form, str(self.title), reverse(self.list_url))

    def post(self, request):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return _form_page(request, form, str(self.title), reverse(self.list_url))
        record = self.create(form.instance, request.user)
        messages.success(request, self.created_message % {"number": record.number})
        return redirect(self.detail_url, pk=record.pk)
