"""What a deployment under test offers beyond the product itself, and which checks are left out where it lacks it.

Some checks need a facility of the reference e-CRM's test settings that a real deployment does not have (and must not:
production settings cannot switch it on). A check declares the need by the fixture it uses; against an external
deployment the suite asks the deployment once, before the run, and leaves out (deselects, with the reason) the checks
whose need it does not meet. They are listed in the run summary under "not executed and why". Against the embedded
e-CRM every need is met and nothing is left out.

To add a need: a ``Need`` with the fixture that uses the facility, a probe, and the reason in both languages.

Its hooks (a module of the suite's plugin, ``suite.plugin``): the left-out checks named in the run's header and
deselected after the selection by marks, and the checks of one run sharing an external deployment (``DeploymentLock``).
"""

from __future__ import annotations

import fcntl
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from suite.perf.server_timing import signals
from suite.plugin import options
from suite.plugin.run_meta import meta_dir
from suite.plugin.selection import deselect

CLOCK_PATH = "/__test__/clock/"


def _clock_mounted(url: str) -> bool:
    """The test clock answers ``GET /__test__/clock/`` with the server's time (404 where it is not mounted)."""
    try:
        with urllib.request.urlopen(f"{url}{CLOCK_PATH}", timeout=5) as response:
            return response.status == 200 and "now" in json.loads(response.read().decode("utf-8"))
    except (urllib.error.HTTPError, ValueError):
        return False


def _counts_queries(url: str) -> bool:
    """Each response says how many queries it made: ``Server-Timing: db;count=N`` (the reference e-CRM's test and
    performance settings send it; production settings do not)."""
    try:
        with urllib.request.urlopen(f"{url}/login/", timeout=5) as response:
            return signals(response.headers).queries is not None
    except (urllib.error.HTTPError, ValueError):
        return False


@dataclass(frozen=True)
class Need:
    """A facility some checks need: the fixture that uses it, how to ask a deployment for it, and why it may lack it."""

    name: str
    fixture: str
    probe: Callable[[str], bool]
    lacking: str  # the reason a check is left out, for the run summary and the terminal
    shared: str = ""  # non-empty: the facility is global to the deployment, so only one worker may use it at a time


NEEDS: tuple[Need, ...] = (
    Need(
        name="test clock",
        fixture="set_clock",
        probe=_clock_mounted,
        lacking=(
            f"needs the test clock ({CLOCK_PATH}), which {{url}} does not mount (only the reference e-CRM's test "
            f"settings do) — 需要测试时钟，被测系统未提供"
        ),
        shared=(
            "needs the test clock, which is global to {url}: frozen from {workers} workers at once the checks would "
            "move each other's time; run them with -n 1 — 测试时钟为整个部署共用，请以单进程运行"
        ),
    ),
    Need(
        name="query counts",
        fixture="query_counts",
        probe=_counts_queries,
        lacking=(
            "needs each response's query count (Server-Timing: db;count=N), which {url} does not send (the reference "
            "e-CRM's test settings do) — 需要响应头 Server-Timing 中的查询次数，被测系统未提供"
        ),
    ),
)


def probe(url: str, needs: Iterable[Need] = NEEDS) -> dict[str, bool]:
    """``{need name: met}``; a deployment that cannot be reached meets none (the health gate says why)."""
    met = {}
    for need in needs:
        try:
            met[need.name] = need.probe(url)
        except OSError:
            met[need.name] = False
    return met


def reasons_left_out(url: str, met: dict[str, bool], workers: int, needs: Iterable[Need] = NEEDS) -> dict[str, str]:
    """``{fixture: reason}``: the fixtures whose checks are left out against this deployment, and why."""
    reasons = {}
    for need in needs:
        if not met.get(need.name, False):
            reasons[need.fixture] = need.lacking.format(url=url)
        elif need.shared and workers > 1:
            reasons[need.fixture] = need.shared.format(url=url, workers=workers)
    return reasons


def reason_for(fixturenames: Iterable[str], reasons: dict[str, str]) -> str:
    """Why a check that uses these fixtures is left out; empty when it runs."""
    return next((reasons[name] for name in fixturenames if name in reasons), "")


# -- checks that change what every other check sees --------------------------------------------------------------------
# A check that changes a deployment-wide setting, or counts every record of a shared demo user, cannot share a
# deployment with checks running beside it: each xdist worker of the embedded e-CRM has a server of its own, but an
# external deployment is one for every worker. There, such a check runs alone: it waits for the checks in flight on the
# other workers to end, and they wait for it (``DeploymentLock``). It declares this with ``@pytest.mark.exclusive(why)``
# or by using one of these fixtures.
EXCLUSIVE_FIXTURES: dict[str, str] = {
    "sla_settings": "changes the deployment's SLA table and surveys switch",
    "expense_thresholds": "changes the deployment's approval thresholds",
    "rep2_bank_account": "changes the demo user rep2's own settings",
    "clerk_password": "changes the demo user clerk's password",
}


def exclusive_reason(marks: Iterable, fixturenames: Iterable[str]) -> str:
    """Why a check must run alone on a shared deployment; empty when it may run beside others."""
    for mark in marks:
        if mark.name == "exclusive":
            return str(mark.args[0]) if mark.args else "changes what other checks see"
    return next((EXCLUSIVE_FIXTURES[name] for name in fixturenames if name in EXCLUSIVE_FIXTURES), "")


class DeploymentLock:
    """A readers-writer lock over the processes of one run (file locks, so it needs no server and dies with them).

    Ordinary checks hold it shared; an exclusive check holds it alone. The writer takes a gate first and keeps it while
    it waits, so the readers that come after it queue behind it instead of starving it."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        self.gate = directory / "deployment-gate.lock"
        self.main = directory / "deployment.lock"

    @contextmanager
    def held(self, exclusive: bool):
        with open(self.gate, "a") as gate, open(self.main, "a") as main:
            fcntl.flock(gate, fcntl.LOCK_EX)
            try:
                fcntl.flock(main, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            finally:
                if not exclusive:
                    fcntl.flock(gate, fcntl.LOCK_UN)
            try:
                yield
            finally:
                fcntl.flock(main, fcntl.LOCK_UN)
                if exclusive:
                    fcntl.flock(gate, fcntl.LOCK_UN)


# -- the hooks --------------------------------------------------------------------------------------------------------
LEFT_OUT_KEY = pytest.StashKey[dict]()  # {fixture: reason}: the checks the deployment cannot run


def left_out_reasons(config: pytest.Config) -> dict[str, str]:
    """``{fixture: reason}`` of the checks the external deployment cannot run (asked once per process)."""
    if LEFT_OUT_KEY not in config.stash:
        url = options.external_url(config)
        config.stash[LEFT_OUT_KEY] = reasons_left_out(url, probe(url), options.worker_count(config)) if url else {}
    return config.stash[LEFT_OUT_KEY]


def pytest_report_header(config: pytest.Config) -> list[str]:
    url = options.external_url(config)
    return [f"e-CRM at {url}: the checks using {fixture} are left out: {reason}"
            for fixture, reason in left_out_reasons(config).items()]


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Against an external deployment, the checks needing a facility it lacks are deselected with the reason."""
    reasons = left_out_reasons(config)
    if reasons:
        deselect(config, items, lambda item: reason_for(item.fixturenames, reasons))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Against an external deployment shared by several workers, a check that changes or counts what every check sees
    runs alone (``DeploymentLock``); every other check holds the lock shared. With the embedded e-CRM each worker has
    its own server, and nothing waits."""
    config = item.config
    if not options.external_url(config) or options.worker_count(config) < 2 or not options.is_functional(item):
        yield
        return
    exclusive = bool(exclusive_reason(item.iter_markers(), item.fixturenames))
    with DeploymentLock(meta_dir(config)).held(exclusive):
        yield
