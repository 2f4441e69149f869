"""What each request cost the server, in the response: ``Server-Timing`` (test and performance settings only).

``ServerTimingMiddleware`` is the first middleware of ``ecrm.settings_test`` (which the QA suite and the performance
profile start the e-CRM with); production settings leave it out. Every response carries::

    Server-Timing: app;dur=12.4;desc="e-CRM", db;dur=3.1;count=7

``app`` is the time from this middleware to the response (ms), ``db`` the time spent in SQL and ``count`` the number
of queries the request made (on the default database; the session and the user's lookup included). A load run reads
them per request name; the functional suite's query budgets (tests/functional/common/test_query_budgets.py) compare
the counts of a list at 1 and at 20 rows.

With ``ECRM_N_PLUS_ONE_DETECTION`` on (the test profile; the performance profile switches it off, so that load
figures do not carry the detector's own cost), two more headers tell a developer where the queries came from:

- ``X-Ecrm-Sql-Repeats``: the statements the request sent more than once, most repeated first, literals blanked
  (``20x SELECT ... FROM "sales_customer" WHERE "sales_customer"."id" = %s``);
- ``X-Ecrm-N-Plus-One``: what django-zeal found: a relation loaded lazily for each of several instances of one query
  (``N+1 detected on sales.Customer.owner at ecrm/sales/api/customers.py:40 in to_representation``).
"""

from __future__ import annotations

import contextvars
import re
import sys
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import connection
from zeal import zeal_context
from zeal.signals import nplusone_detected

ROOT = str(Path(__file__).resolve().parents[2]) + "/"
REPEATS_SHOWN = 3
MAX_STATEMENT = 400

_findings: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("ecrm_n_plus_one", default=None)


def _caller() -> str | None:
    """Where the e-CRM's code made the load: the first frame outside the libraries and this module (None: only
    library code is on the stack, e.g. a template's loop rendered by Django)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(ROOT) and name != __file__ and "site-packages" not in name:
            return f"{name.removeprefix(ROOT)}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    return None


def _record_finding(sender, exception, **_kwargs) -> None:
    """django-zeal's signal, sent from inside the offending load: the finding with the e-CRM's line that made it.

    django-zeal tells loads apart by the first frame outside the libraries; when only library code is on the stack,
    that frame is this middleware for every load of the request, so two unrelated single-object fetches (the session's
    user, then a detail view's ``get_object`` of a user) look like a loop of ``.get()``. Such a finding (a queryset
    method, no e-CRM frame) is not kept; a relation loaded per row (a template's loop) still is."""
    found = _findings.get()
    if found is None or len(found) >= REPEATS_SHOWN:
        return
    caller = _caller()
    if caller is None and str(exception).endswith("()"):
        return
    finding = f"{exception} at {caller or 'no line of the e-CRM (a serializer field or a template)'}"
    if finding not in found:
        found.append(finding)


nplusone_detected.connect(_record_finding, weak=False, dispatch_uid="ecrm-server-timing")

_LITERAL = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_PLACEHOLDER_LIST = re.compile(r"\((?:\s*(?:%s|\?)\s*,)+\s*(?:%s|\?)\s*\)")
_SPACE = re.compile(r"\s+")
_COLUMNS = re.compile(r"^SELECT (?:DISTINCT )?.+? FROM ", re.S)


def statement_shape(sql: str) -> str:
    """A statement with its column list, literals and ``IN (%s, %s, ...)`` folded: what repeats when a loop queries
    (``SELECT ... FROM "common_user" WHERE "common_user"."id" = %s LIMIT ?``)."""
    text = _COLUMNS.sub("SELECT ... FROM ", sql.strip())
    text = _LITERAL.sub("?", text)
    text = _PLACEHOLDER_LIST.sub("(...)", text)
    return _SPACE.sub(" ", text).strip()


def _ascii(text: str) -> str:
    return text.encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")


class QueryLog:
    """An ``execute_wrapper``: counts and times every statement of the request."""

    def __init__(self, shapes: bool):
        self.count = 0
        self.seconds = 0.0
        self.shapes: Counter[str] | None = Counter() if shapes else None

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
            if self.shapes is not None:
                self.shapes[statement_shape(sql)] += 1

    def repeats(self) -> str:
        if not self.shapes:
            return ""
        repeated = [(n, shape) for shape, n in self.shapes.most_common(REPEATS_SHOWN) if n > 1]
        return " | ".join(f"{n}x {_ascii(shape)[:MAX_STATEMENT]}" for n, shape in repeated)


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.detect = bool(getattr(settings, "ECRM_N_PLUS_ONE_DETECTION", False))

    def __call__(self, request):
        started = time.perf_counter()
        queries = QueryLog(shapes=self.detect)
        findings: list[str] = []
        token = _findings.set(findings)
        try:
            with connection.execute_wrapper(queries):
                if self.detect:
                    with zeal_context():
                        response = self.get_response(request)
                else:
                    response = self.get_response(request)
        finally:
            _findings.reset(token)
        app_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (f'app;dur={app_ms:.1f};desc="e-CRM", '
                                     f"db;dur={queries.seconds * 1000:.1f};count={queries.count}")
        if self.detect:
            repeats = queries.repeats()
            if repeats:
                response["X-Ecrm-Sql-Repeats"] = repeats
            if findings:
                response["X-Ecrm-N-Plus-One"] = _ascii(" | ".join(findings))
        return response
