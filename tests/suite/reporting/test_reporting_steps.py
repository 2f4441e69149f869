"""Steps and facts recorded in one place (plugin/steps.py), end to end: a real pytest run with allure-pytest and the
suite's plugin, its Allure results, and the defect report built from them."""

from __future__ import annotations

import json
import re

import pytest

from suite.plugin import step_titles, steps
from suite.reporting import build
from suite.reporting import results as results_module

pytest_plugins = ["pytester"]

SHOP_PAGES = '''
"""A page object as pages/ writes them (no steps in it: the plugin's instrumentation adds them)."""


class FakeBrowserTab:
    def screenshot(self, **options):
        return b"\\x89PNG\\r\\n\\x1a\\n-fake"

    def is_closed(self):
        return False


class CustomerFormPage:
    def __init__(self, page):
        self.page = page

    def open_new(self) -> "CustomerFormPage":
        return self

    def fill_customer(self, name: str, password: str = "") -> "CustomerFormPage":
        return self

    def field(self, name: str) -> "Locator":  # a query: no step
        return name

    def save_expecting_errors(self) -> "CustomerFormPage":
        raise AssertionError("no error shown")
'''

STEPS_CONFTEST = '''
from pathlib import Path

from suite.plugin import PLUGINS, options, steps

options.FUNCTIONAL = Path(__file__).parent / "tests" / "functional"
pytest_plugins = list(PLUGINS)
steps.instrument_pages("shop")
'''

FAILING = '''
import pytest

from shop.pages import CustomerFormPage, FakeBrowserTab
from suite.plugin import steps

pytestmark = pytest.mark.area("e-Sales", "客户")


@pytest.fixture
def make_customer():
    @steps.arrange("新建客户", "create a customer")
    def make(owner="rep1"):
        record = {"id": 42, "name": "ACME 7", "owner": 3, "owner_name": "张三"}
        steps.created("POST", "/api/v1/customers/", 201, record, "admin")
        return record

    return make


@pytest.fixture
def page_as():
    def open_page(user):
        page = FakeBrowserTab()
        steps.opened(page)
        steps.logged_in(user, "browser", "rep", language="zh-hans", viewport="1280x800")
        return page

    return open_page


@pytest.mark.spec("SAL-CUS-1", severity="critical", priority="high")
def test_a_duplicate_name_is_refused(page_as, make_customer):
    existing = make_customer(owner="rep2")
    form = CustomerFormPage(page_as("rep1")).open_new()
    form.field("name")
    form.fill_customer(existing["name"], password="s3cret")
    form.save_expecting_errors()
    form.open_new()  # never reached: not a step of the report
'''


def _tree(raw_steps: list[dict], prefix: str = "") -> list[tuple[str, str, str]]:
    rows = []
    for index, step in enumerate(raw_steps, 1):
        number = f"{prefix}{index}"
        rows.append((number, step["name"], step["status"]))
        rows += _tree(step.get("steps") or [], f"{number}.")
    return rows


@pytest.fixture
def failed_run(scratch):
    scratch.pytester.makeconftest(STEPS_CONFTEST)
    (scratch.pytester.path / "shop").mkdir()
    (scratch.pytester.path / "shop" / "__init__.py").write_text("")
    (scratch.pytester.path / "shop" / "pages.py").write_text(SHOP_PAGES)
    scratch.write("test_customers.py", FAILING)
    scratch.run()
    out = scratch.pytester.path / "out"
    assert build.main(["--results", str(scratch.results), "--out", str(out), "--known", str(out / "none")]) == 0
    return scratch, out


def test_a_failing_tests_report_lists_its_steps_in_order_up_to_the_failing_one(failed_run):
    _, out = failed_run
    defect, = json.loads((out / "defects.json").read_text())["defects"]
    assert [(step["number"], step["text"], step["status"]) for step in defect["steps"]] == [
        ("1", "准备 Arrange: 新建客户 / create a customer — owner=rep2", "passed"),
        ("1.1", "准备 Arrange: API 新建客户 #42 / API create customer #42 — by=admin; id=42; name=ACME 7; owner=张三",
         "passed"),
        ("2", "准备 Arrange: 以 rep1（销售代表）登录浏览器 / log in to the browser as rep1 (sales rep) — "
              "language=zh-hans; viewport=1280x800", "passed"),
        ("3", "操作 Act: 客户表单 › 打开新建页 / Customer form › open new", "passed"),
        ("4", "操作 Act: 客户表单 › 填写客户 / Customer form › fill customer — name=ACME 7; password=******",
         "passed"),
        ("5", "操作 Act: 客户表单 › 保存（预期报错） / Customer form › save (expecting errors) — "
              "实际 actual: no error shown", "failed"),
    ]
    assert "s3cret" not in (out / "defects.json").read_text()


def test_the_preconditions_name_the_role_and_the_records_really_used(failed_run):
    _, out = failed_run
    defect, = json.loads((out / "defects.json").read_text())["defects"]
    system, login, record = defect["preconditions"]
    assert system.startswith("e-CRM")
    assert login.startswith(
        "以 rep1（销售代表 sales rep）登录浏览器 logged in as rep1 in the browser (zh-hans, 1280x800)")
    assert record == "客户 customer #42: name=ACME 7, owner=张三（admin 通过 API 创建 made by admin through the API）"
    markdown = next((out / "defects").glob("*.md")).read_text()
    assert "以 rep1（销售代表 sales rep）登录浏览器" in markdown and "客户 customer #42" in markdown


def test_the_allure_result_has_the_same_step_tree_and_the_failing_step_has_the_screenshot(failed_run):
    scratch, out = failed_run
    raw, = [json.loads(path.read_text()) for path in scratch.results.glob("*-result.json")]
    defect, = json.loads((out / "defects.json").read_text())["defects"]
    tree = _tree(raw["steps"])
    assert [(number, name) for number, name, _ in tree] == [
        (step["number"], step["text"].split(" — ")[0]) for step in defect["steps"]]
    assert [status for _, _, status in tree] == ["passed"] * 5 + ["failed"]
    failing = raw["steps"][-1]
    assert [attachment["name"] for attachment in failing["attachments"]] == ["screenshot at the failing step"]
    facts, = [item for item in raw["attachments"] if item["name"] == steps.FACTS_ATTACHMENT]
    assert json.loads((scratch.results / facts["source"]).read_text())["logins"][0]["user"] == "rep1"


def test_steps_can_be_switched_off_for_measuring_their_cost(scratch, monkeypatch):
    scratch.pytester.makeconftest(STEPS_CONFTEST)
    (scratch.pytester.path / "shop").mkdir()
    (scratch.pytester.path / "shop" / "__init__.py").write_text("")
    (scratch.pytester.path / "shop" / "pages.py").write_text(SHOP_PAGES)
    scratch.write("test_customers.py", FAILING)
    monkeypatch.setenv("ECRM_STEPS", "off")
    scratch.run()
    raw, = [json.loads(path.read_text()) for path in scratch.results.glob("*-result.json")]
    assert not raw.get("steps") and raw["status"] == "failed"


def test_every_page_service_has_a_wholly_chinese_and_an_english_title():
    titles = {(cls.__name__, name): step_titles.service_title(cls.__name__, name)
              for cls in steps.page_classes() for name in steps.services(cls)}
    assert len(titles) > 150
    assert ("ListView", "search") in titles and ("Screen", "open") in titles  # components' services, titled per owner
    untranslated = {key: zh for key, (zh, _) in titles.items() if step_titles.untranslated(zh)}
    assert untranslated == {}
    assert titles[("CustomerFormPage", "save_expecting_errors")] == (
        "客户表单 › 保存（预期报错）", "Customer form › save (expecting errors)")
    assert ("CustomerFormPage", "field") not in titles and ("CustomerListPage", "loaded") not in titles


def test_arguments_are_described_short_and_secrets_masked():
    assert steps.describe("Rep1@2026", "password") == steps.MASK
    assert steps.describe({"id": 7, "name": "ACME", "phone": "1"}) == "#7 ACME"
    long = steps.describe("x" * 500)
    assert len(long) == steps.VALUE_LIMIT and long.endswith("…")
    assert re.fullmatch(r"检查 Check", steps.CHECK)
    assert steps.readable_selector(
        r"internal:role=region[name=/^\s*(?:新建员工类型|New\ employee\ type)(?:\s*\*)?\s*$/] >> "
        r"internal:label=/^\s*(?:名称|Name)(?:\s*\*)?\s*$/") == 'region "新建员工类型" › label "名称"'
    assert steps.readable_selector('internal:role=table[name="客户列表"i] >> internal:role=row') == (
        'table "客户列表" › row')


def test_the_reporting_reads_the_attachment_the_plugin_writes():
    assert results_module.FACTS_ATTACHMENT == steps.FACTS_ATTACHMENT
