"""e-CRM performance scenarios. Run through ``./qa perf SHAPE`` (docs/PERFORMANCE.md), not by hand.

One ``HttpUser`` per persona (abstract base ``perf_base.EcrmUser`` logs in with CSRF), the one load shape chosen by
``ECRM_PERF_SHAPE``, and the SLO gate at the end of the run (``perf_hooks``). By hand, against a running e-CRM::

    ECRM_PERF_SHAPE=smoke .venv/bin/locust -f tests/performance/locustfile.py --headless --host http://127.0.0.1:8000
"""

from perf_expense import Approver, Employee  # noqa: F401 - Locust finds the personas in this module
from perf_hooks import EcrmShape  # noqa: F401 - the one LoadTestShape
from perf_sales import SalesManager, SalesRep  # noqa: F401
from perf_service import ServiceEngineer, ServiceManager  # noqa: F401
