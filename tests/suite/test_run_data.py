"""Test data is unique per run and reproducible on demand: the run id, node id and attempt decide every value."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from suite.data.keys import RUN_ID_PATTERN, Uniq, check_run_id, faker_for, new_run_id, node_key, seed_for
from suite.data.sales import FAR_YEARS, FIRST_FAR_YEAR, YEAR_TRIES, NoFreeYear, customer_data, unique_phone, unique_year

ROOT = Path(__file__).resolve().parents[2]
NODE = "tests/functional/sales/test_customers.py::test_create_customer[chromium]"


def data_of(run_id: str, attempt: int = 1, node: str = NODE) -> list[dict]:
    fake, uniq = faker_for(node, "zh_CN", run_id, attempt), Uniq(node, attempt, run_id)
    return [customer_data(fake, uniq).as_dict() for _ in range(3)]


def test_the_same_run_id_gives_the_same_data():
    assert data_of("k3x9a7") == data_of("k3x9a7")
    assert seed_for(NODE, "k3x9a7") == seed_for(NODE, "k3x9a7")


def test_another_run_another_attempt_or_another_test_gives_other_unique_values():
    runs = [data_of("k3x9a7"), data_of("p0q1r2"), data_of("k3x9a7", attempt=2), data_of("k3x9a7", node=NODE + "x")]
    for field in ("name", "phone", "website"):
        values = [customer[field] for run in runs for customer in run]
        assert len(set(values)) == len(values), field


def test_every_token_carries_the_run_id_and_the_attempt():
    uniq = Uniq(NODE, 2, "k3x9a7")
    token = uniq()
    assert token == f"k3x9a7{node_key(NODE)}21"
    assert uniq() == f"k3x9a7{node_key(NODE)}22"


def test_unique_phones_are_valid_international_numbers():
    uniq = Uniq(NODE, 1, "k3x9a7")
    phones = {unique_phone(uniq) for _ in range(2000)}
    assert len(phones) == 2000
    assert all(re.fullmatch(r"\+861[3-9]\d{11}", phone) for phone in phones)  # + and 15 digits (SAL-CUS-2)


def test_a_report_year_is_repeatable_and_one_that_holds_data_is_passed_over():
    first = unique_year(Uniq(NODE, 1, "k3x9a7"))
    assert first == unique_year(Uniq(NODE, 1, "k3x9a7")) and FIRST_FAR_YEAR <= first < FIRST_FAR_YEAR + FAR_YEARS
    asked = []

    def occupied_until_third(year: int) -> bool:
        asked.append(year)
        return len(asked) == 3

    third = unique_year(Uniq(NODE, 1, "k3x9a7"), occupied_until_third)
    assert asked[0] == first and len(set(asked)) == 3 and third == asked[2]


def test_when_every_year_tried_holds_data_the_arrangement_says_so():
    with pytest.raises(NoFreeYear, match="every far-future year tried already holds report data") as refused:
        unique_year(Uniq(NODE, 1, "k3x9a7"), lambda year: False)
    assert len(str(refused.value).split(": ")[1].split(", ")) == YEAR_TRIES


def test_new_run_ids_are_random_and_well_formed():
    ids = {new_run_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(RUN_ID_PATTERN.fullmatch(run_id) for run_id in ids)


@pytest.mark.parametrize("bad", ["", "abc", "ABC123", "abc-12", "abcdefg", "ab c12"])
def test_a_malformed_run_id_is_refused_saying_what_one_looks_like(bad):
    with pytest.raises(ValueError, match="6 lower-case letters or digits"):
        check_run_id(bad)


def test_the_functional_tests_of_one_run_have_distinct_test_keys():
    """A token's test key keeps the tests of one run apart: no two collected functional tests may share one."""
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/functional", "--co", "-q", "-p", "no:randomly",
         "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    nodeids = [line for line in collected.stdout.splitlines() if "::" in line]
    assert len(nodeids) > 1000, collected.stdout[-2000:] + collected.stderr[-2000:]
    keys: dict[str, str] = {}
    for nodeid in nodeids:
        assert keys.setdefault(node_key(nodeid), nodeid) == nodeid, f"{nodeid} and {keys[node_key(nodeid)]}"


SCRATCH_CONFTEST = """
from suite.plugin import PLUGINS

pytest_plugins = [*PLUGINS, "fixtures.data"]
"""

SCRATCH_TEST = """
import json
import os

from suite.data.sales import customer_data


def test_write_data(fake, fake_en, uniq, run_id, faker_seed, request):
    record = {"run_id": run_id, "seed": faker_seed, "customer": customer_data(fake, uniq).as_dict(),
              "english": fake_en.name(), "attempt": getattr(request.node, "execution_count", 1)}
    with open(os.environ["DATA_OUT"], "a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\\n")
    assert record["attempt"] > 1 or os.environ.get("FAIL_FIRST") != "1", "the first attempt fails on purpose"
"""


def run_scratch(tmp_path: Path, name: str, *args: str, fail_first: bool = False) -> tuple[int, str, list[dict]]:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "conftest.py").write_text(textwrap.dedent(SCRATCH_CONFTEST))
    (project / "test_scratch.py").write_text(textwrap.dedent(SCRATCH_TEST))
    out = tmp_path / f"{name}.jsonl"
    env = {"PYTHONPATH": str(ROOT), "DATA_OUT": str(out), "FAIL_FIRST": "1" if fail_first else "0",
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-p", "no:playwright",
         "-p", "no:faker", "--rootdir", str(project), "test_scratch.py", *args],
        cwd=project, capture_output=True, text=True, timeout=120, env=env,
    )
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return result.returncode, result.stdout + result.stderr, records


def test_the_run_id_option_repeats_a_runs_exact_data_and_a_new_run_makes_new_data(tmp_path):
    code, output, first = run_scratch(tmp_path, "first", "--ecrm-run-id", "r3pe4t")
    assert code == 0, output
    code, output, again = run_scratch(tmp_path, "again", "--ecrm-run-id", "r3pe4t")
    assert code == 0, output
    assert again == first
    assert first[0]["run_id"] == "r3pe4t" and "r3pe4t" in first[0]["customer"]["name"]
    code, output, fresh = run_scratch(tmp_path, "fresh")
    assert code == 0, output
    assert fresh[0]["run_id"] != "r3pe4t"
    assert RUN_ID_PATTERN.fullmatch(fresh[0]["run_id"])
    assert fresh[0]["customer"]["name"] != first[0]["customer"]["name"]
    assert fresh[0]["customer"]["phone"] != first[0]["customer"]["phone"]


def test_a_re_run_attempt_makes_fresh_unique_values(tmp_path):
    code, output, attempts = run_scratch(tmp_path, "rerun", "--ecrm-run-id", "r3pe4t", "-p", "rerunfailures",
                                         "--reruns", "1", fail_first=True)
    assert code == 0, output  # attempt 1 fails on purpose, attempt 2 passes
    assert [record["attempt"] for record in attempts] == [1, 2]
    first, second = (record["customer"] for record in attempts)
    assert first["name"] != second["name"] and first["phone"] != second["phone"]
    assert attempts[0]["seed"] != attempts[1]["seed"]


def test_a_malformed_run_id_stops_the_run_with_a_usage_error(tmp_path):
    code, output, records = run_scratch(tmp_path, "bad", "--ecrm-run-id", "NOPE")
    assert code == 2, output
    assert "--ecrm-run-id 'NOPE' is not a run id" in output
    assert records == []
