"""The conftest of the scratch projects that run browser tests with the suite's plugin and browser fixtures (a page
set from content, so no e-CRM is needed: the base URL points at a port nothing listens on)."""

CONFTEST = """
import pytest

from suite.plugin import PLUGINS

pytest_plugins = [*PLUGINS, "fixtures.browser"]


@pytest.fixture(scope="session")
def base_url():
    return "http://127.0.0.1:9"
"""
