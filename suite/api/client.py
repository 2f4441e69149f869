"""A small client for the e-CRM JSON API (``/api/v1/``), used to arrange data and to check rules at API level.

It wraps any ``requests.Session``-compatible object, so the Locust scenarios can hand it their own HTTP session
(without pytest ever importing Locust). Logins are per role; CSRF is handled here and nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import requests

from suite.data.leftovers import LEDGER
from suite.plugin import steps

# The seed command's demo users and passwords (docs/ARCHITECTURE.md). An external deployment with other passwords
# sets ECRM_PASSWORD_<USER>, e.g. ECRM_PASSWORD_REP1.
DEMO_USERS: dict[str, tuple[str, str]] = {
    "admin": ("admin", "Admin@2026"),
    "manager": ("manager", "Manager@2026"),
    "rep1": ("rep", "Rep1@2026"),
    "rep2": ("rep", "Rep2@2026"),
    "finance": ("finance", "Finance@2026"),
    "engineer": ("engineer", "Engineer@2026"),
    "svcmanager": ("svcmanager", "Svcmanager@2026"),
    # A second finance user, kept for tests that change a password (which ends that user's other sessions) and for
    # the "two finance users press pay at once" check.
    "clerk": ("finance", "Clerk@2026"),
}


def password_of(username: str) -> str:
    """The password of a demo user, overridable per user by the environment."""
    return os.environ.get(f"ECRM_PASSWORD_{username.upper()}", DEMO_USERS[username][1])


class ApiError(AssertionError):
    """The API answered something other than what the arranging step needed."""

    def __init__(self, response: requests.Response, expected: tuple[int, ...]):
        self.response = response
        body = response.text[:500]
        super().__init__(
            f"{response.request.method} {response.request.url} answered {response.status_code}, "
            f"expected {expected}: {body}"
        )


@dataclass
class Credentials:
    username: str
    password: str


class EcrmApi:
    """The e-CRM API for one logged-in user (or anonymous)."""

    def __init__(self, base_url: str, session: Any | None = None, language: str = "zh-hans"):
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("Accept", "application/json")
        self.session.headers["Accept-Language"] = language
        self.username: str | None = None

    # -- transport ------------------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def csrf_headers(self) -> dict[str, str]:
        """The headers a state-changing request needs: the CSRF token (fetched once) and a same-origin Referer."""
        token = self.session.cookies.get("csrftoken")
        if token is None:
            self.session.get(self.url("/api/v1/auth/csrf/"), timeout=30)
            token = self.session.cookies.get("csrftoken", "")
        return {"X-CSRFToken": token, "Referer": self.base_url + "/"}

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """Send a request; state-changing methods carry the CSRF token."""
        headers = kwargs.pop("headers", {}) or {}
        if method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers = {**self.csrf_headers(), **headers}
        kwargs.setdefault("timeout", 30)
        response = self.session.request(method, self.url(path), headers=headers, **kwargs)
        if LEDGER.enabled and response.status_code == 201 and response.content:
            LEDGER.note(method, path, response.status_code, response.json())
        steps.api_answered(method, path, response, self.username)  # records made, act steps (suite.plugin.steps)
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def expect(self, response: requests.Response, *statuses: int) -> Any:
        """The JSON body of a response that must have one of ``statuses``; raise ``ApiError`` otherwise."""
        if response.status_code not in statuses:
            raise ApiError(response, statuses)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    # -- session ----------------------------------------------------------------------------------------------------
    def login(self, username: str, password: str | None = None) -> EcrmApi:
        password = password_of(username) if password is None else password
        response = self.post("/api/v1/auth/login/", json={"username": username, "password": password})
        self.expect(response, 200)
        self.username = username
        # The session changes on login, and so does the CSRF token.
        return self

    def logout(self) -> None:
        self.expect(self.post("/api/v1/auth/logout/"), 200, 204)
        self.username = None

    def me(self) -> dict:
        return self.expect(self.get("/api/v1/auth/me/"), 200)

    # -- lookups ----------------------------------------------------------------------------------------------------
    def list_all(self, path: str, **params) -> list[dict]:
        """Every item of a list, following the pages of a paginated one."""
        params = {"page_size": 100, **params}
        body = self.expect(self.get(path, params=params), 200)
        if isinstance(body, list):
            return body
        items = list(body["results"])
        while body.get("next"):
            body = self.expect(self.get(body["next"]), 200)
            items.extend(body["results"])
        return items

    def user_id(self, username: str) -> int:
        for user in self.list_all("/api/v1/users/"):
            if user["username"] == username:
                return user["id"]
        raise LookupError(f"no user {username!r}")

    def lookup_id(self, path: str, name: str) -> int:
        for item in self.list_all(path):
            if item["name"] == name:
                return item["id"]
        raise LookupError(f"no {path} named {name!r}")

    # -- sales ------------------------------------------------------------------------------------------------------
    def create_customer(self, data: dict) -> dict:
        payload = dict(data)
        if isinstance(payload.get("owner"), str):
            payload["owner"] = self.user_id(payload["owner"])
        if isinstance(payload.get("industry"), str):
            payload["industry"] = self.lookup_id("/api/v1/industries/", payload["industry"])
        if isinstance(payload.get("source"), str):
            payload["source"] = self.lookup_id("/api/v1/sources/", payload["source"])
        payload = {key: value for key, value in payload.items() if value is not None}
        return self.expect(self.post("/api/v1/customers/", json=payload), 201)

    def archive_customer(self, customer_id: int) -> requests.Response:
        return self.delete(f"/api/v1/customers/{customer_id}/")

    def create_contact(self, data: dict) -> dict:
        payload = {key: value for key, value in dict(data).items() if value not in (None, "")}
        return self.expect(self.post("/api/v1/contacts/", json=payload), 201)

    def delete_contact(self, contact_id: int) -> requests.Response:
        return self.delete(f"/api/v1/contacts/{contact_id}/")
