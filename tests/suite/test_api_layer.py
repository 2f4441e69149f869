"""The typed API layer (suite/api) over a recording session: paths, CSRF, checked vs raw answers, Locust's options.

A Locust user hands the layer its own ``HttpSession``; the layer must pass ``name=`` and ``catch_response=`` through
untouched and must not need anything of a session but ``request``, ``get``, ``headers`` and ``cookies``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from suite.api.client import ApiError, EcrmApi
from suite.data.expense import ClaimData, LineData


class Recorder:
    """A session that answers every write with ``status`` (reads with 200) and remembers what it was asked."""

    def __init__(self, status: int = 200, body: Any = None):
        self.headers: dict[str, str] = {}
        self.cookies = requests.cookies.RequestsCookieJar()
        self.cookies.set("csrftoken", "tok")
        self.calls: list[tuple[str, str, dict]] = []
        self.status, self.body = status, body if body is not None else {"id": 7}

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        self.calls.append((method, url, kwargs))
        response = requests.Response()
        response.status_code = self.status if method != "GET" else 200
        response._content = json.dumps(self.body).encode()
        response.request = requests.Request(method, url).prepare()
        return response

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)


def api_over(recorder: Recorder) -> EcrmApi:
    return EcrmApi("http://ecrm.test/", session=recorder)


def test_each_operation_goes_to_its_path_with_its_method():
    recorder = Recorder()
    api = api_over(recorder)
    api.expense.claims.get_response(3)
    api.expense.claims.action_response(3, "approve", {"comment": "ok"})
    api.service.work_log(9).create_response({"text": "t"})
    api.sales.setting("stages").update_response(5, {"active": False})
    api.service.sla.delete_response("P1")
    api.expense.my_settings.get_response()
    api.sales.report_response("win-rate", {"rep": 2})
    sent = [(method, url.removeprefix("http://ecrm.test")) for method, url, _ in recorder.calls]
    assert sent == [("GET", "/api/v1/claims/3/"), ("POST", "/api/v1/claims/3/approve/"),
                    ("POST", "/api/v1/fault-records/9/work-log/"), ("PATCH", "/api/v1/stages/5/"),
                    ("DELETE", "/api/v1/sla-policies/P1/"), ("GET", "/api/v1/my-settings/"),
                    ("GET", "/api/v1/sales-reports/win-rate/")]
    assert recorder.calls[1][2]["json"] == {"comment": "ok"}
    assert recorder.calls[-1][2]["params"] == {"rep": 2}
    api.service.faults.action(2, "transition", action="start")  # positional-only: a body field named "action"
    assert recorder.calls[-1][2]["json"] == {"action": "start"}


def test_writes_carry_the_csrf_token_and_reads_do_not():
    recorder = Recorder()
    api = api_over(recorder)
    api.sales.customers.list_response()
    api.sales.customers.create_response({"name": "x"})
    read, write = recorder.calls
    assert "X-CSRFToken" not in read[2]["headers"]
    assert write[2]["headers"] == {"X-CSRFToken": "tok", "Referer": "http://ecrm.test/"}


def test_locust_options_pass_through_to_the_session():
    recorder = Recorder(status=201)
    api = api_over(recorder)
    api.sales.create_customer_response({"name": "x", "phone": None}, name="customer: create", catch_response=True)
    api.expense.claims.action_response(1, "submit", name="claim: submit", catch_response=True)
    api.service.faults.action_response(2, "transition", {"action": "start"})  # a body field named like a parameter
    for _method, _url, kwargs in recorder.calls[:2]:
        assert kwargs["catch_response"] is True and kwargs["name"].endswith(("create", "submit"))
    assert recorder.calls[0][2]["json"] == {"name": "x"}  # None fields are left out
    assert recorder.calls[2][2]["json"] == {"action": "start"} and "name" not in recorder.calls[2][2]


def test_the_checked_form_returns_the_body_and_the_wrong_status_raises():
    assert api_over(Recorder(status=201, body={"id": 4})).sales.customers.create({"name": "x"}) == {"id": 4}
    with pytest.raises(ApiError, match="answered 400, expected \\(201,\\)"):
        api_over(Recorder(status=400, body={"name": ["bad"]})).sales.customers.create({"name": "x"})
    api_over(Recorder(status=404)).sales.activities.delete_response(3)  # the raw form never raises
    api_over(Recorder(status=404)).sales.contacts.delete(3, 204, 404)  # a clean-up accepts what it lists
    with pytest.raises(ApiError):
        api_over(Recorder(status=404)).sales.contacts.delete(3)


def test_a_receipt_makes_a_multipart_request_and_categories_become_ids():
    recorder = Recorder(status=201, body=[{"code": "meals", "id": 11}])
    api = api_over(recorder)
    line = LineData(date="2026-01-02", category="meals", amount="9.50", description="d")
    api.expense.add_line_response(5, line, ("r.png", b"png", "image/png"))
    multipart = recorder.calls[-1][2]
    assert multipart["files"] == {"receipt": ("r.png", b"png", "image/png")} and "json" not in multipart
    assert multipart["data"]["category"] == 11 and multipart["data"]["claim"] == 5
    payload = api.expense.claim_payload(ClaimData(title="t", lines=[line]), {"meals": 12})
    assert payload == {"title": "t", "new_lines": [{**line.__dict__, "category": 12}]}
