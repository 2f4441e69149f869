"""e-Sales sections of the customer 360° page: contacts, opportunities, activities."""
from django.utils.translation import gettext_lazy as _

from ecrm.sales.models import Activity


def customer_panels(customer, user):
    contacts = list(customer.contacts.all().order_by("-is_primary", "name"))
    opportunities = list(customer.opportunities.select_related("owner", "stage").order_by("-created_at", "-pk"))
    activities = list(Activity.objects.visible_to(user).filter(customer=customer).select_related("owner")
                      .order_by("-scheduled_at", "-pk")[:50])
    return [
        (_("Contacts"), "sales/_panel_contacts.html", {"customer": customer, "contacts": contacts}),
        (_("Opportunities"), "sales/_panel_opportunities.html", {"opportunities": opportunities}),
        (_("Activities"), "sales/_panel_activities.html", {"activities": activities}),
    ]
