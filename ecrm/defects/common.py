"""Seeded defects of common (see ecrm/defects/__init__.py). Each entry patches one behaviour."""

from __future__ import annotations

from django.db.backends.signals import connection_created

from ecrm.common import listing
from ecrm.defects import defect
from ecrm.expense.api.claims import ClaimViewSet
from ecrm.sales.api.customers import CustomerViewSet
from ecrm.sales.models import Activity


@defect(
    "COM-PERF-D01",
    module="Common",
    title="List search re-checks every visible row with its own query (N+1): searches slow down with volume",
    description=(
        "ListSpec.apply, shared by every list page and API list, re-reads every row the user may see, one query "
        "at a time, whenever a search text is given. Results stay correct, so no functional test notices; with "
        "production volume (5,000 customers) a customer search makes hundreds of queries and its p95 rises far "
        "past the SLO. Steps: switch the defect on, run ./qa perf nightly: 'customers: search' and 'customers: "
        "list page' are flagged against the baseline and by the SLO gate."
    ),
    severity="critical",
    priority="high",
    rules=("COM-UI-4", "SAL-CUS-3"),
    caught_by="performance",
)
def list_search_n_plus_one() -> None:

    original = listing.ListSpec.apply

    def apply(self, queryset, params, sort_param="sort", search_param="q"):
        state = original(self, queryset, params, sort_param=sort_param, search_param=search_param)
        if state.q:
            # "Re-check" every row the user may see, one query each, before the search narrows it down.
            model = queryset.model
            kept = [pk for pk in queryset.values_list("pk", flat=True) if model._base_manager.filter(pk=pk).exists()]
            state.queryset = state.queryset.filter(pk__in=kept)
        return state

    listing.ListSpec.apply = apply


def _drop_owner_indexes(sender, connection, **_kwargs) -> None:
    """Drop every index of the activities whose first column is the owner (once per process and database)."""
    if connection.alias in _DROPPED:
        return
    _DROPPED.add(connection.alias)
    with connection.cursor() as cursor:
        for name, info in connection.introspection.get_constraints(cursor, Activity._meta.db_table).items():
            if info["index"] and not info["primary_key"] and not info["unique"] and info["columns"][:1] == ["owner_id"]:
                cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


_DROPPED: set[str] = set()


@defect(
    "COM-PERF-D02",
    module="e-Sales",
    title="The customer API list loads each row's owner with its own query (N+1)",
    description=(
        "CustomerViewSet.get_queryset no longer joins the owner for the list, so the serializer's owner_name reads "
        "each row's owner with one more query: 20 rows on a page, 20 more queries. Results stay right. Caught by the "
        "query budget of /api/v1/customers/ in the functional run (the count grows with the rows) and by the "
        "side-by-side compare on 'customers: search' (./qa perf compare --base HEAD --defects COM-PERF-D02)."
    ),
    severity="normal",
    priority="high",
    rules=("COM-UI-4", "SAL-CUS-3"),
)
def customer_list_owner_n_plus_one() -> None:
    original = CustomerViewSet.get_queryset

    def get_queryset(self):
        queryset = original(self)
        if self.action == "list":
            queryset = queryset.select_related(None).select_related("industry", "source")
        return queryset

    CustomerViewSet.get_queryset = get_queryset


@defect(
    "COM-PERF-D03",
    module="e-Expense",
    title="A claim's API detail lost its select_related: the employee, project, approver, payment and each line's "
          "category load one by one",
    description=(
        "ClaimViewSet.get_queryset drops its joins when one claim is read (retrieve), so the serializer loads the "
        "employee, the project, the approver and the payment with a query each, and each line's category with one "
        "more (the lines are still fetched at once, without their category). About 7 queries more on a claim of "
        "three lines, +30 % of the detail's server time: the query budget of /api/v1/claims/{id}/ catches it in "
        "the functional run; the side-by-side compare flags 'claim: read'."
    ),
    severity="normal",
    priority="medium",
    rules=("EXP-CLM-4", "COM-API-1"),
)
def claim_detail_lost_select_related() -> None:
    original = ClaimViewSet.get_queryset

    def get_queryset(self):
        queryset = original(self)
        if self.action == "retrieve":
            queryset = queryset.select_related(None).prefetch_related(None).prefetch_related(
                "lines__receipt", "payment__offsets__advance")
        return queryset

    ClaimViewSet.get_queryset = get_queryset


@defect(
    "COM-PERF-D04",
    module="e-Sales",
    title="The activities' owner indexes are missing: a rep's day and the team review scan every activity",
    description=(
        "The indexes of sales_activity that start with the owner (owner + scheduled time, and the owner's own) are "
        "dropped when the server first connects, as after a migration that lost them. Every answer stays right and "
        "the query count is the same, so neither the functional suite nor the query budgets can see it; at nominal "
        "volume (20,000 activities) 'My day' and the team review read the whole table. Caught by the side-by-side "
        "compare (./qa perf compare --base HEAD --defects COM-PERF-D04)."
    ),
    severity="normal",
    priority="medium",
    rules=("SAL-ACT-3", "SAL-REV-1"),
    caught_by="performance",
)
def missing_activity_owner_indexes() -> None:
    connection_created.connect(_drop_owner_indexes, weak=False, dispatch_uid="COM-PERF-D04")
