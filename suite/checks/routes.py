"""The reference e-CRM's routes, read once from its URL configuration.

The access-control crawl (every route must be in the permission matrix), the accessibility check (every page) and
the hostile-input sweep (every form) all start from the same list, so that a route added to the e-CRM reaches all
three. The URLconf is walked in a child process (``python -m suite.checks.routes``, which runs
``suite.checks.urlconf``), so the suite's own process never imports or configures Django; the answer is kept for the
life of the process, and on disk under the key of the e-CRM's sources and the walker's (``suite.server.sources``):
every pytest process of a run (each xdist worker, each shard, ``--co``) collects
with it, and asking the child costs about 3 s each time, while any change of the e-CRM's code asks it again.

Each route is probed with an anonymous GET, the view called directly over an in-memory database (nothing is written
anywhere): a view that answers 405 is an action (``require_POST``), not a page.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from suite.server.sources import CACHE_DIR, sources_key

ROOT = Path(__file__).resolve().parents[2]


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


def _walk(timeout: float) -> list[dict]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecrm.settings_test", "DATABASE_URL": "sqlite://:memory:"}
    command = [sys.executable, "-m", "suite.checks.routes"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"could not read the e-CRM's URLconf (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def cached_routes(cache_dir: Path, key: str, walk) -> list[dict]:
    """The routes stored under ``key``, else ``walk()``'s, stored (written whole, then renamed: a reader never sees a
    part)."""
    path = cache_dir / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    routes = walk()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(routes), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass  # no cache: the next process asks the child again
    return routes


@functools.cache
def urlconf_routes(timeout: float = 120.0) -> tuple[UrlconfRoute, ...]:
    """Every route of the reference e-CRM's URLconf, in its order."""
    key = sources_key(ROOT / "suite" / "checks" / "urlconf.py")
    routes = cached_routes(CACHE_DIR / "routes", key, lambda: _walk(timeout))
    return tuple(UrlconfRoute(**route) for route in routes)


if __name__ == "__main__":  # ``python -m suite.checks.routes``: the routes as JSON (run by ``urlconf_routes``)
    from suite.checks.urlconf import main  # the child's side, which sets Django up (never in the suite's process)

    main()
