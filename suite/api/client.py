"""The e-CRM API for one session: ``EcrmApi(url).login("rep1")``, then ``api.sales``, ``api.expense`` and
``api.service`` (one typed layer per subsystem, ``suite.api.{sales,expense,service}``) over one transport.

Used to arrange data (factories), to check rules at API level (tests), by the access crawl, the hostile sweep and
the Locust users (each over its own ``HttpSession``). Logins are per role; CSRF is handled by the transport and
nowhere else. Every call has two forms: ``create(data) -> dict`` (must work) and ``create_response(data)`` (the raw
answer, for tests of status codes, error bodies and permissions). ``suite.api.resource`` says how.
"""

from __future__ import annotations

import datetime
from typing import Any

import requests

from suite.api.expense import ExpenseApi
from suite.api.resource import Endpoint, Resource, id_of
from suite.api.sales import SalesApi
from suite.api.service import ServiceApi
from suite.api.transport import API, ApiError, Transport, api_path
from suite.data.users import password_of

__all__ = ["API", "ApiError", "EcrmApi", "Endpoint", "Resource", "api_path", "password_of"]

TEST_CLOCK = "/__test__/clock/"  # mounted by the test settings only
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


class TestClock:
    """The e-CRM's test clock (absent on a real deployment)."""

    __test__ = False  # not a pytest test class

    def __init__(self, transport: Transport):
        self.transport = transport

    def freeze(self, moment: datetime.datetime | None) -> None:
        """Freeze the server's clock at ``moment``; ``None`` lets it run again."""
        self.transport.expect(self.transport.post(TEST_CLOCK, json={"now": moment.isoformat() if moment else None}),
                              200)

    def today(self) -> datetime.date:
        """The server's date: the test clock's (which may be frozen), or Beijing's on a deployment without one."""
        response = self.transport.get(TEST_CLOCK)
        if response.status_code == 200:
            return datetime.date.fromisoformat(response.json()["now"][:10])
        return datetime.datetime.now(SHANGHAI).date()


class EcrmApi(Transport):
    """The e-CRM API for one logged-in user (or anonymous)."""

    def __init__(self, base_url: str, session: Any | None = None, language: str = "zh-hans"):
        super().__init__(base_url, session=session, language=language)
        self.users = Resource(self, "users")
        self.root = Endpoint(self)
        self.sales = SalesApi(self, self.users)
        self.expense = ExpenseApi(self)
        self.service = ServiceApi(self)
        self.clock = TestClock(self)

    # -- session ----------------------------------------------------------------------------------------------------
    def login_response(self, username: str, password: str, **options: Any) -> requests.Response:
        return self.request("POST", api_path("auth", "login"), json={"username": username, "password": password},
                            **options)

    def login(self, username: str, password: str | None = None) -> EcrmApi:
        password = password_of(username) if password is None else password
        self.expect(self.login_response(username, password), 200)
        self.username = username  # the session changes on login, and so does the CSRF token
        return self

    def logout_response(self, **options: Any) -> requests.Response:
        return self.request("POST", api_path("auth", "logout"), **options)

    def logout(self) -> None:
        self.expect(self.logout_response(), 200, 204)
        self.username = None

    def me_response(self, **options: Any) -> requests.Response:
        return self.request("GET", api_path("auth", "me"), **options)

    def me(self) -> dict:
        return self.expect(self.me_response(), 200)

    def user_id(self, username: str) -> int:
        return id_of(self.users, username, key="username")

    # -- paths as data ----------------------------------------------------------------------------------------------
    def resource(self, name: str) -> Resource:
        """A collection by its name in the API root (``"claims"``), for code that walks the API as data (the access
        crawl, the accessibility sweep) rather than calling one subsystem."""
        return Resource(self, name)
