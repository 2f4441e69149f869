"""A defect ID is stable for the same failing check across runs and machines, and differs between checks."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from suite.reporting import ids
from suite.reporting.cases import build_cases
from suite.reporting.results import Step, load_results

ID_FORMAT = re.compile(r"^[A-Z]+-[A-Z]+-[0-9a-f]{8}$")


def one_run(directory: Path, results_in, *, port: int, tmp: str, line: int = 42, params=(("amount", "250"),),
            step_name: str = "see the error") -> dict[str, str]:
    """A run with one failing check; run-specific text sits in the failing steps and the parameters."""
    results = results_in(directory)
    failure = results.failure(url=f"http://127.0.0.1:{port}", line=line)
    steps = [
        results.step("log in as rep1"),
        results.step(
            f"open http://127.0.0.1:{port}/customers/{port % 97}/ at 2026-05-04T09:{port % 60:02d}:00+08:00", "failed",
            results.step(f"upload {tmp}/pytest-of-ci/pytest-{port % 9}/test_dup0/receipt.png", "failed",
                         results.step(step_name, "failed")),
        ),
    ]
    run_params = [*params, ("base_url", f"'http://localhost:{port}'"), ("token", f"'{uuid.uuid4()}'")]
    results.attempts("test_duplicate_name_is_refused[chromium]", ["failed", "failed", "failed"],
                     steps=steps, params=run_params, **failure)
    cases = build_cases(load_results(results.directory), None)
    return {case.name: case.defect_id for case in cases}


def test_the_same_failing_check_gets_the_same_id_on_two_machines(tmp_path, results_in):
    first = one_run(tmp_path / "run1", results_in, port=51234, tmp="/tmp/pytest-of-alice")
    second = one_run(tmp_path / "run2", results_in, port=40411, tmp="/var/folders/x1/T")
    assert first == second
    assert all(ID_FORMAT.match(defect) for defect in first.values())
    assert next(iter(first.values())).startswith("SAL-CUS-")


def test_different_checks_get_different_ids(tmp_path, results_in):
    factory = results_in
    base = one_run(tmp_path / "base", factory, port=1, tmp="/tmp/a")
    other_line = one_run(tmp_path / "line", factory, port=1, tmp="/tmp/a", line=43)  # same source line text
    other_step = one_run(tmp_path / "step", factory, port=1, tmp="/tmp/a", step_name="see the toast")
    other_params = one_run(tmp_path / "params", factory, port=1, tmp="/tmp/a", params=(("amount", "100"),))
    assert other_line == base  # a moved line is the same check: the locus is the source text, not its number
    assert other_step != base
    assert other_params != base


def test_parameter_order_does_not_change_the_id(tmp_path, results_in):
    factory = results_in
    one = one_run(tmp_path / "one", factory, port=1, tmp="/tmp/a", params=(("a", "1"), ("b", "2")))
    other = one_run(tmp_path / "other", factory, port=1, tmp="/tmp/a", params=(("b", "2"), ("a", "1")))
    assert one == other


@pytest.mark.parametrize(
    ("volatile", "stable"),
    [
        ("see http://127.0.0.1:53211/customers/17/ now", "see <origin>/customers/<id>/ now"),
        ("at localhost:8000", "at <host>"),
        ("file /tmp/pytest-of-root/pytest-3/test_x0/a.txt", "file <tmp>"),
        ("id 3f2b8c1e-0d4a-4c55-9a59-2b7c1d3e4f50", "id <uuid>"),
        ("at 2026-05-04T09:00:00+08:00 done", "at <date> done"),
        ("object at 0x7f3a2b1c", "object at <addr>"),
        ("worker gw3 crashed", "worker gw<n> crashed"),
        ("epoch 1795330583723", "epoch <hex>"),
    ],
)
def test_normalise_removes_run_specific_text(volatile, stable):
    assert ids.normalise(volatile) == stable


def test_normalise_keeps_what_identifies_a_check():
    line = 'expect(page.get_by_role("alert")).to_contain_text("already exists")'
    assert ids.normalise(line) == line


def test_the_locus_is_the_failing_step_path_the_marked_line_and_the_exception_type():
    steps = (Step("open", "passed"), Step("save", "failed", steps=(Step("click 保存", "broken"),)))
    trace = "    def test_it():\n>       form.save()\n\nE   TimeoutError: ...\n"
    locus = ids.check_locus(steps, trace, "playwright._impl._errors.TimeoutError: Timeout 5000ms exceeded")
    assert locus == "save > click 保存 | form.save() | TimeoutError"


@pytest.mark.parametrize(
    ("trace", "line"),
    [
        (">       assert total == 3\nE       assert 2 == 3", "assert total == 3"),
        ('  File "/w/tests/functional/test_x.py", line 9, in test_x\n    assert total == 3\n', "assert total == 3"),
        ("tests/functional/test_x.py:9: in test_x\n    form.save()\n", "form.save()"),
        ("", ""),
    ],
)
def test_the_failing_line_is_read_from_long_native_and_short_tracebacks(trace, line):
    assert ids.failing_line(trace) == line


@pytest.mark.parametrize(
    ("rules", "module", "prefix"),
    [(("SAL-CUS-1", "COM-UI-3"), "e-Sales", "SAL-CUS"), (("EXP-CLM-2",), "e-Expense", "EXP-CLM"),
     ((), "e-Service", "SVC"), ((), "", "TEST")],
)
def test_the_prefix_is_the_first_rule_subsystem_and_function(rules, module, prefix):
    assert ids.id_prefix(rules, module) == prefix
