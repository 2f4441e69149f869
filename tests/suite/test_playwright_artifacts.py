"""Every artifact a user asks pytest-playwright for (--video, --screenshot, --tracing) is recorded and attached to
the Allure result of its test, with the suite's browser resolution (a real browser, in a scratch project)."""

from __future__ import annotations

import json
import os
import socket
import textwrap
from pathlib import Path

import pytest

from suite.plugin.attachments import TRACE_MIME
from suite.server.browser import playwright_browsers_path, start_server
from tests.suite.browser_scratch import CONFTEST

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
BROWSERS = playwright_browsers_path()  # before pytester moves HOME: where the set-up linked ffmpeg
WEBM_MAGIC = bytes.fromhex("1a45dfa3")  # EBML, the container of WebM
PNG_MAGIC = b"\x89PNG"
ZIP_MAGIC = b"PK\x03\x04"


TESTS = """
from playwright.sync_api import expect


def test_shows_the_heading(page):
    page.set_content("<h1>e-CRM</h1>")
    expect(page.get_by_role("heading")).to_have_text("e-CRM")


def test_two_pages_fail(page, context):
    page.set_content("<h1>first</h1>")
    context.new_page().set_content("<h1>second</h1>")
    assert page.title() == "a title the page does not have"
"""


@pytest.fixture
def run_scratch(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_artifacts=textwrap.dedent(TESTS))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(BROWSERS))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))

    def run(*options: str) -> dict[str, list[dict]]:
        results = pytester.path / "allure-results"
        outcome = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", f"--alluredir={results}",
                                                f"--output={pytester.path / 'test-results'}", *options)
        outcome.assert_outcomes(passed=1, failed=1)
        by_test: dict[str, list[dict]] = {}
        for path in results.glob("*-result.json"):
            result = json.loads(path.read_text())
            by_test[result["name"].split("[", 1)[0]] = [{**attachment, "file": results / attachment["source"]}
                                       for attachment in result.get("attachments", [])]
        return by_test

    return run


def of_type(attachments: list[dict], mime: str) -> list[dict]:
    return [attachment for attachment in attachments if attachment["type"] == mime]


def starts_with(attachment: dict, magic: bytes) -> bool:
    file: Path = attachment["file"]
    return file.is_file() and file.stat().st_size > len(magic) and file.read_bytes().startswith(magic)


@pytest.fixture
def browser_server():
    """Playwright's browser server on loopback (``python -m suite.server.browser --serve``), stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process, endpoint = start_server(port)
    yield endpoint
    process.terminate()
    process.wait(timeout=30)


def test_on_records_a_video_a_screenshot_and_a_trace_of_every_test_and_attaches_them(run_scratch):
    attachments = run_scratch("--video=on", "--screenshot=on", "--tracing=on")
    assert_everything_attached(attachments)


def test_through_a_browser_server_the_artifacts_are_recorded_and_attached_too(run_scratch, browser_server,
                                                                              monkeypatch, pytester):
    monkeypatch.setenv("PW_TEST_CONNECT_WS_ENDPOINT", browser_server)
    attachments = run_scratch("--video=on", "--screenshot=on", "--tracing=on")
    assert_everything_attached(attachments)
    facts = json.loads((pytester.path / "run-meta" / "main.json").read_text())
    assert facts["browser"].endswith(f" via {browser_server}"), "the browser came from the server"


def assert_everything_attached(attachments: dict[str, list[dict]]) -> None:
    passed = attachments["test_shows_the_heading"]
    for mime, magic in (("video/webm", WEBM_MAGIC), ("image/png", PNG_MAGIC), (TRACE_MIME, ZIP_MAGIC)):
        found = of_type(passed, mime)
        assert len(found) == 1, f"one {mime} attachment on the passing test, got {passed}"
        assert starts_with(found[0], magic), f"{found[0]['file']} is not a {mime} file"
    failed = attachments["test_two_pages_fail"]
    videos = of_type(failed, "video/webm")
    assert sorted(video["name"] for video in videos) == ["video 1", "video 2"], "one video per page"
    assert all(starts_with(video, WEBM_MAGIC) for video in videos)


def test_retain_on_failure_attaches_the_failed_tests_artifacts_only(run_scratch):
    attachments = run_scratch("--video=retain-on-failure", "--screenshot=only-on-failure",
                              "--tracing=retain-on-failure")
    passed = attachments["test_shows_the_heading"]
    assert not [a for a in passed if a["type"] in ("video/webm", TRACE_MIME) or a["name"].startswith("screenshot")]
    failed = attachments["test_two_pages_fail"]
    assert len(of_type(failed, "video/webm")) == 2
    assert of_type(failed, TRACE_MIME) and all(starts_with(trace, ZIP_MAGIC) for trace in of_type(failed, TRACE_MIME))
    screenshots = [a for a in failed if a["type"] == "image/png" and a["name"].startswith("screenshot ")]
    assert len(screenshots) >= 2 and all(starts_with(shot, PNG_MAGIC) for shot in screenshots)
