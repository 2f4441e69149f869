"""The suite's command-line options and what they resolve to: the run id, the deployment under test, the workers.

Every other concern of the plugin (``suite.plugin``) asks this module, never the options themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from suite.data.hostile import SWEEP_DEPTHS
from suite.data.keys import check_run_id, new_run_id

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONAL = ROOT / "tests" / "functional"  # the functional suite: the tests that must carry area and spec marks

RUN_ID_KEY = pytest.StashKey[str]()  # the run id every test's data derives from (suite.data.keys)
RUN_ID_INPUT = "ecrm_run_id"  # the controller's run id, handed to xdist workers


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ecrm", "e-CRM suite")
    group.addoption(
        "--ecrm-health-timeout",
        type=float,
        default=12.0,
        help="seconds to wait for an external e-CRM's /healthz before stopping the run (default 12)",
    )
    group.addoption(
        "--rules",
        default="",
        help="run only the functional tests naming one of these spec rule IDs (comma-separated, e.g. SAL-CUS-1)",
    )
    group.addoption(
        "--modules",
        default="",
        help="run only the functional tests of these modules (comma-separated: Common, e-Sales, e-Expense, e-Service)",
    )
    group.addoption(
        "--ecrm-sweep",
        choices=SWEEP_DEPTHS,
        default=os.environ.get("ECRM_SWEEP", "sample"),
        help="the HTTP hostile-input sweep of every form: 'sample' (default, the PR gate's: a fixed set of every "
        "category and a share of the rest drawn by the run id, to every field of every form) or 'full' (every "
        "string of the catalogue, the nightly run's) (env ECRM_SWEEP)",
    )
    group.addoption(
        "--ecrm-run-id",
        default=os.environ.get("ECRM_RUN_ID", ""),
        help="repeat the test data of the run with this id (printed at the top of a run and kept in its report); "
        "default: a new random id, so no two runs' data meet on one deployment (env ECRM_RUN_ID)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "area(module, function): the subsystem and function a test module covers")
    config.addinivalue_line(
        "markers", "spec(*rule_ids, severity, priority): the spec rules a test covers, its severity and priority"
    )
    config.addinivalue_line(
        "markers", "exclusive(why): against a shared deployment the check runs alone, no other check beside it "
        "(it changes or counts what every check sees)",
    )
    config.stash[RUN_ID_KEY] = _run_id(config)


def usage_error(message: str) -> None:
    """A bad option value: one line naming it, exit 2, before anything runs."""
    pytest.exit(f"usage error: {message}", returncode=2)


def split(value: str) -> set[str]:
    """The items of a comma-separated option."""
    return {part.strip() for part in value.split(",") if part.strip()}


# -- the deployment under test and the processes of the run ----------------------------------------------------------
def external_url(config: pytest.Config) -> str | None:
    """The deployment under test when one is given (``--base-url`` or ``PYTEST_BASE_URL``); None means embedded."""
    url = config.getoption("--base-url", default=None) or os.environ.get("PYTEST_BASE_URL")
    return url.rstrip("/") if url else None


def is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def worker_count(config: pytest.Config) -> int:
    if not is_controller(config):
        return int(config.workerinput.get("workercount", 1))
    value = getattr(config.option, "numprocesses", None) or 0
    return int(value) if str(value).isdigit() else os.cpu_count() or 1


def in_functional(path: Path) -> bool:
    """Whether a path is (in) the functional suite."""
    return path == FUNCTIONAL or FUNCTIONAL in path.parents


def is_functional(item: pytest.Item) -> bool:
    return FUNCTIONAL in Path(str(item.path)).parents


# -- the run id -------------------------------------------------------------------------------------------------------
def _run_id(config: pytest.Config) -> str:
    """The run id: the controller's (given with ``--ecrm-run-id``, else new); an xdist worker takes the controller's."""
    handed = getattr(config, "workerinput", {}).get(RUN_ID_INPUT)
    if handed:
        return handed
    given = config.getoption("--ecrm-run-id")
    if not given:
        return new_run_id()
    try:
        return check_run_id(given)
    except ValueError as error:
        usage_error(str(error))


def run_id(config: pytest.Config) -> str:
    return config.stash[RUN_ID_KEY]


def sweep_depth(config: pytest.Config) -> str:
    """``sample`` or ``full``: how many of the catalogue's strings the HTTP form sweep sends (``--ecrm-sweep``)."""
    return config.getoption("--ecrm-sweep", default="sample")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: every worker makes its data from the controller's run id."""
    node.workerinput[RUN_ID_INPUT] = run_id(node.config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"e-CRM run id: {run_id(config)} (repeat this run's test data with --ecrm-run-id {run_id(config)})"]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """The run id again at the end (``-q`` hides the header), so a failure's data can be repeated."""
    ran = (str(getattr(report, "nodeid", "")) for reports in terminalreporter.stats.values() for report in reports)
    if is_controller(config) and any(nodeid.startswith("tests/functional/") for nodeid in ran):
        terminalreporter.write_line(f"e-CRM run id: {run_id(config)} (repeat its data with --ecrm-run-id "
                                    f"{run_id(config)})")
