"""The access-control crawl's machinery: route discovery, the permission matrix and the comparison.

Pure functions over plain data (no pytest, no HTTP), so that ``tests/suite/test_access_matrix.py`` can prove on
small synthetic matrices that the mechanism fails when it should:

- ``page_routes`` turns the URLconf's routes (read by ``suite.checks.routes``) into the path templates the matrix must
  declare; ``schema_operations`` lists every path x method of an OpenAPI schema fetched from the deployment.
- ``load_matrix`` reads the one declared permission matrix (``tests/functional/common/access-matrix.toml``) and
  refuses anything it does not understand.
- ``coverage_problems`` names every discovered route missing from the matrix ("undeclared route") and every matrix
  entry matching no route ("stale entry").
- ``expectation`` says what one principal must get from one entry; ``verdict`` compares an answer with it, and
  ``mismatch_table`` prints the differences as a table (route, principal, expected, actual).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES: tuple[str, ...] = ("admin", "manager", "rep1", "rep2", "finance", "engineer", "svcmanager")
ANON = "anon"
PRINCIPALS: tuple[str, ...] = (ANON, *ROLES)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
METHODS = SAFE_METHODS | UNSAFE_METHODS
LOGIN = "login"  # the expectation "redirected to the login page"
# What a denied unsafe request may answer: anything else is not a denial (and the request may have done something).
DENIALS = frozenset({LOGIN, 401, 403, 404})

# URLconf routes the crawl does not request, each with the reason. Matched against the route's start.
SKIPPED_PREFIXES: dict[str, str] = {
    "/static/": "static files are public by design and carry no data of any user",
    "/__test__/": "the test clock exists only in the test settings (ECRM_TEST_CLOCK); it is not part of the product",
    "/i18n/": "Django's language switch (set_language) is public by design: the login page uses it before login",
}
FORMAT_SUFFIX = re.compile(r"\(\?P<format>|<drf_format_suffix:format>")
API_PREFIX = "/api/"


class MatrixError(ValueError):
    """The matrix file is malformed: unknown keys, principals, groups, records or statuses."""


# --------------------------------------------------------------------------- routes
def normalise(path: str) -> str:
    """A route's shape with its placeholders blanked: ``/a/{pk}/`` and ``/a/{id}/`` are the same route."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def route_template(raw: str) -> str:
    """A Django route (``sales/customers/<int:pk>/`` or a router regex ``^users/(?P<pk>[^/.]+)/$``) as a path template
    ``/sales/customers/{pk}/``."""
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", raw)
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    text = re.sub(r"(^|/)\^", r"\1", text).replace("$", "")
    text = text.replace("\\.", ".")
    return "/" + text.lstrip("/")


@dataclass(frozen=True)
class PageRoutes:
    routes: tuple[str, ...]              # path templates the crawl must find in the matrix
    skipped: tuple[tuple[str, str], ...]  # (route, reason)


def page_routes(raw_routes: Iterable[str], schema_paths: Iterable[str]) -> PageRoutes:
    """The URLconf's routes that the matrix must declare: every route but the skipped ones, the API routes that the
    schema describes (the schema covers them, per method) and DRF's format-suffix aliases of those."""
    in_schema = {normalise(p) for p in schema_paths}
    kept: list[str] = []
    skipped: list[tuple[str, str]] = []
    for raw in raw_routes:
        path = route_template(raw)
        reason = next((why for start, why in SKIPPED_PREFIXES.items() if path.startswith(start)), None)
        if reason is None and path.startswith(API_PREFIX):
            if FORMAT_SUFFIX.search(raw):
                reason = "a format-suffix alias (.json) of an API route: same view, same permissions"
            elif normalise(path) in in_schema:
                reason = "an API route: crawled per method from the OpenAPI schema"
        if reason:
            skipped.append((path, reason))
        elif path not in kept:
            kept.append(path)
    return PageRoutes(tuple(kept), tuple(skipped))


def schema_operations(schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (METHOD, path) an OpenAPI schema describes."""
    ops = []
    for path, item in schema.get("paths", {}).items():
        for method in item:
            if method.upper() in METHODS:
                ops.append((method.upper(), path))
    return ops


# --------------------------------------------------------------------------- matrix
@dataclass(frozen=True)
class Entry:
    """One route (one or more methods of one path) and who may use it."""

    key: str
    methods: tuple[str, ...]
    path: str
    allow: frozenset[str]
    hidden: frozenset[str] = frozenset()
    expect: Mapping[str, Any] = field(default_factory=dict)
    ok: int = 200
    deny: int = 403
    anon: Any = None
    record: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    sees: frozenset[str] = frozenset()
    blind: frozenset[str] = frozenset()

    @property
    def is_api(self) -> bool:
        return self.path.startswith(API_PREFIX)

    @property
    def unsafe(self) -> bool:
        return any(m in UNSAFE_METHODS for m in self.methods)


@dataclass(frozen=True)
class Matrix:
    entries: tuple[Entry, ...]
    groups: Mapping[str, frozenset[str]]
    defaults: Mapping[str, Any]

    def entry(self, key: str) -> Entry:
        return next(e for e in self.entries if e.key == key)


ENTRY_KEYS = {"allow", "hidden", "expect", "ok", "deny", "anon", "record", "params", "query", "sees", "blind"}
DEFAULT_KEYS = {"anon_page", "anon_api", "deny"}


def _status(value: Any, where: str) -> Any:
    if value == LOGIN or (isinstance(value, int) and 200 <= value <= 599):
        return value
    raise MatrixError(f"{where}: {value!r} is not a status code or {LOGIN!r}")


def _principals(names: Any, groups: Mapping[str, frozenset[str]], where: str) -> frozenset[str]:
    if not isinstance(names, list):
        raise MatrixError(f"{where}: expected a list of principals or groups, got {names!r}")
    found: set[str] = set()
    for name in names:
        if name in groups:
            found |= groups[name]
        elif name in PRINCIPALS:
            found.add(name)
        else:
            raise MatrixError(f"{where}: unknown principal or group {name!r}")
    return frozenset(found)


def parse_matrix(data: Mapping[str, Any], records: Iterable[str] | None = None) -> Matrix:
    """Build a Matrix from parsed TOML. ``records``: the record kinds the crawl can provide (checked when given)."""
    known_records = set(records) if records is not None else None
    data = dict(data)
    groups_raw = data.pop("groups", {})
    defaults = {"anon_page": LOGIN, "anon_api": 401, "deny": 403, **data.pop("defaults", {})}
    unknown = set(defaults) - DEFAULT_KEYS
    if unknown:
        raise MatrixError(f"[defaults]: unknown keys {sorted(unknown)}")
    for name in DEFAULT_KEYS:
        _status(defaults[name], f"[defaults] {name}")
    groups: dict[str, frozenset[str]] = {}
    for name, members in groups_raw.items():
        if name in PRINCIPALS:
            raise MatrixError(f"[groups]: {name!r} is a principal, not a group name")
        groups[name] = _principals(members, groups, f"[groups] {name}")
    entries: list[Entry] = []
    seen: dict[tuple[str, str], str] = {}
    for key, body in data.items():
        if not isinstance(body, dict):
            raise MatrixError(f"{key!r}: expected a table")
        parts = key.split()
        methods, path = tuple(parts[:-1]), parts[-1] if parts else ""
        if not methods or not path.startswith("/") or any(m not in METHODS for m in methods):
            raise MatrixError(f"{key!r}: an entry is 'METHOD [METHOD ...] /path'")
        unknown = set(body) - ENTRY_KEYS
        if unknown:
            raise MatrixError(f"{key!r}: unknown keys {sorted(unknown)}")
        if "allow" not in body:
            raise MatrixError(f"{key!r}: 'allow' is required (an empty list if nobody may)")
        for method in methods:
            other = seen.get((method, normalise(path)))
            if other:
                raise MatrixError(f"{key!r}: {method} {path} is already declared by {other!r}")
            seen[(method, normalise(path))] = key
        expect = {}
        for who, status in body.get("expect", {}).items():
            if who not in PRINCIPALS:
                raise MatrixError(f"{key!r}: expect names unknown principal {who!r}")
            expect[who] = _status(status, f"{key!r} expect.{who}")
        entry = Entry(
            key=key, methods=methods, path=path,
            allow=_principals(body["allow"], groups, f"{key!r} allow"),
            hidden=_principals(body.get("hidden", []), groups, f"{key!r} hidden"),
            expect=expect,
            ok=_status(body.get("ok", 200), f"{key!r} ok"),
            deny=_status(body.get("deny", defaults["deny"]), f"{key!r} deny"),
            anon=_status(body["anon"], f"{key!r} anon") if "anon" in body else None,
            record=body.get("record"),
            params=dict(body.get("params", {})),
            query=body.get("query", ""),
            sees=_principals(body.get("sees", []), groups, f"{key!r} sees"),
            blind=_principals(body.get("blind", []), groups, f"{key!r} blind"),
        )
        if entry.allow & entry.hidden:
            raise MatrixError(f"{key!r}: {sorted(entry.allow & entry.hidden)} both allowed and hidden")
        unbound = set(re.findall(r"\{(\w+)\}", path)) - set(entry.params)
        if len(unbound) != (1 if entry.record else 0):
            raise MatrixError(f"{key!r}: 'record' binds the one placeholder 'params' leaves unbound; unbound here: "
                              f"{sorted(unbound) or 'none'}")
        wanted = {entry.record} if entry.record else set()
        wanted |= {v[1:] for v in entry.params.values() if v.startswith("@")}
        if known_records is not None and wanted - known_records:
            raise MatrixError(f"{key!r}: unknown record kinds {sorted(wanted - known_records)}")
        for method in set(methods) & UNSAFE_METHODS:
            for who in PRINCIPALS:
                expected = expectation(entry, who, defaults, method)
                if expected is not None and expected not in DENIALS:
                    raise MatrixError(f"{key!r}: {who} would be sent an unsafe request expecting {expected!r}; "
                                      f"unsafe methods are sent only to denied principals ({sorted(map(str, DENIALS))})"
                                      f" — list {who} in allow")
        entries.append(entry)
    return Matrix(tuple(entries), groups, defaults)


def load_matrix(source: str | Path, records: Iterable[str] | None = None) -> Matrix:
    """Load the matrix from a TOML file path or TOML text."""
    text = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatrixError(f"the matrix is not valid TOML: {exc}") from None
    return parse_matrix(data, records)


def expectation(entry: Entry, principal: str, defaults: Mapping[str, Any], method: str = "GET") -> Any:
    """What ``principal`` must get from ``method``: a status, ``"login"``, or None for "allowed, not sent" (an
    unsafe method is never sent to an allowed principal)."""
    if principal in entry.expect:
        return entry.expect[principal]
    if principal == ANON:
        if entry.anon is not None:
            return entry.anon
        if ANON not in entry.allow:
            return defaults["anon_api"] if entry.is_api else defaults["anon_page"]
    if principal in entry.allow:
        return None if method in UNSAFE_METHODS else entry.ok
    if principal in entry.hidden:
        return 404
    return entry.deny


# --------------------------------------------------------------------------- coverage
def coverage_problems(matrix: Matrix, pages: Iterable[str], api_ops: Iterable[tuple[str, str]]) -> list[str]:
    """Discovered routes the matrix does not declare, and matrix entries that match no discovered route.

    A page route is declared by any entry for its path (the URLconf does not say which methods a view takes); an
    API operation needs an entry naming its method."""
    pages = list(pages)
    api_ops = list(api_ops)
    page_shapes = {normalise(p) for p in pages}
    api_shapes = {(m, normalise(p)) for m, p in api_ops}
    declared_pages = {normalise(e.path) for e in matrix.entries}
    declared_ops = {(m, normalise(e.path)) for e in matrix.entries for m in e.methods}
    problems = []
    for path in pages:
        if normalise(path) not in declared_pages:
            problems.append(f"undeclared route: {path} (URLconf) has no entry in the matrix")
    for method, path in api_ops:
        if (method, normalise(path)) not in declared_ops:
            problems.append(f"undeclared route: {method} {path} (OpenAPI schema) has no entry in the matrix")
    for entry in matrix.entries:
        shape = normalise(entry.path)
        if shape in page_shapes:
            continue
        missing = [m for m in entry.methods if (m, shape) not in api_shapes]
        if missing:
            problems.append(f"stale entry: [{entry.key!r}] matches no route of the URLconf or the schema"
                            + (f" (for {' '.join(missing)})" if len(missing) < len(entry.methods) else ""))
    return problems


# --------------------------------------------------------------------------- answers
def actual_of(status: int, location: str = "") -> Any:
    """An answer as the matrix speaks of it: a redirect to the login page is ``"login"``."""
    if status in (301, 302, 303, 307, 308) and re.match(r"^(https?://[^/]+)?/login/", location or ""):
        return LOGIN
    return status


def describe(status: int, location: str = "") -> str:
    actual = actual_of(status, location)
    if actual == LOGIN:
        return "login"
    return f"{status} -> {location}" if location else str(status)


@dataclass(frozen=True)
class Row:
    route: str
    principal: str
    expected: str
    actual: str
    note: str = ""


def verdict(entry_key: str, method: str, principal: str, expected: Any, status: int, location: str = "",
            leaked: bool = False, missing: bool = False) -> Row | None:
    """A mismatch row, or None when the answer is the expected one (and the body kept what it must keep)."""
    actual = actual_of(status, location)
    route = f"{method} {entry_key.split()[-1]}"
    if actual != expected:
        return Row(route, principal, str(expected), describe(status, location))
    if leaked:
        return Row(route, principal, f"{expected} without the record's data", describe(status, location),
                   "the body contains the record's data")
    if missing:
        return Row(route, principal, f"{expected} with the record's data", describe(status, location),
                   "the body lacks the record's data")
    return None


def mismatch_table(rows: Iterable[Row]) -> str:
    rows = list(rows)
    head = ("route", "principal", "expected", "actual", "note")
    table = [head] + [(r.route, r.principal, r.expected, r.actual, r.note) for r in rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(head))]
    lines = [" | ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in table]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
