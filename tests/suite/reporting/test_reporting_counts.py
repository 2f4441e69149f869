"""Counts that add up: every test once per module in Allure's tree and in the summary, whatever rules it covers; a
narrow run explains the tests it deselected as a count per reason, not as a list of every test."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from suite.reporting import build
from tests.suite.reporting.conftest import ALLURE_CLI, ROOT

pytest_plugins = ["pytester"]

SALES = """
import pytest

pytestmark = pytest.mark.area("e-Sales", "客户")


@pytest.mark.spec("SAL-CUS-1", "SAL-CUS-2", "COM-UI-1", severity="critical", priority="high")
def test_three_rules():
    assert True


@pytest.mark.spec("SAL-CUS-1", severity="normal", priority="medium")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_two_cases(language):
    assert language != "en", "English is broken"
"""

SERVICE = """
import pytest

pytestmark = pytest.mark.area("e-Service", "知识库")


@pytest.mark.spec("SVC-KB-1", "COM-UI-3", "COM-ROLE-1", severity="critical", priority="urgent")
def test_many_rules():
    assert True
"""

MANY = """
import pytest

pytestmark = pytest.mark.area("e-Expense", "报销单")


@pytest.mark.spec("EXP-CLM-1", severity="normal", priority="medium")
@pytest.mark.parametrize("number", range(40))
def test_numbered(number):
    assert True
"""


def _allure_tree(results, workdir):
    if not ALLURE_CLI.exists():
        pytest.skip("the Allure 3 CLI (npm package allure) is not installed")
    output = workdir / "allure-report"
    subprocess.run([str(ALLURE_CLI), "generate", str(results), "--config", str(ROOT / "allurerc.mjs"), "-o",
                    str(output)], cwd=workdir, check=True, capture_output=True, timeout=180)
    return json.loads((output / "awesome" / "widgets" / "default" / "tree.json").read_text())


def test_every_test_appears_once_per_module_in_allure_and_in_the_summary(scratch, tmp_path):
    scratch.write("sales/test_customers.py", SALES)
    scratch.write("service/test_kb.py", SERVICE)
    scratch.run()
    out = tmp_path / "out"
    assert build.main(["--results", str(scratch.results), "--out", str(out), "--known", str(tmp_path / "no")]) == 0
    tree = _allure_tree(scratch.results, tmp_path)
    modules = {tree["groupsById"][group]["name"]: tree["groupsById"][group]["statistic"]["total"]
               for group in tree["root"]["groups"]}
    assert modules == {"e-Sales": 3, "e-Service": 1}  # 7 rule labels, 4 tests
    leaves = tree["leavesById"].values()
    assert sorted(leaf["name"] for leaf in leaves) == [
        "Many rules", "Three rules", "Two cases [en]", "Two cases [zh-hans]"]
    assert {tuple(sorted(leaf["tags"])) for leaf in leaves if leaf["name"] == "Three rules"} == {
        ("COM-UI-1", "SAL-CUS-1", "SAL-CUS-2")}  # rules stay filterable as tags
    summary = (out / "summary.en.md").read_text()
    by_module = summary.split("## By module")[1].split("##")[0]
    assert re.search(r"^\| e-Sales \| 3 \| 3 \| 2 \| 🔴 1 \|", by_module, re.M)
    assert re.search(r"^\| e-Service \| 1 \| 1 \| 1 \| 0 \|", by_module, re.M)
    assert "<svg" in (out / "summary.html").read_text()  # the charts, inline


def test_a_narrow_run_lists_deselection_reasons_and_counts_not_every_test(scratch, tmp_path):
    scratch.write("expense/test_claims.py", MANY)
    scratch.run("-k", "numbered and (0 or 1)")  # 16 of 40: [0], [1], [10] … [21], [30], [31]
    out = tmp_path / "out"
    assert build.main(["--results", str(scratch.results), "--out", str(out), "--known", str(tmp_path / "no")]) == 0
    data = json.loads((out / "defects.json").read_text())
    assert data["figures"]["deselected"] == 24
    section = (out / "summary.en.md").read_text().split("## Cases not executed, and why (24)")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 1
    reason, result, count, tests = (cell.strip() for cell in rows[0].strip("|").split(" | "))
    assert (reason, result, count) == ("deselected by -k 'numbered and (0 or 1)'", "deselected", "24")
    assert tests.count("::test_numbered[") == 10 and "… +14" in tests  # the first ten, then how many more
    page = (out / "summary.html").read_text()
    details = re.findall(r"<details><summary>show the 24 cases</summary><ul>(.*?)</ul></details>", page)
    assert len(details) == 1 and details[0].count("<li>") == 24  # all of them, folded away in the page
