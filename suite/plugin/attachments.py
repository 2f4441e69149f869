"""What a test attaches to its Allure result: the defect report's material.

A failed test: a screenshot, the HTML and the console of every page it opened (``track_page``); every test: the facts
recorded for it (who logged in, what was made: ``suite.plugin.steps``) and the artifacts asked of pytest-playwright
(``--tracing``, ``--video``, ``--screenshot``). The records a test creates through browser forms are noted here too
(``form_records``), so they are cleaned up like the factories' records.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import allure
import pytest

from suite.data import leftovers
from suite.plugin import steps

FORM_RECORDS_KEY = pytest.StashKey[list]()  # [(collection, id, user)] a test created through a browser form
PAGES_KEY = pytest.StashKey[list]()  # [(label, Page, console lines)] opened by a test, for failure attachments
TRACE_MIME = "application/vnd.allure.playwright-trace"


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

