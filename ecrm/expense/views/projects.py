"""e-Expense pages: projects."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common import audit
from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.expense.forms import (
    ProjectForm,
)
from ecrm.expense.lists import (
    ProjectSpec,
)
from ecrm.expense.models import (
    Claim,
    Project,
)
from ecrm.expense.views.base import ALL_ROLES, FINANCE_ROLES


class ProjectListView(ListPageView):
    allowed_roles = ALL_ROLES
    spec_class = ProjectSpec
    title = gettext_lazy("Projects")
    caption = gettext_lazy("Project list")

    def get_base_queryset(self):
        return Project.objects.with_spend().select_related("manager")

    def get_actions(self):
        if self.request.user.role in FINANCE_ROLES:
            return [(reverse("expense:project-new"), _("New project"))]
        return []


class ProjectFormView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, project, status=200):
        title = _("Edit project") if project.pk else _("New project")
        cancel = reverse("expense:project-detail", args=[project.pk]) if project.pk else reverse("expense:projects")
        return render(self.request, "expense/form.html", {"form": form, "title": title, "cancel_url": cancel,
                                                          "subtitle": project.code if project.pk else ""},
                      status=status)

    def get(self, request, pk=None):
        project = get_object_or_404(Project, pk=pk) if pk else Project()
        return self.render_form(ProjectForm(instance=project), project)

    def post(self, request, pk=None):
        project = get_object_or_404(Project, pk=pk) if pk else Project()
        before = audit.snapshot(project, ProjectForm.Meta.fields) if project.pk else None
        form = ProjectForm(request.POST, instance=project)
        if not form.is_valid():
            return self.render_form(form, project, status=400)
        project = form.save()
        if before is None:
            audit.record(project, request.user, "create", new=str(project))
        else:
            audit.record_changes(project, request.user, before, ProjectForm.Meta.fields)
        messages.success(request, _("Project %(code)s saved") % {"code": project.code})
        return redirect("expense:project-detail", pk=project.pk)


@role_required(*ALL_ROLES)
def project_detail(request, pk):
    project = get_object_or_404(Project.objects.with_spend().select_related("manager"), pk=pk)
    claims = Claim.objects.visible_to(request.user).filter(project=project).exclude(number=None).select_related(
        "employee").order_by("-submitted_at", "-pk")[:50]
    return render(request, "expense/project_detail.html", {
        "project": project, "claims": claims, "can_edit": request.user.role in FINANCE_ROLES,
        "audit_entries": audit.entries_for(project)})
