"""e-Sales settings (SAL-SET-1): stages, industries and sources, edited by the administrator."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common.listing import ListPageView
from ecrm.common.models import Role
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.sales.forms import IndustryForm, SourceForm, StageForm
from ecrm.sales.lists import IndustrySpec, SourceSpec, StageSpec
from ecrm.sales.models import Industry, Source, Stage, delete_setting

ADMIN_ONLY = (Role.ADMIN,)

# kind: (model, form, list spec, plural title, caption, singular "New ..." label, url prefix)
KINDS = {
    "stages": (Stage, StageForm, StageSpec, gettext_lazy("Stages"), gettext_lazy("Stage list"),
               gettext_lazy("New stage"), gettext_lazy("Edit stage"), gettext_lazy("Delete stage"), "stage"),
    "industries": (Industry, IndustryForm, IndustrySpec, gettext_lazy("Industries"), gettext_lazy("Industry list"),
                   gettext_lazy("New industry"), gettext_lazy("Edit industry"), gettext_lazy("Delete industry"),
                   "industry"),
    "sources": (Source, SourceForm, SourceSpec, gettext_lazy("Sources"), gettext_lazy("Source list"),
                gettext_lazy("New source"), gettext_lazy("Edit source"), gettext_lazy("Delete source"), "source"),
}


def _kind(kind):
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@role_required(*ADMIN_ONLY)
def settings_home(request):
    links = [(reverse(f"sales:{k}"), v[3]) for k, v in KINDS.items()]
    return render(request, "sales/settings_home.html", {"links": links})


class SettingListView(ListPageView):
    allowed_roles = ADMIN_ONLY
    template_name = "sales/settings_list.html"
    kind = ""

    def dispatch(self, request, *args, **kwargs):
        model, _form, spec, title, caption, new_label, *_rest = _kind(self.kind)
        self.model, self.spec_class, self.title, self.caption, self.new_label = model, spec, title, caption, new_label
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return self.model.objects.all()

    def get_actions(self):
        return [(reverse(f"sales:{KINDS[self.kind][8]}-new"), self.new_label)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["settings_links"] = [(reverse(f"sales:{k}"), v[3], k == self.kind) for k, v in KINDS.items()]
        return ctx


class SettingFormView(RoleRequiredMixin, View):
    allowed_roles = ADMIN_ONLY
    kind = ""

    def get_object(self, pk):
        model = _kind(self.kind)[0]
        return model() if pk is None else get_object_or_404(model, pk=pk)

    def render_form(self, form, obj):
        model, _f, _s, plural, _c, new_label, edit_label, delete_label, _p = KINDS[self.kind]
        return render(self.request, "sales/setting_form.html", {
            "form": form, "obj": obj, "title": edit_label if obj.pk else new_label, "delete_label": delete_label,
            "cancel_url": reverse(f"sales:{self.kind}"), "kind": self.kind,
            "delete_url": reverse(f"sales:{KINDS[self.kind][8]}-delete", args=[obj.pk]) if obj.pk else "",
        })

    def get(self, request, pk=None):
        obj = self.get_object(pk)
        return self.render_form(KINDS[self.kind][1](instance=obj), obj)

    def post(self, request, pk=None):
        obj = self.get_object(pk)
        form = KINDS[self.kind][1](request.POST, instance=obj)
        if not form.is_valid():
            return self.render_form(form, obj)
        obj = form.save()
        messages.success(request, _("“%(name)s” saved") % {"name": obj.label})
        return redirect(f"sales:{self.kind}")


@require_POST
@role_required(*ADMIN_ONLY)
def setting_delete(request, kind, pk):
    model = _kind(kind)[0]
    obj = get_object_or_404(model, pk=pk)
    try:
        delete_setting(obj)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(f"sales:{KINDS[kind][8]}-edit", pk=obj.pk)
    messages.success(request, _("“%(name)s” deleted") % {"name": obj.label})
    return redirect(f"sales:{kind}")
