"""Which tests run: every functional test's marks checked and turned into Allure labels; ``--rules`` / ``--modules``.

A bad ``--rules`` or ``--modules`` value is a usage error (exit 2) naming the closest valid one; a functional test
without valid ``area`` and ``spec`` marks (``suite.plugin.marks``), an unknown rule ID among them, fails collection.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

import allure
import pytest

from suite.data.rules import RULES
from suite.plugin import options
from suite.plugin.marks import MODULES, MarkError, allure_labels, case_of, readable_title
from suite.reporting import manifest


def pytest_configure(config: pytest.Config) -> None:
    if options.is_controller(config):
        _check_selection(config)


def _closest(value: str, valid: list[str]) -> str:
    match = difflib.get_close_matches(value, valid, n=1, cutoff=0.6) or difflib.get_close_matches(
        value.upper(), [item.upper() for item in valid], n=1, cutoff=0.6
    )
    if not match:
        return ""
    wanted = match[0]
    return next(item for item in valid if item.upper() == wanted.upper())


def _hint(value: str, valid: list[str], kind: str) -> str:
    """For a rule ID, the rules of its module and function (or the closest ID); else the closest and the valid ones."""
    closest = _closest(value, valid)
    if kind == "rule ID":
        prefix = "-".join(value.upper().split("-")[:2])
        family = [rule for rule in valid if rule.startswith(f"{prefix}-")]
        if family:
            return f"the {prefix} rules are {', '.join(family)}"
        return f"did you mean {closest!r}?" if closest else "a rule ID reads like SAL-CUS-1 (docs/ECRM-SPEC.md)"
    listed = f"valid: {', '.join(valid)}"
    return f"did you mean {closest!r}? ({listed})" if closest else listed


def _check_selection(config: pytest.Config) -> None:
    """``--rules`` and ``--modules`` name only rule IDs and modules that exist: else a usage error, exit 2."""
    checks = (("--rules", "rule ID", list(RULES)), ("--modules", "module", list(MODULES)))
    for option, kind, valid in checks:
        for value in sorted(options.split(config.getoption(option))):
            if value in valid:
                continue
            options.usage_error(f"{option}: unknown {kind} {value!r}; {_hint(value, valid, kind)}")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every functional test must declare its area and spec; those marks become Allure labels.

    Runs first: the deployment's own selection (``suite.plugin.deployment``) comes after it."""
    errors = []
    for item in items:
        if not options.is_functional(item):
            continue
        try:
            case = case_of(item)
        except MarkError as error:
            errors.append(str(error))
            continue
        for name, value in allure_labels(case):
            item.add_marker(allure.label(name, value))
        _title(item)
    if errors:
        raise pytest.UsageError("Tests without valid marks:\n  " + "\n  ".join(errors))
    _select_by_spec(config, items)


def _title(item: pytest.Item) -> None:
    """Allure's title: a sentence from the test's name (``@allure.title`` wins), with the case's parameters."""
    function = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
    if function is None or getattr(function, "__allure_display_name__", None):
        return
    title = readable_title(getattr(item, "originalname", item.name))
    if getattr(item, "callspec", None) is not None:
        title += " [{param_id}]"
    function.__allure_display_name__ = title


def deselect(config: pytest.Config, items: list[pytest.Item], reason_of: Callable[[pytest.Item], str]) -> None:
    """Deselect the items ``reason_of(item)`` gives a reason for, keeping the reason for the run summary."""
    keep, drop = [], []
    for item in items:
        reason = reason_of(item)
        if reason:
            item.stash[manifest.DESELECTION_REASON] = reason
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _select_by_spec(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--rules`` / ``--modules``: deselect (and so report as deselected) the functional tests outside them."""
    rules, modules = options.split(config.getoption("--rules")), options.split(config.getoption("--modules"))
    if not rules and not modules:
        return
    chosen = " ".join(
        part for part in (f"--rules {','.join(sorted(rules))}" if rules else "",
                          f"--modules {','.join(sorted(modules))}" if modules else "") if part
    )

    def reason_of(item: pytest.Item) -> str:
        case = case_of(item) if options.is_functional(item) else None
        wanted = case is not None and (not rules or bool(rules & set(case.rules))) and (
            not modules or case.module in modules
        )
        return "" if wanted else f"not selected by {chosen}"

    deselect(config, items, reason_of)
