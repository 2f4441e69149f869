"""e-Service pages: service customers."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ecrm.common.listing import ListPageView
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.sales.models import Customer
from ecrm.service.forms import (
    InstalledProductForm,
)
from ecrm.service.lists import (
    ServiceCustomerSpec,
    annotate_customers,
)
from ecrm.service.models import (
    SERVICE_STAFF,
    FaultRecord,
    InstalledProduct,
    Survey,
)
from ecrm.service.views.base import _form_page


class ServiceCustomerListView(ListPageView):
    allowed_roles = SERVICE_STAFF
    spec_class = ServiceCustomerSpec
    title = gettext_lazy("Service customers")
    caption = gettext_lazy("Service customer list")

    def get_base_queryset(self):
        return annotate_customers(Customer.objects.visible_to(self.request.user).active())


@role_required(*SERVICE_STAFF)
def service_customer_detail(request, pk):
    customer = get_object_or_404(Customer.objects.visible_to(request.user).select_related("industry", "owner"), pk=pk)
    faults = FaultRecord.objects.visible_to(request.user).filter(customer=customer).select_related(
        "product", "assignee")
    return render(request, "service/customer_detail.html", {
        "customer": customer,
        "units": customer.installed_products.select_related("product").order_by("product__order", "serial_number"),
        "faults": faults.with_sla(),
        "rmas": customer.rmas.select_related("installed_product__product", "fault"),
        "surveys": Survey.objects.filter(fault__customer=customer).select_related("fault"),
        "contacts": customer.contacts.all().order_by("-is_primary", "name"),
    })


class InstalledProductFormView(RoleRequiredMixin, View):
    allowed_roles = SERVICE_STAFF

    def get_object(self, pk):
        return get_object_or_404(InstalledProduct, pk=pk) if pk else InstalledProduct()

    def title(self, unit):
        return _("Edit installed product") if unit.pk else _("New installed product")

    def cancel(self, unit, customer_id=None):
        cid = unit.customer_id or customer_id
        return reverse("service:customer-detail", args=[cid]) if cid else reverse("service:customers")

    def get(self, request, pk=None):
        unit = self.get_object(pk)
        initial = {}
        customer = request.GET.get("customer", "")
        if not unit.pk and customer.isdigit() and Customer.objects.active().filter(pk=customer).exists():
            initial["customer"] = int(customer)
        form = InstalledProductForm(instance=unit, initial=initial)
        return _form_page(request, form, self.title(unit), self.cancel(unit, initial.get("customer")))

    def post(self, request, pk=None):
        unit = self.get_object(pk)
        form = InstalledProductForm(request.POST, instance=unit)
        if not form.is_valid():
            return _form_page(request, form, self.title(unit), self.cancel(unit))
        unit = form.save()
        messages.success(request, _("Installed product %(serial)s saved") % {"serial": unit.serial_number})
        return redirect("service:customer-detail", pk=unit.customer_id)
