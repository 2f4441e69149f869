"""The house rules that check themselves (``suite/checks/conventions.py``, docs/CONTRIBUTING.md).

``test_the_tree_keeps_the_conventions`` runs the check over the real tree. The others prove each rule: a small tree in
``tmp_path`` with one planted violation fails naming its file, line and rule; the same tree without it passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from suite.checks import conventions
from suite.checks.conventions import Violation, check_source, check_tree, import_cycles

ROOT = Path(__file__).resolve().parents[2]

CLEAN = {
    "pages/__init__.py": "",
    "pages/login_page.py": '''"""The login page."""
from pages.dashboard_page import DashboardPage


class LoginPage:
    def __init__(self, page):
        self.page = page
        self.user = page.get_by_label("用户名")

    def open(self) -> "LoginPage":
        self.page.goto("/login/")
        return self

    def log_in(self, user: str) -> DashboardPage:
        self.user.fill(user)
        return DashboardPage(self.page)
''',
    "pages/dashboard_page.py": '''class DashboardPage:
    def __init__(self, page):
        self.page = page
        self.heading = page.get_by_role("heading", name="工作台")

    def loaded(self) -> "DashboardPage":
        self.heading.wait_for()
        return self
''',
    "suite/__init__.py": "",
    "suite/api/__init__.py": "",
    "suite/api/sales.py": '''"""The typed API layer may name its paths."""
CUSTOMERS = "/api/v1/customers/"


def customers(api) -> list:
    return api.get(CUSTOMERS).json()
''',
    "suite/server/__init__.py": "",
    "suite/server/ecrm.py": '''import time


def wait_healthy(url, up):
    while not up(url):
        time.sleep(0.1)  # the one allowed poller
''',
    "fixtures/__init__.py": "",
    "fixtures/sales.py": '''import pytest

from suite.api import sales


@pytest.fixture
def customers(api_as):
    return sales.customers(api_as("rep1"))
''',
    "ecrm/__init__.py": "",
    "ecrm/sales/__init__.py": "",
    "ecrm/sales/models.py": "from ecrm.sales import rules\n\nLIMIT = rules.LIMIT\n",
    "ecrm/sales/rules.py": "LIMIT = 3\n",
    "ecrm/sales/tests/__init__.py": "",
    "ecrm/sales/tests/test_models.py": '''def test_limit():
    from ecrm.sales.models import LIMIT  # the app's own tests are not held to the rule

    assert LIMIT == 3
''',
    "tests/__init__.py": "",
    "tests/functional/__init__.py": "",
    "tests/functional/sales/__init__.py": "",
    "tests/functional/sales/test_login.py": '''"""A test as the house rules want it."""
import pytest
from playwright.sync_api import expect

from pages.login_page import LoginPage
from suite.api import sales

pytestmark = pytest.mark.area("e-Sales", "客户")


def test_a_rep_logs_in(page, api_as, customers):
    dashboard = LoginPage(page).open().log_in("rep1")
    expect(dashboard.heading).to_be_visible()
    assert sales.customers(api_as("rep1")) == customers
''',
    "tests/suite/__init__.py": "",
    "tests/suite/test_poller.py": '''from suite.server import ecrm


def test_poller():
    ecrm.wait_healthy("http://127.0.0.1:1", lambda url: True)
''',
}

# (kind, file, what is added at its end, where the check must name the violation (file:line), what it names)
LOGIN = "tests/functional/sales/test_login.py"
LOCAL = "\n\ndef lazy():\n    import json\n\n    return json\n"
FILLER = "\n" + "# filler\n" * 500
PLANTED = [
    ("raw-locator", LOGIN, '\n\ndef test_raw(page):\n    page.get_by_role("button").click()\n', f"{LOGIN}:18",
     ".get_by_role"),
    ("raw-locator", LOGIN, '\n\ndef test_raw(page):\n    page.locator("#save").click()\n', f"{LOGIN}:18", ".locator"),
    ("raw-locator", LOGIN, '\n\ndef test_raw(page):\n    page.goto("/sales/customers/")\n', f"{LOGIN}:18", ".goto"),
    ("raw-api-path", LOGIN, '\n\ndef test_raw(api):\n    api.get("/api/v1/customers/")\n', f"{LOGIN}:18",
     "/api/v1/customers/"),
    ("raw-api-path", LOGIN, '\n\ndef test_raw(api, pk):\n    api.get(f"/api/v1/customers/{pk}/")\n', f"{LOGIN}:18",
     "/api/v1/customers/"),
    ("raw-api-path", "fixtures/sales.py",
     '\n\n@pytest.fixture\ndef raw(api_as):\n    return api_as("rep1").get("/api/v1/contacts/")\n',
     "fixtures/sales.py:13", "/api/v1/contacts/"),
    ("raw-api-path", "suite/checks/sweep.py", 'def rows(api):\n    return api.get("/api/v1/rmas/")\n',
     "suite/checks/sweep.py:2", "/api/v1/rmas/"),
    ("import-in-function", "pages/dashboard_page.py",
     "\n    def log_out(self):\n        from pages import labels\n\n        return labels\n",
     "pages/dashboard_page.py:11", "from pages import labels inside log_out()"),
    ("import-in-function", "suite/api/sales.py", LOCAL, "suite/api/sales.py:10", "import json inside lazy()"),
    ("import-in-function", "fixtures/sales.py", LOCAL, "fixtures/sales.py:12", "import json inside lazy()"),
    ("import-in-function", "ecrm/sales/models.py", LOCAL, "ecrm/sales/models.py:7", "import json inside lazy()"),
    ("test-module-import", LOGIN, "\nfrom tests.functional.sales.test_other import SHARED\n", f"{LOGIN}:16",
     "tests.functional.sales.test_other"),
    ("test-module-import", LOGIN, "\nfrom .helpers import shared\n", f"{LOGIN}:16", "relative import"),
    ("test-module-import", LOGIN, "\nimport test_poller\n", f"{LOGIN}:16", "import test_poller"),
    ("test-module-import", LOGIN, "\nfrom fixtures.sales import customers as made\n", f"{LOGIN}:16", "fixtures.sales"),
    ("waiting", LOGIN, "\n\ndef test_wait():\n    import time\n    time.sleep(1)\n", f"{LOGIN}:19", "time.sleep"),
    ("waiting", "tests/suite/test_poller.py", "\n\ndef test_wait(page):\n    page.wait_for_timeout(500)\n",
     "tests/suite/test_poller.py:9", "wait_for_timeout"),
    ("waiting", "pages/dashboard_page.py",
     '\n    def open(self):\n        self.page.goto("/", wait_until="network' 'idle")\n', "pages/dashboard_page.py:11",
     "idle"),
    ("waiting", "fixtures/sales.py",
     '\n\n@pytest.fixture\ndef clicked(page):\n    page.get_by_role("button").click(force=True)\n',
     "fixtures/sales.py:13", "force=True"),
    ("waiting", "suite/server/ecrm.py", "\n\ndef settle():\n    time.sleep(1)\n", "suite/server/ecrm.py:10",
     "time.sleep"),
    ("assert-in-page", "pages/dashboard_page.py", "\n    def check(self):\n        assert self.heading.is_visible()\n",
     "pages/dashboard_page.py:11", "assert"),
    ("assert-in-page", "pages/dashboard_page.py",
     "\n    def check(self):\n        expect(self.heading).to_be_visible()\n", "pages/dashboard_page.py:11", "expect("),
    ("assert-in-page", "pages/dashboard_page.py",
     '\n    def check(self):\n        raise AssertionError("not loaded")\n', "pages/dashboard_page.py:11",
     "AssertionError"),
    ("import-cycle", "pages/dashboard_page.py", "\nfrom pages.login_page import LoginPage\n",
     "pages/dashboard_page.py:10", "pages.dashboard_page -> pages.login_page -> pages.dashboard_page"),
    ("import-cycle", "ecrm/sales/rules.py", "\nfrom ecrm.sales.models import LIMIT as OTHER\n",
     "ecrm/sales/models.py:1", "ecrm.sales.models -> ecrm.sales.rules -> ecrm.sales.models"),
    ("module-too-long", "pages/dashboard_page.py", FILLER, "pages/dashboard_page.py:501", "lines (at most 500)"),
    ("module-too-long", "suite/api/sales.py", FILLER, "suite/api/sales.py:501", "lines (at most 500)"),
    ("module-too-long", "ecrm/sales/rules.py", FILLER, "ecrm/sales/rules.py:501", "lines (at most 500)"),
]


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def test_the_tree_keeps_the_conventions():
    found = check_tree(ROOT)
    assert not found, f"{len(found)} violation(s) of the house rules:\n" + conventions.report(found)


def test_a_clean_tree_passes(tmp_path):
    assert check_tree(write(tmp_path, CLEAN)) == []


def test_every_rule_is_proven_by_a_planted_violation():
    assert {kind for kind, *_ in PLANTED} == set(conventions.RULES) - {"syntax"}


@pytest.mark.parametrize("kind, path, added, where, names", PLANTED,
                         ids=[f"{kind}-{index}" for index, (kind, *_rest) in enumerate(PLANTED)])
def test_a_planted_violation_fails_naming_file_line_and_rule(tmp_path, kind, path, added, where, names):
    write(tmp_path, {**CLEAN, path: CLEAN.get(path, "") + added})
    found = check_tree(tmp_path)
    assert [f"{v.path}:{v.line}: {v.rule}" for v in found] == [f"{where}: {kind}"], conventions.report(found)
    assert names in found[0].detail


def test_the_poller_is_allowed_only_in_its_own_functions():
    poller = CLEAN["suite/server/ecrm.py"]
    assert check_source("suite/server/ecrm.py", poller) == []
    assert [v.rule for v in check_source("suite/server/other.py", poller)] == ["waiting"]
    renamed = poller.replace("def wait_healthy", "def wait_quietly")
    assert [v.rule for v in check_source("suite/server/ecrm.py", renamed)] == ["waiting"]


def test_a_heavy_package_may_load_late_only_where_it_is_listed():
    late = ("\n\ndef fuzz():\n    import schemathesis\n    from hypothesis import strategies\n"
            "    return schemathesis, strategies\n")
    assert check_source("suite/checks/fuzzing.py", late) == []
    assert [v.rule for v in check_source("suite/checks/a11y.py", late)] == ["import-in-function"] * 2
    other = "\n\ndef fuzz():\n    import json\n    return json\n"
    assert [(v.rule, v.line) for v in check_source("suite/checks/fuzzing.py", other)] == [("import-in-function", 4)]
    assert [v.rule for v in check_source("fixtures/fuzz.py", late)] == ["import-in-function"]


def test_a_docstring_naming_a_path_or_a_load_state_is_no_violation():
    source = '"""Posts to /api/v1/customers/ and never waits for networkidle."""\n'
    assert check_source("tests/functional/sales/test_x.py", '"""/api/v1/customers/"""\n') == []
    assert check_source("tests/functional/sales/test_x.py", source) == []


def test_rules_apply_only_where_the_house_rules_say():
    raw = 'def f(page, api):\n    page.goto("/")\n    api.get("/api/v1/x/")\n    assert page\n'
    assert check_source("tests/suite/test_machinery.py", raw) == []  # the suite's own tests drive raw browsers
    assert check_source("suite/api/client.py", raw) == []  # the API layer owns the paths
    assert check_source("suite/data/leftovers.py", raw) == []
    assert {v.rule for v in check_source("tests/functional/x/test_y.py", raw)} == {"raw-locator", "raw-api-path"}
    assert {v.rule for v in check_source("pages/x.py", raw)} == {"assert-in-page"}
    local = "def f():\n    import json\n"
    assert check_source("ecrm/sales/migrations/0001_initial.py", local) == []
    assert check_source("tests/functional/x/test_y.py", local) == []


def test_a_type_checking_or_local_import_still_closes_a_cycle():
    cycle = import_cycles({
        "pages/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pages.b import B\n",
        "pages/b.py": "def f():\n    from pages import a\n",
        "pages/__init__.py": "",
    })
    assert cycle == [Violation("pages/a.py", 3, "import-cycle", "pages.a -> pages.b -> pages.a")]


def test_a_relative_import_and_a_longer_cycle_are_found():
    cycle = import_cycles({
        "suite/__init__.py": "", "suite/x/__init__.py": "",
        "suite/x/a.py": "from . import b\n", "suite/x/b.py": "from .c import C\n", "suite/x/c.py": "import suite.x.a\n",
    })
    assert [str(v) for v in cycle] == ["suite/x/a.py:1: import-cycle: suite.x.a -> suite.x.b -> suite.x.c -> suite.x.a"]


def test_an_unparsable_module_is_reported():
    assert [v.rule for v in check_source("pages/broken.py", "def f(:\n")] == ["syntax"]
