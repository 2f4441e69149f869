"""e-Sales personas: the sales rep and the sales manager."""

from __future__ import annotations

import datetime
import random

from locust import task
from perf_base import EcrmUser, needs, record_created

from suite.data.sales import contact_data, customer_data

# What reps type into the customer search: common parts of company names, cities and surnames (the volume data
# is Faker zh_CN, so these hit tens to hundreds of rows, like real searches do).
SEARCH_TERMS = ("科技", "有限", "集团", "贸易", "信息", "北京", "上海", "深圳", "杭州", "成都", "王", "李", "张",
                "电子")
OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
CALL_OUTCOMES = ("connected", "busy", "no_answer", "powered_off")


class SalesRep(EcrmUser):
    """Searches customers, opens the 360° view, logs calls, moves opportunities, adds customers and contacts."""

    weight = 4
    usernames = ("rep1", "rep2")

    def prepare(self) -> None:
        self.customer_ids: list[int] = []
        self.own_customer_ids: list[int] = []
        self.opportunity_ids: list[int] = []
        self.search_customers()

    # -- reads ------------------------------------------------------------------------------------------------------
    @task(4)
    def search_customers(self) -> None:
        term = random.choice(SEARCH_TERMS)
        body = self.call("GET", "/api/v1/customers/", "customers: search", params={"search": term})
        if body:
            self.customer_ids = [row["id"] for row in body["results"]] or self.customer_ids

    @task(2)
    def customer_list_page(self) -> None:
        params = {"q": random.choice(SEARCH_TERMS), "sort": random.choice(("name", "-created_at", "city"))}
        self.call("GET", "/sales/customers/", "customers: list page", params=params)

    @task(3)
    def open_customer_360(self) -> None:
        pool = self.customer_ids + self.own_customer_ids
        if pool:
            self.call("GET", f"/sales/customers/{random.choice(pool)}/", "customer: 360 view")

    # -- writes -----------------------------------------------------------------------------------------------------
    @task(1)
    def create_customer(self) -> None:
        data = customer_data(self.fake, self.uniq, name=f"{self.fake.company()} {self.unique()}",
                             phone=self.unique_phone(), website="", owner=None).as_dict()
        payload = {key: value for key, value in data.items() if value not in (None, "")}
        body = self.call("POST", "/api/v1/customers/", "customer: create", expect=(201,), json=payload)
        if body:
            self.own_customer_ids.append(body["id"])
            record_created("sales.Customer", body["id"], name=body["name"], phone=body["phone"])

    @task(1)
    def add_contact(self) -> None:
        if not self.own_customer_ids:
            return self.create_customer()
        data = contact_data(self.fake, self.uniq, email=f"{self.unique()}@example.com").as_dict()
        data["customer"] = random.choice(self.own_customer_ids)
        payload = {key: value for key, value in data.items() if value not in (None, "")}
        body = self.call("POST", "/api/v1/contacts/", "contact: create", expect=(201,), json=payload)
        if body:
            record_created("sales.Contact", body["id"], name=body["name"], email=body["email"])

    @task(2)
    @needs("activities")
    def log_call(self) -> None:
        pool = self.own_customer_ids or self.customer_ids
        if not pool:
            return
        payload = {
            "type": "call",
            "subject": f"回访 {self.unique()}",
            "customer": random.choice(pool),
            "scheduled_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "duration": 10,
            "status": "done",
            "outcome": random.choice(CALL_OUTCOMES),
            "notes": self.fake.sentence(),
        }
        body = self.call("POST", "/api/v1/activities/", "activity: log call", expect=(201,), json=payload)
        if body:
            record_created("sales.Activity", body["id"], subject=payload["subject"])

    @task(1)
    @needs("opportunities")
    def move_opportunity(self) -> None:
        if not self.opportunity_ids:
            if not self.own_customer_ids:
                return self.create_customer()
            close = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
            payload = {"customer": random.choice(self.own_customer_ids), "name": f"商机 {self.unique()}",
                       "amount": f"{random.randint(1000, 900000)}.00", "expected_close": close}
            body = self.call("POST", "/api/v1/opportunities/", "opportunity: create", expect=(201,), json=payload)
            if body:
                self.opportunity_ids.append(body["id"])
                record_created("sales.Opportunity", body["id"], name=body["name"])
            return
        stage = random.choice(OPEN_STAGES)
        self.call("PATCH", f"/api/v1/opportunities/{random.choice(self.opportunity_ids)}/", "opportunity: move stage",
                  json={"stage": stage})


class SalesManager(EcrmUser):
    """Reviews the team's activities, reads the sales reports and the pipeline."""

    weight = 1
    usernames = ("manager",)

    @task(3)
    @needs("/api/v1/activity-review/")
    def activity_review(self) -> None:
        self.call("GET", "/api/v1/activity-review/", "review: team activities",
                  params={"period": random.choice(("week", "month"))})

    @task(1)
    @needs("/sales/review/")
    def activity_review_page(self) -> None:
        self.call("GET", "/sales/review/", "review: page", params={"period": random.choice(("week", "month"))})

    @task(3)
    @needs("/api/v1/sales-reports/pipeline/")
    def reports(self) -> None:
        kind = random.choice(("pipeline", "forecast", "win-rate", "pyramid"))
        self.call("GET", f"/api/v1/sales-reports/{kind}/", "reports: sales report")

    @task(1)
    @needs("/sales/opportunities/board/")
    def pipeline_board(self) -> None:
        self.call("GET", "/sales/opportunities/board/", "opportunities: pipeline board")

    @task(2)
    def team_customers(self) -> None:
        self.call("GET", "/api/v1/customers/", "customers: team list", params={"ordering": "-created_at"})
