"""e-Sales API helpers (functions over ``suite.api.client.EcrmApi``): opportunities, activities, reports, settings."""

from __future__ import annotations

from typing import Any

import requests

from suite.api.client import EcrmApi


def create_opportunity(api: EcrmApi, data: dict) -> dict:
    payload = {k: v for k, v in data.items() if v not in (None, "")}
    return api.expect(api.post("/api/v1/opportunities/", json=payload), 201)


def move_stage(api: EcrmApi, opportunity_id: int, stage: str, **fields: Any) -> requests.Response:
    """PATCH the stage (and any other fields, e.g. ``lost_reason`` or ``probability``); returns the response."""
    return api.patch(f"/api/v1/opportunities/{opportunity_id}/", json={"stage": stage, **fields})


def get_opportunity(api: EcrmApi, opportunity_id: int) -> dict:
    return api.expect(api.get(f"/api/v1/opportunities/{opportunity_id}/"), 200)


def stage_history(api: EcrmApi, opportunity_id: int) -> list[dict]:
    return api.expect(api.get(f"/api/v1/opportunities/{opportunity_id}/history/"), 200)


def create_activity(api: EcrmApi, data: dict) -> dict:
    return api.expect(api.post("/api/v1/activities/", json=data), 201)


def update_activity(api: EcrmApi, activity_id: int, **fields: Any) -> requests.Response:
    return api.patch(f"/api/v1/activities/{activity_id}/", json=fields)


def get_activity(api: EcrmApi, activity_id: int) -> dict:
    return api.expect(api.get(f"/api/v1/activities/{activity_id}/"), 200)


def delete_activity(api: EcrmApi, activity_id: int) -> requests.Response:
    return api.delete(f"/api/v1/activities/{activity_id}/")


def review(api: EcrmApi, **params: Any) -> requests.Response:
    return api.get("/api/v1/activity-review/", params=params)


def add_review_comment(api: EcrmApi, activity_id: int, comment: str) -> requests.Response:
    return api.post(f"/api/v1/activities/{activity_id}/reviews/", json={"comment": comment})


def report(api: EcrmApi, kind: str, **params: Any) -> requests.Response:
    """``kind``: pipeline, forecast, win-rate, pyramid; params ``start``, ``end``, ``rep``."""
    return api.get(f"/api/v1/sales-reports/{kind}/", params=params)


def setting_path(kind: str) -> str:
    """``kind``: stages, industries, sources."""
    return f"/api/v1/{kind}/"


def close_open_opportunities(api: EcrmApi, customer_id: int, reason: str = "test clean-up") -> None:
    """Close (as lost) every open opportunity of a customer, e.g. ones a UI test created, so it can be archived."""
    for opportunity in api.list_all("/api/v1/opportunities/", status="open"):
        if opportunity["customer"] == customer_id:
            api.expect(move_stage(api, opportunity["id"], "lost", lost_reason=reason), 200)
