"""The suite's pytest hooks: marks → Allure labels, the health check, failure attachments and run metadata.

Registered through ``pytest_plugins`` in the root conftest.py.
"""

from __future__ import annotations

import difflib
import getpass
import json
import os
import platform
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import allure
import pytest

from suite.api.client import EcrmApi
from suite.data import leftovers
from suite.data.keys import check_run_id, new_run_id
from suite.data.rules import RULES
from suite.plugin import deployment, steps
from suite.plugin.marks import MODULES, MarkError, allure_labels, case_of, readable_title
from suite.plugin.timing import TimingRecorder
from suite.reporting import manifest
from suite.reporting.results import NODEID_LABEL
from suite.server import ecrm as server

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONAL = ROOT / "tests" / "functional"
META_DIR_NAME = "run-meta"

RUN_ID_KEY = pytest.StashKey[str]()  # the run id every test's data derives from (suite.data.keys)
RUN_ID_INPUT = "ecrm_run_id"  # the controller's run id, handed to xdist workers
LEFT_OUT_KEY = pytest.StashKey[dict]()  # {fixture: reason}: checks the deployment cannot run (.deployment)
FORM_RECORDS_KEY = pytest.StashKey[list]()  # [(collection, id, user)] a test created through a browser form
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
    if is_controller(config):
        _check_selection(config)
    config.stash[RUN_ID_KEY] = _run_id(config)
    # Against a deployment that outlives the run, note every record the run creates, to say what it left behind.
    leftovers.LEDGER.enabled = bool(external_url(config)) and not config.option.collectonly
    config.pluginmanager.register(CollectionManifest(config), "ecrm-collection-manifest")
    config.pluginmanager.register(TimingRecorder(config), "ecrm-timing")
    if steps.enabled():
        steps.instrument_pages()  # every page-object service records an act step (suite/plugin/steps.py)
        steps.instrument_assertions()  # every expect(...).to_...() a check step


def external_url(config: pytest.Config) -> str | None:
    """The deployment under test when one is given (``--base-url`` or ``PYTEST_BASE_URL``); None means embedded."""
    url = config.getoption("--base-url", default=None) or os.environ.get("PYTEST_BASE_URL")
    return url.rstrip("/") if url else None


def is_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput")


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
        _usage_error(str(error))


def run_id(config: pytest.Config) -> str:
    return config.stash[RUN_ID_KEY]


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: every worker makes its data from the controller's run id."""
    node.workerinput[RUN_ID_INPUT] = run_id(node.config)


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = [f"e-CRM run id: {run_id(config)} (repeat this run's test data with --ecrm-run-id {run_id(config)})"]
    url = external_url(config)
    if url:
        for fixture, reason in _left_out_reasons(config).items():
            lines.append(f"e-CRM at {url}: the checks using {fixture} are left out: {reason}")
    return lines


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """The run id again at the end (``-q`` hides the header), so a failure's data can be repeated."""
    ran = (str(getattr(report, "nodeid", "")) for reports in terminalreporter.stats.values() for report in reports)
    if is_controller(config) and any(nodeid.startswith("tests/functional/") for nodeid in ran):
        terminalreporter.write_line(f"e-CRM run id: {run_id(config)} (repeat its data with --ecrm-run-id "
                                    f"{run_id(config)})")


def _usage_error(message: str) -> None:
    """A bad option value: one line naming it, exit 2, before anything runs."""
    pytest.exit(f"usage error: {message}", returncode=2)


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
        for value in sorted(_split(config.getoption(option))):
            if value in valid:
                continue
            _usage_error(f"{option}: unknown {kind} {value!r}; {_hint(value, valid, kind)}")


def _worker_count(config: pytest.Config) -> int:
    if not is_controller(config):
        return int(config.workerinput.get("workercount", 1))
    value = getattr(config.option, "numprocesses", None) or 0
    return int(value) if str(value).isdigit() else os.cpu_count() or 1


def _left_out_reasons(config: pytest.Config) -> dict[str, str]:
    """``{fixture: reason}`` of the checks the external deployment cannot run (asked once per process)."""
    if LEFT_OUT_KEY not in config.stash:
        url = external_url(config)
        if not url:
            reasons = {}
        else:
            workers = _worker_count(config)
            reasons = deployment.reasons_left_out(url, deployment.probe(url), workers)
        config.stash[LEFT_OUT_KEY] = reasons
    return config.stash[LEFT_OUT_KEY]


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
        _title(item)
    if errors:
        raise pytest.UsageError("Tests without valid marks:\n  " + "\n  ".join(errors))
    _select_by_spec(config, items)
    _leave_out_what_the_deployment_lacks(config, items)


def _title(item: pytest.Item) -> None:
    """Allure's title: a sentence from the test's name (``@allure.title`` wins), with the case's parameters."""
    function = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
    if function is None or getattr(function, "__allure_display_name__", None):
        return
    title = readable_title(getattr(item, "originalname", item.name))
    if getattr(item, "callspec", None) is not None:
        title += " [{param_id}]"
    function.__allure_display_name__ = title


def _split(value: str) -> set[str]:
    return {part.strip() for part in value.split(",") if part.strip()}


def _deselect(config: pytest.Config, items: list[pytest.Item], reason_of) -> None:
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
    rules, modules = _split(config.getoption("--rules")), _split(config.getoption("--modules"))
    if not rules and not modules:
        return
    chosen = " ".join(
        part for part in (f"--rules {','.join(sorted(rules))}" if rules else "",
                          f"--modules {','.join(sorted(modules))}" if modules else "") if part
    )

    def reason_of(item: pytest.Item) -> str:
        case = case_of(item) if is_functional(item) else None
        wanted = case is not None and (not rules or bool(rules & set(case.rules))) and (
            not modules or case.module in modules
        )
        return "" if wanted else f"not selected by {chosen}"

    _deselect(config, items, reason_of)


def _leave_out_what_the_deployment_lacks(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Against an external deployment, the checks needing a facility it lacks are deselected with the reason."""
    reasons = _left_out_reasons(config)
    if reasons:
        _deselect(config, items, lambda item: deployment.reason_for(item.fixturenames, reasons))


# -- one deployment, several workers --------------------------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """Against an external deployment shared by several workers, a check that changes or counts what every check sees
    runs alone (``deployment.DeploymentLock``); every other check holds the lock shared. With the embedded e-CRM
    each worker has its own server, and nothing waits."""
    config = item.config
    if not external_url(config) or _worker_count(config) < 2 or not is_functional(item):
        yield
        return
    exclusive = bool(deployment.exclusive_reason(item.iter_markers(), item.fixturenames))
    with deployment.DeploymentLock(meta_dir(config)).held(exclusive):
        yield


# -- failure attachments --------------------------------------------------------------------------------------------
def track_page(item: pytest.Item, label: str, page) -> list[str]:
    """Remember a page a test opened; its screenshot, HTML and console are attached if the test fails."""
    console: list[str] = []
    page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: console.append(f"[pageerror] {error}"))
    item.stash.setdefault(PAGES_KEY, []).append((label, page, console))
    _watch_form_creations(item, page, label)
    return console


def _watch_form_creations(item: pytest.Item, page, user: str) -> None:
    """Note each record a test creates through a form (the page goes from ``…/new/`` to the record's page), so it is
    cleaned up like the factories' records (``fixtures.factories.form_records``) and counted in what the run leaves."""
    paths = {"last": ""}
    records = item.stash.setdefault(FORM_RECORDS_KEY, [])

    def navigated(frame) -> None:
        if frame != page.main_frame:
            return
        path = urlsplit(frame.url).path
        created = leftovers.created_by_form(paths["last"], path)
        if created:
            records.append((*created, user))
            leftovers.LEDGER.add(*created)
        paths["last"] = path

    page.on("framenavigated", navigated)


def form_records(item: pytest.Item) -> list[tuple[str, int, str]]:
    """The records a test created through forms in the browser, oldest first: (collection, id, who made it)."""
    return list(item.stash.get(FORM_RECORDS_KEY, []))


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


# -- steps and facts (suite/plugin/steps.py) -----------------------------------------------------------------
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    steps.begin(item.nodeid)  # logins and records from here on are this test's facts
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    steps.set_phase("call")
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item):
    steps.set_phase("teardown")  # clean-up is neither arrange nor act
    yield
    steps.end()


def _attach_facts() -> None:
    facts = steps.current()
    if facts is not None:
        allure.attach(facts.to_json(), name=steps.FACTS_ATTACHMENT, attachment_type=steps.FACTS_TYPE,
                      extension="json")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _attach_facts()  # the defect report's preconditions: who logged in, what was made
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
            # Every test's data derives from it: repeat this run's data with --ecrm-run-id <this>.
            "run_id": run_id(config),
        }
    )
    if os.environ.get("ECRM_DEFECTS") and not external_url(config):  # the defect lab's seeded defects
        facts["seeded_defects"] = os.environ["ECRM_DEFECTS"]
    return {key: str(value) for key, value in facts.items()}


def _record_leftovers(config: pytest.Config) -> None:
    """Each process reads back the state of the records it created on the deployment (``suite.data.leftovers``)."""
    url, created = external_url(config), leftovers.LEDGER.created
    if not url or not created or not config.getoption("allure_report_dir", default=None):
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    try:
        records = leftovers.read_back(EcrmApi(url).login("admin"), created)
    except (OSError, AssertionError) as error:  # the deployment went away: say so rather than lose the run's figures
        records = [{"kind": kind, "id": pk, "state": f"unreadable ({error.__class__.__name__})", "label": ""}
                   for kind, pk in created]
    leftovers.write(meta_dir(config) / "leftovers", worker, records)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    _record_leftovers(config)
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
