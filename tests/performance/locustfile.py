"""e-CRM performance scenarios: one ``HttpUser`` per persona, the SLO gate at the end of the run (``perf_hooks``),
the server's query counts and server time per request name (``perf_signals``).

``./qa perf SHAPE`` runs them headless against the embedded e-CRM (docs/PERFORMANCE.md) with the load shape named
by ``ECRM_PERF_SHAPE``. By hand, ``locust`` in the project's root reads ``locust.conf`` and opens the web UI against
``./qa serve`` (docs/PERFORMANCE.md, "The web UI"); users, spawn rate and run time are then the UI's.
"""

import os

import perf_signals  # noqa: F401 - the server's own signals (Server-Timing) per request name
from perf_admin import Administrator  # noqa: F401 - Locust finds the personas in this module
from perf_expense import Approver, Employee, Finance  # noqa: F401
from perf_sales import SalesManager, SalesRep  # noqa: F401
from perf_service import ServiceEngineer, ServiceManager  # noqa: F401

if os.environ.get("ECRM_PERF_SHAPE"):  # a shape drives users and time, so the web UI's own fields would be ignored
    from perf_hooks import EcrmShape  # noqa: F401 - the one LoadTestShape
else:
    import perf_hooks  # noqa: F401 - the SLO gate (quitting listener) and the web UI's /slo page
