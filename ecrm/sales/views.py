"""e-Sales pages: customers and contacts.  Rules live on the models and querysets."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST

from ecrm.common import audit
from ecrm.common.listing import ListPageView
from ecrm.common.models import SALES_ROLES
from ecrm.common.permissions import RoleRequiredMixin, role_required
from ecrm.common.registry import customer_panels
from ecrm.sales import services
from ecrm.sales.forms import ContactForm, CustomerForm
from ecrm.sales.lists import ContactSpec, CustomerSpec
from ecrm.sales.models import Contact, Customer


# --------------------------------------------------------------------------- customers
class CustomerListView(ListPageView):
    allowed_roles = SALES_ROLES
    spec_class = CustomerSpec
    title = gettext_lazy("Customers")
    caption = gettext_lazy("Customer list")

    def get_base_queryset(self):
        return Customer.objects.visible_to(self.request.user).select_related("industry", "source", "owner")

    def get_actions(self):
        return [(reverse("sales:customer-new"), _("New customer"))]


class CustomerFormView(RoleRequiredMixin, View):
    allowed_roles = SALES_ROLES
    template_name = "sales/customer_form.html"

    def get_object(self, pk):
        if pk is None:
            return Customer()
        return get_object_or_404(Customer.objects.editable_by(self.request.user), pk=pk)

    def render_form(self, form, customer):
        title = _("Edit customer") if customer.pk else _("New customer")
        cancel = reverse("sales:customer-detail", args=[customer.pk]) if customer.pk else reverse("sales:customers")
        return render(self.request, self.template_name, {"form": form, "customer": customer, "title": title,
                                                         "cancel_url": cancel})

    def get(self, request, pk=None):
        customer = self.get_object(pk)
        return self.render_form(CustomerForm(instance=customer, user=request.user), customer)

    def post(self, request, pk=None):
        customer = self.get_object(pk)
        before = audit.snapshot(customer, Customer.AUDITED_FIELDS) if customer.pk else None
        form = CustomerForm(request.POST, instance=customer, user=request.user)
        if not form.is_valid():
            return self.render_form(form, customer)
        customer = services.save_customer(form.instance, request.user, before)
        messages.success(request, _("Customer “%(name)s” saved") % {"name": customer.name})
        return redirect("sales:customer-detail", pk=customer.pk)


@role_required(*SALES_ROLES)
def customer_detail(request, pk):
    customer = get_object_or_404(
        Customer.objects.visible_to(request.user).select_related("industry", "source", "owner"), pk=pk
    )
    panels = []
    for index, (title, template, context) in enumerate(customer_panels(customer, request.user)):
        panel_id = f"panel-{index}"
        html = render_to_string(template, {**context, "panel_id": panel_id}, request=request)
        panels.append({"id": panel_id, "title": title, "html": html})
    return render(
        request,
        "sales/customer_detail.html",
        {
            "customer": customer,
            "panels": panels,
            "audit_entries": audit.entries_for(customer),
            "has_open_opportunity": customer.has_open_opportunity,
        },
    )


@require_POST
@role_required(*SALES_ROLES)
def customer_archive(request, pk):
    customer = get_object_or_404(Customer.objects.editable_by(request.user), pk=pk)
    try:
        services.archive_customer(customer, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Customer “%(name)s” archived") % {"name": customer.name})
    return redirect("sales:customer-detail", pk=customer.pk)


@require_POST
@role_required(*SALES_ROLES)
def customer_restore(request, pk):
    customer = get_object_or_404(Customer.objects.editable_by(request.user), pk=pk)
    services.restore_customer(customer, request.user)
    messages.success(request, _("Customer “%(name)s” restored") % {"name": customer.name})
    return redirect("sales:customer-detail", pk=customer.pk)


# --------------------------------------------------------------------------- contacts
class ContactListView(ListPageView):
    allowed_roles = SALES_ROLES
    spec_class = ContactSpec
    title = gettext_lazy("Contacts")
    caption = gettext_lazy("Contact list")

    def get_base_queryset(self):
        return Contact.objects.visible_to(self.request.user).select_related("customer")

    def get_actions(self):
        return [(reverse("sales:contact-new"), _("New contact"))]


class ContactFormView(RoleRequiredMixin, View):
    allowed_roles = SALES_ROLES
    template_name = "sales/contact_form.html"

    def get_object(self, pk):
        if pk is None:
            return Contact()
        return get_object_or_404(Contact.objects.visible_to(self.request.user).select_related("customer"), pk=pk)

    def render_form(self, form, contact):
        title = _("Edit contact") if contact.pk else _("New contact")
        if contact.pk:
            cancel = reverse("sales:contact-detail", args=[contact.pk])
        elif form["customer"].value():
            cancel = reverse("sales:customer-detail", args=[form["customer"].value()])
        else:
            cancel = reverse("sales:contacts")
        return render(self.request, self.template_name, {"form": form, "contact": contact, "title": title,
                                                         "cancel_url": cancel})

    def get(self, request, pk=None):
        contact = self.get_object(pk)
        initial = {}
        if not contact.pk:
            customer_id = request.GET.get("customer", "")
            if customer_id.isdigit() and Customer.objects.editable_by(request.user).filter(pk=customer_id).exists():
                initial["customer"] = int(customer_id)
        return self.render_form(ContactForm(instance=contact, initial=initial, user=request.user), contact)

    def post(self, request, pk=None):
        contact = self.get_object(pk)
        form = ContactForm(request.POST, instance=contact, user=request.user)
        if not form.is_valid():
            return self.render_form(form, contact)
        with transaction.atomic():
            contact = form.save()
        messages.success(request, _("Contact “%(name)s” saved") % {"name": contact.name})
        return redirect("sales:customer-detail", pk=contact.customer_id)


@role_required(*SALES_ROLES)
def contact_detail(request, pk):
    contact = get_object_or_404(Contact.objects.visible_to(request.user).select_related("customer"), pk=pk)
    return render(request, "sales/contact_detail.html", {"contact": contact})
