"""e-Expense personas: the employee (creates and submits claims) and the approver (works the approval inbox)."""

from __future__ import annotations

import datetime
import random

from locust import task
from perf_base import EcrmUser, needs, record_created

from suite.api.client import api_path
from suite.data.expense import ClaimData, LineData


class Employee(EcrmUser):
    """Every user is an employee: sales reps and the engineer file small claims (under the receipt threshold) and
    submit them to their line manager."""

    weight = 2
    usernames = ("rep1", "rep2", "engineer")

    def prepare(self) -> None:
        self.categories: dict[str, int] = {}  # code -> id of the active ones
        if self.available("expense-categories"):
            body = self.call(self.api.expense.categories.list_response, name="claims: categories")
            self.categories = {row["code"]: row["id"] for row in body or [] if row.get("active", True)}

    @task(3)
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
    @needs("claims")
    def my_claims(self) -> None:
        self.call(self.api.expense.claims.list_response, {"mine": "true", "ordering": "-created_at"},
                  name="claims: my list")


class Approver(EcrmUser):
    """Line managers approve their team's submitted claims from the inbox (first level)."""

    weight = 1
    usernames = ("manager", "svcmanager")

    @task(3)
    @needs(api_path("approvals"), "claims")
    def approve_next(self) -> None:
        inbox = self.call(self.api.expense.approvals.get_response, name="approvals: inbox")
        claims = (inbox or {}).get("claims") or []
        if not claims:
            return
        claim = random.choice(claims[:10])
        with self.api.expense.claims.action_response(claim["id"], "approve", {"comment": "同意"}, name="claim: approve",
                                                     catch_response=True) as response:
            if response.status_code in (200, 409):
                return  # 409: another approver decided it first (bad state) - the right answer to a lost race
            if response.status_code == 403 and self.lost_race(claim["id"], claim.get("status")):
                # Two sessions of the same approver picked the same claim and the other one approved it first:
                # it now waits for the next step (finance), so "not waiting for your approval" is right.
                response.success()
                return
            detail = response.text[:200] if response.status_code else f"no response: {response.error!r}"
            response.failure(f"{response.status_code} (expected 200 or 409): {detail}")

    def lost_race(self, claim_id: int, status_seen: str | None) -> bool:
        """The claim's status moved on since the inbox showed it (read back as this approver)."""
        body = self.call(self.api.expense.claims.get_response, claim_id, name="claim: read back")
        return bool(body) and body.get("status") != (status_seen or "submitted")
