"""The house rules that can be read off the source, checked by ``./qa test`` (``tests/suite/test_conventions.py``).

Pure functions over source text and its AST: nothing is imported or run. ``check_tree(root)`` walks the project and
returns every violation as ``file:line: rule: what``; ``check_source(path, source)`` applies the per-file rules to
one module (``path`` relative to the project root, which decides the rules that apply), and
``import_cycles(sources)`` finds the cycles among a set of modules. docs/CONTRIBUTING.md says what each rule is for.
"""

from __future__ import annotations

import argparse
import ast
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

PROJECT_PACKAGES = ("pages", "suite", "fixtures", "ecrm")
MAX_LINES = 500
SKIPPED_DIRS = {".git", ".venv", "node_modules", "reports", "var", "__pycache__", ".hypothesis", ".pytest_cache"}

RULES: dict[str, str] = {
    "raw-locator": "a test builds a locator or opens a URL itself (get_by_*, .locator(, goto): the page object owns "
                   "its locators (a read-only attribute for expect) and its URL (open())",
    "raw-api-path": 'a raw API path ("/api/v1/...") in a test, a fixture or a checker: call the typed API layer '
                    "(suite/api)",
    "import-in-function": "an import inside a function: import at the top of the module (break a cycle by moving "
                          "code, not by a local import)",
    "test-module-import": "a test module imports another module under tests/, a conftest or a fixture module: "
                          "move what they share into suite/ (or make it a fixture)",
    "waiting": "a fixed wait or a forced action (time.sleep, wait_for_timeout, networkidle, force=True): use "
               "web-first expect and auto-waiting",
    "assert-in-page": "an assertion in a page object (assert, expect(), raise AssertionError): page objects never "
                      "assert, the test does",
    "import-cycle": "an import cycle among the project's modules (pages, suite, fixtures, ecrm): move the shared "
                    "piece to a module both import",
    "module-too-long": f"a module over {MAX_LINES} lines in ecrm/, suite/ or pages/: split it by concern",
    "syntax": "the module does not parse",
}

# The one place polling is allowed: the functions that wait for a starting server, before and outside any test.
# A ``time.sleep`` anywhere else, this module's other functions included, is a violation.
# Playwright's load state that waits for the network to be quiet (a fixed wait in disguise), and the API's path prefix.
# Each is spelt in two parts so that this module, which looks for the literals, does not contain them.
NETWORK_IDLE = "".join(("network", "idle"))
API_PREFIX = "".join(("/api", "/v1/"))

POLLERS: dict[str, frozenset[str]] = {"suite/server/ecrm.py": frozenset({"wait_healthy", "wait_listening"})}

# The one kind of import allowed inside a function: a heavy optional package loaded only by the code that uses it.
# schemathesis and Hypothesis take about 1.7 s to import; loaded at the top, every pytest process and xdist worker
# would pay it, though only the API fuzz uses them. Each entry names the module and the packages it may load late;
# any other import inside a function there, or these packages loaded late anywhere else, is a violation.
LAZY_IMPORTS: dict[str, frozenset[str]] = {
    "suite/checks/fuzzing.py": frozenset({"schemathesis", "hypothesis"}),
    "fixtures/fuzz.py": frozenset({"schemathesis"}),
}


@dataclass(frozen=True, order=True)
class Violation:
    path: str  # relative to the project root, with forward slashes
    line: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.detail}"


# --------------------------------------------------------------------------- which rules apply where
def _parts(path: str) -> tuple[str, ...]:
    return PurePosixPath(path).parts


def _under(path: str, *prefixes: str) -> bool:
    parts = _parts(path)
    return any(parts[:len(PurePosixPath(p).parts)] == PurePosixPath(p).parts for p in prefixes)


def _is_ecrm_test_or_migration(path: str) -> bool:
    parts = _parts(path)
    return parts[0] == "ecrm" and ("migrations" in parts or "tests" in parts or parts[-1] in ("tests.py",))


def rules_for(path: str) -> set[str]:
    """The per-file rules that apply to the module at ``path`` (relative to the project root)."""
    rules: set[str] = set()
    if _under(path, "tests/functional"):
        rules |= {"raw-locator", "raw-api-path", "test-module-import"}
    if _under(path, "fixtures", "suite/checks"):  # the checkers (the access crawl, the sweeps) call the layer too
        rules.add("raw-api-path")
    if _under(path, *PROJECT_PACKAGES) and not _is_ecrm_test_or_migration(path):
        rules.add("import-in-function")
    if _under(path, "tests", "pages", "fixtures", "suite"):
        rules.add("waiting")
    if _under(path, "pages"):
        rules.add("assert-in-page")
    if _under(path, "ecrm", "suite", "pages") and "migrations" not in _parts(path):
        rules.add("module-too-long")
    return rules


# --------------------------------------------------------------------------- the per-file rules
class _Visitor(ast.NodeVisitor):
    """One walk over a module, collecting what the enabled rules forbid, with the enclosing function's name."""

    def __init__(self, path: str, rules: set[str], test_stems: frozenset[str]):
        self.path = path
        self.rules = rules
        self.test_stems = test_stems
        self.functions: list[str] = []
        self.found: list[Violation] = []
        self.docstrings: set[int] = set()

    def add(self, node: ast.AST, rule: str, detail: str) -> None:
        if rule in self.rules:
            self.found.append(Violation(self.path, getattr(node, "lineno", 1), rule, detail))

    # scopes
    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        self.functions.append(getattr(node, "name", "<lambda>"))
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Module(self, node: ast.Module) -> None:
        for scope in ast.walk(node):
            if isinstance(scope, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and scope.body:
                first = scope.body[0]
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    self.docstrings.add(id(first.value))
        self.generic_visit(node)

    # imports
    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        imported = ", ".join(alias.name for alias in node.names)
        if isinstance(node, ast.Import):
            names, shown = [alias.name for alias in node.names], f"import {imported}"
        else:
            names, shown = [node.module or ""], f"from {'.' * node.level}{node.module or ''} import {imported}"
        lazy = LAZY_IMPORTS.get(self.path, frozenset())
        if self.functions and not all(name.split(".")[0] in lazy for name in names):
            self.add(node, "import-in-function", f"{shown} inside {self.functions[-1]}()")
        if isinstance(node, ast.ImportFrom) and node.level:
            self.add(node, "test-module-import", f"relative import: {shown}")
            return
        for name in names:
            top = name.split(".")[0]
            if top in ("tests", "conftest", "fixtures") or top in self.test_stems:
                self.add(node, "test-module-import", f"{shown}")

    visit_Import = visit_ImportFrom = _import

    # calls and keywords
    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr.startswith("get_by_") or func.attr == "locator":
                self.add(node, "raw-locator", f".{func.attr}(...)")
            elif func.attr == "goto":
                self.add(node, "raw-locator", ".goto(...)")
            elif func.attr == "sleep" and isinstance(func.value, ast.Name) and func.value.id == "time":
                self._sleep(node, "time.sleep(...)")
        elif isinstance(func, ast.Name):
            if func.id == "sleep":
                self._sleep(node, "sleep(...)")
            elif func.id == "expect":
                self.add(node, "assert-in-page", "expect(...)")
        for keyword in node.keywords:
            if keyword.arg == "force" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True:
                self.add(keyword.value, "waiting", "force=True")
        self.generic_visit(node)

    def _sleep(self, node: ast.Call, shown: str) -> None:
        allowed = POLLERS.get(self.path, frozenset())
        if not (self.functions and self.functions[-1] in allowed):
            self.add(node, "waiting", shown)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "wait_for_timeout":
            self.add(node, "waiting", "wait_for_timeout")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and id(node) not in self.docstrings:
            if node.value == NETWORK_IDLE:
                self.add(node, "waiting", f"{NETWORK_IDLE!r}")
            elif node.value.startswith(API_PREFIX):
                self.add(node, "raw-api-path", repr(node.value))

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith(API_PREFIX):
            self.add(node, "raw-api-path", f"f{first.value!r}...")
            return  # its first part is not reported again as a plain string
        self.generic_visit(node)

    # assertions
    def visit_Assert(self, node: ast.Assert) -> None:
        self.add(node, "assert-in-page", "assert")
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        if isinstance(exc, ast.Name) and exc.id == "AssertionError":
            self.add(node, "assert-in-page", "raise AssertionError")
        self.generic_visit(node)


def check_source(path: str, source: str, test_stems: Iterable[str] = ()) -> list[Violation]:
    """The per-file rules that apply at ``path`` over one module's source. ``test_stems``: the names of the modules
    under tests/ (a bare ``import hostile_sweep`` of one is a test-module import too)."""
    rules = rules_for(path)
    found: list[Violation] = []
    lines = source.count("\n") + (0 if source.endswith("\n") or not source else 1)
    if "module-too-long" in rules and lines > MAX_LINES:
        found.append(Violation(path, MAX_LINES + 1, "module-too-long", f"{lines} lines (at most {MAX_LINES})"))
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as error:
        return [*found, Violation(path, error.lineno or 1, "syntax", str(error.msg))]
    visitor = _Visitor(path, rules, frozenset(test_stems))
    visitor.visit(tree)
    return sorted(found + visitor.found)


# --------------------------------------------------------------------------- import cycles
def module_name(path: str) -> str:
    """``pages/sales/customers.py`` -> ``pages.sales.customers``; a package's ``__init__.py`` -> the package."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: str, tree: ast.Module, known: set[str]) -> Iterator[tuple[str, int]]:
    """(imported project module, line) for every import of the module, wherever it stands (a local or a
    ``TYPE_CHECKING`` import is a dependency too)."""
    name = module_name(path)
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]

    def longest(dotted: str) -> str | None:
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            if ".".join(parts[:end]) in known:
                return ".".join(parts[:end])
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = longest(alias.name)
                if target:
                    yield target, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if package else []
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                target = f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else longest(source)
                if target:
                    yield target, node.lineno


def import_cycles(sources: dict[str, str]) -> list[Violation]:
    """One violation per group of modules that import each other (a strongly connected component of the import
    graph), at the import that starts the shortest cycle through its first module, naming that cycle."""
    known = {module_name(path) for path in sources}
    path_of = {module_name(path): path for path in sources}
    edges: dict[str, dict[str, int]] = {name: {} for name in known}
    for path, source in sources.items():
        try:
            tree = ast.parse(source, filename=path)
        except SyntaxError:
            continue
        here = module_name(path)
        for target, line in _imports(path, tree, known):
            if target != here:
                edges[here].setdefault(target, line)
    found = []
    for component in _components(edges):
        start = min(component)
        cycle = _shortest_cycle(start, edges, component)
        found.append(Violation(path_of[start], edges[start][cycle[1]], "import-cycle", " -> ".join(cycle)))
    return sorted(found)


def _components(edges: dict[str, dict[str, int]]) -> list[set[str]]:
    """Tarjan's strongly connected components with more than one module (iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(edges[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(component)
    return components


def _shortest_cycle(start: str, edges: dict[str, dict[str, int]], within: set[str]) -> list[str]:
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for target in sorted(edges[node]):
                if target not in within:
                    continue
                if target == start:
                    cycle = [start]
                    while node != start:
                        cycle.insert(1, node)
                        node = came_from[node]
                    return [*cycle, start]
                if target not in came_from:
                    came_from[target] = node
                    following.append(target)
        frontier = following
    return [start, start]  # not reached: every member of a component lies on a cycle through the others


# --------------------------------------------------------------------------- the whole tree
def project_files(root: Path) -> list[str]:
    """Every Python module of the project, relative to ``root`` (the virtualenv, node_modules, reports left out)."""
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in SKIPPED_DIRS and not name.startswith(".")]
        base = Path(folder).relative_to(root)
        files += [(base / name).as_posix() for name in names if name.endswith(".py")]
    return sorted(files)


def check_tree(root: Path) -> list[Violation]:
    """Every violation of every rule in the project at ``root``."""
    files = project_files(root)
    sources = {path: (root / path).read_text(encoding="utf-8") for path in files}
    test_stems = {PurePosixPath(path).stem for path in files if _under(path, "tests")} - {"__init__"}
    found = [v for path, source in sources.items() for v in check_source(path, source, test_stems)]
    project = {path: source for path, source in sources.items() if _under(path, *PROJECT_PACKAGES)}
    return sorted(found + import_cycles(project))


def report(violations: Iterable[Violation]) -> str:
    """The violations one a line, then a count per rule with what the rule asks."""
    violations = list(violations)
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation.rule] = counts.get(violation.rule, 0) + 1
    lines = [str(v) for v in violations]
    lines += ["", *(f"{count:4d} {rule}: {RULES[rule]}" for rule, count in sorted(counts.items()))]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the house rules (docs/CONTRIBUTING.md) over the project's "
                                                 "source; exit 1 with one line per violation.")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2],
                        help="the project root (default: this checkout)")
    found = check_tree(parser.parse_args(argv).root)
    print(report(found) if found else "conventions: no violation")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
