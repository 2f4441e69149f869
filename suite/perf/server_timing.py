"""What the system under test says about each request: the ``Server-Timing`` response header.

The reference e-CRM sends, from ``ecrm.common.server_timing.ServerTimingMiddleware`` (on in the test and performance
settings, off in production)::

    Server-Timing: app;dur=12.4;desc="e-CRM", db;dur=3.1;count=7

``app`` is the server's own time for the request in ms (from the first middleware to the response), ``db`` the time
spent in SQL and ``count`` the number of queries. ``count`` is an extension parameter: the header's grammar allows any
``name=value`` after a metric, and browsers ignore the ones they do not know.

Another deployment may send no ``Server-Timing`` at all, or other metrics (``total``, ``cache`` ...). ``signals``
takes what it can: the server time from ``app`` (else ``total``), the query count from ``db;count``; whatever is
missing is ``None``, and ``Signals.lacking`` names it so that a report can say which signals it had.

Parsing follows the header's grammar (RFC 8941-ish lists as browsers read them): metrics separated by commas, each a
name and ``;``-separated parameters, values bare or double-quoted with backslash escapes. A malformed metric is
skipped, never an error: the header is information, not part of the contract under test.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

HEADER = "Server-Timing"
# The reference e-CRM's extra headers (test settings only): the SQL that a request repeated most, and what
# django-zeal named as an N+1 load. Other deployments do not send them.
REPEATS_HEADER = "X-Ecrm-Sql-Repeats"
N_PLUS_ONE_HEADER = "X-Ecrm-N-Plus-One"

SERVER_METRICS = ("app", "total")  # the first one present is the server time
QUERY_METRIC = "db"

_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_PARAM = re.compile(rf"\s*;\s*({_TOKEN})\s*(?:=\s*(\"(?:[^\"\\]|\\.)*\"|[^;,\s]*))?")
_NAME = re.compile(rf"\s*({_TOKEN})")


@dataclass(frozen=True)
class Metric:
    name: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def dur(self) -> float | None:
        return _number(self.params.get("dur"))

    @property
    def desc(self) -> str | None:
        return self.params.get("desc")


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 and value == value and value != float("inf") else None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse(header: str | None) -> dict[str, Metric]:
    """The metrics of one or more ``Server-Timing`` values (joined with commas), by name; the first of a repeated
    name wins, as browsers keep both but tools read the first."""
    metrics: dict[str, Metric] = {}
    text = header or ""
    position = 0
    while position < len(text):
        name_match = _NAME.match(text, position)
        if not name_match:
            # Not a metric: skip to the next comma.
            comma = text.find(",", position)
            if comma < 0:
                break
            position = comma + 1
            continue
        name = name_match.group(1)
        position = name_match.end()
        params: dict[str, str] = {}
        while True:
            param = _PARAM.match(text, position)
            if not param:
                break
            params.setdefault(param.group(1).lower(), _unquote(param.group(2) or ""))
            position = param.end()
        rest = re.match(r"\s*(,|$)", text[position:])
        if rest is None:  # garbage after the metric: drop it and go on after the next comma
            comma = text.find(",", position)
            if comma < 0:
                break
            position = comma + 1
            continue
        position += rest.end()
        metrics.setdefault(name.lower(), Metric(name.lower(), params))
    return metrics


@dataclass(frozen=True)
class Signals:
    """One response's server-side figures; ``None`` where the deployment did not say."""

    server_ms: float | None = None
    db_ms: float | None = None
    queries: int | None = None
    repeats: str | None = None  # the reference e-CRM's most repeated SQL, e.g. '20x SELECT ... WHERE id = ?'
    n_plus_one: str | None = None  # django-zeal's finding, e.g. 'sales.Customer.owner at ecrm/sales/api.py:40'

    @property
    def lacking(self) -> tuple[str, ...]:
        """The signals this response did not carry, by their report names."""
        missing = []
        if self.server_ms is None:
            missing.append("server time")
        if self.queries is None:
            missing.append("query count")
        return tuple(missing)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:  # a plain dict of headers: look the name up without case
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


def signals(headers: Mapping[str, str]) -> Signals:
    """The figures in a response's headers (``requests``' case-insensitive headers or a plain dict)."""
    metrics = parse(_header(headers, HEADER))
    server = next((metrics[name].dur for name in SERVER_METRICS if name in metrics), None)
    db = metrics.get(QUERY_METRIC)
    count = _number(db.params.get("count")) if db else None
    return Signals(
        server_ms=server,
        db_ms=db.dur if db else None,
        queries=int(count) if count is not None and count == int(count) else None,
        repeats=_header(headers, REPEATS_HEADER),
        n_plus_one=_header(headers, N_PLUS_ONE_HEADER),
    )

