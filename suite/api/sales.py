"""e-Sales through the API: customers, contacts, opportunities, activities, the review, reports and settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from suite.api.resource import Endpoint, Json, Resource, id_of
from suite.api.transport import Transport
from suite.data.sales import ActivityData, OpportunityData

SETTING_KINDS = ("stages", "industries", "sources")
REPORT_KINDS = ("pipeline", "forecast", "win-rate", "pyramid")
CLEAN_UP = "test clean-up"


def _filled(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "")}


class SalesApi:
    """The e-Sales resources of one session."""

    def __init__(self, transport: Transport, users: Resource):
        self.transport = transport
        self.users = users
        self.customers = Resource(transport, "customers")
        self.contacts = Resource(transport, "contacts")
        self.opportunities = Resource(transport, "opportunities")
        self.activities = Resource(transport, "activities")
        self.stages = Resource(transport, "stages")
        self.industries = Resource(transport, "industries")
        self.sources = Resource(transport, "sources")
        self.review = Endpoint(transport, "activity-review")
        self.my_day = Endpoint(transport, "activities", "my-day")  # SAL-ACT-3: today's and the overdue activities
        self.board = Endpoint(transport, "opportunities", "board")  # SAL-OPP-6: count and amount per stage

    def setting(self, kind: str) -> Resource:
        """A settings table: ``stages``, ``industries`` or ``sources``."""
        if kind not in SETTING_KINDS:
            raise ValueError(f"no sales setting {kind!r}; one of {SETTING_KINDS}")
        return getattr(self, kind)

    # -- customers and contacts -------------------------------------------------------------------------------------
    def customer_payload(self, data: Json) -> dict[str, Any]:
        """A customer's fields with the owner, industry and source given by name turned into ids."""
        payload = dict(data)
        if isinstance(payload.get("owner"), str):
            payload["owner"] = self.user_id(payload["owner"])
        if isinstance(payload.get("industry"), str):
            payload["industry"] = id_of(self.industries, payload["industry"])
        if isinstance(payload.get("source"), str):
            payload["source"] = id_of(self.sources, payload["source"])
        return {key: value for key, value in payload.items() if value is not None}

    def create_customer_response(self, data: Json, **options: Any) -> requests.Response:
        return self.customers.create_response(self.customer_payload(data), **options)

    def create_customer(self, data: Json) -> dict:
        return self.transport.expect(self.create_customer_response(data), 201)

    def create_contact_response(self, data: Json, **options: Any) -> requests.Response:
        return self.contacts.create_response(_filled(data), **options)

    def create_contact(self, data: Json) -> dict:
        return self.transport.expect(self.create_contact_response(data), 201)

    # -- opportunities ----------------------------------------------------------------------------------------------
    def create_opportunity_response(self, data: OpportunityData | Json, **options: Any) -> requests.Response:
        payload = data.as_dict() if isinstance(data, OpportunityData) else data
        return self.opportunities.create_response(_filled(payload), **options)

    def create_opportunity(self, data: OpportunityData | Json) -> dict:
        return self.transport.expect(self.create_opportunity_response(data), 201)

    def move_stage(self, opportunity_id: int, stage: str, **fields: Any) -> requests.Response:
        """PATCH the stage (and any other fields, e.g. ``lost_reason`` or ``probability``); the raw answer."""
        return self.opportunities.update_response(opportunity_id, {"stage": stage, **fields})

    def close_as_lost(self, opportunity_id: int) -> None:
        """Clean-up: close an opportunity as lost (400: already won or lost, so no longer open; 404: gone)."""
        self.transport.expect(self.move_stage(opportunity_id, "lost", lost_reason=CLEAN_UP), 200, 400, 404)

    def stage_history(self, opportunity_id: int) -> list[dict]:
        return self.opportunities.nested(opportunity_id, "history").page()

    def history(self, opportunity_id: int) -> Resource:
        """An opportunity's stage history (SAL-OPP-5), oldest first, unpaginated."""
        return self.opportunities.nested(opportunity_id, "history")

    def close_open_opportunities(self, customer_id: int, reason: str = CLEAN_UP) -> None:
        """Close (as lost) every open opportunity of a customer, e.g. ones a UI test created, so it can be archived."""
        for opportunity in self.opportunities.list(status="open"):
            if opportunity["customer"] == customer_id:
                self.transport.expect(self.move_stage(opportunity["id"], "lost", lost_reason=reason), 200)

    # -- activities -------------------------------------------------------------------------------------------------
    def create_activity_response(self, data: ActivityData | Json, **options: Any) -> requests.Response:
        payload = data.as_dict() if isinstance(data, ActivityData) else dict(data)
        return self.activities.create_response(payload, **options)

    def create_activity(self, data: ActivityData | Json) -> dict:
        return self.transport.expect(self.create_activity_response(data), 201)

    def delete_activity(self, activity_id: int) -> None:
        """Clean-up: an activity and the follow-up calls planned from it (204, or 404 when already gone)."""
        response = self.activities.get_response(activity_id)
        if response.status_code == 200:
            for follow_up in response.json()["follow_ups"]:
                self.activities.delete(follow_up, 204, 404)
        self.activities.delete(activity_id, 204, 404)

    def reviews(self, activity_id: int) -> Resource:
        """A manager's review comments on an activity."""
        return self.activities.nested(activity_id, "reviews")

    def add_review_comment_response(self, activity_id: int, comment: str, **options: Any) -> requests.Response:
        return self.reviews(activity_id).create_response({"comment": comment}, **options)

    # -- reports ----------------------------------------------------------------------------------------------------
    def report(self, kind: str, **params: Any) -> dict:
        """``kind``: pipeline, forecast, win-rate, pyramid; params ``start``, ``end``, ``rep``."""
        return self.transport.expect(self.report_response(kind, params), 200)

    def report_response(self, kind: str, params: Json | None = None, **options: Any) -> requests.Response:
        return Endpoint(self.transport, "sales-reports", kind).get_response(params, **options)

    def user_id(self, username: str) -> int:
        return id_of(self.users, username, key="username")
