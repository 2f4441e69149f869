"""The usage model covers the e-CRM: every list, detail and report page and API route gets a persona task that
requests it, or a reason in ``tests/performance/usage.toml`` (the rule: ``suite/perf/coverage.py``), and the
Scenarios table of docs/PERFORMANCE.md says what the code declares.

**How the declarations are collected: from the source, with ``ast``** (``coverage.read_declarations``), not by
importing the locustfile in a child process. Importing it means importing Locust, which monkey-patches the standard
library with gevent: that must never happen in the pytest process, and a child ``python -c`` would cost a Locust start
(about 1-2 s) and an environment (``ECRM_PERF_*``, an output directory) on every run for what the source already says.
The ``@covers(...)`` arguments are string literals by rule (anything else is reported), so reading them is exact; the
parse follows what the locustfile imports from its ``perf_*`` modules and the base classes there, as Locust does.
"""

from __future__ import annotations

import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from suite.checks.routes import urlconf_routes
from suite.perf import coverage
from suite.perf.coverage import Declared

ROOT = Path(__file__).resolve().parents[3]
PERFORMANCE = ROOT / "tests" / "performance"
LOCUSTFILE = PERFORMANCE / "locustfile.py"
USAGE = PERFORMANCE / "usage.toml"
DOC = ROOT / "docs" / "PERFORMANCE.md"


@dataclass(frozen=True)
class R:
    """A route as ``urlconf_routes`` gives it."""

    pattern: str
    name: str | None
    get_status: int | None = None


ROUTES = [
    R("", "dashboard", 200),
    R("login/", "login", 200),
    R("healthz/", None),
    R("sales/customers/", "sales:customers"),
    R("sales/customers/new/", "sales:customer-new"),
    R("sales/customers/<int:pk>/archive/", "sales:customer-archive", 405),
    R("api/v1/^customers/$", "customer-list"),
    R(r"api/v1/^customers\.(?P<format>[a-z0-9]+)/?$", "customer-list"),
    R("api/v1/^claims/(?P<pk>[^/.]+)/submit/$", "claim-submit"),
]
CLEAN = [Declared("Rep.home", "dashboard"), Declared("Rep.customers", "sales:customers"),
         Declared("Rep.search", "customer-list"), Declared("Employee.claim", "claim-submit", "POST")]
LEFT_OUT = {"sales:customer-new": "a form page", "claim-submit": "POST only: written by Employee.claim"}


def problems(declared=CLEAN, left_out=None) -> list[str]:
    return coverage.check(ROUTES, declared, LEFT_OUT if left_out is None else left_out).problems


# -- the real model --------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def declarations() -> coverage.Declarations:
    return coverage.read_declarations(LOCUSTFILE)


def test_every_list_detail_and_report_route_has_a_task_or_a_reason(declarations):
    result = coverage.check(urlconf_routes(), declarations.declared, coverage.load_usage(USAGE))
    found = declarations.problems + result.problems
    assert not found, "the usage model and the e-CRM's routes disagree:\n" + "\n".join(found)
    assert len(result.covered) > 100, f"only {len(result.covered)} routes covered: is the parse reading the personas?"
    assert {"dashboard", "sales:customers", "customer-list", "opportunity-history", "fault-record-work-log",
            "expense:approvals", "service:kb-detail", "sales-report"} <= set(result.covered)


def test_reading_the_personas_never_imports_locust(declarations):
    assert declarations.tasks, "no task read"
    assert "locust" not in sys.modules and "gevent" not in sys.modules


def _scenarios_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Scenarios")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _codes(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_scenarios_table_lists_every_task_with_its_weight_and_routes(declarations):
    rows = {}
    for line in _scenarios_section().splitlines():
        cells = _cells(line) if line.startswith("| `") else []
        if cells and "." in cells[0]:
            rows[cells[0].strip("`")] = (cells[1], _codes(cells[-1]))
    expected = {task.key: (str(task.weight), list(task.covers)) for task in declarations.tasks}
    assert rows == expected, "docs/PERFORMANCE.md, Scenarios: the task table differs from the code (task: weight, " \
                             "routes)"


def test_the_scenarios_table_gives_each_persona_its_weight_and_demo_users(declarations):
    personas = {}
    for line in _scenarios_section().splitlines():
        cells = _cells(line) if line.startswith("| `") else []
        if cells and "." not in cells[0]:
            personas[cells[0].strip("`")] = (cells[1], _codes(cells[2]))
    expected = {p.name: (str(p.weight) if p.fixed_count is None else f"fixed {p.fixed_count}", list(p.usernames))
                for p in declarations.personas.values() if p.usernames}
    assert personas == expected


# -- the rule on small inputs ------------------------------------------------------------------------------------------
def test_a_clean_model_passes_and_every_named_route_is_sorted():
    result = coverage.check(ROUTES, CLEAN, LEFT_OUT)
    assert result.problems == []
    assert set(result.covered) == {"dashboard", "sales:customers", "customer-list"}
    assert set(result.left_out) == {"sales:customer-new", "claim-submit"}
    assert set(result.ruled_out) == {"login", "sales:customer-archive"}


def test_an_uncovered_route_fails_with_its_name_and_pattern():
    found = problems([d for d in CLEAN if d.route != "customer-list"])
    assert len(found) == 1 and found[0].startswith("customer-list (api/v1/^customers/$)"), found


def test_a_route_only_written_is_not_covered():
    found = problems([*[d for d in CLEAN if d.route != "customer-list"], Declared("Rep.add", "customer-list", "POST")])
    assert len(found) == 1 and "customer-list" in found[0] and "only written, by Rep.add" in found[0], found


def test_a_stale_declaration_fails():
    found = problems([*CLEAN, Declared("Rep.old", "sales:customerz")])
    assert found == ["Rep.old: 'sales:customerz' names no route of the URLconf (stale declaration)"]


def test_an_unknown_method_fails():
    found = problems([*CLEAN, Declared("Rep.x", "customer-list", "FETCH")])
    assert len(found) == 1 and "unknown method" in found[0], found


def test_a_stale_left_out_entry_fails():
    found = problems(left_out={**LEFT_OUT, "sales:gone": "removed last year"})
    assert found == ["usage.toml: left-out 'sales:gone' names no route of the URLconf (stale entry)"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_left_out_route_without_a_reason_fails(reason):
    found = problems(left_out={**LEFT_OUT, "sales:customer-new": reason})
    assert found == ["usage.toml: left-out 'sales:customer-new' has no reason"]


def test_a_left_out_route_that_a_task_requests_fails():
    found = problems(left_out={**LEFT_OUT, "customer-list": "no one lists customers"})
    assert len(found) == 1 and "left out but requested by Rep.search" in found[0], found


def test_a_left_out_route_that_is_out_by_rule_fails():
    found = problems(left_out={**LEFT_OUT, "login": "a log-in"})
    assert len(found) == 1 and "'login' is out by rule already" in found[0], found


def test_the_rule_names_why_a_route_is_no_load_target():
    assert coverage.ruled_out(R("healthz/", None)).startswith("unnamed")
    assert "format-suffix" in coverage.ruled_out(ROUTES[7])
    assert "POST-only" in coverage.ruled_out(ROUTES[5])
    assert "log-in" in coverage.ruled_out(ROUTES[1])
    assert coverage.ruled_out(ROUTES[6]) is None  # customer-list: a load target
    assert coverage.parse_declaration("POST claim-submit") == ("POST", "claim-submit")
    assert coverage.parse_declaration("customer-list") == ("GET", "customer-list")


# -- usage.toml --------------------------------------------------------------------------------------------------------
def test_usage_toml_refuses_unknown_tables_and_keys(tmp_path):
    path = tmp_path / "usage.toml"
    path.write_text('[left_out]\n"sales:customer-new" = "a form page"\n\n[left_uot]\n"x" = "typo"\n', encoding="utf-8")
    with pytest.raises(coverage.UsageFileError, match="left_uot"):
        coverage.load_usage(path)
    with pytest.raises(coverage.UsageFileError, match="must be a reason"):
        coverage.parse_usage({"left_out": {"sales:customer-new": True}})
    with pytest.raises(coverage.UsageFileError, match="must be a table"):
        coverage.parse_usage({"left_out": "everything"})
    path.write_text("[left_out\n", encoding="utf-8")
    with pytest.raises(coverage.UsageFileError):
        coverage.load_usage(path)
    assert coverage.parse_usage({}) == {}


# -- reading the declarations ------------------------------------------------------------------------------------------
def _tree(tmp_path: Path, persona_module: str) -> Path:
    (tmp_path / "perf_people.py").write_text(textwrap.dedent(persona_module), encoding="utf-8")
    locustfile = tmp_path / "locustfile.py"
    locustfile.write_text("import perf_signals\nfrom perf_people import Rep  # noqa: F401\n", encoding="utf-8")
    return locustfile


def test_declarations_are_read_from_tasks_and_their_base_classes(tmp_path):
    locustfile = _tree(tmp_path, '''
        class Base(EcrmUser):
            abstract = True

            @task(2)
            @covers("dashboard")
            def home(self): ...

        class Rep(Base):
            weight = 4
            usernames = ("rep1", "rep2")

            @task
            @covers("customer-list", "POST claim-submit")
            @needs("customers")
            def search(self): ...

            def helper(self): ...

        class Unregistered(EcrmUser):
            @task
            @covers("sales:customers")
            def pages(self): ...
    ''')
    found = coverage.read_declarations(locustfile)
    assert found.problems == []
    assert [(t.key, t.weight, t.covers) for t in found.tasks] == [
        ("Rep.search", 1, ("customer-list", "POST claim-submit")), ("Base.home", 2, ("dashboard",))]
    assert found.declared == [Declared("Rep.search", "customer-list"), Declared("Rep.search", "claim-submit", "POST"),
                              Declared("Base.home", "dashboard")]
    assert found.personas["Rep"].weight == 4 and found.personas["Rep"].usernames == ("rep1", "rep2")


def test_a_task_without_covers_or_with_a_computed_name_is_reported(tmp_path):
    locustfile = _tree(tmp_path, '''
        class Rep(EcrmUser):
            @task(1)
            def forgot(self): ...

            @task(1)
            @covers(ROUTE)
            def computed(self): ...

            @covers("dashboard")
            def not_a_task(self): ...
    ''')
    found = coverage.read_declarations(locustfile)
    assert len(found.problems) == 4, found.problems  # computed: a non-literal, and so no route at all
    assert any("Rep.forgot is a @task without @covers" in p for p in found.problems)
    assert any("Rep.computed: @covers takes route names as string literals" in p for p in found.problems)
    assert any("Rep.not_a_task has @covers but is no @task" in p for p in found.problems)


def test_a_persona_the_locustfile_names_but_its_module_lacks_is_reported(tmp_path):
    locustfile = _tree(tmp_path, "class Other:\n    pass\n")
    assert coverage.read_declarations(locustfile).problems == ["locustfile.py: perf_people has no class Rep"]
