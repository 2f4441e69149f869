"""The abstract base user of every persona: login + CSRF (once, here), unique test data, acknowledged-create
records, and graceful skipping of tasks whose API endpoints do not exist (yet).

Personas subclass ``EcrmUser`` with ``usernames`` (demo users it logs in as, spread over its instances), weighted
``@task``s, each with ``@covers("route-name", ...)`` (the URLconf routes it requests: every list, detail and report
route needs a task, ``suite/perf/coverage.py``), and optionally ``@needs("endpoint", ...)`` on a task: API root keys
(the API root lists every registered endpoint) or paths (``"/sales/review/"``, probed once per process). Every API
request goes through the suite's typed API layer (``self.api``: ``suite.api.client.EcrmApi`` over this user's own
``HttpSession``), judged by ``call`` (or ``contended``, for a decision other sessions race for); pages through
``page`` and ``browse`` (a list page, then a record it links to). A task whose endpoints are absent is dropped for the
run with one log line per task; a persona left with no task retires quietly (``StopUser``), so a module that has not
landed yet costs no errors and no traffic.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import random
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from locust import HttpUser, between
from locust.exception import StopUser

from suite.api.client import EcrmApi
from suite.data.keys import Uniq, faker_for
from suite.data.users import password_of
from suite.perf import shapes

log = logging.getLogger("ecrm.perf")

SHAPE = os.environ.get("ECRM_PERF_SHAPE", "smoke")
RUN_ID = os.environ.get("ECRM_PERF_RUN_ID", "local")
OUT = Path(os.environ.get("ECRM_PERF_OUT", "reports/performance/adhoc"))
THINK = shapes.plan(SHAPE).think_scale
# Tasks left out by name, e.g. to measure capacity around a known functional defect (say so in the report).
SKIPPED_TASKS = {name.strip() for name in os.environ.get("ECRM_PERF_SKIP", "").split(",") if name.strip()}

# One Faker per process, built at import (building one costs ~0.5 s of CPU: per user, on a busy 2-core machine, that
# blocked a worker's event loop long enough to miss its heartbeats). Uniqueness comes from the tag, not from Faker.
FAKE = faker_for(f"perf|{RUN_ID}|{os.getpid()}")
_user_numbers = itertools.count(1)
_api_root: dict[str, set[str]] = {}
_announced: set[str] = set()
_pages: dict[str, bool] = {}
_records_lock = threading.Lock()
_records_file = None


def needs(*endpoints: str):
    """Mark a task as needing these API root entries (``activities``, ``claims`` ...)."""

    def mark(function):
        function.needs = tuple(endpoints)
        return function

    return mark


def covers(*routes: str):
    """Declare the routes of the e-CRM's URLconf this task requests, by name: ``"sales:customers"`` (a page),
    ``"customer-list"`` (an API route); a write with its method, ``"POST claim-submit"``. Read from the source, without
    importing Locust, by ``tests/suite/perf/test_usage_coverage.py``: every list, detail and report route needs a task
    that GETs it, or a reason in ``usage.toml`` (``suite/perf/coverage.py``)."""

    def mark(function):
        function.covers = tuple(routes)
        return function

    return mark


def rows_of(body: Any) -> list[dict]:
    """The rows of a list answer: a page's ``results``, or the list itself (unpaginated settings tables)."""
    if isinstance(body, dict):
        return list(body.get("results") or [])
    return list(body or [])


def linked_ids(html: str | None, prefix: str) -> list[int]:
    """The records a list page links to under ``prefix`` (``/sales/contacts/`` -> ``/sales/contacts/7/``): what a user
    clicks next."""
    return [int(pk) for pk in re.findall(rf'href="{re.escape(prefix)}(\d+)/"', html or "")]


def announce_once(key: str, message: str) -> None:
    if key not in _announced:
        _announced.add(key)
        log.warning("[perf] %s", message)


def record_created(model: str, pk, **fields) -> None:
    """Append one acknowledged create to this process's record file (checked against the database afterwards)."""
    global _records_file
    with _records_lock:
        if _records_file is None:
            directory = OUT / "created"
            directory.mkdir(parents=True, exist_ok=True)
            _records_file = open(directory / f"{RUN_ID}-{os.getpid()}.jsonl", "a", encoding="utf-8", buffering=1)  # noqa: SIM115
        _records_file.write(json.dumps({"model": model, "id": pk, "fields": fields}, ensure_ascii=False) + "\n")


class EcrmUser(HttpUser):
    abstract = True
    wait_time = between(1 * THINK, 3 * THINK)
    usernames: tuple[str, ...] = ()

    # -- life cycle -------------------------------------------------------------------------------------------------
    def on_start(self) -> None:
        self.number = next(_user_numbers)
        worker = getattr(self.environment.runner, "worker_index", 0) or 0
        # Unique per run, worker process and user: names, phones and e-mails never clash when distributed.
        self.tag = f"{RUN_ID[:4]}w{worker}u{self.number}"
        self.digits = f"{worker % 10}{self.number % 1000:03d}"
        self.fake = FAKE
        self.uniq = Uniq(f"perf|{RUN_ID}|{self.tag}")  # the whole run id: another run's users draw other values
        self.serial = itertools.count(1)
        self.rotations: dict[str, Iterator[Any]] = {}
        self.username = self.usernames[self.number % len(self.usernames)]
        self.api = EcrmApi(self.host, session=self.client)
        self.login()
        kept = []
        for function in type(self).tasks:
            if function.__name__ in SKIPPED_TASKS:
                announce_once(f"skip.{function.__name__}", f"{type(self).__name__}: task {function.__name__} "
                                                           "skipped by ECRM_PERF_SKIP")
                continue
            missing = [name for name in getattr(function, "needs", ()) if not self.available(name)]
            if missing:
                announce_once(f"{type(self).__name__}.{function.__name__}",
                              f"{type(self).__name__}: task {function.__name__} skipped, API endpoint(s) "
                              f"{', '.join(missing)} absent on this e-CRM")
            else:
                kept.append(function)
        self.tasks = kept
        if not kept:
            announce_once(type(self).__name__, f"{type(self).__name__}: every task is skipped or needs absent "
                                               "endpoints; this persona sits the run out")
            self.tasks = [EcrmUser.retire]
            return
        self.prepare()

    def prepare(self) -> None:
        """Per-user arrangement after login (override)."""

    def retire(self) -> None:
        raise StopUser()

    # -- transport --------------------------------------------------------------------------------------------------
    def login(self) -> None:
        with self.api.csrf_response(name="auth: csrf", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"csrf: {response.status_code}")
        with self.api.login_response(self.username, password_of(self.username), name="auth: login",
                                     catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"login as {self.username}: {response.status_code} {response.text[:200]}")
                raise StopUser()

    def api_root(self) -> set[str]:
        """The API root's endpoint names (fetched once per process)."""
        if "names" not in _api_root:
            with self.api.root.get_response(name="api: root", catch_response=True) as response:
                if response.status_code == 200:
                    _api_root["names"] = set(response.json())
                else:
                    response.failure(f"api root: {response.status_code}")
                    return set()
        return _api_root["names"]

    def available(self, need: str) -> bool:
        """An API root entry (``claims``) or a page path (``/sales/review/``) that this e-CRM has."""
        if not need.startswith("/"):
            return need in self.api_root()
        if need not in _pages:
            with self.client.get(need, name="probe: page exists", catch_response=True) as response:
                _pages[need] = response.status_code != 404
                response.success()  # a probe, not a judged request
        return _pages[need]

    def call(self, send: Callable[..., Any], *args: Any, name: str, expect: tuple[int, ...] = (200,),
             **kwargs: Any) -> Any:
        """One API request through the typed layer, judged: ``send`` is a ``*_response`` method of ``self.api``
        (``self.call(self.api.sales.customers.list_response, {"search": term}, name="customers: search")``); the
        wrong status or a non-JSON body is a failure with the reason. Returns the parsed JSON, or None on failure."""
        with send(*args, name=name, catch_response=True, **kwargs) as response:
            return self.body(response) if self.judge(response, expect) else None

    def page(self, path: str, name: str, **params: Any) -> str | None:
        """One page of the product, judged (200 and an h1); its HTML, or None on failure."""
        with self.api.get(path, params=params, name=name, catch_response=True) as response:
            if not self.judge(response, (200,)):
                return None
            if "<h1" not in response.text:
                response.failure("the page has no h1")
                return None
            return response.text

    def browse(self, path: str, list_name: str, detail_name: str, **params: Any) -> str | None:
        """A list page, then one of the records it links to (``path`` + id), as a user clicks a row; the record's
        HTML, or None (no row, or a failure)."""
        ids = linked_ids(self.page(path, list_name, **params), path)
        return self.page(f"{path}{random.choice(ids)}/", detail_name) if ids else None

    def open_one(self, resource: Any, params: dict[str, Any] | None, list_name: str, detail_name: str,
                 key: str = "id") -> dict | None:
        """An API list (``resource``: a ``suite.api.resource.Resource``), then one of its first rows by ``key``; the
        row's body, or None (an empty list, or a failure)."""
        rows = rows_of(self.call(resource.list_response, params or {}, name=list_name))
        if not rows:
            return None
        return self.call(resource.get_response, random.choice(rows[:20])[key], name=detail_name)

    def contended(self, send: Callable[..., Any], *args: Any, name: str, expect: tuple[int, ...] = (200,),
                  lost: tuple[int, ...] = (409,), moved_on: Callable[[], bool] | None = None,
                  recheck: tuple[int, ...] = (), **kwargs: Any) -> Any:
        """A decision on a record other sessions work on too (an approval, a payment, closing a ticket). ``expect``
        is success; a status in ``lost`` means another session decided it first (the record is no longer in that
        state: the right answer to a lost race); a status in ``recheck`` is one too when ``moved_on()`` (a read-back)
        says the record's state moved on. Returns the parsed JSON of a success, else None."""
        with send(*args, name=name, catch_response=True, **kwargs) as response:
            if response.status_code in expect:
                return self.body(response)
            if response.status_code in lost or (response.status_code in recheck and moved_on and moved_on()):
                response.success()
                return None
            self.judge(response, expect + lost)
            return None

    @staticmethod
    def body(response: Any) -> Any:
        """The parsed JSON of an accepted answer (``{}`` when empty); a body that is not JSON fails it (None)."""
        if response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            response.failure("the API answered something other than JSON")
            return None

    @staticmethod
    def judge(response: Any, expect: tuple[int, ...]) -> bool:
        if response.status_code in expect:
            return True
        detail = response.text[:200] if response.status_code else f"no response: {response.error!r}"
        response.failure(f"{response.status_code} (expected {expect}): {detail}")
        return False

    # -- data -------------------------------------------------------------------------------------------------------
    def unique(self) -> str:
        return f"{self.tag}-{next(self.serial)}"

    def rotate(self, key: str, choices: Sequence[Any]) -> Any:
        """The next of ``choices`` for this user, round robin (so a few runs of a task reach every choice, where a
        random pick might miss one)."""
        if key not in self.rotations:
            self.rotations[key] = itertools.cycle(choices)
        return next(self.rotations[key])

    def unique_phone(self) -> str:
        """A mainland landline (0xx-xxxxxxxx) whose 8 digits are drawn from this run's, worker's and user's token.
        Runs that share a database must not meet: a compare's slices all write to their side's, a nightly on a
        long-lived deployment to the last night's. (Built from the user's number and a counter, as it once was,
        two slices whose run ids gave the same area code made the same phones: 5 % of a compare's customer
        creates were refused, SAL-CUS-1.)"""
        area = 10 + int(RUN_ID[:4], 16) % 90 if all(c in "0123456789abcdef" for c in RUN_ID[:4]) else 99
        return f"0{area}-{self.uniq.digits(8)}"
