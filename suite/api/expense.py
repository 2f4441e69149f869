"""e-Expense through the API: claims and their lines, advances, projects, payments, approvals, settings, reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import requests

from suite.api.resource import Endpoint, Resource, id_of
from suite.api.transport import Transport
from suite.data.expense import AdvanceData, ClaimData, LineData

Receipt = tuple[str, bytes, str]  # (file name, content, declared MIME type)
Offset = tuple[int, str]  # (advance id, amount)

_CATEGORY_CACHE: dict[str, dict[str, int]] = {}


class ExpenseApi:
    """The e-Expense resources of one session."""

    def __init__(self, transport: Transport):
        self.transport = transport
        self.claims = Resource(transport, "claims")
        self.claim_lines = Resource(transport, "claim-lines")
        self.advances = Resource(transport, "advances")
        self.projects = Resource(transport, "projects")
        self.payments = Resource(transport, "payments")
        self.employee_types = Resource(transport, "employee-types")
        self.categories = Resource(transport, "expense-categories")
        self.approvals = Endpoint(transport, "approvals")
        self.bulk_approval = Endpoint(transport, "approvals", "bulk-approve")
        self.settings = Endpoint(transport, "expense-settings")
        self.my_settings = Endpoint(transport, "my-settings")
        self.approver_choices = Endpoint(transport, "my-settings", "approvers")
        self.password = Endpoint(transport, "my-settings", "password")
        self.report = Endpoint(transport, "expense-report")

    # -- lookups ----------------------------------------------------------------------------------------------------
    def category_ids(self) -> dict[str, int]:
        """{code: id} of the expense categories (read once per deployment)."""
        if self.transport.base_url not in _CATEGORY_CACHE:
            rows = self.categories.page()
            _CATEGORY_CACHE[self.transport.base_url] = {row["code"]: row["id"] for row in rows}
        return _CATEGORY_CACHE[self.transport.base_url]

    def project_id(self, code: str) -> int:
        return id_of(self.projects, code, key="code", status="all", search=code)

    # -- claims -----------------------------------------------------------------------------------------------------
    def claim_payload(self, claim: ClaimData, category_ids: Mapping[str, int] | None = None) -> dict[str, Any]:
        """The claim with its lines as the API takes it (category codes turned into ids: ``category_ids``, or read
        once from the API)."""
        payload: dict[str, Any] = {"title": claim.title}
        if claim.project:
            payload["project"] = self.project_id(claim.project)
        ids = category_ids if category_ids is not None else self.category_ids()
        payload["new_lines"] = [{**line.as_dict(), "category": ids[line.category]} for line in claim.lines]
        return payload

    def create_claim(self, claim: ClaimData, **options: Any) -> dict:
        """A draft claim with its lines (lines that need a receipt: ``add_line`` with the receipt)."""
        return self.claims.create(self.claim_payload(claim), **options)

    def add_line_response(self, claim_id: int, line: LineData, receipt: Receipt | None = None,
                          **options: Any) -> requests.Response:
        """``POST claim-lines/``: JSON, or multipart with the receipt file."""
        data = {**line.as_dict(), "category": self.category_ids()[line.category], "claim": claim_id}
        if receipt:
            return self.claim_lines.create_response(data, files={"receipt": receipt}, **options)
        return self.claim_lines.create_response(data, **options)

    def add_line(self, claim_id: int, line: LineData, receipt: Receipt | None = None) -> dict:
        return self.transport.expect(self.add_line_response(claim_id, line, receipt), 201)

    def pay_response(self, claim_id: int, method: str = "cash", offsets: Iterable[Offset] = (),
                     paid_on: str | None = None, **options: Any) -> requests.Response:
        body: dict[str, Any] = {"method": method,
                                "offsets": [{"advance": advance, "amount": amount} for advance, amount in offsets]}
        if paid_on:
            body["paid_on"] = paid_on
        return self.claims.action_response(claim_id, "pay", body, **options)

    def pay(self, claim_id: int, method: str = "cash", offsets: Iterable[Offset] = (),
            paid_on: str | None = None) -> dict:
        """Pay a payable claim (201: the payment)."""
        return self.transport.expect(self.pay_response(claim_id, method, offsets, paid_on), 201)

    # -- advances ---------------------------------------------------------------------------------------------------
    def advance_payload(self, advance: AdvanceData) -> dict[str, Any]:
        payload: dict[str, Any] = {"purpose": advance.purpose, "amount": advance.amount,
                                   "expected_repayment": advance.expected_repayment}
        if advance.project:
            payload["project"] = self.project_id(advance.project)
        return payload

    def create_advance_response(self, advance: AdvanceData, **options: Any) -> requests.Response:
        return self.advances.create_response(self.advance_payload(advance), **options)

    def create_advance(self, advance: AdvanceData) -> dict:
        return self.transport.expect(self.create_advance_response(advance), 201)

    # -- approvals --------------------------------------------------------------------------------------------------
    def inbox(self, **params: str) -> dict:
        """{"claims": page, "advances": page} waiting for this user, each page ``{count, next, previous, results}``
        (20 rows; ``search``, ``claims_page``, ``advances_page``, ``page_size``)."""
        return self.approvals.get(**params)

    def inbox_numbers(self, search: str = "") -> set[str]:
        """The numbers of the claims and advances on the inbox's first page (``search`` narrows it: a long-lived
        deployment's inbox holds more than a page)."""
        box = self.inbox(**({"search": search, "page_size": "100"} if search else {}))
        return {item["number"] for kind in ("claims", "advances") for item in box[kind]["results"]}

    def in_inbox(self, number: str) -> bool:
        """Whether this user's inbox holds the claim or advance ``number``, however long the inbox is."""
        return number in self.inbox_numbers(search=number)

    def bulk_approve_response(self, data: dict[str, Any], **options: Any) -> requests.Response:
        return self.bulk_approval.post_response(data, **options)
