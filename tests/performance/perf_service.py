"""e-Service personas: the service engineer (works fault records, processes RMAs, looks things up in the KB) and the
service manager (assigns and closes fault records, keeps alert rules, works the alerts, reads surveys, customers and
the reports)."""

from __future__ import annotations

import random

from locust import task
from perf_base import EcrmUser, covers, needs, record_created, rows_of

from suite.api.client import api_path

# One RMA step at a time (SVC-RMA-1); an in-warranty unit is repaired without a quote.
NEXT_RMA_STEP = {"requested": "approve", "approved": "receive", "received": "replace", "replaced": "ship",
                 "repaired": "ship", "shipped": "close"}
# What engineers look up in the knowledge base and the installed base.
KB_TERMS = ("硬盘", "UPS", "路由", "固件", "重启", "Wi-Fi", "电源", "VPN")
CUSTOMER_TERMS = ("科技", "有限", "集团", "北京", "上海", "深圳", "压测")


class ServiceEngineer(EcrmUser):
    """Logs work on the fault records assigned to them, takes their own RMAs through the workflow, and looks up RMAs,
    the knowledge base and customers' installed units."""

    weight = 2
    usernames = ("engineer",)

    def prepare(self) -> None:
        self.fault_ids: list[int] = []
        self.rmas: dict[int, str] = {}  # the RMAs this user opened: id -> status

    @task(2)
    @covers("fault-record-list")
    @needs("fault-records")
    def my_faults(self) -> None:
        body = self.call(self.api.service.faults.list_response, {"open": "open"}, name="faults: my open list")
        if body:
            self.fault_ids = [row["id"] for row in body["results"]] or self.fault_ids

    @task(1)
    @covers("service:faults")
    @needs("/service/faults/")
    def fault_list_page(self) -> None:
        self.page("/service/faults/", "faults: list page", open="open")

    @task(3)
    @covers("POST fault-record-work-log", "fault-record-list")
    @needs("fault-records")
    def update_fault(self) -> None:
        if not self.fault_ids:
            return self.my_faults()
        fault = random.choice(self.fault_ids)
        body = self.call(self.api.service.work_log(fault).create_response,
                         {"text": f"检查 {self.unique()}: {self.fake.sentence()}"}, name="fault: add work log",
                         expect=(201,))
        if body and "id" in body:
            record_created("service.WorkLogEntry", body["id"])

    @task(2)
    @covers("installed-product-list", "POST rma-list", "POST rma-transition")
    @needs("rmas", "installed-products")
    def process_rma(self) -> None:
        open_rmas = [pk for pk, status in self.rmas.items() if status in NEXT_RMA_STEP]
        if not open_rmas:
            units = self.call(self.api.service.units.list_response, {"page": random.randint(1, 5)},
                              name="rma: pick a unit")
            if not units or not units.get("results"):
                return
            unit = random.choice(units["results"])
            body = self.call(self.api.service.rmas.create_response,
                             {"customer": unit["customer"], "installed_product": unit["id"],
                              "reason": f"返修 {self.unique()}"}, name="rma: create", expect=(201,))
            if body:
                self.rmas[body["id"]] = body["status"]
                record_created("service.Rma", body["id"], reason=body["reason"])
            return
        pk = random.choice(open_rmas)
        action = NEXT_RMA_STEP[self.rmas[pk]]
        payload = {"action": action}
        if action == "ship":
            payload["tracking_number"] = f"SF{self.digits}{next(self.serial):06d}"
        body = self.call(self.api.service.rmas.action_response, pk, "transition", payload, name=f"rma: {action}")
        if body:
            self.rmas[pk] = body["status"]
        else:
            self.rmas.pop(pk)  # a refused step (e.g. an out-of-warranty unit needs a quote): leave this RMA


    @task(2)
    @covers("fault-record-detail", "fault-record-work-log")
    @needs("fault-records")
    def open_fault(self) -> None:
        """One of the engineer's open fault records and its work log."""
        if not self.fault_ids:
            return self.my_faults()
        fault = random.choice(self.fault_ids)
        if self.call(self.api.service.faults.get_response, fault, name="fault: read"):
            self.call(self.api.service.work_log(fault).list_response, name="fault: work log")

    @task(2)
    @covers("service:fault-detail")
    def fault_page(self) -> None:
        if not self.fault_ids:
            return self.my_faults()
        self.page(f"/service/faults/{random.choice(self.fault_ids)}/", "fault: page")

    @task(1)
    @covers("service:home")
    def service_home(self) -> None:
        self.page("/service/", "service: home")

    @task(1)
    @covers("rma-list", "rma-detail")
    @needs("rmas")
    def rmas(self) -> None:
        self.open_one(self.api.service.rmas, {"ordering": "-created_at"}, "rmas: list", "rma: read")

    @task(1)
    @covers("service:rmas", "service:rma-detail")
    def rma_pages(self) -> None:
        self.browse("/service/rma/", "rmas: list page", "rma: page")

    @task(2)
    @covers("kb-article-list", "kb-article-detail")
    @needs("kb-articles")
    def kb_search(self) -> None:
        self.open_one(self.api.service.articles, {"search": random.choice(KB_TERMS)}, "kb: search", "kb article: read")

    @task(1)
    @covers("service:kb", "service:kb-detail")
    def kb_pages(self) -> None:
        self.browse("/service/kb/", "kb: list page", "kb article: page")

    @task(1)
    @covers("installed-product-list", "installed-product-detail")
    @needs("installed-products")
    def installed_base(self) -> None:
        """A customer's installed unit: its warranty and history before a visit."""
        self.open_one(self.api.service.units, {"page": random.randint(1, 3)}, "installed products: list",
                      "installed product: read")


class ServiceManager(EcrmUser):
    """Assigns new fault records to the engineer and closes resolved ones, keeps the alert rules and works the alerts,
    reads the surveys, the customers' service side and the service reports."""

    weight = 1
    usernames = ("svcmanager",)

    def prepare(self) -> None:
        self.engineer_id = None
        self.rule_made = False
        if self.available("users"):
            body = self.call(self.api.users.list_response, {"role": "engineer"}, name="users: engineers")
            rows = (body or {}).get("results", body or [])
            self.engineer_id = rows[0]["id"] if rows else None

    @task(2)
    @covers("service-reports")
    @needs(api_path("service-reports"))
    def reports(self) -> None:
        self.call(self.api.service.report.get_response, name="service: reports")

    @task(1)
    @covers("service:reports")
    @needs("/service/reports/")
    def reports_page(self) -> None:
        self.page("/service/reports/", "service: reports page")

    @task(2)
    @covers("fault-record-list", "POST fault-record-assign")
    @needs("fault-records")
    def assign(self) -> None:
        body = self.call(self.api.service.faults.list_response, {"status": "new"}, name="faults: unassigned")
        if not body or not body.get("results") or self.engineer_id is None:
            return
        fault = random.choice(body["results"])
        # Another manager user may have assigned it a moment ago: re-assigning to the same engineer is fine.
        self.call(self.api.service.assign_response, fault["id"], self.engineer_id, name="fault: assign")

    @task(1)
    @covers("fault-record-list", "POST fault-record-transition", "fault-record-detail")
    @needs("fault-records")
    def close_resolved(self) -> None:
        """Close a resolved fault record (which sends the customer a survey, SVC-SUR-1). 400: another manager session
        closed it first, when the record reads back closed."""
        resolved = rows_of(self.call(self.api.service.faults.list_response, {"status": "resolved"},
                                     name="faults: resolved"))
        if not resolved:
            return
        pk = random.choice(resolved[:20])["id"]
        self.contended(self.api.service.faults.action_response, pk, "transition", {"action": "close"},
                       name="fault: close", recheck=(400,), moved_on=lambda: self.closed(pk))

    def closed(self, pk: int) -> bool:
        body = self.call(self.api.service.faults.get_response, pk, name="fault: read back")
        return bool(body) and body.get("status") == "closed"

    @task(2)
    @covers("alert-list", "alert-detail")
    @needs("alerts")
    def alerts(self) -> None:
        self.open_one(self.api.service.alerts, {"state": "open"}, "alerts: list", "alert: read")

    @task(1)
    @covers("service:alerts")
    def alerts_page(self) -> None:
        self.page("/service/alerts/", "alerts: inbox page")

    @task(1)
    @covers("alert-rule-list", "POST alert-rule-list", "alert-rule-detail")
    @needs("alert-rules")
    def alert_rules(self) -> None:
        """The alert rules; the first time, this user sets up its own (P1 tickets unassigned for an hour)."""
        if not self.rule_made:
            self.rule_made = True
            name = f"P1 未分派 {self.unique()}"
            body = self.call(self.api.service.rules.create_response,
                             {"name": name, "kind": "unassigned", "threshold": 60, "priority": "P1",
                              "recipient_role": "svcmanager"}, name="alert rule: create", expect=(201,))
            if body:
                record_created("service.AlertRule", body["id"], name=name)
        self.open_one(self.api.service.rules, {}, "alert rules: list", "alert rule: read")

    @task(1)
    @covers("service:alert-rules")
    def alert_rules_page(self) -> None:
        self.page("/service/alert-rules/", "alert rules: list page")

    @task(1)
    @covers("POST alert-rule-evaluate")
    @needs("alert-rules")
    def evaluate_alerts(self) -> None:
        """Evaluate the rules now (the alerts page's button; SVC-ALR-2): raises each new alert once."""
        self.call(self.api.service.rules.collection_action_response, "evaluate", name="alerts: evaluate")

    @task(1)
    @covers("survey-list", "survey-detail")
    @needs("surveys")
    def surveys(self) -> None:
        self.open_one(self.api.service.surveys, {}, "surveys: list", "survey: read")

    @task(1)
    @covers("service:surveys")
    def surveys_page(self) -> None:
        self.page("/service/surveys/", "surveys: list page")

    @task(2)
    @covers("service:customers", "service:customer-detail")
    def customer_pages(self) -> None:
        """A customer's service side: installed units, open tickets, RMAs (read-only for service roles)."""
        self.browse("/service/customers/", "service customers: list page", "service customer: page",
                    q=random.choice(CUSTOMER_TERMS))
