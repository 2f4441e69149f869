"""List specs of e-Service, shared by the pages and the API."""
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecrm.common.listing import Column, Filter, ListSpec
from ecrm.common.models import SERVICE_ROLES, User
from ecrm.service.models import (
    OPEN_FAULT_STATUSES,
    AlertKind,
    FaultCategory,
    FaultStatus,
    InstalledProduct,
    KbStatus,
    Priority,
    Product,
    RmaStatus,
)


def _products(user):
    return [(p.pk, p.label) for p in Product.objects.all()]


def _categories(user):
    return [(c.pk, c.label) for c in FaultCategory.objects.all()]


def _engineers(user):
    return [(u.pk, str(u)) for u in User.objects.filter(role__in=SERVICE_ROLES).order_by("username")]


def _sla_text(fault):
    breached = getattr(fault, "sla_breached", None)
    return _("Breached") if (fault.breached if breached is None else breached) else _("On track")


def _sla_apply(qs, value):
    return qs.filter(sla_breached=(value == "breached"))


def _open_apply(qs, value):
    return qs.filter(status__in=OPEN_FAULT_STATUSES) if value == "open" else qs.exclude(
        status__in=OPEN_FAULT_STATUSES)


class FaultSpec(ListSpec):
    csv_name = "fault-records"
    default_sort = "-created_at"
    columns = [
        Column("number", _("Ticket number"), link=lambda f: reverse("service:fault-detail", args=[f.pk])),
        Column("customer", _("Customer"), value="customer.name", order_by="customer__name"),
        Column("product", _("Product"), value="product.label", order_by="product__order"),
        Column("category", _("Fault category"), value="category.label", order_by="category__order"),
        Column("priority", _("Priority")),
        Column("status", _("Status"), value="get_status_display"),
        Column("assignee", _("Assignee"), value="assignee", order_by=("assignee__display_name", "assignee__username")),
        Column("sla", _("SLA"), value=_sla_text, order_by="sla_breached"),
        Column("created_at", _("Created on"), value="created_at"),
    ]
    filters = [
        Filter("status", _("Status"), lambda user: FaultStatus.choices, lambda qs, v: qs.filter(status=v)),
        Filter("open", _("Open or finished"), lambda user: [("open", _("Open")), ("done", _("Resolved or closed"))],
               _open_apply),
        Filter("priority", _("Priority"), lambda user: [(p.value, p.value) for p in Priority],
               lambda qs, v: qs.filter(priority=v)),
        Filter("product", _("Product"), _products, lambda qs, v: qs.filter(product_id=v)),
        Filter("category", _("Fault category"), _categories, lambda qs, v: qs.filter(category_id=v)),
        Filter("assignee", _("Assignee"), _engineers, lambda qs, v: qs.filter(assignee_id=v)),
        Filter("sla", _("SLA"), lambda user: [("breached", _("Breached")), ("ok", _("On track"))], _sla_apply),
    ]
    search_fields = ("number", "customer__name", "serial_number", "description")


class RmaSpec(ListSpec):
    csv_name = "rma"
    default_sort = "-created_at"
    columns = [
        Column("number", _("RMA number"), link=lambda r: reverse("service:rma-detail", args=[r.pk])),
        Column("customer", _("Customer"), value="customer.name", order_by="customer__name"),
        Column("product", _("Product"), value="installed_product.product.label",
               order_by="installed_product__product__order"),
        Column("serial", _("Serial number"), value="installed_product.serial_number",
               order_by="installed_product__serial_number"),
        Column("status", _("Status"), value="get_status_display"),
        Column("in_warranty", _("In warranty")),
        Column("fault", _("Fault record"), value="fault.number", order_by="fault__number"),
        Column("created_at", _("Requested on"), value="created_at"),
    ]
    filters = [
        Filter("status", _("Status"), lambda user: RmaStatus.choices, lambda qs, v: qs.filter(status=v)),
        Filter("warranty", _("In warranty"), lambda user: [("yes", _("Yes")), ("no", _("No"))],
               lambda qs, v: qs.filter(in_warranty=(v == "yes"))),
        Filter("product", _("Product"), _products, lambda qs, v: qs.filter(installed_product__product_id=v)),
    ]
    search_fields = ("number", "customer__name", "installed_product__serial_number", "tracking_number")


class KbSpec(ListSpec):
    csv_name = "knowledge-base"
    default_sort = ("-view_count", "-updated_at")
    columns = [
        Column("title", _("Title"), link=lambda a: reverse("service:kb-detail", args=[a.pk])),
        Column("category", _("Fault category"), value="category.label", order_by="category__order"),
        Column("product", _("Product"), value="product.label", order_by="product__order"),
        Column("status", _("Status"), value="get_status_display"),
        Column("author", _("Author"), value="author", order_by=("author__display_name", "author__username")),
        Column("view_count", _("Views"), numeric=True),
        Column("updated_at", _("Updated on"), value="updated_at"),
    ]
    filters = [
        Filter("status", _("Status"), lambda user: KbStatus.choices, lambda qs, v: qs.filter(status=v)),
        Filter("category", _("Fault category"), _categories, lambda qs, v: qs.filter(category_id=v)),
        Filter("product", _("Product"), _products, lambda qs, v: qs.filter(product_id=v)),
    ]

    def search(self, queryset, q):
        """SVC-KB-2: ranked search (title matches first) — see ``KbQuerySet.search``."""
        return queryset.search(q) if q else queryset

    def order(self, queryset, sort):
        if not sort and "rank" in queryset.query.annotations:
            return queryset.order_by("rank", "-view_count", "-updated_at", "-pk")
        return super().order(queryset, sort)


class AlertRuleSpec(ListSpec):
    csv_name = "alert-rules"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), link=lambda r: reverse("service:alert-rule-edit", args=[r.pk])),
        Column("kind", _("Rule type"), value="get_kind_display"),
        Column("threshold", _("N"), numeric=True),
        Column("window_hours", _("M (hours)"), numeric=True),
        Column("priority", _("Priority filter"), value=lambda r: r.priority or _("All")),
        Column("recipient", _("Recipient"), value="recipient_display", sortable=False),
        Column("active", _("Active")),
    ]
    filters = [
        Filter("kind", _("Rule type"), lambda user: AlertKind.choices, lambda qs, v: qs.filter(kind=v)),
        Filter("active", _("Active"), lambda user: [("yes", _("Yes")), ("no", _("No"))],
               lambda qs, v: qs.filter(active=(v == "yes"))),
    ]
    search_fields = ("name",)


def _alert_target(alert):
    if alert.fault_id:
        return reverse("service:fault-detail", args=[alert.fault_id])
    if alert.rma_id:
        return reverse("service:rma-detail", args=[alert.rma_id])
    return None


class AlertSpec(ListSpec):
    csv_name = "alerts"
    default_sort = "-created_at"
    columns = [
        Column("created_at", _("Raised at"), value="created_at"),
        Column("rule", _("Alert rule"), value="rule.name", order_by="rule__name"),
        Column("message", _("Message"), link=_alert_target),
        Column("acknowledged", _("Acknowledged"), value=lambda a: a.acknowledged_at is not None,
               order_by="acknowledged_at"),
    ]
    filters = [
        Filter("state", _("State"), lambda user: [("open", _("Not acknowledged")), ("ack", _("Acknowledged"))],
               lambda qs, v: qs.filter(acknowledged_at__isnull=(v == "open"))),
        Filter("kind", _("Rule type"), lambda user: AlertKind.choices, lambda qs, v: qs.filter(rule__kind=v)),
    ]
    search_fields = ("message", "rule__name")


class SurveySpec(ListSpec):
    csv_name = "surveys"
    default_sort = "-created_at"
    columns = [
        Column("fault", _("Fault record"), value="fault.number", order_by="fault__number",
               link=lambda s: reverse("service:fault-detail", args=[s.fault_id])),
        Column("customer", _("Customer"), value="fault.customer.name", order_by="fault__customer__name"),
        Column("product", _("Product"), value="fault.product.label", order_by="fault__product__order"),
        Column("created_at", _("Sent at"), value="created_at"),
        Column("answered_at", _("Answered at"), value="answered_at"),
        Column("satisfaction", _("Satisfaction"), numeric=True),
        Column("recommend", _("Recommend"), numeric=True),
        Column("comment", _("Customer comment"), sortable=False),
    ]
    filters = [
        Filter("state", _("State"), lambda user: [("answered", _("Answered")), ("pending", _("Not answered"))],
               lambda qs, v: qs.filter(answered_at__isnull=(v == "pending"))),
        Filter("product", _("Product"), _products, lambda qs, v: qs.filter(fault__product_id=v)),
    ]
    search_fields = ("fault__number", "fault__customer__name", "comment")


class ServiceCustomerSpec(ListSpec):
    csv_name = "service-customers"
    default_sort = "name"
    columns = [
        Column("name", _("Name"), link=lambda c: reverse("service:customer-detail", args=[c.pk])),
        Column("city", _("City")),
        Column("phone", _("Phone")),
        Column("units", _("Installed products"), value="units", numeric=True),
        Column("open_tickets", _("Open fault records"), value="open_tickets", numeric=True),
    ]
    filters = [
        Filter("tickets", _("Open fault records"), lambda user: [("yes", _("Yes")), ("no", _("No"))],
               lambda qs, v: qs.filter(open_tickets__gt=0) if v == "yes" else qs.filter(open_tickets=0)),
    ]
    search_fields = ("name", "phone", "installed_products__serial_number")

    def search(self, queryset, q):
        if not q:
            return queryset

        unit_hits = InstalledProduct.objects.filter(serial_number__icontains=q).values("customer_id")
        return queryset.filter(Q(name__icontains=q) | Q(phone__icontains=q) | Q(pk__in=unit_hits))


def annotate_customers(qs):
    return qs.annotate(
        units=Count("installed_products", distinct=True),
        open_tickets=Count("fault_records", filter=Q(fault_records__status__in=OPEN_FAULT_STATUSES), distinct=True),
    )
