"""e-Expense API helpers: plain functions over ``suite.api.client.EcrmApi`` (used by fixtures, tests and Locust)."""

from __future__ import annotations

import datetime

import requests

from suite.api.client import EcrmApi
from suite.data.expense import AdvanceData, ClaimData, LineData

Receipt = tuple[str, bytes, str]  # (file name, content, declared MIME type)


SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def today(api: EcrmApi) -> datetime.date:
    """The server's date: the test clock's (which may be frozen), or Beijing's date on a deployment without one."""
    response = api.get("/__test__/clock/")
    if response.status_code == 200:
        return datetime.date.fromisoformat(response.json()["now"][:10])
    return datetime.datetime.now(SHANGHAI).date()


_CATEGORY_CACHE: dict[str, dict[str, int]] = {}


def category_ids(api: EcrmApi) -> dict[str, int]:
    """{code: id} of the expense categories."""
    if api.base_url not in _CATEGORY_CACHE:
        rows = api.expect(api.get("/api/v1/expense-categories/"), 200)
        _CATEGORY_CACHE[api.base_url] = {row["code"]: row["id"] for row in rows}
    return _CATEGORY_CACHE[api.base_url]


def project_id(api: EcrmApi, code: str) -> int:
    for project in api.list_all("/api/v1/projects/", status="all", search=code):
        if project["code"] == code:
            return project["id"]
    raise LookupError(f"no project {code!r}")


# --------------------------------------------------------------------------- claims
def create_claim(api: EcrmApi, claim: ClaimData) -> dict:
    """Create a draft claim with its lines (lines that need a receipt: use ``add_line`` with a receipt)."""
    payload: dict = {"title": claim.title}
    if claim.project:
        payload["project"] = project_id(api, claim.project)
    ids = category_ids(api)
    payload["new_lines"] = [{**line.as_dict(), "category": ids[line.category]} for line in claim.lines]
    return api.expect(api.post("/api/v1/claims/", json=payload), 201)


def add_line(api: EcrmApi, claim_id: int, line: LineData, receipt: Receipt | None = None) -> requests.Response:
    """``POST claim-lines/`` as multipart (with the receipt file, if any)."""
    data = {**line.as_dict(), "category": category_ids(api)[line.category], "claim": claim_id}
    files = {"receipt": receipt} if receipt else None
    if files:
        return api.post("/api/v1/claim-lines/", data=data, files=files)
    return api.post("/api/v1/claim-lines/", json=data)


def get_claim(api: EcrmApi, claim_id: int) -> dict:
    return api.expect(api.get(f"/api/v1/claims/{claim_id}/"), 200)


def claim_action(api: EcrmApi, claim_id: int, action: str, **body) -> requests.Response:
    """``submit``, ``withdraw``, ``approve``, ``reject`` (``comment=``) or ``pay`` (``method=``, ``offsets=``)."""
    return api.post(f"/api/v1/claims/{claim_id}/{action}/", json=body)


def pay(api: EcrmApi, claim_id: int, method: str = "cash", offsets: list[tuple[int, str]] = (),
        paid_on: str | None = None) -> requests.Response:
    body: dict = {"method": method, "offsets": [{"advance": a, "amount": amount} for a, amount in offsets]}
    if paid_on:
        body["paid_on"] = paid_on
    return claim_action(api, claim_id, "pay", **body)


def inbox(api: EcrmApi) -> dict:
    """{"claims": [...], "advances": [...]} waiting for this user."""
    return api.expect(api.get("/api/v1/approvals/"), 200)


def inbox_numbers(api: EcrmApi) -> set[str]:
    box = inbox(api)
    return {item["number"] for item in box["claims"]} | {item["number"] for item in box["advances"]}


# --------------------------------------------------------------------------- advances
def create_advance(api: EcrmApi, advance: AdvanceData) -> requests.Response:
    payload: dict = {"purpose": advance.purpose, "amount": advance.amount,
                     "expected_repayment": advance.expected_repayment}
    if advance.project:
        payload["project"] = project_id(api, advance.project)
    return api.post("/api/v1/advances/", json=payload)


def advance_action(api: EcrmApi, advance_id: int, action: str, **body) -> requests.Response:
    """``submit``, ``withdraw``, ``approve``, ``reject``, ``disburse`` or ``repay`` (``amount=``)."""
    return api.post(f"/api/v1/advances/{advance_id}/{action}/", json=body)


def get_advance(api: EcrmApi, advance_id: int) -> dict:
    return api.expect(api.get(f"/api/v1/advances/{advance_id}/"), 200)


# --------------------------------------------------------------------------- settings
def expense_settings(api: EcrmApi) -> dict:
    return api.expect(api.get("/api/v1/expense-settings/"), 200)


def my_settings(api: EcrmApi) -> dict:
    return api.expect(api.get("/api/v1/my-settings/"), 200)


def report(api: EcrmApi, **params) -> dict:
    return api.expect(api.get("/api/v1/expense-report/", params=params), 200)
