"""The health gate: against an external e-CRM that is down, the run stops at once with one clear message (exit 3)."""

from __future__ import annotations

import pytest

from suite.plugin import options
from suite.server import ecrm as server


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with one clear message, when an external e-CRM is down (no hundreds of time-outs)."""
    config = session.config
    url = options.external_url(config)
    if url and options.is_controller(config) and not config.option.collectonly:
        try:
            server.wait_healthy(url, config.getoption("--ecrm-health-timeout"))
        except server.ServerError as error:
            pytest.exit(f"The e-CRM under test at {url} is not healthy, so no test was run: {error}", returncode=3)
