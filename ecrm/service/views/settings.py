"""e-Service pages: settings."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.service.forms import (
    CategoryForm,
    ProductForm,
    SlaForm,
)
from ecrm.service.models import (
    MANAGERS,
    FaultCategory,
    Priority,
    Product,
    ServiceSettings,
    SlaPolicy,
)
from ecrm.service.views.base import _form_page


@role_required(*MANAGERS)
def settings_page(request):
    initial = {"surveys_enabled": ServiceSettings.get().surveys_enabled}
    for policy_priority, (response, resolution) in _sla_values().items():
        initial[f"{policy_priority}_response"] = response
        initial[f"{policy_priority}_resolution"] = resolution
    form = SlaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        settings_row = ServiceSettings.get()
        settings_row.surveys_enabled = form.cleaned_data["surveys_enabled"]
        settings_row.save()
        messages.success(request, _("Service settings saved"))
        return redirect("service:settings")
    return render(request, "service/settings.html", {
        "form": form,
        "products": Product.objects.all(),
        "categories": FaultCategory.objects.all(),
    }, status=400 if form.errors else 200)


def _sla_values():

    return {p.value: SlaPolicy.hours_for(p.value) for p in Priority}


class SettingRowFormView(RoleRequiredMixin, View):
    allowed_roles = MANAGERS
    model = Product
    form_class = ProductForm
    titles = (gettext_lazy("New product"), gettext_lazy("Edit product"))
    saved = gettext_lazy("Product “%(name)s” saved")

    def get_object(self, pk):
        return get_object_or_404(self.model, pk=pk) if pk else self.model()

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return _form_page(request, self.form_class(instance=obj), self.titles[bool(obj.pk)],
                          reverse("service:settings"))

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = self.form_class(request.POST, instance=obj)
        if not form.is_valid():
            return _form_page(request, form, self.titles[bool(obj.pk)], reverse("service:settings"))
        obj = form.save()
        messages.success(request, self.saved % {"name": obj.name})
        return redirect("service:settings")


class CategoryFormView(SettingRowFormView):
    model = FaultCategory
    form_class = CategoryForm
    titles = (gettext_lazy("New fault category"), gettext_lazy("Edit fault category"))
    saved = gettext_lazy("Fault category “%(name)s” saved")
