"""Allure steps and the facts of a test (who logged in, what data it made), recorded in one place.

Nothing here is written by hand in a page object or a factory:

- **Act steps**: ``instrument_pages()`` (called once by ``plugin.core``) wraps every public service method of every
  page class in ``pages/`` (``create_customer``, ``submit``, ``approve`` ...) so that each call is an Allure step with a
  bilingual title built from the class and method names (``suite.plugin.step_titles``) and its arguments as parameters;
  a component composed with its owner page (``ListView``, ``Screen``) gives its services the owner's name
  (``CustomerListPage(page).list.search(...)`` is ``客户列表 › 搜索 / Customer list › search``).
  Queries (methods returning a ``Locator``, text or numbers) and ``loaded()`` are left alone. The step that raises is
  marked failed or broken by Allure, with a screenshot of the page at that moment attached to it.
- **Arrange steps**: ``@arrange(zh, en)`` on a factory's ``make`` function (``fixtures/``) records a 准备 Arrange step;
  ``suite.api.client.EcrmApi`` reports every record it creates (``created``) and every login (``logged_in``), and
  ``page_as`` reports the browser's login. An API write in the test body that no factory made is an act step.
- **Facts**: each test collects its logins and records (kind, key fields, id) in a ``Facts`` object; the plugin
  attaches it to the Allure result as JSON (``FACTS_ATTACHMENT``) and the defect report reads its preconditions there.

``ECRM_STEPS=off`` turns step recording off (the facts are still kept): the switch for measuring what steps cost.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import json
import os
import pkgutil
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import allure
from allure_commons._allure import StepContext  # allure.step(title) without a way to pass parameters
from playwright import sync_api

from suite.plugin import step_titles

FACTS_ATTACHMENT = "预置条件 preconditions (facts)"  # the JSON attachment's name, read by suite.reporting.results
FACTS_TYPE = "application/json"
ARRANGE = "准备 Arrange"
ACT = "操作 Act"
ANONYMOUS = "anonymous"
VALUE_LIMIT = 120  # a parameter value longer than this is cut
SECRET = re.compile(r"pass|secret|token|csrf", re.IGNORECASE)
MASK = "******"
# A page method returning one of these is a query (it reads the page), not a service: no step.
QUERY_RETURN = re.compile(
    r"^(Locator|str|int|float|bool|list|dict|tuple|set|frozenset|Iterator|Iterable|object|DataTable|Chart)\b")
NOT_SERVICES = frozenset({"loaded"})
KEY_FIELDS = ("number", "name", "title", "code", "serial_number", "status", "stage", "level", "amount", "total",
              "budget", "priority", "owner", "employee", "customer", "user", "username", "category", "date", "reason")
MAX_KEY_FIELDS = 6


def enabled() -> bool:
    return os.environ.get("ECRM_STEPS", "on").lower() not in ("off", "0", "no", "false")


# -- facts of the running test ----------------------------------------------------------------------------------------
@dataclasses.dataclass
class Facts:
    """What one test really did to arrange its run: its logins and the records it made."""

    nodeid: str
    pages: list = dataclasses.field(default_factory=list)  # the browser pages the test opened (for screenshots)
    logins: list[dict] = dataclasses.field(default_factory=list)
    records: list[dict] = dataclasses.field(default_factory=list)
    phase: str = "setup"  # setup (fixtures), call (the test body) or teardown (clean-up: not recorded)
    arranging: int = 0  # depth of @arrange calls in progress

    def to_json(self) -> str:
        return json.dumps({"test": self.nodeid, "logins": self.logins, "records": self.records},
                          ensure_ascii=False, indent=1)

    def login(self, username: str, via: str, role: str = "", **details: Any) -> bool:
        """Note a login; False when this user was already noted for this channel."""
        if any(item["user"] == username and item["via"] == via for item in self.logins):
            return False
        self.logins.append({"user": username, "role": role, "via": via, **{k: v for k, v in details.items() if v}})
        return True


_current: Facts | None = None


def begin(nodeid: str) -> Facts:
    global _current
    _current = Facts(nodeid)
    return _current


def end() -> Facts | None:
    global _current
    facts, _current = _current, None
    return facts


def current() -> Facts | None:
    return _current


def set_phase(phase: str) -> None:
    if _current is not None:
        _current.phase = phase


# -- parameters -------------------------------------------------------------------------------------------------------
def cut(text: str, limit: int = VALUE_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(value: Any, name: str = "") -> str:
    """A short, readable form of an argument; secrets are masked."""
    if name and SECRET.search(name):
        return MASK
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [f"{field.name}={describe(getattr(value, field.name), field.name)}"
                 for field in dataclasses.fields(value) if getattr(value, field.name) not in (None, "", (), [])]
        return cut(", ".join(parts))
    if isinstance(value, dict):
        if "id" in value:
            label = next((value[key] for key in ("number", "name", "title", "code") if value.get(key)), "")
            return cut(f"#{value['id']} {label}".strip())
        return cut(", ".join(f"{key}={describe(item, str(key))}" for key, item in value.items()))
    if isinstance(value, list | tuple | set):
        return cut(", ".join(describe(item) for item in value))
    if isinstance(value, Path):
        return value.name
    if isinstance(value, re.Pattern):
        return f"/{value.pattern}/"
    if hasattr(value, "page") and not isinstance(value, str | bytes):  # a page object
        return type(value).__name__
    return cut(repr(value) if isinstance(value, bytes) else str(value))


def parameters(function: Callable, args: tuple, kwargs: dict, skip_first: bool) -> dict[str, str]:
    """The call's arguments by name (defaults left out), described."""
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return {}
    items = list(bound.arguments.items())[1 if skip_first else 0:]
    out: dict[str, str] = {}
    for name, value in items:
        kind = inspect.signature(function).parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            out.update({key: describe(item, key) for key, item in value.items()})
        elif kind is inspect.Parameter.VAR_POSITIONAL:
            if value:
                out[name] = describe(value, name)
        elif value is not None:
            out[name] = describe(value, name)
    return out


def title_of(prefix: str, zh: str, en: str) -> str:
    """``操作 Act: 客户表单 › 保存 / Customer form › save``. Arguments are the step's parameters, never its title: the
    title is part of a defect's stable ID (``suite.reporting.ids``), and test data changes from run to run."""
    return f"{prefix}: {zh} / {en}"


@contextmanager
def step(title: str, params: dict[str, str] | None = None) -> Iterator[None]:
    """An Allure step (when recording is on and a test is running)."""
    if _current is None or not enabled():
        yield
        return
    with StepContext(title, dict(params or {})):
        yield


def note(title: str, params: dict[str, str] | None = None) -> None:
    """A step that records a fact (it has nothing to run)."""
    with step(title, params):
        pass


# -- act steps: page objects ------------------------------------------------------------------------------------------
def _screenshot(owner: Any, error: BaseException) -> None:
    """Attach the page as it is at the failing step (once: the innermost failing step gets it). ``owner`` is a page
    object, or the test's facts (its last opened page)."""
    if getattr(error, "_ecrm_screenshot", False):
        return
    page = owner.pages[-1] if isinstance(owner, Facts) and owner.pages else getattr(owner, "page", None)
    try:
        error._ecrm_screenshot = True  # type: ignore[attr-defined]
        if page is not None and not page.is_closed():
            allure.attach(page.screenshot(), name="screenshot at the failing step", attachment_type="image/png",
                          extension="png")
    except Exception as capture_error:  # the page or browser is gone: say so, keep the original error
        allure.attach(repr(capture_error), name="screenshot failed", attachment_type="text/plain")


def act_step(owner_class: type, function: Callable) -> Callable:
    """Wrap one page-object service so that each call is an act step. A component's service (``ListView.search``)
    is titled by the page it is composed into (``客户列表 › 搜索 / Customer list › search``), as a test calls it."""
    owned = is_component(owner_class)

    @functools.wraps(function)
    def service(self, *args, **kwargs):
        __tracebackhide__ = True
        if _current is None or not enabled():
            return function(self, *args, **kwargs)
        params = parameters(function, (self, *args), kwargs, skip_first=True)
        page_name = type(self.owner).__name__ if owned else owner_class.__name__
        zh, en = step_titles.service_title(page_name, function.__name__)
        with StepContext(title_of(ACT, zh, en), params):
            try:
                return function(self, *args, **kwargs)
            except BaseException as error:
                _screenshot(self, error)
                raise

    service.__ecrm_step__ = True  # type: ignore[attr-defined]
    return service


def is_service(name: str, function: Any) -> bool:
    if not inspect.isfunction(function) or name.startswith("_") or name in NOT_SERVICES:
        return False
    returns = function.__annotations__.get("return")
    return not (isinstance(returns, str) and QUERY_RETURN.match(returns))


def is_component(cls: type) -> bool:
    """A component composed into a page with its owner (``ListView(self, ...)``): its services are those it names
    (``SERVICES``), called through the owner page."""
    init = vars(cls).get("__init__")
    return inspect.isfunction(init) and list(inspect.signature(init).parameters)[1:2] == ["owner"]


def page_classes(package: str = "pages") -> Iterator[type]:
    """The page classes of the package (classes named ``...Page``, the main navigation and the components composed
    with their owner page), in a stable order."""
    root = importlib.import_module(package)
    for info in sorted(pkgutil.walk_packages(root.__path__, f"{package}."), key=lambda i: i.name):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and (
                    cls.__name__.endswith("Page") or cls.__name__ == "MainNav" or is_component(cls)):
                yield cls


def services(cls: type) -> list[str]:
    named = getattr(cls, "SERVICES", None) if is_component(cls) else None
    return [name for name, function in vars(cls).items()
            if is_service(name, function) and (named is None or name in named)]


def instrument_pages(package: str = "pages") -> int:
    """Make every service of every page class record an act step; the number of services instrumented."""
    count = 0
    for cls in page_classes(package):
        for name in services(cls):
            function = vars(cls)[name]
            if not getattr(function, "__ecrm_step__", False):
                setattr(cls, name, act_step(cls, function))
                count += 1
    return count


# -- check steps: Playwright's assertions --------------------------------------------------------------------------
CHECK = "检查 Check"
_SUBJECTS = {"LocatorAssertions": ("元素", "element"), "PageAssertions": ("页面", "page"),
             "APIResponseAssertions": ("API 应答", "API response")}


def _check_step(owner_class: type, function: Callable) -> Callable:
    subject_zh, subject_en = _SUBJECTS.get(owner_class.__name__, ("", ""))
    zh, en = step_titles.assertion_title(function.__name__)
    title = f"{CHECK}: {subject_zh}{zh} / {subject_en} {en}"

    @functools.wraps(function)
    def check(self, *args, **kwargs):
        __tracebackhide__ = True
        if _current is None or not enabled():
            return function(self, *args, **kwargs)
        params = {**parameters(function, (self, *args), kwargs, skip_first=True), **_subject(self)}
        with StepContext(title, params):
            try:
                return function(self, *args, **kwargs)
            except BaseException as error:
                _screenshot(_current, error)  # the page the test opened last, as the check gave up
                raise

    check.__ecrm_step__ = True  # type: ignore[attr-defined]
    return check


_ROLE = re.compile(r'^internal:role=([\w-]+)(?:\[name=(.+?)\])?')
_NAMED = re.compile(r'^internal:(label|text|testid|placeholder|alt|title)=(.+)$')
_FIRST_WORD = re.compile(r'\(\?:([^|)]+)|^/\^?\\s\*([^(\\/$]+)|^"([^"]*)"|data-testid="([^"]*)"')


def _first_name(pattern: str) -> str:
    """The first name a Playwright selector's name pattern accepts: ``/^\\s*(?:名称|Name)…/`` → ``名称``."""
    match = _FIRST_WORD.search(pattern)
    text = next((group for group in match.groups() if group), "") if match else pattern
    return text.replace("\\ ", " ").strip()


def readable_selector(selector: str) -> str:
    """``internal:role=region[name=/…(?:新建员工类型|New…)…/] >> internal:label=/…(?:名称|Name)…/`` →
    ``region "新建员工类型" › label "名称"``: which element a check was about, as a person finds it."""
    parts = []
    for segment in selector.split(" >> "):
        role, named = _ROLE.match(segment), _NAMED.match(segment)
        if role:
            parts.append(f'{role.group(1)} "{_first_name(role.group(2))}"' if role.group(2) else role.group(1))
        elif named:
            parts.append(f'{named.group(1)} "{_first_name(named.group(2))}"')
        else:
            parts.append(segment)
    return " › ".join(parts)


def _subject(assertions: Any) -> dict[str, str]:
    """Which element (its locator) or page (its URL) the check is about. Playwright has no public accessor for it,
    so this reads its implementation object, and says nothing rather than fail when that changes."""
    try:
        impl = assertions._impl_obj
        locator = getattr(impl, "_actual_locator", None)
        if locator is not None:
            return {"element": cut(readable_selector(locator._selector))}
        page = getattr(impl, "_actual_page", None)
        return {"page": cut(page.url)} if page is not None else {}
    except Exception:
        return {}


def instrument_assertions() -> int:
    """Make every ``expect(...).to_...`` a 检查 Check step, with the expected value as its parameter."""
    count = 0
    for cls in (sync_api.LocatorAssertions, sync_api.PageAssertions, sync_api.APIResponseAssertions):
        for name, function in list(vars(cls).items()):
            if name.startswith(("to_", "not_to_")) and inspect.isfunction(function) and not getattr(
                    function, "__ecrm_step__", False):
                setattr(cls, name, _check_step(cls, function))
                count += 1
    return count


# -- arrange steps: factories, logins, records ------------------------------------------------------------------------
def arrange(zh: str, en: str) -> Callable[[Callable], Callable]:
    """Decorate a factory's ``make``: each call is a 准备 Arrange step, and the record it returns is kept as a fact."""

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def make(*args, **kwargs):
            __tracebackhide__ = True
            if _current is None:
                return function(*args, **kwargs)
            params = parameters(function, args, kwargs, skip_first=False)
            _current.arranging += 1
            try:
                with step(title_of(ARRANGE, zh, en), params):
                    result = function(*args, **kwargs)
                    if isinstance(result, dict):
                        _refresh(result)
                    return result
            finally:
                _current.arranging -= 1

        return make

    return decorate


def opened(page: Any) -> None:
    """``page_as`` opened a browser page for the test (a failing check's screenshot is taken of the last one)."""
    if _current is not None:
        _current.pages.append(page)


def logged_in(username: str, via: str, role: str = "", **details: Any) -> None:
    """A login the test used: ``via`` is ``browser`` or ``api``. Noted once per user and channel per test."""
    if _current is None or _current.phase == "teardown" or not _current.login(username, via, role, **details):
        return
    zh_role, en_role = step_titles.ROLES.get(role, (role, role))
    who, en_who = (f"{username}（{zh_role}）", f"{username} ({en_role})") if role else (f"{username} ", username)
    channel = ("浏览器", "the browser") if via == "browser" else (" API", "the API")
    if username == ANONYMOUS:
        zh, en = f"以匿名访客打开{channel[0]}", f"open {channel[1]} as an anonymous visitor"
    else:
        zh, en = f"以 {who}登录{channel[0]}", f"log in to {channel[1]} as {en_who}"
    note(f"{ARRANGE}: {zh} / {en}", {key: str(value) for key, value in details.items() if value})


@contextmanager
def arranging() -> Iterator[None]:
    """What runs inside is arrangement (a login made for the test, say), never an act step."""
    if _current is None:
        yield
        return
    _current.arranging += 1
    try:
        yield
    finally:
        _current.arranging -= 1


def _kind(path: str) -> tuple[str, str, str]:
    """``/api/v1/claims/12/lines/`` → (collection, zh, en)."""
    parts = [part for part in path.split("?")[0].split("/") if part and part not in ("api", "v1")]
    words = [part for part in parts if not part.isdigit()]
    collection = words[-1] if words else path
    zh, en = step_titles.KINDS.get(collection, (collection, collection.replace("-", " ")))
    return collection, zh, en


def key_fields(record: dict) -> dict[str, str]:
    fields = {}
    for key in KEY_FIELDS:
        # A foreign key or a choice reads better by its name or display value (owner_name 张三, not owner 3).
        value = next((record[name] for name in (f"{key}_name", f"{key}_display", key) if record.get(name)), None)
        if value not in (None, "", [], {}) and not isinstance(value, dict | list):
            fields[key] = cut(str(value), 80)
        if len(fields) >= MAX_KEY_FIELDS:
            break
    return fields


def created(method: str, path: str, status: int, record: Any, username: str | None) -> None:
    """The API client reports each record it made (a 201 answer); the test's facts keep kind, key fields and id."""
    if _current is None or _current.phase == "teardown" or not isinstance(record, dict) or "id" not in record:
        return
    collection, zh, en = _kind(path)
    fields = key_fields(record)
    _current.records.append({"kind": en, "kind_zh": zh, "collection": collection, "id": record["id"],
                             "fields": fields, "by": username or "", "phase": _phase_name()})
    params = {"by": username or "anonymous", "id": str(record["id"]), **fields}
    prefix = ARRANGE if _phase_name() == "arrange" else ACT
    note(f"{prefix}: API 新建{zh} #{record['id']} / API create {en} #{record['id']}", params)


def api_answered(method: str, path: str, response: Any, username: str | None) -> None:
    """The API client reports each answer: a 201 is a record created, another write in the test body an act step."""
    if _current is None:
        return
    path = urlparse(path).path if path.startswith("http") else path
    if response.status_code == 201:
        try:
            record = response.json()
        except ValueError:
            record = None
        created(method, path, response.status_code, record, username)
    else:
        requested(method, path, response.status_code, username, _body(response))


def _body(response: Any) -> str:
    """The JSON body a request sent, described (secrets masked), for a developer to send it again."""
    raw = getattr(getattr(response, "request", None), "body", None)
    if not raw:
        return ""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        return "(form data or a file)"
    return describe(data) if isinstance(data, dict) else cut(str(data))


def requested(method: str, path: str, status: int, username: str | None, body: str = "") -> None:
    """An API write in the test body outside any factory: an act step (``PATCH /api/v1/... → 400``) with its body."""
    if _current is None or _phase_name() != "act" or method.upper() in ("GET", "HEAD", "OPTIONS"):
        return
    params = {"as": username or "anonymous", **({"body": body} if body else {})}
    note(f"{ACT}: API {method.upper()} {path.split('?')[0]} → {status}", params)


def _phase_name() -> str:
    if _current is None or _current.phase == "teardown":
        return ""
    return "arrange" if _current.arranging or _current.phase == "setup" else "act"


def _refresh(result: dict) -> None:
    """A factory returned a record: update its key fields (e.g. a claim moved to ``submitted`` after creation)."""
    if _current is None or "id" not in result:
        return
    for record in reversed(_current.records):
        if record["id"] == result["id"]:
            record["fields"] = {**record["fields"], **key_fields(result)}
            return
