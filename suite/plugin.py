"""The suite's pytest hooks: marks → Allure labels, the health check, failure attachments and run metadata.

Registered through ``pytest_plugins`` in the root conftest.py.
"""

from __future__ import annotations

import getpass
import json
import os
import platform
import uuid
from pathlib import Path

import allure
import pytest

from suite import server
from suite.marks import MarkError, allure_labels, case_of
from suite.reporting import manifest
from suite.reporting.results import NODEID_LABEL
from suite.timing import TimingRecorder

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONAL = ROOT / "tests" / "functional"
META_DIR_NAME = "run-meta"

PAGES_KEY = pytest.StashKey[list]()  # [(label, Page, console lines)] opened by a test, for failure attachments
TRACE_MIME = "application/vnd.allure.playwright-trace"


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


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "area(module, function): the subsystem and function a test module covers")
    config.addinivalue_line(
        "markers", "spec(*rule_ids, severity, priority): the spec rules a test covers, its severity and priority"
    )
    config.pluginmanager.register(CollectionManifest(config), "ecrm-collection-manifest")
    config.pluginmanager.register(TimingRecorder(config), "ecrm-timing")


def external_url(config: pytest.Config) -> str | None:
    """The deployment under test when one is given (``--base-url`` or ``PYTEST_BASE_URL``); None means embedded."""
    url = config.getoption("--base-url", default=None) or os.environ.get("PYTEST_BASE_URL")
    return url.rstrip("/") if url else None


def is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with one clear message, when an external e-CRM is down (no hundreds of time-outs)."""
    config = session.config
    url = external_url(config)
    if url and is_controller(config) and not config.option.collectonly:
        try:
            server.wait_healthy(url, config.getoption("--ecrm-health-timeout"))
        except server.ServerError as error:
            pytest.exit(f"The e-CRM under test at {url} is not healthy, so no test was run: {error}", returncode=3)


def is_functional(item: pytest.Item) -> bool:
    return FUNCTIONAL in Path(str(item.path)).parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every functional test must declare its area and spec; those marks become Allure labels."""
    errors = []
    for item in items:
        if not is_functional(item):
            continue
        try:
            case = case_of(item)
        except MarkError as error:
            errors.append(str(error))
            continue
        for name, value in allure_labels(case):
            item.add_marker(allure.label(name, value))
    if errors:
        raise pytest.UsageError("Tests without valid marks:\n  " + "\n  ".join(errors))
    _select_by_spec(config, items)


def _split(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _select_by_spec(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``--rules`` / ``--modules``: deselect (and so report as deselected) the functional tests outside them."""
    rules, modules = _split(config.getoption("--rules")), _split(config.getoption("--modules"))
    if not rules and not modules:
        return
    keep, drop = [], []
    for item in items:
        case = case_of(item) if is_functional(item) else None
        wanted = case is not None and (not rules or bool(rules & set(case.rules))) and (
            not modules or case.module in modules
        )
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


# -- failure attachments --------------------------------------------------------------------------------------------
def track_page(item: pytest.Item, label: str, page) -> list[str]:
    """Remember a page a test opened; its screenshot, HTML and console are attached if the test fails."""
    console: list[str] = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    item.stash.setdefault(PAGES_KEY, []).append((label, page, console))
    return console


def _attach_pages(item: pytest.Item) -> None:
    for label, page, console in item.stash.get(PAGES_KEY, []):
        if page.is_closed():
            continue
        try:
            allure.attach(page.screenshot(full_page=True), name=f"screenshot {label}", attachment_type="image/png",
                          extension="png")
            allure.attach(page.content(), name=f"page HTML {label}", attachment_type="text/html", extension="html")
        except Exception as error:
            allure.attach(repr(error), name=f"capture failed {label}", attachment_type="text/plain")
        lines = [f"page: {page.url}", *console] if not page.is_closed() else console
        allure.attach("\n".join(lines) or "(no console output)", name=f"console {label}",
                      attachment_type="text/plain", extension="txt")


# pytest-playwright's artifacts (teardown report's user_properties) → Allure attachment name, MIME type, extension.
PLAYWRIGHT_ARTIFACTS = {
    "playwright_trace": ("Playwright trace", TRACE_MIME, "zip"),
    "playwright_video": ("video", "video/webm", "webm"),
    "playwright_screenshot": ("screenshot", "image/png", "png"),
}


def _attach_playwright_artifacts(item: pytest.Item, report: pytest.TestReport) -> None:
    """Attach every artifact the user asked pytest-playwright for (``--tracing``, ``--video``, ``--screenshot``).

    pytest-playwright names them on the teardown report, relative to the directory pytest started in; a test with
    several pages gets one of each per page (``video-2.webm`` …), named after the file."""
    for key, path in report.user_properties:
        if key not in PLAYWRIGHT_ARTIFACTS or not isinstance(path, str):
            continue
        file = Path(item.config.invocation_params.dir, path)
        if not file.is_file():
            continue
        name, mime, extension = PLAYWRIGHT_ARTIFACTS[key]
        suffix = file.stem.rsplit("-", 1)[-1] if "-" in file.stem else ""
        label = f"{name} {suffix}" if suffix.isdigit() else name
        allure.attach.file(str(file), name=label, attachment_type=mime, extension=extension)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call" and report.failed:
        # The pages are still open here: fixtures are torn down after the call report.
        _attach_pages(item)
    elif report.when == "teardown":
        # pytest-playwright has written its artifacts by now (its trylast wrapper ran before this code).
        _attach_playwright_artifacts(item, report)


# -- run metadata -----------------------------------------------------------------------------------------------------
def meta_dir(config: pytest.Config) -> Path:
    alluredir = config.getoption("allure_report_dir", default=None)
    base = Path(alluredir).parent if alluredir else ROOT / "reports"
    return base / META_DIR_NAME


def record_meta(config: pytest.Config, **facts) -> None:
    """A worker records what it learnt about the run (app build, browser version ...) for the environment file."""
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    directory = meta_dir(config)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{worker}.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    current.update(facts)
    path.write_text(json.dumps(current, ensure_ascii=False, indent=2))


def environment_facts(config: pytest.Config) -> dict[str, str]:
    facts: dict[str, str] = {}
    directory = meta_dir(config)
    for path in sorted(directory.glob("*.json")) if directory.exists() else []:
        if path.name != manifest.COLLECTION_FILE:  # the collection manifest is not an environment fact
            facts.update(json.loads(path.read_text()))
    facts.update(
        {
            "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
            "python": platform.python_version(),
            "tester": os.environ.get("ECRM_TESTER") or ("CI" if os.environ.get("CI") else getpass.getuser()),
            "target": external_url(config) or "embedded reference e-CRM",
            "workers": str(getattr(config.option, "numprocesses", None) or 1),
            # pytest-randomly's order: repeat it with --randomly-seed=<this> ("off" with -p no:randomly).
            "random_order_seed": str(getattr(config.option, "randomly_seed", None) or "off"),
        }
    )
    return {key: str(value) for key, value in facts.items()}


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    alluredir = config.getoption("allure_report_dir", default=None)
    if not alluredir or not is_controller(config):
        return
    results = Path(alluredir)
    results.mkdir(parents=True, exist_ok=True)
    facts = environment_facts(config)
    lines = [f"{key}={value}".replace("\n", " ") for key, value in sorted(facts.items())]
    (results / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")
    executor = {
        "name": "CI" if os.environ.get("CI") else "local",
        "type": "github" if os.environ.get("GITHUB_ACTIONS") else ("ci" if os.environ.get("CI") else "local"),
        "buildName": os.environ.get("ECRM_BUILD_NAME", f"e-CRM suite {facts.get('app_version', '')}".strip()),
        "buildUrl": os.environ.get("ECRM_BUILD_URL", ""),
        "reportName": "e-CRM QA report",
    }
    (results / "executor.json").write_text(json.dumps(executor, ensure_ascii=False, indent=2), encoding="utf-8")


# -- collection manifest ----------------------------------------------------------------------------------------------
SESSION_KEY = "ecrm_collection_session"  # the controller's session id, handed to xdist workers


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
        path = Path(self.config.rootpath, nodeid.split("::", 1)[0])
        return path == FUNCTIONAL or FUNCTIONAL in path.parents

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
            if is_functional(item):
                entry = manifest.entry_of(item, self.config.rootpath)
                self.deselected[item.nodeid] = {**entry, "reason": manifest.deselection_reason(item, self.config)}

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        selected = [item for item in session.items if is_functional(item)]
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
        if is_controller(self.config):  # a single process: the manifest exists even if the run is killed later
            self._write(exitstatus=None)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo) -> None:
        """Ctrl-C or ``pytest.exit`` (e.g. an unhealthy e-CRM): keep why no or not every test ran."""
        message = getattr(excinfo.value, "msg", "")  # pytest.exit's reason
        self.stopped = f"{excinfo.typename}: {message}" if message else excinfo.exconly()
        if is_controller(self.config):
            self._write(exitstatus=None)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if is_controller(self.config):
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
