"""The steps and facts recorded during each test (``suite.plugin.steps``): instrumented once, phased per test.

Every page-object service records an act step and every ``expect(...).to_...()`` a check step; what a fixture does
before the test is arrange, what runs after it is clean-up. ``ECRM_STEPS=off`` switches the recording off.
"""

from __future__ import annotations

import pytest

from suite.plugin import steps


def pytest_configure(config: pytest.Config) -> None:
    if steps.enabled():
        steps.instrument_pages()  # every page-object service records an act step
        steps.instrument_assertions()  # every expect(...).to_...() a check step


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
