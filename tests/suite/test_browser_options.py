"""pytest-playwright's browser options on the suite's fixtures, in a scratch project: a browser that cannot be had
stops the run before any test, in one line; tests that need no browser start none (under any --browser, or --headed
without a display); --browser replaces the default rather than adding to it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fixtures.browser import remote_connect_options
from suite.server.browser import playwright_browsers_path
from tests.suite.browser_scratch import CONFTEST

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
BROWSERS = playwright_browsers_path()


UI_TEST = """
from playwright.sync_api import expect


def test_shows_the_heading(page, browser_name):
    page.set_content("<h1>" + browser_name + "</h1>")
    expect(page.get_by_role("heading")).to_have_text(browser_name)
"""

API_TEST = """
def test_needs_no_browser(request):
    assert "browser" not in request.fixturenames
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path_factory) -> pytest.Pytester:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_api=textwrap.dedent(API_TEST))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    # A Playwright browsers directory holding no browser: Firefox and WebKit cannot be had, Chromium is the system's.
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path_factory.mktemp("no-browsers")))
    monkeypatch.delenv("PW_TEST_CONNECT_WS_ENDPOINT", raising=False)
    return pytester


def run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    return project.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", *args)


@pytest.mark.parametrize("engine", ["firefox", "webkit"])
def test_a_browser_that_cannot_be_had_stops_the_run_before_any_test_in_one_line(project, engine):
    project.makepyfile(test_ui=textwrap.dedent(UI_TEST))
    result = run(project, "--browser", engine)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in result.stdout.lines + result.stderr.lines if "Browser not available" in line]
    assert len(lines) == 1, result.stdout.str()
    assert f"{engine}: Playwright's own" in lines[0] and "looked for " in lines[0]
    assert f"playwright install --with-deps {engine}" in lines[0]
    assert "passed" not in result.stdout.str() and "Timeout" not in result.stdout.str()


def test_under_xdist_the_refusal_ends_the_run_with_the_same_line(project):
    project.makepyfile(test_ui=textwrap.dedent(UI_TEST))
    result = run(project, "-n", "2", "--browser", "webkit")
    assert result.ret != 0
    output = result.stdout.str()
    assert "Browser not available, so no test was run: webkit: Playwright's own" in output
    assert " passed" not in output


@pytest.mark.parametrize("options", [["--browser", "webkit"], ["--browser", "firefox", "--browser", "webkit"],
                                     ["--headed"]])
def test_tests_that_need_no_browser_start_none_and_pass(project, monkeypatch, options):
    monkeypatch.delenv("DISPLAY", raising=False)  # --headed without a display: only a browser launch would fail
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = run(project, *options)
    result.assert_outcomes(passed=1)


def test_browser_replaces_the_default_and_repeats(project):
    project.makepyfile(test_ui=textwrap.dedent(UI_TEST))
    result = run(project, "--co", "-q", "--browser", "webkit", "--browser", "firefox", "test_ui.py")
    ids = [line for line in result.stdout.lines if "::" in line]
    assert ids == ["test_ui.py::test_shows_the_heading[webkit]", "test_ui.py::test_shows_the_heading[firefox]"]


def test_without_browser_chromium_runs_from_the_system_or_playwright(project):
    project.makepyfile(test_ui=textwrap.dedent(UI_TEST))
    result = run(project, "-v", "test_ui.py")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*test_shows_the_heading?chromium? PASSED*"])


def test_a_channel_that_is_not_installed_is_refused_before_any_test(project):
    project.makepyfile(test_ui=textwrap.dedent(UI_TEST))
    if Path("/opt/microsoft/msedge-dev/msedge").exists():
        pytest.skip("Edge Dev is installed on this machine")
    result = run(project, "--browser-channel", "msedge-dev", "test_ui.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*Browser not available*chromium (channel msedge-dev)*/opt/microsoft/msedge-dev/*"])


def test_the_projects_own_configuration_adds_no_browser_to_the_one_asked_for():
    """pyproject's addopts used to hold --browser=chromium, which pytest-playwright adds to rather than replaces."""
    ui_tests = ROOT / "tests" / "functional" / "expense" / "test_layout_i18n.py"
    result = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:randomly", "--browser", "webkit",
                             str(ui_tests)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    assert ids and all("[webkit" in nodeid for nodeid in ids), result.stdout[-2000:]


# -- a browser server through the environment variables Playwright Test reads ---------------------------------------
def test_no_endpoint_means_local_browsers():
    assert remote_connect_options({}) is None


def test_the_endpoint_headers_network_and_timeout_become_connect_options():
    options = remote_connect_options({
        "PW_TEST_CONNECT_WS_ENDPOINT": "ws://127.0.0.1:3000/", "PW_TEST_CONNECT_HEADERS": '{"x-token": "t0k"}',
        "PW_TEST_CONNECT_EXPOSE_NETWORK": "<loopback>", "PW_TEST_CONNECT_TIMEOUT": "30000",
    })
    assert options == {"endpoint": "ws://127.0.0.1:3000/", "headers": {"x-token": "t0k"},
                       "expose_network": "<loopback>", "timeout": 30000.0}


@pytest.mark.parametrize(("name", "value", "says"), [
    ("PW_TEST_CONNECT_HEADERS", "x-token: t0k", "PW_TEST_CONNECT_HEADERS is not a JSON object"),
    ("PW_TEST_CONNECT_HEADERS", '["x-token"]', "PW_TEST_CONNECT_HEADERS is not a JSON object"),
    ("PW_TEST_CONNECT_TIMEOUT", "30s", "PW_TEST_CONNECT_TIMEOUT='30s' is not a number of milliseconds"),
])
def test_a_malformed_connect_variable_is_a_clear_error(name, value, says):
    with pytest.raises(pytest.UsageError, match=re.escape(says)):
        remote_connect_options({"PW_TEST_CONNECT_WS_ENDPOINT": "ws://127.0.0.1:3000/", name: value})
