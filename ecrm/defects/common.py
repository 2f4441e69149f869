"""Seeded defects of common (see ecrm/defects/__init__.py). Each entry patches one behaviour."""

from __future__ import annotations

from ecrm.common import listing
from ecrm.defects import defect


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
