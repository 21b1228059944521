"""Sigap settings: one module, driven by the environment (see the configuration table in README.md).

``SIGAP_ENV`` selects the profile: ``development`` (the demo of ``make run``), ``test`` (``make test``)
or ``production``. Production refuses to start with unsafe values instead of guessing.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sigap.core.net import meta_header_name
from sigap.env import env_bool, env_int, env_json_object, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# pytest sets PYTEST_VERSION: tests run on the test profile and never read the demo's .env.
UNDER_PYTEST = "PYTEST_VERSION" in os.environ
if not UNDER_PYTEST:
    load_dotenv(BASE_DIR / ".env")

SIGAP_ENV = env_str("SIGAP_ENV", "test" if UNDER_PYTEST else "development")
if SIGAP_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("SIGAP_ENV must be development, test or production")
PRODUCTION = SIGAP_ENV == "production"
TESTING = SIGAP_ENV == "test"

DEBUG = env_bool("SIGAP_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SIGAP_DEBUG must be off in production")

# templates.W003 ("a label used by two tag modules"): ``i18n`` and ``static`` are Django's libraries replaced on
# purpose by Sigap's copies (TEMPLATES below, D89); sigap/core/tests/test_i18n_tag.py fails on any other label used twice.
SILENCED_SYSTEM_CHECKS: list[str] = ["templates.W003"]

SECRET_KEY = env_str("SIGAP_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SIGAP_SECRET_KEY is required in production")
    # Development and tests without a .env: a fixed, obviously unsafe key (refused in production).
    SECRET_KEY = "insecure-development-key-" + "x" * 40
SECRET_KEY_FALLBACKS = env_list("SIGAP_SECRET_KEY_FALLBACKS", [])

# Encryption keys of personal data (issue 3): "kid:base64key,…", newest first; blind-index key apart.
SIGAP_DATA_KEYS = env_str("SIGAP_DATA_KEYS", "")
SIGAP_INDEX_KEY = env_str("SIGAP_INDEX_KEY", "")
# Set only while rotating the index key: the retired key, so lookups match rows not yet rebuilt.
SIGAP_INDEX_KEY_PREVIOUS = env_str("SIGAP_INDEX_KEY_PREVIOUS", "")

ALLOWED_HOSTS = env_list("SIGAP_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SIGAP_CSRF_TRUSTED_ORIGINS", [])

# MFA is required for every staff role; only a demo may switch it off (and then every page says so).
SIGAP_REQUIRE_MFA = env_bool("SIGAP_REQUIRE_MFA", True)
if PRODUCTION and not SIGAP_REQUIRE_MFA:
    raise ImproperlyConfigured("SIGAP_REQUIRE_MFA cannot be switched off in production")

INSTALLED_APPS = [
    "sigap.accounts.admin_apps.SigapAdminConfig",  # the Django admin: superusers with MFA only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "sigap.core",
    "sigap.accounts",
    "sigap.regions",
    "sigap.audit",
    "sigap.work",
    "sigap.partners",
    "sigap.cases",
    "sigap.intake",
    "sigap.recruitment",
    "sigap.assistance",
    "sigap.referrals",
    "sigap.experts",
    "sigap.contracts",
    "sigap.empowerment",
    "sigap.reports",
    "sigap.demo",  # seed_demo, run_demo, generate_data: the top floor (docs/architecture.md)
]
if TESTING:
    INSTALLED_APPS.append("tests.testapp")

MIDDLEWARE = [
    "sigap.core.middleware.RequestIdMiddleware",
    "sigap.core.middleware.PermissionsPolicyMiddleware",  # before WhiteNoise: static files get it too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Django's, writing the session only when it changed or its idle clock must move (sigap/accounts/session_store.py).
    "sigap.accounts.middleware.IdleClockSessionMiddleware",
    "sigap.core.middleware.LanguageMiddleware",  # Indonesian unless the user chose English (not the browser's)
    "django.middleware.common.CommonMiddleware",
    # Keeps what a POST refused for an ended session (or a stale CSRF token) carried: outside CSRF.
    "sigap.accounts.drafts.KeptDraftMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware and django-otp's OTPMiddleware in one: user, membership, device in one SELECT.
    "sigap.accounts.middleware.RequestUserMiddleware",
    "sigap.accounts.middleware.SessionPolicyMiddleware",
    "sigap.accounts.middleware.MembershipMiddleware",
    "sigap.core.access.AccessPolicyMiddleware",
    "sigap.core.middleware.UnitTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sigap.core.middleware.NoStoreCacheMiddleware",
    "sigap.core.middleware.MethodNotAllowedPageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sigap.urls"
WSGI_APPLICATION = "sigap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sigap.core.context_processors.sigap",
                "sigap.accounts.context_processors.session_shell",
            ],
            # ``when`` and ``day``: the one date format, usable in every template without a load; ``url``: Django's tag
            # with its pattern reversed once (sigap.core.links, issue #22).
            "builtins": ["sigap.core.templatetags.sigap_dates", "sigap.core.templatetags.sigap_urls"],
            # ``{% load i18n %}``: Django's library, a constant ``{% translate %}`` kept per language (issue #22).
            # ``{% load static %}``: Django's library, a constant path's URL kept per process (issue #22).
            "libraries": {
                "i18n": "sigap.core.templatetags.sigap_i18n",
                "static": "sigap.core.templatetags.sigap_static",
            },
        },
    },
]

# Widgets rendered in Python where that is byte-identical to Django's templates (see the module).
FORM_RENDERER = "sigap.core.form_renderer.FastWidgetRenderer"

# Database: embedded SQLite (WAL) by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    # A kept connection (CONN_MAX_AGE) is checked before its first use in each request: after a database
    # restart the first request of each web worker opens a new one instead of failing (issue #21).
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("SIGAP_DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    SQLITE_PATH = Path(env_str("SIGAP_SQLITE_PATH", str(BASE_DIR / "var" / "sigap.sqlite3")))
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # WAL lets the worker and the web server read and write side by side;
                # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": env_str("SIGAP_SQLITE_TEST_PATH", "") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 costs ~100 MiB and 0.1 s a hash: too slow for hundreds of test logins.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "email"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sigap.accounts.validators.ContextWordsValidator"},
    {"NAME": "sigap.accounts.validators.BreachedPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# One-time "set your password" links live one hour at most (AUTH-08).
PASSWORD_RESET_TIMEOUT = 60 * 60

# Sessions: server-side, 15 minutes idle (sliding), 12 hours absolute (checked in middleware).
# Django's database sessions; an unreachable database at the save is not "your session has ended" (issue #21).
SESSION_ENGINE = "sigap.accounts.session_store"
SESSION_COOKIE_AGE = env_int("SIGAP_SESSION_IDLE_SECONDS", 15 * 60)
SIGAP_SESSION_ABSOLUTE_SECONDS = env_int("SIGAP_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# Step-up (SESS-05): how long a re-entered password + code covers sensitive actions (sigap/accounts/stepup.py).
SIGAP_STEP_UP_SECONDS = env_int("SIGAP_STEP_UP_SECONDS", 5 * 60)
# Not on every request: IdleClockSessionMiddleware writes the session when it changed, on every POST, and on a
# page read at most once a minute (the idle clock), so that an ordinary page sends no write (issue #22).
SESSION_SAVE_EVERY_REQUEST = False
# The page warns this long before the idle end, with a button to continue (static/sigap/session.js).
SIGAP_SESSION_WARNING_SECONDS = env_int("SIGAP_SESSION_WARNING_SECONDS", 2 * 60)
# A form sent after the session ended is kept this long for its owner's next login (sigap/accounts/drafts.py).
SIGAP_DRAFT_KEEP_SECONDS = env_int("SIGAP_DRAFT_KEEP_SECONDS", 30 * 60)
# SESS-06: at most this many signed-in browsers per user; the next login ends the oldest (sigap/accounts/sessions.py).
SIGAP_MAX_SESSIONS = max(1, env_int("SIGAP_MAX_SESSIONS", 2))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_AGE = None  # ends with the browser session (Django's default keeps it a year)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "sigap.core.views.csrf_failure"

# Login lockout (AUTH-07): 5 failures on username + IP, 30 minutes cool-off, never permanent.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sigap.accounts.views.auth.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The client's address (public rate limits, this lockout): REMOTE_ADDR, or the header our own reverse proxy
# overwrites (X-Real-IP; X-Forwarded-For: its right-most entry). sigap.core.net.client_ip; check sigap.W001.
SIGAP_BEHIND_PROXY = env_bool("SIGAP_BEHIND_PROXY", PRODUCTION)
SIGAP_CLIENT_IP_HEADER = meta_header_name(env_str("SIGAP_CLIENT_IP_HEADER", ""))
AXES_CLIENT_IP_CALLABLE = "sigap.core.net.client_ip"
AXES_IPWARE_META_PRECEDENCE_ORDER = [*([SIGAP_CLIENT_IP_HEADER] if SIGAP_CLIENT_IP_HEADER else []), "REMOTE_ADDR"]
# Axes stores a keyed digest of the attempted username, never what was typed; logins are in SecurityEvent.
AXES_USERNAME_CALLABLE = "sigap.accounts.views.auth.axes_username"
AXES_DISABLE_ACCESS_LOG = True

OTP_TOTP_ISSUER = "Sigap"
OTP_TOTP_THROTTLE_FACTOR = 1

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SIGAP_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # "preload" only permits submission to the browsers' list; it is not a submission.
    SECURE_HSTS_PRELOAD = env_bool("SIGAP_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if SIGAP_BEHIND_PROXY:
        # Only true behind our own reverse proxy, which overwrites this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Powerful browser features no page uses, denied to every origin (our own included). A page that one day needs
# one (e.g. a camera to photograph a document) gets it by name here, e.g. ``camera=(self)``.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=()"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "report-uri": ["/csp-report/"],  # sigap.core.views.csp_report logs what a browser blocked
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
# Attachments (sigap.core.files, docs/operations.md "Attachments"): the size limit is checked while the
# upload arrives (BoundedUploadHandler keeps no more than it), the pixel cap before a photo is decoded.
SIGAP_ATTACHMENT_MAX_BYTES = env_int("SIGAP_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
SIGAP_ATTACHMENT_MAX_PIXELS = env_int("SIGAP_ATTACHMENT_MAX_PIXELS", 50_000_000)
if SIGAP_ATTACHMENT_MAX_BYTES < 1 or SIGAP_ATTACHMENT_MAX_PIXELS < 1:
    raise ImproperlyConfigured("SIGAP_ATTACHMENT_MAX_BYTES and SIGAP_ATTACHMENT_MAX_PIXELS must be positive")
FILE_UPLOAD_HANDLERS = ["sigap.core.files.upload.BoundedUploadHandler"]

# Language and time: Indonesian by default, English fully; stored in UTC, shown in the unit's zone.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("SIGAP_TIME_ZONE", "Asia/Makassar")
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["sigap.formats"]  # English dates day-first, 24 h, like the Indonesian ones
LANGUAGE_COOKIE_NAME = "sigap_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Encrypted attachments, never served directly (no base_url): only the access-checked download view
    # reads them. A local directory by default; any Django storage backend (S3 through django-storages)
    # by SIGAP_ATTACHMENT_STORAGE and its options as a JSON object (docs/operations.md).
    "attachments": {
        "BACKEND": env_str("SIGAP_ATTACHMENT_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object(
            "SIGAP_ATTACHMENT_STORAGE_OPTIONS",
            {"location": env_str("SIGAP_ATTACHMENT_DIR", str(BASE_DIR / "var" / "attachments"))},
        ),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without a collectstatic step the demo and tests serve straight from the app folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# E-mail: the console in the demo, SMTP when SIGAP_EMAIL_HOST is set.
EMAIL_HOST = env_str("SIGAP_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("SIGAP_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("SIGAP_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("SIGAP_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("SIGAP_EMAIL_TLS", True)
    # Account notices are sent after the commit of the request that caused them (a login, a role
    # change): a mail server that hangs must not hold that request for long.
    EMAIL_TIMEOUT = env_int("SIGAP_EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("SIGAP_EMAIL_FROM", "Sigap <sigap@localhost>")
# The quick exit of the public reporting pages (/lapor/) replaces the page with this neutral site.
SIGAP_PUBLIC_EXIT_URL = env_str("SIGAP_PUBLIC_EXIT_URL", "https://www.google.com/")
if not SIGAP_PUBLIC_EXIT_URL.startswith("https://"):
    raise ImproperlyConfigured("SIGAP_PUBLIC_EXIT_URL must be an https:// address of a neutral site")

# Where users reach Sigap (https://sigap.example.go.id): links in mails sent by the worker, outside a request.
SIGAP_BASE_URL = env_str("SIGAP_BASE_URL", "")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS: list[tuple[str, str]] = []  # Django's error mails carry request data: never send them (ERR-01).

# Whatever is cached must be shared by every web worker, so the cache lives in the database (`manage.py
# createcachetable`). Tests use process memory. (Rate-limit counters have their own table: core.RateLimitCounter.)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sigap-tests"}
        if TESTING
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sigap_cache"}
    )
}

# The background worker (sigap/work/worker.py): its scheduler ticks every SIGAP_WORKER_TICK_SECONDS and
# records a heartbeat; /healthz calls the worker stale after SIGAP_WORKER_STALE_TICKS ticks without one.
SIGAP_WORKER_TICK_SECONDS = max(1, env_int("SIGAP_WORKER_TICK_SECONDS", 60))
SIGAP_WORKER_STALE_TICKS = max(2, env_int("SIGAP_WORKER_STALE_TICKS", 3))

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SIGAP_LOG_DIR = Path(env_str("SIGAP_LOG_DIR", str(BASE_DIR / "var" / "log")))
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sigap.core.logging.JsonFormatter"}},
    "filters": {"request_id": {"()": "sigap.core.logging.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_str("SIGAP_LOG_LEVEL", "INFO")},
    "loggers": {
        # django.request logs the request line only; mail_admins is never configured.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
SIGAP_LOG_FILE = env_str("SIGAP_LOG_FILE", "")
if SIGAP_LOG_FILE:
    LOGGING["handlers"]["file"] = {
        "class": "logging.FileHandler",
        "filename": SIGAP_LOG_FILE,
        "formatter": "json",
        "filters": ["request_id"],
    }
    LOGGING["root"]["handlers"].append("file")
    LOGGING["loggers"]["django"]["handlers"].append("file")

# The Django admin (reference data and users only, superusers behind MFA) lives off the usual path.
SIGAP_ADMIN_PATH = env_str("SIGAP_ADMIN_PATH", "kelola-sistem/").strip("/") + "/"
