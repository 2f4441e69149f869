"""Root conftest: the only place that loads the suite's fixture modules."""

from __future__ import annotations

import pytest

from suite.plugin import PLUGINS

pytest_plugins = [
    *PLUGINS,  # the suite's plugin, a module per concern (suite/plugin/__init__.py)
    "fixtures.server",
    "fixtures.browser",
    "fixtures.auth",
    "fixtures.api",
    "fixtures.data",
    "fixtures.expense",  # before fixtures.factories, which imports its clean-up helpers
    "fixtures.factories",
    "fixtures.clock",
    "fixtures.sales",
    "fixtures.service",
    "fixtures.fuzz",
]


@pytest.fixture(scope="session")
def base_url(ecrm_url: str) -> str:
    """pytest-playwright's base URL is the system under test (embedded unless --base-url names another)."""
    return ecrm_url
