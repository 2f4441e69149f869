"""Keep the Allure test page to the project's own fixtures: allure-pytest records every fixture a test used as a
set-up and tear-down row (pytest's, pytest-playwright's ``_pw_artifacts_folder``, ``browser_context_args`` ...).

Neither allure-pytest nor Allure 3 can hide them, so before ``allure generate`` (``suite.reporting.build``) the
fixture containers of a results directory lose the rows of fixtures the project does not define and of private
(``_name``) ones. A row that did not pass is always kept: a failing framework fixture is worth seeing. Idempotent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

from suite.reporting.files import read_json, write_json

SOURCES = ("conftest.py", "fixtures", "tests")  # where the project defines fixtures (relative to the root)
# The project's overrides of pytest-playwright's and pytest-base-url's own fixtures: plumbing, not the test's set-up.
FRAMEWORK_OVERRIDES = frozenset({"base_url", "browser_context_args", "browser_type_launch_args"})


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Attribute) and target.attr == "fixture") or (
        isinstance(target, ast.Name) and target.id == "fixture")


def project_fixtures(root: Path) -> frozenset[str]:
    """The names of the fixtures the project's own files define (read from their source, not imported)."""
    names: set[str] = set()
    for source in SOURCES:
        path = root / source
        files: Iterable[Path] = [path] if path.is_file() else sorted(path.rglob("*.py")) if path.is_dir() else []
        for file in files:
            try:
                tree = ast.parse(file.read_text(encoding="utf-8"))
            except (OSError, SyntaxError, ValueError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef) and any(_is_fixture(d) for d in node.decorator_list):
                    names.add(node.name)
    return frozenset(names - FRAMEWORK_OVERRIDES)


def shown(row: dict, keep: frozenset[str]) -> bool:
    """Whether a container's before/after row stays: a project fixture that is not private, or one that failed."""
    if row.get("status") not in (None, "passed"):
        return True
    name = str(row.get("name", "")).split("::", 1)[0]  # "make_customer::fin" is make_customer's finaliser
    return name in keep and not name.startswith("_")


def hide_framework_fixtures(results_dir: Path, keep: frozenset[str]) -> int:
    """Drop the rows of framework and private fixtures from every container; the number of files changed."""
    changed = 0
    for path in sorted(results_dir.glob("*-container.json")):
        try:
            container = read_json(path)
        except (OSError, ValueError):
            continue
        if not isinstance(container, dict):
            continue
        dirty = False
        for key in ("befores", "afters"):
            rows = container.get(key) or []
            kept = [row for row in rows if isinstance(row, dict) and shown(row, keep)]
            if len(kept) != len(rows):
                container[key] = kept
                dirty = True
        if dirty:
            write_json(path, container)
            changed += 1
    return changed
