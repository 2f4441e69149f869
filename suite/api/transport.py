"""The one HTTP transport of the API layer: base URL, CSRF, the leftover ledger and the report's steps.

It wraps any ``requests.Session``-compatible object: a ``requests.Session`` in pytest, or a Locust user's own
``HttpSession`` (``self.client``), whose ``name=`` and ``catch_response=`` pass through every ``*_response`` method of
the layer untouched (without pytest ever importing Locust).
"""

from __future__ import annotations

from typing import Any

import requests

from suite.data.leftovers import LEDGER
from suite.plugin import steps

API = "/api/v1/"
CSRF = f"{API}auth/csrf/"
SAFE = ("GET", "HEAD", "OPTIONS")


class ApiError(AssertionError):
    """The API answered something other than what the arranging step needed."""

    def __init__(self, response: requests.Response, expected: tuple[int, ...]):
        self.response = response
        body = response.text[:500]
        super().__init__(
            f"{response.request.method} {response.request.url} answered {response.status_code}, "
            f"expected {expected}: {body}"
        )


def api_path(*parts: object) -> str:
    """``api_path("claims", 7, "approve")`` → ``/api/v1/claims/7/approve/``."""
    return API + "".join(f"{str(part).strip('/')}/" for part in parts if part is not None and part != "")


class Transport:
    """HTTP for one session (logged in or anonymous): every request of the API layer goes through ``request``."""

    def __init__(self, base_url: str, session: Any | None = None, language: str = "zh-hans"):
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else requests.Session()
        self.session.headers.setdefault("Accept", "application/json")
        self.session.headers["Accept-Language"] = language
        self.username: str | None = None

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base_url}{path}"

    def csrf_response(self, **options: Any) -> requests.Response:
        """Fetch the CSRF cookie (a Locust user does it once at log-in, under its own ``name=``)."""
        return self.session.get(self.url(CSRF), timeout=30, **options)

    def csrf_headers(self) -> dict[str, str]:
        """The headers a state-changing request needs: the CSRF token (fetched once) and a same-origin Referer."""
        token = self.session.cookies.get("csrftoken")
        if token is None:
            self.session.get(self.url(CSRF), timeout=30)
            token = self.session.cookies.get("csrftoken", "")
        return {"X-CSRFToken": token, "Referer": self.base_url + "/"}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send a request; state-changing methods carry the CSRF token. ``kwargs`` go to the session as they are
        (``json``, ``data``, ``files``, ``params``; Locust's ``name`` and ``catch_response``)."""
        headers = kwargs.pop("headers", {}) or {}
        if method.upper() not in SAFE:
            headers = {**self.csrf_headers(), **headers}
        kwargs.setdefault("timeout", 30)
        response = self.session.request(method, self.url(path), headers=headers, **kwargs)
        if LEDGER.enabled and response.status_code == 201 and response.content:
            LEDGER.note(method, path, response.status_code, response.json())
        steps.api_answered(method, path, response, self.username)  # records made, act steps (suite.plugin.steps)
        return response

    def expect(self, response: requests.Response, *statuses: int) -> Any:
        """The JSON body of a response that must have one of ``statuses``; raise ``ApiError`` otherwise."""
        if response.status_code not in statuses:
            raise ApiError(response, statuses)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    def list_all(self, path: str, **params: Any) -> list[dict]:
        """Every item of a list, following the pages of a paginated one."""
        params = {"page_size": 100, **params}
        body = self.expect(self.request("GET", path, params=params), 200)
        if isinstance(body, list):
            return body
        items = list(body["results"])
        while body.get("next"):
            body = self.expect(self.request("GET", body["next"]), 200)
            items.extend(body["results"])
        return items

    # Plain verbs, for what is not a resource of the API: the product's pages and forms, the test clock.
    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)
