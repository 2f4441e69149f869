"""e-Service API helpers: plain functions over an ``EcrmApi`` (arranging data and reading rule outcomes)."""

from __future__ import annotations

from typing import Any

import requests

from suite.api.client import EcrmApi

FAULTS = "/api/v1/fault-records/"
RMAS = "/api/v1/rmas/"
UNITS = "/api/v1/installed-products/"
KB = "/api/v1/kb-articles/"
RULES = "/api/v1/alert-rules/"
ALERTS = "/api/v1/alerts/"
SURVEYS = "/api/v1/surveys/"
PRODUCTS = "/api/v1/products/"
CATEGORIES = "/api/v1/fault-categories/"
SLA = "/api/v1/sla-policies/"
SETTINGS = "/api/v1/service-settings/"
REPORT = "/api/v1/service-reports/"

# The order a ticket moves through, and the action that reaches each state.
FAULT_PATH = [("assigned", "assign"), ("in_progress", "start"), ("pending_customer", "await_customer"),
              ("resolved", "resolve"), ("closed", "close")]
RMA_PATH = {"approved": ["approve"], "received": ["approve", "receive"],
            "repaired": ["approve", "receive", "repair"], "replaced": ["approve", "receive", "replace"],
            "shipped": ["approve", "receive", "replace", "ship"], "closed": ["approve", "receive", "replace", "ship",
                                                                            "close"]}


def category_id(api: EcrmApi, code: str = "hardware") -> int:
    return next(c["id"] for c in api.expect(api.get(CATEGORIES), 200) if c["code"] == code)


def product_by_code(api: EcrmApi, code: str) -> dict:
    return next(p for p in api.expect(api.get(PRODUCTS), 200) if p["code"] == code)


def create_fault(api: EcrmApi, customer: int, product: int, category: int, description: str, **fields: Any) -> dict:
    payload = {"customer": customer, "product": product, "category": category, "description": description,
               "priority": "P3", "channel": "phone", **fields}
    return api.expect(api.post(FAULTS, json=payload), 201)


def fault(api: EcrmApi, fault_id: int) -> dict:
    return api.expect(api.get(f"{FAULTS}{fault_id}/"), 200)


def assign(api: EcrmApi, fault_id: int, assignee_id: int) -> requests.Response:
    return api.post(f"{FAULTS}{fault_id}/assign/", json={"assignee": assignee_id})


def act(api: EcrmApi, fault_id: int, action: str, **data: Any) -> requests.Response:
    return api.post(f"{FAULTS}{fault_id}/transition/", json={"action": action, **data})


def advance(manager: EcrmApi, fault_id: int, target: str, engineer_id: int, worker: EcrmApi | None = None,
            resolution: str = "Replaced the power module") -> dict:
    """Move a new ticket along the workflow up to ``target`` (the manager assigns, ``worker`` does the rest)."""
    worker = worker or manager
    body = fault(manager, fault_id)
    for state, action in FAULT_PATH:
        if action == "assign":
            body = manager.expect(assign(manager, fault_id, engineer_id), 200)
        else:
            extra = {"resolution": resolution} if action == "resolve" else {}
            body = worker.expect(act(worker, fault_id, action, **extra), 200)
        if state == target:
            return body
    raise ValueError(f"unknown target state {target!r}")


# Clean-up: the next step towards closed from each open state (a ticket is never deleted; closing is its clean-up).
CLOSE_FAULT_STEP = {"new": "assign", "assigned": "start", "in_progress": "resolve", "pending_customer": "resolve",
                    "resolved": "close"}
CLOSE_RMA_STEP = {"requested": "reject", "approved": "receive", "received": "replace", "repaired": "ship",
                  "replaced": "ship", "shipped": "close"}


def close_fault(manager: EcrmApi, fault_id: int, engineer_id: int) -> dict:
    """Take a ticket from wherever it is to closed (the service manager may do every step); the ticket as closed."""
    body = fault(manager, fault_id)
    for _ in range(len(CLOSE_FAULT_STEP)):
        action = CLOSE_FAULT_STEP.get(body["status"])
        if action is None:
            break
        if action == "assign":
            body = manager.expect(assign(manager, fault_id, engineer_id), 200)
        else:
            extra = {"resolution": "test clean-up"} if action == "resolve" else {}
            body = manager.expect(act(manager, fault_id, action, **extra), 200)
    return body


def close_rma(api: EcrmApi, rma_id: int) -> dict:
    """End an RMA: a requested one is rejected, any other is taken through to closed."""
    body = api.expect(api.get(f"{RMAS}{rma_id}/"), 200)
    for _ in range(len(CLOSE_RMA_STEP)):
        action = CLOSE_RMA_STEP.get(body["status"])
        if action is None:
            break
        extra = {"reason": "test clean-up"} if action == "reject" else {}
        if action == "ship":
            extra = {"tracking_number": "SF1234567890"}
        body = api.expect(rma_step(api, rma_id, action, **extra), 200)
    return body


def create_unit(api: EcrmApi, customer: int, product: int, serial_number: str, purchase_date: str,
                warranty_months: int = 12) -> dict:
    payload = {"customer": customer, "product": product, "serial_number": serial_number,
               "purchase_date": purchase_date, "warranty_months": warranty_months}
    return api.expect(api.post(UNITS, json=payload), 201)


def create_rma(api: EcrmApi, customer: int, unit: int, reason: str, fault_id: int | None = None) -> dict:
    payload = {"customer": customer, "installed_product": unit, "reason": reason}
    if fault_id:
        payload["fault"] = fault_id
    return api.expect(api.post(RMAS, json=payload), 201)


def rma_step(api: EcrmApi, rma_id: int, action: str, **data: Any) -> requests.Response:
    return api.post(f"{RMAS}{rma_id}/transition/", json={"action": action, **data})


def advance_rma(api: EcrmApi, rma_id: int, target: str) -> dict:
    body = None
    for action in RMA_PATH[target]:
        extra = {"tracking_number": "SF1234567890"} if action == "ship" else {}
        body = api.expect(rma_step(api, rma_id, action, **extra), 200)
    return body


def sla_of(api: EcrmApi, priority: str) -> tuple[int, int]:
    body = api.expect(api.get(f"{SLA}{priority}/"), 200)
    return body["response_hours"], body["resolution_hours"]


def set_sla(api: EcrmApi, priority: str, response: int, resolution: int) -> dict:
    return api.expect(api.patch(f"{SLA}{priority}/", json={"response_hours": response,
                                                           "resolution_hours": resolution}), 200)


def create_rule(api: EcrmApi, **fields: Any) -> dict:
    return api.expect(api.post(RULES, json=fields), 201)


def evaluate(api: EcrmApi) -> int:
    return api.expect(api.post(f"{RULES}evaluate/"), 200)["created"]


def alerts_of(api: EcrmApi, rule_id: int) -> list[dict]:
    return api.list_all(ALERTS, rule=rule_id)


def create_article(api: EcrmApi, title: str, content: str, status: str = "published", **fields: Any) -> dict:
    payload = {"title": title, "content": content, "status": status, **fields}
    return api.expect(api.post(KB, json=payload), 201)


def report(api: EcrmApi, **params: Any) -> dict:
    return api.expect(api.get(REPORT, params=params), 200)
