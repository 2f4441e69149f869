"""Builders for the reporting tests: synthetic Allure results, and scratch projects run with the suite's plugin."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import textwrap
import uuid as uuids
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ALLURE_CLI = ROOT / "node_modules" / ".bin" / "allure"
ASSERTION_TRACE = """page = <Page url='{url}/customers/'>

    def test_it(page):
        open_list(page)
>       expect(page.get_by_role("alert")).to_contain_text("already exists")
E       AssertionError: Locator expected to contain text 'already exists'

tests/functional/sales/test_customers.py:{line}: AssertionError"""


@dataclass
class AllureResults:
    """Writes allure-pytest-like ``*-result.json`` files (one per attempt) into a directory."""

    directory: Path
    clock: int = 1_790_000_000_000
    written: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)

    def add(
        self,
        name: str,
        status: str = "passed",
        *,
        module: str = "e-Sales",
        function: str = "客户",
        rules: Sequence[str] = ("SAL-CUS-1",),
        severity: str = "critical",
        priority: str = "high",
        message: str = "",
        trace: str = "",
        steps: Sequence[dict] = (),
        params: Sequence[tuple[str, str]] = (),
        package: str = "tests.functional.sales.test_customers",
        attachments: Sequence[dict] = (),
        uuid: str | None = None,
        flaky: bool = False,
    ) -> dict:
        full_name = f"{package}#{name.split('[', 1)[0]}"
        param_values = [value for _, value in sorted(params)]
        self.clock += 1500
        labels = [("epic", module), ("feature", function), ("severity", severity), ("priority", priority)]
        labels += [("rule", rule) for rule in rules] + [("story", rule) for rule in rules]
        labels.append(("nodeid", f"{package.replace('.', '/')}.py::{name}"))
        details = {key: value for key, value in (("message", message), ("trace", trace)) if value}
        if flaky:
            details["flaky"] = True
        raw = {
            "name": name,
            "status": status,
            "statusDetails": details,
            "steps": list(steps),
            "attachments": list(attachments),
            "parameters": [{"name": key, "value": value} for key, value in params],
            "start": self.clock,
            "stop": self.clock + 1000,
            "uuid": uuid or str(uuids.uuid4()),
            "historyId": hashlib.md5("".join([full_name, *param_values]).encode()).hexdigest(),
            "testCaseId": hashlib.md5(full_name.encode()).hexdigest(),
            "fullName": full_name,
            "labels": [{"name": key, "value": value} for key, value in labels],
        }
        (self.directory / f"{raw['uuid']}-result.json").write_text(json.dumps(raw, ensure_ascii=False))
        self.written.append(raw)
        return raw

    def attempts(self, name: str, statuses: Iterable[str], **kwargs) -> list[dict]:
        """One result per attempt, as pytest-rerunfailures and allure-pytest write them."""
        return [self.add(name, status, **kwargs) for status in statuses]

    @staticmethod
    def step(name: str, status: str = "passed", *children: dict) -> dict:
        return {"name": name, "status": status, "steps": list(children)}

    @staticmethod
    def failure(url: str = "http://127.0.0.1:8000", line: int = 42) -> dict:
        """The message and trace of a failed Playwright assertion."""
        return {"message": "AssertionError: Locator expected to contain text 'already exists'",
                "trace": ASSERTION_TRACE.format(url=url, line=line)}

    @property
    def meta(self) -> Path:
        return self.directory.parent / "run-meta"

    def manifest(self, selected: Sequence[str], deselected: dict[str, str] | None = None,
                 exitstatus: int | None = 1, stopped: str = "") -> None:
        """A collection manifest naming tests of e-Sales (rule SAL-CUS-1)."""

        def entry(nodeid: str, **extra: str) -> dict:
            return {"nodeid": nodeid, "name": nodeid.rsplit("::", 1)[-1], "module": "e-Sales", "function": "客户",
                    "rules": ["SAL-CUS-1"], "severity": "critical", "priority": "high", "doc": "", "fixtures": [],
                    **extra}

        self.meta.mkdir(parents=True, exist_ok=True)
        manifest = {
            "schema": 1,
            "selected": [entry(nodeid) for nodeid in selected],
            "deselected": [entry(nodeid, reason=reason) for nodeid, reason in (deselected or {}).items()],
            "errors": [],
            "exitstatus": exitstatus,
            "stopped": stopped,
            "reruns": 2,
        }
        (self.meta / "collection.json").write_text(json.dumps(manifest, ensure_ascii=False))


@pytest.fixture
def allure_results(tmp_path: Path) -> AllureResults:
    return AllureResults(tmp_path / "allure-results")


@pytest.fixture
def results_in() -> type[AllureResults]:
    """``results_in(directory)``: synthetic results in a directory of one's choice (several runs in one test)."""
    return AllureResults


SCRATCH_CONFTEST = """
from pathlib import Path

from suite.plugin import PLUGINS, options

# The scratch project's tests are the functional suite (xdist workers import this conftest too).
options.FUNCTIONAL = Path(__file__).parent / "tests" / "functional"
pytest_plugins = list(PLUGINS)
"""


@dataclass
class ScratchProject:
    """A pytest project using the suite's plugin; its tests run in a subprocess (allure-pytest is process-global)."""

    pytester: pytest.Pytester

    @property
    def results(self) -> Path:
        return self.pytester.path / "reports" / "allure-results"

    @property
    def meta(self) -> Path:
        return self.pytester.path / "reports" / "run-meta"

    def write(self, name: str, source: str) -> Path:
        path = self.pytester.path / "tests" / "functional" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        return path

    def run(self, *args: str) -> pytest.RunResult:
        return self.pytester.runpytest_subprocess(
            "-p", "no:cacheprovider", "-p", "no:playwright", "-p", "no:randomly", f"--alluredir={self.results}",
            "tests/functional", *args,
        )


@pytest.fixture
def scratch(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> ScratchProject:
    pytester.makeconftest(SCRATCH_CONFTEST)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("ECRM_TESTER", "scratch tester")
    return ScratchProject(pytester)


@pytest.fixture
def allure_stats():
    """Allure 3's own counts for a results directory (its main report's summary.json), with the project's config."""
    if not ALLURE_CLI.exists() or shutil.which("node") is None:
        pytest.skip("the Allure 3 CLI (npm package allure) is not installed")

    def stats(results: Path, workdir: Path) -> dict:
        output = workdir / "allure-report"  # the config's history goes under workdir too, not into reports/
        subprocess.run(
            [str(ALLURE_CLI), "generate", str(results), "--config", str(ROOT / "allurerc.mjs"), "-o", str(output)],
            cwd=workdir, check=True, capture_output=True, timeout=180,
        )
        return json.loads((output / "awesome" / "summary.json").read_text())["stats"]

    return stats
