"""e-Expense personas: the employee (claims and advances), the approver (works the approval inbox) and finance (the
second approval, settlement, payments, projects and the expense report)."""

from __future__ import annotations

import datetime
import random

from locust import task
from perf_base import EcrmUser, covers, needs, record_created, rows_of

from suite.api.client import api_path
from suite.data.expense import ClaimData, LineData

REPORT_GROUPS = ("employee", "category", "project", "month")


class Employee(EcrmUser):
    """Every user is an employee: sales reps and the engineer file small claims (under the receipt threshold) and
    submit them to their line manager, follow them and their advances, and look at their expense settings."""

    weight = 2
    usernames = ("rep1", "rep2", "engineer")

    def prepare(self) -> None:
        self.categories: dict[str, int] = {}  # code -> id of the active ones
        self.claim_ids: list[int] = []
        if self.available("expense-categories"):
            body = self.call(self.api.expense.categories.list_response, name="claims: categories")
            self.categories = {row["code"]: row["id"] for row in body or [] if row.get("active", True)}

    @task(3)
    @covers("POST claim-list", "POST claim-submit")
    @needs("claims", "expense-categories")
    def create_and_submit_claim(self) -> None:
        if not self.categories:
            return
        lines = []
        for _ in range(random.randint(1, 3)):
            day = datetime.date.today() - datetime.timedelta(days=random.randint(1, 30))
            lines.append(LineData(date=day.isoformat(), category=random.choice(list(self.categories)),
                                  amount=f"{random.randint(10, 150)}.{random.randint(0, 99):02d}",
                                  description=self.fake.sentence()[:100]))
        data = ClaimData(title=f"报销 {self.unique()}", lines=lines)
        payload = self.api.expense.claim_payload(data, self.categories)
        claim = self.call(self.api.expense.claims.create_response, payload, name="claim: create", expect=(201,))
        if not claim:
            return
        record_created("expense.Claim", claim["id"], title=data.title)
        self.call(self.api.expense.claims.action_response, claim["id"], "submit", name="claim: submit")

    @task(2)
    @covers("claim-list")
    @needs("claims")
    def my_claims(self) -> None:
        body = self.call(self.api.expense.claims.list_response, {"mine": "true", "ordering": "-created_at"},
                         name="claims: my list")
        if body:
            self.claim_ids = [row["id"] for row in rows_of(body)] or self.claim_ids

    @task(2)
    @covers("claim-detail", "claim-line-detail")
    @needs("claims")
    def open_claim(self) -> None:
        """One of the employee's claims, and the details of one of its lines."""
        if not self.claim_ids:
            return self.my_claims()
        claim = self.call(self.api.expense.claims.get_response, random.choice(self.claim_ids[:20]), name="claim: read")
        lines = (claim or {}).get("lines") or []
        if lines:
            self.call(self.api.expense.claim_lines.get_response, random.choice(lines)["id"], name="claim line: read")

    @task(2)
    @covers("expense:claims", "expense:claim-detail")
    def claim_pages(self) -> None:
        self.browse("/expense/claims/", "claims: list page", "claim: page")

    @task(1)
    @covers("expense:home")
    def expense_home(self) -> None:
        self.page("/expense/", "expense: home")

    @task(1)
    @covers("advance-list", "advance-detail")
    @needs("advances")
    def my_advances(self) -> None:
        self.open_one(self.api.expense.advances, {"ordering": "-created_at"}, "advances: my list", "advance: read")

    @task(1)
    @covers("expense:advances", "expense:advance-detail")
    def advance_pages(self) -> None:
        self.browse("/expense/advances/", "advances: list page", "advance: page")

    @task(1)
    @covers("api-my-settings", "api-my-approvers", "api-expense-settings")
    @needs(api_path("my-settings"))
    def my_settings(self) -> None:
        """What the claim form and "my settings" read: the bank account and default approver, the approvers to
        choose from, the receipt and approval thresholds."""
        self.call(self.api.expense.my_settings.get_response, name="my settings: read")
        self.call(self.api.expense.approver_choices.get_response, name="my settings: approvers")
        self.call(self.api.expense.settings.get_response, name="expense settings: read")


class InboxApprover(EcrmUser):
    """Works an approval inbox: approves one of the first claims waiting for this user (abstract: the line manager's
    first level and finance's second share it, under their own request names)."""

    abstract = True

    def approve_from_inbox(self, inbox_name: str, approve_name: str) -> None:
        inbox = self.call(self.api.expense.approvals.get_response, name=inbox_name)
        claims = ((inbox or {}).get("claims") or {}).get("results") or []
        if not claims:
            return
        claim = random.choice(claims[:10])
        # 409: another approver decided it first (bad state) - the right answer to a lost race. 403: two sessions of
        # the same approver picked the same claim and the other one approved it first: it now waits for the next step,
        # so "not waiting for your approval" is right when the claim's status moved on.
        self.contended(self.api.expense.claims.action_response, claim["id"], "approve", {"comment": "同意"},
                       name=approve_name, recheck=(403,), moved_on=lambda: self.lost_race(claim["id"], claim["status"]))

    def lost_race(self, claim_id: int, status_seen: str | None) -> bool:
        """The claim's status moved on since the inbox showed it (read back as this approver)."""
        body = self.call(self.api.expense.claims.get_response, claim_id, name="claim: read back")
        return bool(body) and body.get("status") != (status_seen or "submitted")


class Approver(InboxApprover):
    """Line managers approve their team's submitted claims from the inbox (first level)."""

    weight = 1
    usernames = ("manager", "svcmanager")

    @task(3)
    @covers("api-approvals", "POST claim-approve", "claim-detail")
    @needs(api_path("approvals"), "claims")
    def approve_next(self) -> None:
        self.approve_from_inbox("approvals: inbox", "claim: approve")

    @task(1)
    @covers("expense:approvals")
    def approvals_page(self) -> None:
        self.page("/expense/approvals/", "approvals: inbox page")


class Finance(InboxApprover):
    """Finance approves the claims the line managers passed (second level), pays approved claims, and keeps an eye on
    payments, project budgets and the expense report."""

    weight = 1
    usernames = ("finance",)

    @task(3)
    @covers("api-approvals", "POST claim-approve", "claim-detail")
    @needs(api_path("approvals"), "claims")
    def approve_passed_claims(self) -> None:
        self.approve_from_inbox("approvals: finance inbox", "claim: finance approve")

    @task(2)
    @covers("claim-list", "POST claim-pay")
    @needs("claims")
    def pay_next(self) -> None:
        """Pay one of the claims finance approved (cash; 409: another finance session paid it first)."""
        payable = rows_of(self.call(self.api.expense.claims.list_response, {"status": "finance_approved"},
                                    name="claims: payable"))
        if not payable:
            return
        claim = random.choice(payable[:10])
        payment = self.contended(self.api.expense.pay_response, claim["id"], "cash", name="claim: pay",
                                 expect=(201,))
        if payment:
            record_created("expense.Payment", payment["id"], number=payment["number"], claim=claim["id"])

    @task(2)
    @covers("expense:settlement")
    def settlement_page(self) -> None:
        self.page("/expense/settlement/", "settlement: page")

    @task(1)
    @covers("payment-list", "payment-detail")
    @needs("payments")
    def payments(self) -> None:
        self.open_one(self.api.expense.payments, {}, "payments: list", "payment: read")

    @task(1)
    @covers("expense:payments")
    def payments_page(self) -> None:
        self.page("/expense/payments/", "payments: list page")

    @task(1)
    @covers("project-list", "project-detail")
    @needs("projects")
    def project_budgets(self) -> None:
        self.open_one(self.api.expense.projects, {"status": "all"}, "projects: list", "project: read")

    @task(1)
    @covers("expense:projects", "expense:project-detail")
    def project_pages(self) -> None:
        self.browse("/expense/projects/", "projects: list page", "project: page")

    @task(2)
    @covers("api-expense-report")
    @needs(api_path("expense-report"))
    def expense_report(self) -> None:
        self.call(self.api.expense.report.get_response, {"group": self.rotate("group", REPORT_GROUPS)},
                  name="expense: report")

    @task(1)
    @covers("expense:reports")
    def reports_page(self) -> None:
        self.page("/expense/reports/", "expense: reports page")
