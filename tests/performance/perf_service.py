"""e-Service personas: the service engineer (works fault records, processes RMAs) and the service manager
(assigns new fault records, reads the reports)."""

from __future__ import annotations

import random

from locust import task
from perf_base import EcrmUser, needs, record_created

from suite.api.client import api_path

# One RMA step at a time (SVC-RMA-1); an in-warranty unit is repaired without a quote.
NEXT_RMA_STEP = {"requested": "approve", "approved": "receive", "received": "replace", "replaced": "ship",
                 "repaired": "ship", "shipped": "close"}


class ServiceEngineer(EcrmUser):
    """Logs work on the fault records assigned to them and takes their own RMAs through the workflow."""

    weight = 2
    usernames = ("engineer",)

    def prepare(self) -> None:
        self.fault_ids: list[int] = []
        self.rmas: dict[int, str] = {}  # the RMAs this user opened: id -> status

    @task(2)
    @needs("fault-records")
    def my_faults(self) -> None:
        body = self.call(self.api.service.faults.list_response, {"open": "open"}, name="faults: my open list")
        if body:
            self.fault_ids = [row["id"] for row in body["results"]] or self.fault_ids

    @task(1)
    @needs("/service/faults/")
    def fault_list_page(self) -> None:
        self.page("/service/faults/", "faults: list page", open="open")

    @task(3)
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


class ServiceManager(EcrmUser):
    """Assigns new fault records to the engineer and reads the service reports."""

    weight = 1
    usernames = ("svcmanager",)

    def prepare(self) -> None:
        self.engineer_id = None
        if self.available("users"):
            body = self.call(self.api.users.list_response, {"role": "engineer"}, name="users: engineers")
            rows = (body or {}).get("results", body or [])
            self.engineer_id = rows[0]["id"] if rows else None

    @task(2)
    @needs(api_path("service-reports"))
    def reports(self) -> None:
        self.call(self.api.service.report.get_response, name="service: reports")

    @task(1)
    @needs("/service/reports/")
    def reports_page(self) -> None:
        self.page("/service/reports/", "service: reports page")

    @task(2)
    @needs("fault-records")
    def assign(self) -> None:
        body = self.call(self.api.service.faults.list_response, {"status": "new"}, name="faults: unassigned")
        if not body or not body.get("results") or self.engineer_id is None:
            return
        fault = random.choice(body["results"])
        # Another manager user may have assigned it a moment ago: re-assigning to the same engineer is fine.
        self.call(self.api.service.assign_response, fault["id"], self.engineer_id, name="fault: assign")
