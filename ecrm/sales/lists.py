"""List specs of e-Sales, shared by the pages and the API."""
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ecrm.common.listing import Column, Filter, ListSpec, status_filter
from ecrm.common.models import User
from ecrm.sales.models import (
    CLOSED_STAGES,
    ActivityStatus,
    ActivityType,
    CallOutcome,
    Contact,
    Customer,
    Industry,
    Level,
    Source,
    Stage,
)


def _customer_url(obj):
    return reverse("sales:customer-detail", args=[obj.pk])


def _owner_choices(user):
    qs = User.objects.filter(role__in=["rep", "manager"])
    if user.role == "manager":
        qs = qs.filter(Q(line_manager=user) | Q(pk=user.pk))
    elif user.role == "rep":
        qs = qs.filter(pk=user.pk)
    return [(u.pk, str(u)) for u in qs.order_by("username")]


class CustomerSpec(ListSpec):
    csv_name = "customers"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), link=_customer_url),
        Column("level", _("Level"), value="get_level_display"),
        Column("industry", _("Industry"), value="industry.label", order_by="industry__name"),
        Column("source", _("Source"), value="source.label", order_by="source__name"),
        Column("city", _("City")),
        Column("phone", _("Phone")),
        Column("owner", _("Owner"), value=lambda c: str(c.owner), order_by=("owner__display_name", "owner__username")),
        Column("created_at", _("Created on"), value="created_at"),
    ]
    filters = [
        Filter("level", _("Level"), lambda user: Level.choices, lambda qs, v: qs.filter(level=v)),
        Filter(
            "industry",
            _("Industry"),
            lambda user: [(i.pk, i.label) for i in Industry.objects.all()],
            lambda qs, v: qs.filter(industry_id=v),
        ),
        Filter("owner", _("Owner"), _owner_choices, lambda qs, v: qs.filter(owner_id=v)),
        status_filter("archived", False, "archived", _("Archived")),
    ]

    def search(self, queryset, q):
        """SAL-CUS-3: by name, phone or contact name."""
        if not q:
            return queryset
        contact_hits = Contact.objects.filter(name__icontains=q).values("customer_id")
        return queryset.filter(Q(name__icontains=q) | Q(phone__icontains=q) | Q(pk__in=contact_hits))


def _contact_customer_choices(user):
    return [(c.pk, c.name) for c in Customer.objects.visible_to(user).active().order_by("name").only("pk", "name")]


class ContactSpec(ListSpec):
    csv_name = "contacts"
    default_sort = "name"
    columns = [
        Column("name", pgettext_lazy("contact", "Name"), link=lambda c: reverse("sales:contact-detail", args=[c.pk])),
        Column("customer", _("Customer"), value="customer.name", order_by="customer__name",
               link=lambda c: reverse("sales:customer-detail", args=[c.customer_id])),
        Column("title", _("Job title")),
        Column("mobile", _("Mobile")),
        Column("email", _("Email")),
        Column("is_primary", _("Primary contact")),
        Column("birthday", _("Birthday")),
    ]
    filters = [
        Filter("customer", _("Customer"), _contact_customer_choices, lambda qs, v: qs.filter(customer_id=v)),
        Filter(
            "primary",
            _("Primary contact"),
            lambda user: [("yes", _("Yes")), ("no", _("No"))],
            lambda qs, v: qs.filter(is_primary=(v == "yes")),
        ),
    ]
    search_fields = ("name", "mobile", "email", "customer__name")


# --------------------------------------------------------------------------- opportunities
def _percent(value):
    return "" if value is None else f"{value}%"


def _opportunity_status(qs, value):
    if value == "open":
        return qs.exclude(stage_id__in=CLOSED_STAGES)
    if value == "closed":
        return qs.filter(stage_id__in=CLOSED_STAGES)
    return qs


class OpportunitySpec(ListSpec):
    csv_name = "opportunities"
    default_sort = ("-created_at",)
    columns = [
        Column("name", _("Name"), link=lambda o: reverse("sales:opportunity-detail", args=[o.pk])),
        Column("customer", _("Customer"), value="customer.name", order_by="customer__name"),
        Column("stage", _("Stage"), value="stage.label", order_by=("stage__order", "stage__code")),
        Column("amount", _("Amount"), numeric=True),
        Column("probability", _("Probability"), value=lambda o: _percent(o.probability), numeric=True),
        Column("weighted", _("Weighted amount"), value="weighted_amount", order_by="weighted_sort", numeric=True),
        Column("expected_close", _("Expected close date")),
        Column("owner", _("Owner"), value=lambda o: str(o.owner), order_by=("owner__display_name", "owner__username")),
    ]
    filters = [
        Filter("stage", _("Stage"), lambda user: [(s.code, s.label) for s in Stage.objects.all()],
               lambda qs, v: qs.filter(stage_id=v)),
        Filter("owner", _("Owner"), _owner_choices, lambda qs, v: qs.filter(owner_id=v)),
        Filter("status", _("Status"), lambda user: [("open", _("Open")), ("closed", _("Won or lost"))],
               _opportunity_status),
    ]
    search_fields = ("name", "customer__name", "competitor")


# --------------------------------------------------------------------------- activities
def _activity_status(qs, value):
    if value == "overdue":
        return qs.overdue()
    return qs.filter(status=value)


class ActivitySpec(ListSpec):
    csv_name = "activities"
    default_sort = ("-scheduled_at",)
    columns = [
        Column("subject", _("Subject"), link=lambda a: reverse("sales:activity-detail", args=[a.pk])),
        Column("type", _("Type"), value="get_type_display"),
        Column("customer", _("Customer"), value="customer.name", order_by="customer__name"),
        Column("contact", _("Contact"), value=lambda a: a.contact.name if a.contact_id else "",
               order_by="contact__name"),
        Column("scheduled_at", _("Scheduled time")),
        Column("status", _("Status"), value="status_text"),
        Column("outcome", _("Call outcome"), value="get_outcome_display"),
        Column("owner", _("Owner"), value=lambda a: str(a.owner), order_by=("owner__display_name", "owner__username")),
    ]
    filters = [
        Filter("type", _("Type"), lambda user: ActivityType.choices, lambda qs, v: qs.filter(type=v)),
        Filter("status", _("Status"), lambda user: [*ActivityStatus.choices, ("overdue", _("Overdue"))],
               _activity_status),
        Filter("outcome", _("Call outcome"), lambda user: CallOutcome.choices, lambda qs, v: qs.filter(outcome=v)),
        Filter("owner", _("Owner"), _owner_choices, lambda qs, v: qs.filter(owner_id=v)),
    ]
    search_fields = ("subject", "customer__name", "contact__name", "notes")


# --------------------------------------------------------------------------- settings tables
class SettingSpec(ListSpec):
    default_sort = ("order",)
    search_fields = ("code", "name", "name_en")
    columns = [
        Column("name", _("Name (Chinese)")),
        Column("name_en", _("Name (English)")),
        Column("code", _("Code")),
        Column("order", _("Order"), numeric=True),
        Column("active", _("Active")),
    ]


class StageSpec(SettingSpec):
    csv_name = "stages"
    columns = [
        Column("name", _("Name (Chinese)"), link=lambda s: reverse("sales:stage-edit", args=[s.pk])),
        *SettingSpec.columns[1:4],
        Column("probability", _("Default probability"), value=lambda s: _percent(s.probability), numeric=True),
        SettingSpec.columns[4],
    ]


class IndustrySpec(SettingSpec):
    csv_name = "industries"
    columns = [Column("name", _("Name (Chinese)"), link=lambda s: reverse("sales:industry-edit", args=[s.pk])),
               *SettingSpec.columns[1:]]


class SourceSpec(SettingSpec):
    csv_name = "sources"
    columns = [Column("name", _("Name (Chinese)"), link=lambda s: reverse("sales:source-edit", args=[s.pk])),
               *SettingSpec.columns[1:]]


SETTING_SPECS = {Stage: StageSpec, Industry: IndustrySpec, Source: SourceSpec}
