"""The reference e-CRM's routes, read once from its URL configuration.

The access-control crawl (every route must be in the permission matrix), the accessibility check (every page) and
the hostile-input sweep (every form) all start from the same list, so that a route added to the e-CRM reaches all
three. The URLconf is walked in a child process (``python -m suite.checks.routes``), so the suite's own process never
configures Django; the answer is kept for the life of the process.

Each route is probed with an anonymous GET, the view called directly over an in-memory database (nothing is written
anywhere): a view that answers 405 is an action (``require_POST``), not a page.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
URLCONF = "ecrm.urls"


@dataclass(frozen=True)
class UrlconfRoute:
    """One route of the URLconf: ``sales/customers/<int:pk>/`` named ``sales:customer-detail``."""

    pattern: str  # the raw route, includes followed (a router's regex stays a regex: ``^customers/$``)
    name: str | None  # with its namespaces (``sales:customer-detail``); None for an unnamed route
    get_status: int | None  # an anonymous GET's status; None when the view went further (login, database)

    @property
    def is_action(self) -> bool:
        """A POST-only view: GET answers 405 Method Not Allowed."""
        return self.get_status == 405


@functools.cache
def urlconf_routes(timeout: float = 120.0) -> tuple[UrlconfRoute, ...]:
    """Every route of the reference e-CRM's URLconf, in its order."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecrm.settings_test", "DATABASE_URL": "sqlite://:memory:"}
    command = [sys.executable, "-m", "suite.checks.routes"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"could not read the e-CRM's URLconf (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return tuple(UrlconfRoute(**route) for route in json.loads(done.stdout))


def _walk(patterns: Any, prefix: str = "", namespace: str | None = None):
    from django.urls import URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part) or None
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name


def _probe(pattern: str) -> int | None:
    """An anonymous GET's status for the route (dummy values in its parameters), or None when the view needed more
    than the URL (a login, the database) to answer."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.urls import Resolver404, resolve

    url = "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda match: "1" if match[1] == "int" else "x", pattern)
    try:
        match = resolve(url)
        request = RequestFactory().get(url)
        request.user = AnonymousUser()
        return match.func(request, *match.args, **match.kwargs).status_code
    except Resolver404:
        return None  # a regex route (a router's): not a page, and not probed
    except Exception:  # the view went further (permission check, database): it answers GET
        return None


def _read_urlconf() -> list[dict[str, Any]]:
    import django

    django.setup()
    from django.urls import get_resolver

    return [{"pattern": pattern, "name": name, "get_status": _probe(pattern) if name else None}
            for pattern, name in _walk(get_resolver(URLCONF).url_patterns)]


if __name__ == "__main__":  # ``python -m suite.checks.routes``: the routes as JSON (run by ``urlconf_routes``)
    json.dump(_read_urlconf(), sys.stdout, ensure_ascii=False)
