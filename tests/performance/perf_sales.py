"""e-Sales personas: the sales rep and the sales manager."""

from __future__ import annotations

import datetime
import random

from locust import task
from perf_base import EcrmUser, covers, needs, record_created, rows_of

from suite.api.client import api_path
from suite.api.sales import REPORT_KINDS
from suite.data.sales import ActivityData, contact_data, customer_data, opportunity_data

# What reps type into the customer search: common parts of company names, cities and surnames (the volume data
# is Faker zh_CN, so these hit tens to hundreds of rows, like real searches do).
SEARCH_TERMS = ("科技", "有限", "集团", "贸易", "信息", "北京", "上海", "深圳", "杭州", "成都", "王", "李", "张",
                "电子")
OPEN_STAGES = ("lead", "qualified", "proposal", "negotiation")
CALL_OUTCOMES = ("connected", "busy", "no_answer", "powered_off")


class SalesRep(EcrmUser):
    """Searches customers, opens the 360° view, logs calls, moves opportunities, adds customers and contacts; starts
    the day on the dashboard and "my day", and follows up contacts, opportunities and activities."""

    weight = 4
    usernames = ("rep1", "rep2")

    def prepare(self) -> None:
        self.customer_ids: list[int] = []
        self.own_customer_ids: list[int] = []
        self.opportunity_ids: list[int] = []
        self.search_customers()

    # -- reads ------------------------------------------------------------------------------------------------------
    @task(4)
    @covers("customer-list")
    def search_customers(self) -> None:
        term = random.choice(SEARCH_TERMS)
        body = self.call(self.api.sales.customers.list_response, {"search": term}, name="customers: search")
        if body:
            self.customer_ids = [row["id"] for row in body["results"]] or self.customer_ids

    @task(2)
    @covers("sales:customers")
    def customer_list_page(self) -> None:
        params = {"q": random.choice(SEARCH_TERMS), "sort": random.choice(("name", "-created_at", "city"))}
        self.page("/sales/customers/", "customers: list page", **params)

    @task(3)
    @covers("sales:customer-detail")
    def open_customer_360(self) -> None:
        pool = self.customer_ids + self.own_customer_ids
        if pool:
            self.page(f"/sales/customers/{random.choice(pool)}/", "customer: 360 view")

    @task(1)
    @covers("customer-detail")
    def customer_card(self) -> None:
        """The customer's card through the API (the record behind the 360° view)."""
        pool = self.customer_ids + self.own_customer_ids
        if pool:
            self.call(self.api.sales.customers.get_response, random.choice(pool), name="customer: read")

    @task(1)
    @covers("dashboard", "sales:home")
    def start_of_day(self) -> None:
        self.page("/", "dashboard")
        self.page("/sales/", "sales: home")

    @task(2)
    @covers("sales:my-day")
    def my_day_page(self) -> None:
        self.page("/sales/my-day/", "my day: page")

    @task(1)
    @covers("activity-my-day")
    @needs("activities")
    def my_day(self) -> None:
        self.call(self.api.sales.my_day.get_response, name="activities: my day")

    @task(2)
    @covers("contact-list", "contact-detail")
    def find_contact(self) -> None:
        self.open_one(self.api.sales.contacts, {"search": random.choice(SEARCH_TERMS)}, "contacts: search",
                      "contact: read")

    @task(1)
    @covers("sales:contacts", "sales:contact-detail")
    def contact_pages(self) -> None:
        self.browse("/sales/contacts/", "contacts: list page", "contact: page", q=random.choice(SEARCH_TERMS))

    @task(1)
    @covers("opportunity-list", "opportunity-detail", "opportunity-history")
    @needs("opportunities")
    def review_opportunity(self) -> None:
        """Open one of the rep's open opportunities and how its stage moved."""
        body = self.open_one(self.api.sales.opportunities, {"status": "open", "ordering": "-amount"},
                             "opportunities: my open list", "opportunity: read")
        if body:
            self.call(self.api.sales.history(body["id"]).list_response, name="opportunity: stage history")

    @task(1)
    @covers("sales:opportunities", "sales:opportunity-detail")
    def opportunity_pages(self) -> None:
        self.browse("/sales/opportunities/", "opportunities: list page", "opportunity: page", status="open")

    @task(1)
    @covers("activity-list", "activity-detail")
    @needs("activities")
    def recent_activity(self) -> None:
        self.open_one(self.api.sales.activities, {"ordering": "-scheduled_at"}, "activities: my list",
                      "activity: read")

    @task(1)
    @covers("sales:activities", "sales:activity-detail")
    def activity_pages(self) -> None:
        self.browse("/sales/activities/", "activities: list page", "activity: page",
                    status=random.choice(("planned", "done", "overdue")))

    # -- writes -----------------------------------------------------------------------------------------------------
    @task(2)
    @covers("POST customer-list")
    def create_customer(self) -> None:
        data = customer_data(self.fake, self.uniq, name=f"{self.fake.company()} {self.unique()}",
                             phone=self.unique_phone(), website="", owner=None).as_dict()
        body = self.call(self.api.sales.create_customer_response, data, name="customer: create", expect=(201,))
        if body:
            self.own_customer_ids.append(body["id"])
            record_created("sales.Customer", body["id"], name=body["name"], phone=body["phone"])

    @task(1)
    @covers("POST contact-list", "POST customer-list")
    def add_contact(self) -> None:
        if not self.own_customer_ids:
            return self.create_customer()
        data = contact_data(self.fake, self.uniq, email=f"{self.unique()}@example.com",
                            customer=random.choice(self.own_customer_ids)).as_dict()
        body = self.call(self.api.sales.create_contact_response, data, name="contact: create", expect=(201,))
        if body:
            record_created("sales.Contact", body["id"], name=body["name"], email=body["email"])

    @task(2)
    @covers("POST activity-list")
    @needs("activities")
    def log_call(self) -> None:
        pool = self.own_customer_ids or self.customer_ids
        if not pool:
            return
        call = ActivityData(customer=random.choice(pool), subject=f"回访 {self.unique()}",
                            scheduled_at=datetime.datetime.now(datetime.UTC).isoformat(), type="call", duration=10,
                            status="done", outcome=random.choice(CALL_OUTCOMES), notes=self.fake.sentence())
        body = self.call(self.api.sales.create_activity_response, call, name="activity: log call", expect=(201,))
        if body:
            record_created("sales.Activity", body["id"], subject=call.subject)

    @task(1)
    @covers("POST opportunity-list", "PATCH opportunity-detail", "POST customer-list")
    @needs("opportunities")
    def move_opportunity(self) -> None:
        if not self.opportunity_ids:
            if not self.own_customer_ids:
                return self.create_customer()
            close = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()
            data = opportunity_data(self.fake, self.uniq, {"id": random.choice(self.own_customer_ids)},
                                    name=f"商机 {self.unique()}", amount=f"{random.randint(1000, 900000)}.00",
                                    expected_close=close, competitor="")
            body = self.call(self.api.sales.create_opportunity_response, data, name="opportunity: create",
                             expect=(201,))
            if body:
                self.opportunity_ids.append(body["id"])
                record_created("sales.Opportunity", body["id"], name=body["name"])
            return
        self.call(self.api.sales.opportunities.update_response, random.choice(self.opportunity_ids),
                  {"stage": random.choice(OPEN_STAGES)}, name="opportunity: move stage")


class SalesManager(EcrmUser):
    """Reviews the team's activities (and comments on calls), reads the sales reports and the pipeline."""

    weight = 1
    usernames = ("manager",)

    @task(3)
    @covers("activity-review")
    @needs(api_path("activity-review"))
    def activity_review(self) -> None:
        self.call(self.api.sales.review.get_response, {"period": random.choice(("week", "month"))},
                  name="review: team activities")

    @task(1)
    @covers("sales:review")
    @needs("/sales/review/")
    def activity_review_page(self) -> None:
        self.page("/sales/review/", "review: page", period=random.choice(("week", "month")))

    @task(3)
    @covers("sales-report")
    @needs(api_path("sales-reports", "pipeline"))
    def reports(self) -> None:
        self.call(self.api.sales.report_response, random.choice(REPORT_KINDS), name="reports: sales report")

    @task(1)
    @covers("sales:pipeline")
    @needs("/sales/opportunities/board/")
    def pipeline_board(self) -> None:
        self.page("/sales/opportunities/board/", "opportunities: pipeline board")

    @task(2)
    @covers("customer-list")
    def team_customers(self) -> None:
        self.call(self.api.sales.customers.list_response, {"ordering": "-created_at"}, name="customers: team list")

    @task(2)
    @covers("sales:reports", "sales:report")
    def report_pages(self) -> None:
        self.page("/sales/reports/", "reports: home page")
        self.page(f"/sales/reports/{self.rotate('report', REPORT_KINDS)}/", "reports: report page")

    @task(1)
    @covers("opportunity-board")
    @needs("opportunities")
    def board(self) -> None:
        self.call(self.api.sales.board.get_response, name="opportunities: board")

    @task(1)
    @covers("activity-list", "activity-detail", "POST activity-reviews")
    @needs("activities")
    def comment_on_activity(self) -> None:
        """Read one of the team's finished calls and leave a review comment (SAL-REV-2)."""
        done = rows_of(self.call(self.api.sales.activities.list_response, {"status": "done", "type": "call"},
                                 name="review: team calls"))
        if not done:
            return
        activity = self.call(self.api.sales.activities.get_response, random.choice(done[:20])["id"],
                             name="review: activity")
        if not activity:
            return
        comment = f"跟进得不错 {self.unique()}"
        body = self.call(self.api.sales.add_review_comment_response, activity["id"], comment, name="review: comment",
                         expect=(201,))
        if body:
            record_created("sales.ActivityReview", body["id"], comment=comment)
