"""A mistyped selection is a usage error: it stops at once, exit 2, with one line naming the bad value and what is valid
(never pytest's exit 5, "no tests ran", with no word about why)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--rules", "SAL-CUS-99", "--rules: unknown rule ID 'SAL-CUS-99'; the SAL-CUS rules are SAL-CUS-1, SAL-CUS-2, "
                                  "SAL-CUS-3, SAL-CUS-4, SAL-CUS-5, SAL-CUS-6"),
        ("--rules", "SAL-CSU-1", "--rules: unknown rule ID 'SAL-CSU-1'; did you mean 'SAL-CUS-1'?"),
        ("--rules", "SAL-CUS-1,NOPE", "--rules: unknown rule ID 'NOPE'; a rule ID reads like SAL-CUS-1"),
        ("--modules", "e-sales", "--modules: unknown module 'e-sales'; did you mean 'e-Sales'? "
                                 "(valid: Common, e-Sales, e-Expense, e-Service)"),
        ("--modules", "Billing", "--modules: unknown module 'Billing'; valid: Common, e-Sales, e-Expense, e-Service"),
        ("--ecrm-run-id", "Run-1", "--ecrm-run-id 'Run-1' is not a run id"),
    ],
)
def test_a_bad_selection_value_stops_the_run_naming_it_with_exit_2(option, value, says, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/functional", option, value, "-q", "-p", "no:cacheprovider",
         f"--alluredir={tmp_path / 'results'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 2, output[-2000:]
    assert output.splitlines()[-1].startswith(f"Exit: usage error: {says}"), output[-2000:]
    assert "passed" not in output and "no tests ran" not in output


def test_a_valid_selection_still_selects(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/functional", "--rules", "SAL-CUS-2", "--modules", "e-Sales", "--co",
         "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "test_valid_phone_formats_are_accepted" in result.stdout
