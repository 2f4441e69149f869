"""The child process's side of ``suite.checks.routes``: the reference e-CRM's URLconf walked with Django set up.

Run by ``python -m suite.checks.routes`` (with ``DJANGO_SETTINGS_MODULE`` and an in-memory database), never imported
by the suite's own process. Each named route is probed with an anonymous GET, the view called directly: a view that
answers 405 is an action (``require_POST``), not a page.
"""

from __future__ import annotations

import json
import re
import sys
from types import SimpleNamespace
from typing import Any

import django
from django.contrib.auth import get_user
from django.test import RequestFactory
from django.urls import Resolver404, URLResolver, get_resolver, resolve

URLCONF = "ecrm.urls"


def _walk(patterns: Any, prefix: str = "", namespace: str | None = None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name


def _probe(pattern: str, anonymous: Any) -> int | None:
    """An anonymous GET's status for the route (dummy values in its parameters), or None when the view needed more
    than the URL (a login, the database) to answer."""
    url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda match: "1" if match[1] == "int" else "x", pattern)
    try:
        match = resolve(url)
        request = RequestFactory().get(url)
        request.user = anonymous
        return match.func(request, *match.args, **match.kwargs).status_code
    except Resolver404:
        return None  # a regex route (a router's): not a page, and not probed
    except Exception:  # the view went further (permission check, database): it answers GET
        return None


def read_urlconf() -> list[dict[str, Any]]:
    django.setup()
    anonymous = get_user(SimpleNamespace(session={}))  # the user of a request without a login: AnonymousUser
    return [{"pattern": pattern, "name": name, "get_status": _probe(pattern, anonymous) if name else None}
            for pattern, name in _walk(get_resolver(URLCONF).url_patterns)]


def main() -> None:
    json.dump(read_urlconf(), sys.stdout, ensure_ascii=False)
