"""e-Service sections of the customer 360° page: fault records, RMAs and surveys (SAL-CUS-4).

Sales users see the service history of their customers read-only (numbers without links: the service pages
answer 403 to sales roles); service staff get links to the records.
"""
from django.utils.translation import gettext_lazy as _

from ecrm.service.models import FaultRecord, Rma, Survey, is_service_staff


def customer_panels(customer, user):
    staff = is_service_staff(user)
    faults = FaultRecord.objects.filter(customer=customer).select_related("product").order_by("-created_at", "-pk")
    rmas = Rma.objects.filter(customer=customer).select_related("installed_product__product").order_by(
        "-created_at", "-pk")
    surveys = Survey.objects.filter(fault__customer=customer).select_related("fault").order_by("-created_at", "-pk")
    return [
        (_("Fault records"), "service/_panel_faults.html", {"faults": list(faults[:50]), "link": staff}),
        (_("RMA"), "service/_panel_rmas.html", {"rmas": list(rmas[:50]), "link": staff}),
        (_("Surveys"), "service/_panel_surveys.html", {"surveys": list(surveys[:50])}),
    ]
