"""Which routes of the e-CRM the load must reach, and whether the personas reach them (docs/PERFORMANCE.md,
"Scenarios"). Pure: routes, declarations and the left-out file in, problems out; no Locust, no Django.

**The rule.** A route of the URLconf (``suite.checks.routes.urlconf_routes``) is *out by rule* when its nature makes it
no load target (``ruled_out``, each with its reason): an unnamed route, a DRF format-suffix alias (``.json``), a
POST-only page action (an anonymous GET answers 405), log-in and session routes, the API root and the schema, the
health check and the test clock. Every other named route — the dashboard, each subsystem's pages and its API — is a
*load target*: a list, detail or report page, or an API list, detail or report GET, and at least one persona task must
request it with GET (``@covers("sales:customers", "customer-list")`` in ``tests/performance``). A target that is not
one after all — a form page (``-new``, ``-edit``), an API action that takes only POST (the URLconf does not say which
methods a router's extra action takes) — is left out **by name, with a reason**, in ``tests/performance/usage.toml``::

    [left_out]
    "sales:customer-new" = "a form page: ..."

So a route added to the e-CRM fails the check (``tests/suite/perf/test_usage_coverage.py``) until a task covers it or
someone writes down why the load leaves it alone.

**Declarations.** ``@covers(...)`` names routes by their URLconf name: ``"customer-list"`` is a GET, a write carries
its method (``"POST claim-submit"``). ``read_declarations`` reads them off the persona modules' source (``ast``): the
classes the locustfile imports from its ``perf_*`` modules, their base classes, and in them every ``@task``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from suite.perf.slo import read_toml

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>")
# Named routes that are no load target by their nature, with the reason (the log-in's cost follows the spawn rate, not
# the load, and has its own SLO rows; the others answer the same whatever the data).
RULED_OUT_NAMES: dict[str, str] = {
    "login": "log-in and session: once per user (the personas log in through the API), its own SLO rows",
    "logout": "log-in and session: once per user at most",
    "set_language": "log-in and session: a language switch, a redirect",
    "api-csrf": "log-in and session: the CSRF cookie, fetched once per log-in (its own SLO row)",
    "api-login": "log-in and session: once per user (its own SLO row)",
    "api-logout": "log-in and session: once per user at most",
    "api-me": "log-in and session: who is logged in, read once by clients after a log-in",
    "api-root": "the browsable API root: a probe of which endpoints exist (left out of the overall row)",
    "schema": "the OpenAPI document: generated once per process and cached, no data",
    "healthz": "the health check: a deployment's probe, no user traffic",
    "test-clock": "the test clock: mounted by the test settings only, no product route",
}


class Route(Protocol):
    """What the rule reads of a route: ``suite.checks.routes.UrlconfRoute`` is one."""

    pattern: str
    name: str | None
    get_status: int | None


class UsageFileError(ValueError):
    """``usage.toml`` is malformed."""


@dataclass(frozen=True)
class Declared:
    """One route a task declares it requests: ``SalesRep.search_customers`` GETs ``customer-list``."""

    task: str  # Class.method
    route: str  # a URLconf name
    method: str = "GET"


@dataclass(frozen=True)
class Task:
    """One ``@task`` as the source declares it: ``SalesRep.search_customers``, weight 4, covering ``customer-list``."""

    persona: str  # the class that defines it
    name: str
    weight: int
    covers: tuple[str, ...]  # as written: "customer-list", "POST claim-submit"

    @property
    def key(self) -> str:
        return f"{self.persona}.{self.name}"


@dataclass(frozen=True)
class Persona:
    """A user class of the persona modules: its ``weight`` (or ``fixed_count``) and the demo users it logs in as."""

    name: str
    weight: int | None = None
    fixed_count: int | None = None
    usernames: tuple[str, ...] = ()


@dataclass
class Declarations:
    """What the persona modules declare, and what could not be read as a declaration."""

    tasks: list[Task] = field(default_factory=list)
    personas: dict[str, Persona] = field(default_factory=dict)  # the registered classes and their bases, by name
    problems: list[str] = field(default_factory=list)

    @property
    def declared(self) -> list[Declared]:
        found = []
        for task in self.tasks:
            for text in task.covers:
                method, route = parse_declaration(text)
                found.append(Declared(task.key, route, method))
        return found


@dataclass
class Coverage:
    """Every named route, sorted into one of: covered (by a task's GET), left out (usage.toml), out by rule."""

    covered: dict[str, list[str]] = field(default_factory=dict)  # route -> the tasks that GET it
    left_out: dict[str, str] = field(default_factory=dict)  # route -> reason
    ruled_out: dict[str, str] = field(default_factory=dict)  # route -> reason
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- the rule
def ruled_out(route: Route) -> str | None:
    """Why the route is no load target by its nature, or None when it is one (or must be left out by name)."""
    if not route.name:
        return "unnamed: an alias of a named route (healthz/) or static files"
    if FORMAT_SUFFIX.search(route.pattern):
        return "a format-suffix alias (.json) of an API route: the same view"
    if route.name in RULED_OUT_NAMES:
        return RULED_OUT_NAMES[route.name]
    if route.get_status == 405:
        return "a POST-only page action (GET answers 405): a write, not a page"
    return None


def parse_declaration(text: str) -> tuple[str, str]:
    """``"customer-list"`` -> ``("GET", "customer-list")``; ``"POST claim-submit"`` -> ``("POST", "claim-submit")``."""
    method, _, name = text.strip().rpartition(" ")
    return (method.strip().upper() or "GET"), name


def check(routes: Iterable[Route], declared: Iterable[Declared], left_out: Mapping[str, str]) -> Coverage:
    """Sort every named route, and list the problems: a target no task GETs and no left-out entry names; a
    declaration that names no route or an unknown method; a left-out entry that names no route, has no reason, is
    out by rule anyway, or names a route a task GETs."""
    result = Coverage()
    named: dict[str, list[Route]] = {}
    for route in routes:
        if route.name:
            named.setdefault(route.name, []).append(route)
    declared = list(declared)
    getters: dict[str, list[str]] = {}
    writers: dict[str, list[str]] = {}
    for item in declared:
        if item.method not in METHODS:
            result.problems.append(f"{item.task}: {item.method} {item.route}: unknown method (one of "
                                   f"{', '.join(METHODS)})")
        elif item.route not in named:
            result.problems.append(f"{item.task}: {item.route!r} names no route of the URLconf (stale declaration)")
        else:
            (getters if item.method == "GET" else writers).setdefault(item.route, []).append(item.task)
    for name, reason in left_out.items():
        if name not in named:
            result.problems.append(f"usage.toml: left-out {name!r} names no route of the URLconf (stale entry)")
        elif not str(reason).strip():
            result.problems.append(f"usage.toml: left-out {name!r} has no reason")
        elif name in getters:
            result.problems.append(f"usage.toml: {name!r} is left out but requested by {', '.join(getters[name])}: "
                                   "drop the entry")
    for name, variants in named.items():
        reasons = [ruled_out(route) for route in variants]
        if all(reasons) and name not in getters:
            result.ruled_out[name] = reasons[0]
            if name in left_out:
                result.problems.append(f"usage.toml: {name!r} is out by rule already ({reasons[0]}): drop the entry")
        elif name in getters:
            result.covered[name] = getters[name]
        elif str(left_out.get(name, "")).strip():
            result.left_out[name] = str(left_out[name])
        elif name not in left_out:
            pattern = next(route.pattern for route, why in zip(variants, reasons, strict=True) if why is None)
            only = f" (only written, by {', '.join(writers[name])})" if name in writers else ""
            result.problems.append(f"{name} ({pattern}): a list, detail or report route no task requests with GET"
                                   f"{only}; cover it (@covers) or leave it out in usage.toml with a reason")
    return result


# --------------------------------------------------------------------------- usage.toml
def parse_usage(data: Mapping, source: str = "usage.toml") -> dict[str, str]:
    """The ``[left_out]`` table: route name -> reason. Any other table or key is refused (a typo must not switch the
    check off); a reason must be a string (an empty one is reported by ``check``)."""
    unknown = set(data) - {"left_out"}
    if unknown:
        raise UsageFileError(f"{source}: unknown table(s) or key(s) {sorted(unknown)}; allowed: left_out")
    table = data.get("left_out", {})
    if not isinstance(table, Mapping):
        raise UsageFileError(f"{source}: left_out must be a table of route name = reason")
    for name, reason in table.items():
        if not isinstance(reason, str):
            raise UsageFileError(f"{source}: left_out.{name!r} must be a reason (a string), not {reason!r}")
    return dict(table)


def load_usage(path: Path) -> dict[str, str]:
    return parse_usage(read_toml(path, UsageFileError), str(path))


# --------------------------------------------------------------------------- the declarations, from the source
def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _registered(locustfile: ast.Module) -> dict[str, list[str]]:
    """Module -> the classes the locustfile imports from it (``from perf_sales import SalesRep``)."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(locustfile):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("perf_") and node.level == 0:
            found.setdefault(node.module, []).extend(alias.name for alias in node.names)
    return found


def _literal(node: ast.expr | None):
    try:
        return ast.literal_eval(node) if node is not None else None
    except ValueError:
        return None


def _persona(cls: ast.ClassDef) -> Persona:
    values = {}
    for node in cls.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = _literal(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            values[node.target.id] = _literal(node.value)
    usernames = values.get("usernames")
    return Persona(cls.name, values.get("weight"), values.get("fixed_count"),
                   tuple(usernames) if isinstance(usernames, tuple | list) else ())


def _task_weight(decorators: list[ast.expr]) -> int:
    for decorator in decorators:
        if _decorator_name(decorator) == "task" and isinstance(decorator, ast.Call) and decorator.args:
            weight = _literal(decorator.args[0])
            return weight if isinstance(weight, int) else 0
    return 1  # @task without arguments


def _tasks(cls: ast.ClassDef, where: str, out: Declarations) -> None:
    for node in cls.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        names = [_decorator_name(decorator) for decorator in node.decorator_list]
        covers = [d for d in node.decorator_list if _decorator_name(d) == "covers" and isinstance(d, ast.Call)]
        task = f"{cls.name}.{node.name}"
        if "task" not in names:
            if covers:
                out.problems.append(f"{where}:{node.lineno}: {task} has @covers but is no @task: it never runs")
            continue
        written = []
        for arg in (arg for decorator in covers for arg in decorator.args):
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                written.append(arg.value)
            else:
                out.problems.append(f"{where}:{arg.lineno}: {task}: @covers takes route names as string literals")
        if not written:
            out.problems.append(f"{where}:{node.lineno}: {task} is a @task without @covers(...): declare the routes "
                                "it requests")
        out.tasks.append(Task(cls.name, node.name, _task_weight(node.decorator_list), tuple(written)))


def read_declarations(locustfile: Path) -> Declarations:
    """Every ``@task`` (its weight and ``@covers``) of the personas the locustfile registers and of their base classes
    in the same modules, and the personas' weights and demo users, read from the source: nothing is imported."""
    out = Declarations()
    registered = _registered(ast.parse(locustfile.read_text(encoding="utf-8"), str(locustfile)))
    if not registered:
        out.problems.append(f"{locustfile.name}: imports no persona from a perf_* module")
    for module, wanted in registered.items():
        path = locustfile.parent / f"{module}.py"
        classes = {node.name: node for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body
                   if isinstance(node, ast.ClassDef)}
        pending, seen = list(wanted), set()
        while pending:
            name = pending.pop(0)
            if name in seen:
                continue
            seen.add(name)
            if name not in classes:
                if name in wanted:
                    out.problems.append(f"{locustfile.name}: {module} has no class {name}")
                continue
            out.personas[name] = _persona(classes[name])
            _tasks(classes[name], path.name, out)
            pending.extend(base.id for base in classes[name].bases if isinstance(base, ast.Name))
    return out
