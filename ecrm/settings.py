"""Production settings of the e-CRM reference application.

SQLite at ``$ECRM_DB_PATH`` (default ``var/ecrm.sqlite3``) or PostgreSQL through
``DATABASE_URL``.  ``DEBUG`` comes from ``ECRM_DEBUG``.  The test clock is
never mounted here; see ``ecrm.settings_test``.
"""
import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
ECRM_DIR = Path(__file__).resolve().parent


def _env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get(
    "ECRM_SECRET_KEY", "ecrm-reference-insecure-key-change-me-0123456789abcdefghijklmnop"
)
DEBUG = _env_bool("ECRM_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ECRM_ALLOWED_HOSTS", "*").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ECRM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

ECRM_VERSION = __import__("ecrm").VERSION
ECRM_BUILD = os.environ.get("ECRM_BUILD", "dev")
# The test clock (/__test__/clock/) can only be switched on by ecrm.settings_test.
ECRM_TEST_CLOCK = False
# Django serves /static/ itself (with DEBUG off) where no web server in front does: `./qa serve` and the test settings.
ECRM_SERVE_STATIC = _env_bool("ECRM_SERVE_STATIC", False)

INSTALLED_APPS = [
    # The e-CRM apps come first: their templates and translations win over the
    # libraries' (earlier apps win on translation conflicts), and the subsystems
    # appear in this order on the customer 360° page.
    "ecrm.common",
    "ecrm.sales",
    "ecrm.expense",
    "ecrm.service",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
]

# The subsystems, in layout order; each provides nav, panels, seed and api modules.
ECRM_SUBSYSTEMS = ["ecrm.sales", "ecrm.expense", "ecrm.service"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ecrm.common.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ecrm.urls"
WSGI_APPLICATION = "ecrm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ecrm.common.context_processors.layout",
            ],
        },
    },
]

_db_path = Path(os.environ.get("ECRM_DB_PATH", BASE_DIR / "var" / "ecrm.sqlite3"))
# SQLite serves concurrent requests only when a writer waits for the lock (timeout) and takes it when its transaction
# begins (IMMEDIATE), instead of failing with "database is locked" half-way: for the default file and for a
# DATABASE_URL=sqlite:///... alike.
_SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {**_SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    _db_path.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_db_path),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "common.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if sys.argv[1:2] == ["test"]:  # Django's own test runner: fast hashing
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# COM-AUTH-2: lockout after this many failures for one username within the window.
ECRM_LOCKOUT_FAILURES = 5
ECRM_LOCKOUT_WINDOW_MINUTES = 15
ECRM_LOCKOUT_MINUTES = 15

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = []  # every app owns ecrm/<app>/locale
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # API clients read it to send X-CSRFToken
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "django_language"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["ecrm.common.api_auth.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["ecrm.common.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "ecrm.common.api_auth.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "ecrm.common.schema.EcrmAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "ecrm.common.api_tools.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-CRM API",
    "DESCRIPTION": "REST API of the e-CRM reference application (e-Sales, e-Expense, e-Service).",
    "VERSION": ECRM_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ECRM_LOG_LEVEL", "WARNING")},
}
