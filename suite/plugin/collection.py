"""The collection manifest: every collected and every deselected functional test, in ``run-meta/collection.json``.

So the run summary counts and explains the cases that were not executed (``suite.reporting.manifest`` reads it).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import allure
import pytest

from suite.plugin import options
from suite.plugin.run_meta import meta_dir
from suite.reporting import manifest
from suite.reporting.results import NODEID_LABEL

SESSION_KEY = "ecrm_collection_session"  # the controller's session id, handed to xdist workers


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(CollectionManifest(config), "ecrm-collection-manifest")


class CollectionManifest:
    """Records every collected and every deselected functional test in ``run-meta/collection.json``.

    So the run summary counts and explains the cases that were not executed (see ``suite.reporting.manifest``). Each
    process that collects writes its part, under a directory named by the controller's session, when collection is
    done; the controller (the single process, or the xdist controller, which collects nothing itself) merges its
    session's parts. It only writes alongside Allure results (``--alluredir``), which the manifest accompanies. It
    also labels each functional test with its node id, which joins Allure's results to the manifest.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        workerinput = getattr(config, "workerinput", {})
        self.session = workerinput.get(SESSION_KEY) or uuid.uuid4().hex
        self.worker = workerinput.get("workerid", "main")
        self.deselected: dict[str, dict] = {}
        self.errors: list[dict] = []
        self.stopped = ""

    @property
    def enabled(self) -> bool:
        return bool(self.config.getoption("allure_report_dir", default=None))

    def _in_functional(self, nodeid: str) -> bool:
        return options.in_functional(Path(self.config.rootpath, nodeid.split("::", 1)[0]))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        """xdist: the workers write their parts under this session's directory."""
        node.workerinput[SESSION_KEY] = self.session

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and self._in_functional(report.nodeid):
            lines = report.longreprtext.strip().splitlines()
            self.errors.append({"nodeid": report.nodeid, "message": lines[-1] if lines else "collection error"})

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        for item in items:
            if options.is_functional(item):
                entry = manifest.entry_of(item, self.config.rootpath)
                self.deselected[item.nodeid] = {**entry, "reason": manifest.deselection_reason(item, self.config)}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        selected = [item for item in session.items if options.is_functional(item)]
        for item in selected:
            item.add_marker(allure.label(NODEID_LABEL, item.nodeid))
        if not self.enabled or not (selected or self.deselected or self.errors):
            return
        part = {
            "selected": [manifest.entry_of(item, self.config.rootpath) for item in selected],
            "deselected": list(self.deselected.values()),
            "errors": self.errors,
        }
        manifest.write_partial(meta_dir(self.config), self.session, self.worker, part)
        if options.is_controller(self.config):  # a single process: the manifest exists even if the run is killed later
            self._write(exitstatus=None)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo) -> None:
        """Ctrl-C or ``pytest.exit`` (e.g. an unhealthy e-CRM): keep why no or not every test ran."""
        message = getattr(excinfo.value, "msg", "")  # pytest.exit's reason
        self.stopped = f"{excinfo.typename}: {message}" if message else excinfo.exconly()
        if options.is_controller(self.config):
            self._write(exitstatus=None)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if options.is_controller(self.config):
            self._write(exitstatus=int(exitstatus), final=True)

    def _write(self, exitstatus: int | None, final: bool = False) -> None:
        directory = meta_dir(self.config)
        if self.enabled and (manifest.has_partials(directory, self.session) or self.stopped):
            facts = {"exitstatus": exitstatus, "stopped": self.stopped, "reruns": _reruns(self.config)}
            manifest.write_manifest(directory, self.session, facts, final=final)


def _reruns(config: pytest.Config) -> int | None:
    """The number of re-runs of a failed test (pytest-rerunfailures' ``--reruns``); None without the plugin."""
    if not config.pluginmanager.hasplugin("rerunfailures"):
        return None
    value = config.getoption("reruns", None)
    if value is None:
        try:
            value = config.getini("reruns")
        except ValueError:
            value = None
    return int(value or 0)
