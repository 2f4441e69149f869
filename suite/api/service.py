"""e-Service through the API: fault records, RMAs, installed products, the KB, alerts, surveys, SLA and settings."""

from __future__ import annotations

from typing import Any

import requests

from suite.api.resource import Endpoint, Resource
from suite.api.transport import Transport

# The order a ticket moves through, and the action that reaches each state.
FAULT_PATH = [("assigned", "assign"), ("in_progress", "start"), ("pending_customer", "await_customer"),
              ("resolved", "resolve"), ("closed", "close")]
RMA_PATH = {"approved": ["approve"], "received": ["approve", "receive"],
            "repaired": ["approve", "receive", "repair"], "replaced": ["approve", "receive", "replace"],
            "shipped": ["approve", "receive", "replace", "ship"], "closed": ["approve", "receive", "replace", "ship",
                                                                            "close"]}
# Clean-up: the next step towards closed from each open state (a ticket is never deleted; closing is its clean-up).
CLOSE_FAULT_STEP = {"new": "assign", "assigned": "start", "in_progress": "resolve", "pending_customer": "resolve",
                    "resolved": "close"}
CLOSE_RMA_STEP = {"requested": "reject", "approved": "receive", "received": "replace", "repaired": "ship",
                  "replaced": "ship", "shipped": "close"}
TRACKING_NUMBER = "SF1234567890"
CLEAN_UP = "test clean-up"


class ServiceApi:
    """The e-Service resources of one session."""

    def __init__(self, transport: Transport):
        self.transport = transport
        self.faults = Resource(transport, "fault-records")
        self.rmas = Resource(transport, "rmas")
        self.units = Resource(transport, "installed-products")
        self.articles = Resource(transport, "kb-articles")
        self.rules = Resource(transport, "alert-rules")
        self.alerts = Resource(transport, "alerts")
        self.surveys = Resource(transport, "surveys")
        self.products = Resource(transport, "products")
        self.categories = Resource(transport, "fault-categories")
        self.sla = Resource(transport, "sla-policies")
        self.settings = Endpoint(transport, "service-settings")
        self.report = Endpoint(transport, "service-reports")

    # -- lookups ----------------------------------------------------------------------------------------------------
    def category_id(self, code: str = "hardware") -> int:
        return next(row["id"] for row in self.categories.page() if row["code"] == code)

    def product_by_code(self, code: str) -> dict:
        return next(row for row in self.products.page() if row["code"] == code)

    # -- fault records ----------------------------------------------------------------------------------------------
    def create_fault(self, customer: int, product: int, category: int, description: str, **fields: Any) -> dict:
        payload = {"customer": customer, "product": product, "category": category, "description": description,
                   "priority": "P3", "channel": "phone", **fields}
        return self.faults.create(payload)

    def assign_response(self, fault_id: int, assignee_id: int, **options: Any) -> requests.Response:
        return self.faults.action_response(fault_id, "assign", {"assignee": assignee_id}, **options)

    def transition_response(self, fault_id: int, action: str, **data: Any) -> requests.Response:
        """A workflow step of a ticket (``start``, ``resolve`` with ``resolution=`` ...); the raw answer."""
        return self.faults.action_response(fault_id, "transition", {"action": action, **data})

    def transition(self, fault_id: int, action: str, **data: Any) -> dict:
        return self.transport.expect(self.transition_response(fault_id, action, **data), 200)

    def work_log(self, fault_id: int) -> Resource:
        return self.faults.nested(fault_id, "work-log")

    def kb_links(self, fault_id: int) -> Resource:
        return self.faults.nested(fault_id, "kb-links")

    def advance_fault(self, fault_id: int, target: str, engineer_id: int, worker: ServiceApi | None = None,
                      resolution: str = "Replaced the power module") -> dict:
        """Move a new ticket along the workflow up to ``target`` (this session assigns, ``worker`` does the rest)."""
        worker = worker or self
        for state, action in FAULT_PATH:
            if action == "assign":
                body = self.transport.expect(self.assign_response(fault_id, engineer_id), 200)
            else:
                extra = {"resolution": resolution} if action == "resolve" else {}
                body = worker.transition(fault_id, action, **extra)
            if state == target:
                return body
        raise ValueError(f"unknown target state {target!r}")

    def close_fault(self, fault_id: int, engineer_id: int) -> dict:
        """Take a ticket from wherever it is to closed (the service manager may do every step); as closed."""
        body = self.faults.get(fault_id)
        for _ in range(len(CLOSE_FAULT_STEP)):
            action = CLOSE_FAULT_STEP.get(body["status"])
            if action is None:
                break
            if action == "assign":
                body = self.transport.expect(self.assign_response(fault_id, engineer_id), 200)
            else:
                body = self.transition(fault_id, action, **({"resolution": CLEAN_UP} if action == "resolve" else {}))
        return body

    # -- installed products and RMAs --------------------------------------------------------------------------------
    def create_unit(self, customer: int, product: int, serial_number: str, purchase_date: str,
                    warranty_months: int = 12) -> dict:
        return self.units.create({"customer": customer, "product": product, "serial_number": serial_number,
                                  "purchase_date": purchase_date, "warranty_months": warranty_months})

    def create_rma(self, customer: int, unit: int, reason: str, fault_id: int | None = None) -> dict:
        payload: dict[str, Any] = {"customer": customer, "installed_product": unit, "reason": reason}
        if fault_id:
            payload["fault"] = fault_id
        return self.rmas.create(payload)

    def rma_step_response(self, rma_id: int, action: str, **data: Any) -> requests.Response:
        return self.rmas.action_response(rma_id, "transition", {"action": action, **data})

    def rma_step(self, rma_id: int, action: str, **data: Any) -> dict:
        return self.transport.expect(self.rma_step_response(rma_id, action, **data), 200)

    def advance_rma(self, rma_id: int, target: str) -> dict:
        body: dict = {}
        for action in RMA_PATH[target]:
            body = self.rma_step(rma_id, action, **({"tracking_number": TRACKING_NUMBER} if action == "ship" else {}))
        return body

    def close_rma(self, rma_id: int) -> dict:
        """End an RMA: a requested one is rejected, any other is taken through to closed."""
        body = self.rmas.get(rma_id)
        for _ in range(len(CLOSE_RMA_STEP)):
            action = CLOSE_RMA_STEP.get(body["status"])
            if action is None:
                break
            extra = {"reason": CLEAN_UP} if action == "reject" else {}
            if action == "ship":
                extra = {"tracking_number": TRACKING_NUMBER}
            body = self.rma_step(rma_id, action, **extra)
        return body

    # -- SLA, alerts, the KB ----------------------------------------------------------------------------------------
    def sla_of(self, priority: str) -> tuple[int, int]:
        body = self.sla.get(priority)
        return body["response_hours"], body["resolution_hours"]

    def set_sla(self, priority: str, response: int, resolution: int) -> dict:
        return self.sla.update(priority, response_hours=response, resolution_hours=resolution)

    def create_rule(self, **fields: Any) -> dict:
        return self.rules.create(fields)

    def evaluate(self) -> int:
        """Run the alert rules now; the number of alerts created."""
        return self.rules.collection_action("evaluate")["created"]

    def alerts_of(self, rule_id: int) -> list[dict]:
        return self.alerts.list(rule=rule_id)

    def create_article(self, title: str, content: str, status: str = "published", **fields: Any) -> dict:
        return self.articles.create({"title": title, "content": content, "status": status, **fields})

    def vote_response(self, article_id: int, helpful: Any, **options: Any) -> requests.Response:
        return self.articles.action_response(article_id, "vote", {"helpful": helpful}, **options)
