"""e-Service personas: the service engineer (works fault records, processes RMAs) and the service manager
(assigns new fault records, reads the reports)."""

from __future__ import annotations

import random

from locust import task
from perf_base import EcrmUser, needs, record_created

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
        body = self.call("GET", "/api/v1/fault-records/", "faults: my open list", params={"open": "open"})
        if body:
            self.fault_ids = [row["id"] for row in body["results"]] or self.fault_ids

    @task(1)
    @needs("/service/faults/")
    def fault_list_page(self) -> None:
        self.call("GET", "/service/faults/", "faults: list page", params={"open": "open"})

    @task(3)
    @needs("fault-records")
    def update_fault(self) -> None:
        if not self.fault_ids:
            return self.my_faults()
        fault = random.choice(self.fault_ids)
        body = self.call("POST", f"/api/v1/fault-records/{fault}/work-log/", "fault: add work log", expect=(201,),
                         json={"text": f"检查 {self.unique()}: {self.fake.sentence()}"})
        if body and "id" in body:
            record_created("service.WorkLogEntry", body["id"])

    @task(2)
    @needs("rmas", "installed-products")
    def process_rma(self) -> None:
        open_rmas = [pk for pk, status in self.rmas.items() if status in NEXT_RMA_STEP]
        if not open_rmas:
            units = self.call("GET", "/api/v1/installed-products/", "rma: pick a unit",
                              params={"page": random.randint(1, 5)})
            if not units or not units.get("results"):
                return
            unit = random.choice(units["results"])
            body = self.call("POST", "/api/v1/rmas/", "rma: create", expect=(201,),
                             json={"customer": unit["customer"], "installed_product": unit["id"],
                                   "reason": f"返修 {self.unique()}"})
            if body:
                self.rmas[body["id"]] = body["status"]
                record_created("service.Rma", body["id"], reason=body["reason"])
            return
        pk = random.choice(open_rmas)
        action = NEXT_RMA_STEP[self.rmas[pk]]
        payload = {"action": action}
        if action == "ship":
            payload["tracking_number"] = f"SF{self.digits}{next(self.serial):06d}"
        body = self.call("POST", f"/api/v1/rmas/{pk}/transition/", f"rma: {action}", json=payload)
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
            body = self.call("GET", "/api/v1/users/", "users: engineers", params={"role": "engineer"})
            rows = (body or {}).get("results", body or [])
            self.engineer_id = rows[0]["id"] if rows else None

    @task(2)
    @needs("/api/v1/service-reports/")
    def reports(self) -> None:
        self.call("GET", "/api/v1/service-reports/", "service: reports")

    @task(1)
    @needs("/service/reports/")
    def reports_page(self) -> None:
        self.call("GET", "/service/reports/", "service: reports page")

    @task(2)
    @needs("fault-records")
    def assign(self) -> None:
        body = self.call("GET", "/api/v1/fault-records/", "faults: unassigned", params={"status": "new"})
        if not body or not body.get("results") or self.engineer_id is None:
            return
        fault = random.choice(body["results"])
        # Another manager user may have assigned it a moment ago: re-assigning to the same engineer is fine.
        self.call("POST", f"/api/v1/fault-records/{fault['id']}/assign/", "fault: assign",
                  json={"assignee": self.engineer_id})
