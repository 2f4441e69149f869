"""e-Expense pages: the report, system settings, employee types and categories."""
import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import audit, clock
from ecrm.common.listing import ListPageView, ListSpec
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.expense import reports
from ecrm.expense.forms import (
    CategoryForm,
    EmployeeTypeForm,
    ExpenseSettingsForm,
)
from ecrm.expense.lists import (
    CategorySpec,
    EmployeeTypeSpec,
)
from ecrm.expense.models import (
    Category,
    EmployeeType,
    ExpenseSettings,
)
from ecrm.expense.views.base import FINANCE_ROLES, _error


@role_required(*FINANCE_ROLES)
def report(request):
    """EXP-RPT-1: spending by employee, category, project or month."""
    form = reports.ReportForm(request.GET or None)
    result = reports.run(form)
    if request.GET.get("export") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(result.group_label), _("Lines"), _("Claims"), _("Amount")])
        for row in result.rows:
            writer.writerow([ListSpec._csv_cell(row["label"]), row["lines"], row["claims"], f"{row['amount']:.2f}"])
        writer.writerow([_("Total"), result.lines, result.claims, f"{result.total:.2f}"])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="expense-report-{clock.today():%Y%m%d}.csv"'
        return response
    params = request.GET.copy()
    params["export"] = "csv"
    return render(request, "expense/report.html", {"form": form, "result": result,
                                                   "export_url": "?" + params.urlencode()},
                  status=400 if form.errors else 200)


# --------------------------------------------------------------------------- system settings
@role_required(*FINANCE_ROLES)
def settings_view(request):
    row = ExpenseSettings.load()
    before = audit.snapshot(row, ExpenseSettingsForm.Meta.fields)
    form = ExpenseSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record_changes(row, request.user, before, ExpenseSettingsForm.Meta.fields)
        messages.success(request, _("Settings saved"))
        return redirect("expense:settings")
    return render(request, "expense/settings.html", {"form": form}, status=400 if form.errors else 200)


class EmployeeTypeListView(ListPageView):
    """员工类型: the list, with the form for a new type above it."""

    allowed_roles = FINANCE_ROLES
    spec_class = EmployeeTypeSpec
    title = gettext_lazy("Employee types")
    caption = gettext_lazy("Employee type list")
    template_name = "expense/employee_types.html"

    def get_base_queryset(self):
        return EmployeeType.objects.all()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = getattr(self, "form", None) or EmployeeTypeForm(with_limits=False)
        return ctx

    def post(self, request, *args, **kwargs):
        self.form = EmployeeTypeForm(request.POST, with_limits=False)
        if self.form.is_valid():
            employee_type = self.form.save()
            audit.record(employee_type, request.user, "create", new=employee_type.name)
            messages.success(request, _("Employee type “%(name)s” saved") % {"name": employee_type.name})
            return redirect("expense:employee-types")
        self.spec = self.spec_class(request.user)
        self.state = self.spec.apply(self.get_base_queryset(), request.GET)
        return self.render_to_response(self.get_context_data(), status=400)


class EmployeeTypeEditView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, employee_type, status=200):
        return render(self.request, "expense/employee_type_form.html",
                      {"form": form, "employee_type": employee_type}, status=status)

    def get(self, request, pk):
        employee_type = get_object_or_404(EmployeeType, pk=pk)
        return self.render_form(EmployeeTypeForm(instance=employee_type), employee_type)

    def post(self, request, pk):
        employee_type = get_object_or_404(EmployeeType, pk=pk)
        old_name = employee_type.name
        form = EmployeeTypeForm(request.POST, instance=employee_type)
        if not form.is_valid():
            return self.render_form(form, employee_type, status=400)
        employee_type = form.save()
        form.save_limits()
        if old_name != employee_type.name:
            audit.record(employee_type, request.user, "update", field="name", old=old_name, new=employee_type.name)
        messages.success(request, _("Employee type “%(name)s” saved") % {"name": employee_type.name})
        return redirect("expense:employee-types")


@require_POST
@role_required(*FINANCE_ROLES)
def employee_type_delete(request, pk):
    employee_type = get_object_or_404(EmployeeType, pk=pk)
    try:
        employee_type.delete()
    except ValidationError as exc:
        _error(request, exc)
        return redirect("expense:employee-type-edit", pk=pk)
    messages.success(request, _("Employee type “%(name)s” deleted") % {"name": employee_type.name})
    return redirect("expense:employee-types")


class CategoryListView(ListPageView):
    allowed_roles = FINANCE_ROLES
    spec_class = CategorySpec
    title = gettext_lazy("Expense categories")
    caption = gettext_lazy("Category list")

    def get_base_queryset(self):
        return Category.objects.all()

    def get_actions(self):
        return [(reverse("expense:category-new"), _("New category"))]


class CategoryFormView(RoleRequiredMixin, View):
    allowed_roles = FINANCE_ROLES

    def render_form(self, form, category, status=200):
        title = _("Edit category") if category.pk else _("New category")
        return render(self.request, "expense/form.html", {"form": form, "title": title,
                                                          "cancel_url": reverse("expense:categories"),
                                                          "subtitle": category.label if category.pk else ""},
                      status=status)

    def get(self, request, pk=None):
        category = get_object_or_404(Category, pk=pk) if pk else Category()
        return self.render_form(CategoryForm(instance=category), category)

    def post(self, request, pk=None):
        category = get_object_or_404(Category, pk=pk) if pk else Category()
        form = CategoryForm(request.POST, instance=category)
        if not form.is_valid():
            return self.render_form(form, category, status=400)
        category = form.save()
        messages.success(request, _("Category “%(name)s” saved") % {"name": category.label})
        return redirect("expense:categories")
