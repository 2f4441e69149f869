"""e-Expense pages: my settings."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ecrm.common.permissions import role_required
from ecrm.expense.forms import (
    EcrmPasswordChangeForm,
    MySettingsForm,
)
from ecrm.expense.models import (
    ExpenseProfile,
)
from ecrm.expense.views.base import ALL_ROLES


@role_required(*ALL_ROLES)
def my_settings(request):
    """EXP-ME-1/2: bank account, default approver, language."""
    profile = ExpenseProfile.of(request.user)
    form = MySettingsForm(request.POST or None, instance=profile, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        language = form.cleaned_data["language"]
        request.user.language = language
        request.user.save(update_fields=["language"])
        translation.activate(language)
        messages.success(request, _("Your settings have been saved"))
        response = redirect("expense:my-settings")
        response.set_cookie("django_language", language, samesite="Lax")
        return response
    return render(request, "expense/my_settings.html", {"form": form, "profile": profile},
                  status=400 if form.errors else 200)


@role_required(*ALL_ROLES)
def change_password(request):
    form = EcrmPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed"))
        return redirect("expense:my-settings")
    return render(request, "expense/form.html", {"form": form, "title": _("Change password"),
                                                 "cancel_url": reverse("expense:my-settings")},
                  status=400 if form.errors else 200)
