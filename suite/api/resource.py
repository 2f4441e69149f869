"""Resources of the API: one object per collection (``/api/v1/claims/``) or single endpoint (``/api/v1/my-settings/``).

Each operation comes twice: ``create(data) -> dict`` checks the status the operation answers when it works and returns
the body (arranging data, reading outcomes); ``create_response(data) -> Response`` returns the raw answer, for a test
that checks a status, an error body or a permission, and for Locust (``name=``, ``catch_response=True`` pass through
``**options`` to the session).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from suite.api.transport import Transport, api_path

Json = Mapping[str, Any]
Pk = int | str


def _body(data: Json | None, options: dict[str, Any]) -> dict[str, Any]:
    """A JSON body, or a multipart one when files go with it."""
    if options.get("files"):
        return {"data": dict(data or {}), **options}
    if data is None:
        return options
    return {"json": dict(data), **options}


class Endpoint:
    """One path of the API that is not a collection: a settings record, a report, an inbox."""

    def __init__(self, transport: Transport, *parts: object):
        self.transport = transport
        self.path = api_path(*parts)

    def get(self, /, **params: Any) -> Any:
        return self.transport.expect(self.get_response(params), 200)

    def get_response(self, params: Json | None = None, /, **options: Any) -> requests.Response:
        return self.transport.request("GET", self.path, params=dict(params or {}), **options)

    def update(self, /, **fields: Any) -> dict:
        return self.transport.expect(self.update_response(fields), 200)

    def update_response(self, data: Json, /, **options: Any) -> requests.Response:
        return self.transport.request("PATCH", self.path, **_body(data, options))

    def replace(self, data: Json) -> dict:
        return self.transport.expect(self.replace_response(data), 200)

    def replace_response(self, data: Json, /, **options: Any) -> requests.Response:
        return self.transport.request("PUT", self.path, **_body(data, options))

    def post(self, data: Json | None = None, *statuses: int) -> Any:
        """POST to the endpoint and check the answer (200 unless ``statuses`` say otherwise)."""
        return self.transport.expect(self.post_response(data), *(statuses or (200,)))

    def post_response(self, data: Json | None = None, /, **options: Any) -> requests.Response:
        return self.transport.request("POST", self.path, **_body(data, options))


class Resource:
    """A collection of the API and its items: list, create, get, update, delete, actions and nested collections."""

    def __init__(self, transport: Transport, *parts: object):
        self.transport = transport
        self.parts = parts
        self.path = api_path(*parts)

    def item_path(self, pk: Pk, *rest: object) -> str:
        return api_path(*self.parts, pk, *rest)

    # -- the collection ---------------------------------------------------------------------------------------------
    def list(self, /, **params: Any) -> list[dict]:
        """Every item (all pages) matching the query parameters."""
        return self.transport.list_all(self.path, **params)

    def page(self, /, **params: Any) -> Any:
        """The first page as the API answers it (``{"count", "results", ...}``, or a list when not paginated)."""
        return self.transport.expect(self.list_response(params), 200)

    def list_response(self, params: Json | None = None, /, **options: Any) -> requests.Response:
        return self.transport.request("GET", self.path, params=dict(params or {}), **options)

    def create(self, data: Json, /, **options: Any) -> dict:
        return self.transport.expect(self.create_response(data, **options), 201)

    def create_response(self, data: Json, /, **options: Any) -> requests.Response:
        return self.transport.request("POST", self.path, **_body(data, options))

    def collection_action(self, name: str, data: Json | None = None, *statuses: int) -> Any:
        """``POST <collection>/<name>/`` (e.g. ``alert-rules/evaluate/``), checked (200 unless ``statuses``)."""
        return self.transport.expect(self.collection_action_response(name, data), *(statuses or (200,)))

    def collection_action_response(self, name: str, data: Json | None = None, /, **options: Any) -> requests.Response:
        return self.transport.request("POST", api_path(*self.parts, name), **_body(data, options))

    # -- one item ---------------------------------------------------------------------------------------------------
    def get(self, pk: Pk) -> dict:
        return self.transport.expect(self.get_response(pk), 200)

    def get_response(self, pk: Pk, /, **options: Any) -> requests.Response:
        return self.transport.request("GET", self.item_path(pk), **options)

    def update(self, pk: Pk, /, **fields: Any) -> dict:
        return self.transport.expect(self.update_response(pk, fields), 200)

    def update_response(self, pk: Pk, data: Json, /, **options: Any) -> requests.Response:
        return self.transport.request("PATCH", self.item_path(pk), **_body(data, options))

    def deactivate(self, pk: Pk, *statuses: int) -> Any:
        """``active: false`` (settings rows and projects are deactivated, not deleted, once in use)."""
        return self.transport.expect(self.update_response(pk, {"active": False}), *(statuses or (200,)))

    def delete(self, pk: Pk, *statuses: int) -> None:
        """Delete, accepting ``statuses`` (204 unless given: e.g. ``delete(pk, 204, 404)`` in a clean-up)."""
        self.transport.expect(self.delete_response(pk), *(statuses or (204,)))

    def delete_response(self, pk: Pk, /, **options: Any) -> requests.Response:
        return self.transport.request("DELETE", self.item_path(pk), **options)

    def action(self, pk: Pk, name: str, /, **body: Any) -> Any:
        """``POST <item>/<name>/`` with a JSON body, which must answer 200; its body."""
        return self.transport.expect(self.action_response(pk, name, body), 200)

    def action_response(self, pk: Pk, name: str, data: Json | None = None, /, **options: Any) -> requests.Response:
        return self.transport.request("POST", self.item_path(pk, name), **_body(data if data is not None else {},
                                                                                  options))

    def nested(self, pk: Pk, name: str) -> Resource:
        """A collection under one item, e.g. a ticket's ``work-log`` or an activity's ``reviews``."""
        return Resource(self.transport, *self.parts, pk, name)


def id_of(resource: Resource, value: str, key: str = "name", **params: Any) -> int:
    """The id of the item of ``resource`` whose ``key`` is ``value`` (a user by username, a project by code ...)."""
    for item in resource.list(**params):
        if item[key] == value:
            return item["id"]
    raise LookupError(f"no {resource.path} with {key} {value!r}")
