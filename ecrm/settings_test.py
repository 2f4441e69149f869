"""Settings the QA suite starts the embedded e-CRM with.

Same as production, plus the test clock (``/__test__/clock/``).  Static files
are served by Django itself (see ``ecrm/urls.py``) so that ``runserver
--noreload`` and gunicorn both serve ``/static/`` with ``DEBUG = False``.
"""
import os

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
