"""Settings the QA suite starts the embedded e-CRM with.

Same as production, plus the test clock (``/__test__/clock/``).  Static files
are served by Django itself (see ``ecrm/urls.py``) so that ``runserver
--noreload`` and gunicorn both serve ``/static/`` with ``DEBUG = False``.
"""
import os
import warnings

from ecrm.settings import *  # noqa: F403

ECRM_TEST_CLOCK = True
DEBUG = False
ECRM_SERVE_STATIC = True

# The suite logs in often (a stored login per user and worker, plus the login and lockout tests): a fast hasher keeps
# that cheap. The performance profile sets ECRM_REAL_PASSWORD_HASHING=1, so that logins cost what they cost in
# production.
if os.environ.get("ECRM_REAL_PASSWORD_HASHING") != "1":
    from django.conf import global_settings

    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]

# Every response says what it cost the server (ecrm/common/server_timing.py): Server-Timing with the server time,
# the SQL time and the query count. The N+1 detector (django-zeal) and the repeated-SQL header are on in the test
# profile; the performance profile switches them off (ECRM_N_PLUS_ONE_DETECTION=0), so that load figures carry only
# the cost of counting.
MIDDLEWARE = ["ecrm.common.server_timing.ServerTimingMiddleware", *MIDDLEWARE]  # noqa: F405
ECRM_N_PLUS_ONE_DETECTION = os.environ.get("ECRM_N_PLUS_ONE_DETECTION", "1") != "0"
if ECRM_N_PLUS_ONE_DETECTION:
    INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
    ZEAL_RAISE = False  # a finding is reported in the response's header, never an error of the request
    # zeal warns as well as signalling: the header carries the finding, the server's log need not.
    warnings.filterwarnings("ignore", message=r"N\+1 detected", category=UserWarning)
