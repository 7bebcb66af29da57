"""Granska settings: one module, driven by environment variables (see .env.example). Granska's
own domain settings are read and checked in ``config.domain``, whose names this module imports.

The defaults let a fresh clone run on SQLite with a file-system Celery broker. Production sets
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS and the HTTPS settings below; with those
set, ``python manage.py check --deploy`` is clean (tests/config/test_settings.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from api.openapi_security import SECURITY_SCHEMES
from config.domain import *  # noqa: F403
from config.domain import DEMO_MODE
from config.env import (
    cache_config,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_proxy_url,
    env_str,
)
from config.logs import LOG_FORMAT

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GRANSKA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The fallback key is only for local runs and tests; check --deploy flags it (security.W009). A
# deployment (ALLOWED_HOSTS set, DEBUG off) without its own key refuses to start: the key signs
# sessions' auth hashes and the messages cookie, and the fallback is public.
SECRET_KEY = env_str("SECRET_KEY", "")
# Without ALLOWED_HOSTS too the settings load (tests, manage.py on a checkout), but the web
# process (config/wsgi.py) refuses this key outside DEBUG and the demo.
FALLBACK_SECRET_KEY = "django-insecure-local-only-change-me-" + "x" * 24
if not SECRET_KEY:
    if "ALLOWED_HOSTS" in os.environ and not (DEBUG or DEMO_MODE):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. A deployment needs its own: generate one with "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = FALLBACK_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.apps.GranskaAdminConfig",  # django.contrib.admin, open only to those who can use it
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_fsm",
    "axes",
    "audit",
    "associations",
    "bookings",
    "vetting",
    "api",
    "web",
    "ops",
]

MIDDLEWARE = [
    "ops.middleware.HealthProbeMiddleware",  # first: /healthz and /readyz skip everything below
    "django.middleware.security.SecurityMiddleware",
    "config.csp.PagesCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "web.middleware.SwedishByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "api.middleware.ApiLanguageMiddleware",  # under /api/: Accept-Language before the cookie
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "api.middleware.ApiProblemMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login with its page (429)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'granska.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DB_SERVER_SIDE_BINDING", True):
    # PostgreSQL binds parameters itself and psycopg prepares a statement after its fifth use:
    # no parsing and planning of the hot paths' statements on every request (ADR 0005,
    # bench/README.md). Set 0 behind a PgBouncer in transaction mode older than 1.21 (or without
    # max_prepared_statements), which cannot keep prepared statements.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# API rate limits are counted in the default cache: with several web processes it must be shared
# (Redis) for the limits to hold across them; the per-process default suits one process.
CACHES = {"default": cache_config("CACHE_URL", "locmem://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password guessing on /login/ and /admin/login/ (django-axes): after GRANSKA_LOGIN_FAILURE_LIMIT
# failures for one username from one address, that pair is locked out for the cool-off time.
# Not by address alone: officers behind one municipal NAT share an address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("GRANSKA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("GRANSKA_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not logged by IP (personal data)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # lockouts expire; `manage.py axes_reset_username NAME` lifts one now
# Content-Security-Policy (django-csp) on the pages: scripts and everything else only from this
# site (no inline scripts anywhere; /api/docs/ loads its start-up script as a file), no framing,
# forms post only here. Inline styles stay allowed (style attributes in a few templates). The
# JSON API under /api/v1/ renders no HTML and is left out: no header cost on its hot path.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "web.views.auth.csrf_failure"  # the site's page, not Django's debugging one
# An officer's session ends after this long without a request (not two weeks after login, as
# Django's default): case files are personal data. Sessions of API callers are empty, never saved.
SESSION_COOKIE_AGE = env_int("GRANSKA_SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files: WhiteNoise serves them from STATIC_ROOT (collectstatic) in a deployment; in
# development and in the demo (`make run`, DEBUG off so that the site's own error pages show)
# it finds them in the apps, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = DEBUG or DEMO_MODE
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Uploaded files are personal data: the service user reads and writes them, its group (e.g. the
# backup) reads them, nobody else (Django's default chmods each file 0o644 whatever the umask).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# HTTPS hardening: on in production (.env.example), off by default so a local run works over http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Celery: a broker that needs no server by default (kombu's file-system transport).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _control_dir = VAR_DIR / "celery" / "control"  # kombu's default is ./control, in the source
    for _folder in (_queue_dir, _control_dir):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(_control_dir),
        "store_processed": False,
        # kombu polls the folder, by default once a second, and a worker that has taken its one
        # prefetched task waits for the next poll: webhooks chained per request went out at about
        # one a second. A listing of a small folder ten times a second costs nothing.
        "polling_interval": 0.1,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # redis-py waits for a connection without end by default: a broker host that drops packets
    # would hold every publish (and the request that publishes on commit).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
# A publish when the broker is down (after commit: the data is saved, webhooks are in the outbox,
# beat queues them and the statute readings again) costs one quick retry, not Celery's default
# of three with backoff (the ops test measured 5.4 s per booking request; docs/operations.md §2).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# The worker and beat reconnect for as long as the broker is away, also at start (Celery's
# default gives up after 100 tries and exits). See docs/operations.md §1 for the supervisor.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
AUDIT_CHECKPOINT_INTERVAL_MINUTES = env_int("AUDIT_CHECKPOINT_INTERVAL_MINUTES", 60)
GRANSKA_HEARTBEAT_SECONDS = env_int("GRANSKA_HEARTBEAT_SECONDS", 60)
# A statutes version still waiting for the reader this long after its upload is queued again
# (beat runs the check as often).
GRANSKA_STATUTES_REQUEUE_MINUTES = env_int("GRANSKA_STATUTES_REQUEUE_MINUTES", 5)
if GRANSKA_STATUTES_REQUEUE_MINUTES < 1:
    raise ImproperlyConfigured("GRANSKA_STATUTES_REQUEUE_MINUTES must be at least 1 (minutes).")
CELERY_BEAT_SCHEDULE = {
    "audit-checkpoint": {
        "task": "audit.tasks.sign_checkpoint",
        "schedule": timedelta(minutes=AUDIT_CHECKPOINT_INTERVAL_MINUTES),
    },
    "webhooks-dispatch-due": {
        "task": "bookings.tasks.dispatch_due_webhooks",
        "schedule": timedelta(seconds=env_int("GRANSKA_WEBHOOK_DISPATCH_SECONDS", 60)),
    },
    "audit-verify-nightly": {
        "task": "audit.tasks.verify_chain",
        "schedule": crontab(hour=env_int("AUDIT_VERIFY_HOUR", 2), minute=30),
    },
    # A statute reading lost with the broker is queued again (the reading is idempotent).
    "statutes-requeue-waiting": {
        "task": "associations.tasks.requeue_waiting_readings",
        "schedule": timedelta(minutes=GRANSKA_STATUTES_REQUEUE_MINUTES),
        "options": {"expires": GRANSKA_STATUTES_REQUEUE_MINUTES * 60},
    },
    # Proves that beat, broker and worker all work (manage.py granska_status reads its age).
    "ops-heartbeat": {
        "task": "ops.tasks.heartbeat",
        "schedule": timedelta(seconds=GRANSKA_HEARTBEAT_SECONDS),
        "options": {"expires": GRANSKA_HEARTBEAT_SECONDS},
    },
}

# Audit trail signing key (Ed25519). Either the PEM/raw base64 in AUDIT_SIGNING_KEY or a file.
AUDIT_SIGNING_KEY = env_str("AUDIT_SIGNING_KEY", "")
AUDIT_SIGNING_KEY_FILE = env_str("AUDIT_SIGNING_KEY_FILE", "")
# Demo mode: the key `make run` writes (manage.py audit_demo_key) is found from any shell, so an
# export made outside `make run` carries the public key too.
DEMO_SIGNING_KEY_FILE = VAR_DIR / "audit-signing-key.pem"
if DEMO_MODE and not AUDIT_SIGNING_KEY and not AUDIT_SIGNING_KEY_FILE:
    AUDIT_SIGNING_KEY_FILE = str(DEMO_SIGNING_KEY_FILE) if DEMO_SIGNING_KEY_FILE.exists() else ""
AUDIT_LOG_ORIGIN = env_str("AUDIT_LOG_ORIGIN", "granska.example/audit")
# Public halves of earlier signing keys (PEM blocks or base64, comma-separated): checkpoints
# signed before a key rotation still verify.
AUDIT_PREVIOUS_PUBLIC_KEYS = env_str("AUDIT_PREVIOUS_PUBLIC_KEYS", "")

# Operations (docs/operations.md): the readiness probe's deadline, and the thresholds at which
# manage.py granska_status and /api/v1/ops/status report warning and critical.
GRANSKA_READYZ_TIMEOUT_SECONDS = env_float("GRANSKA_READYZ_TIMEOUT_SECONDS", 1.5)
GRANSKA_STATUS_THRESHOLDS = {
    "outbox_pending": (
        env_int("GRANSKA_STATUS_OUTBOX_PENDING_WARNING", 100),
        env_int("GRANSKA_STATUS_OUTBOX_PENDING_CRITICAL", 1000),
    ),
    "outbox_oldest_minutes": (
        env_int("GRANSKA_STATUS_OUTBOX_AGE_WARNING_MINUTES", 15),
        env_int("GRANSKA_STATUS_OUTBOX_AGE_CRITICAL_MINUTES", 120),
    ),
    "outbox_failed_24h": (
        env_int("GRANSKA_STATUS_OUTBOX_FAILED_WARNING", 1),
        env_int("GRANSKA_STATUS_OUTBOX_FAILED_CRITICAL", 20),
    ),
    # Verification runs nightly (AUDIT_VERIFY_HOUR): one missed night is a warning, two critical.
    "verification_hours": (
        env_int("GRANSKA_STATUS_VERIFY_WARNING_HOURS", 26),
        env_int("GRANSKA_STATUS_VERIFY_CRITICAL_HOURS", 50),
    ),
    # How long the oldest event no checkpoint covers may wait (a checkpoint is signed every
    # AUDIT_CHECKPOINT_INTERVAL_MINUTES when there is something new).
    "checkpoint_minutes": (
        env_int(
            "GRANSKA_STATUS_CHECKPOINT_WARNING_MINUTES", 2 * AUDIT_CHECKPOINT_INTERVAL_MINUTES + 30
        ),
        env_int(
            "GRANSKA_STATUS_CHECKPOINT_CRITICAL_MINUTES", 6 * AUDIT_CHECKPOINT_INTERVAL_MINUTES
        ),
    ),
    "heartbeat_minutes": (
        env_int(
            "GRANSKA_STATUS_HEARTBEAT_WARNING_MINUTES", max(5, GRANSKA_HEARTBEAT_SECONDS // 12)
        ),
        env_int(
            "GRANSKA_STATUS_HEARTBEAT_CRITICAL_MINUTES", max(15, GRANSKA_HEARTBEAT_SECONDS // 4)
        ),
    ),
    "statutes_oldest_minutes": (
        env_int("GRANSKA_STATUS_STATUTES_WARNING_MINUTES", 15),
        env_int("GRANSKA_STATUS_STATUTES_CRITICAL_MINUTES", 120),
    ),
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema_responses.ApiAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # REST API (issue 4): see docs/api.md.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BookingClientAuthentication",
        "api.authentication.OfficerTokenAuthentication",
        "api.authentication.OfficerSessionAuthentication",
        "api.authentication.UnrecognisedAuthorization",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SafeJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
    # The caller's address for per-address limits: REMOTE_ADDR unless there are this many
    # trusted proxies in front, whose X-Forwarded-For is believed (DRF reads the whole header
    # when unset, which any caller can write).
    "NUM_PROXIES": env_int("GRANSKA_NUM_PROXIES", 0),
}
# Requests per period for each kind of caller ("N/second|minute|hour|day"); per process cache.
GRANSKA_API_RATES = {
    "client": env_str("GRANSKA_API_RATE_CLIENT", "600/minute"),
    "officer": env_str("GRANSKA_API_RATE_OFFICER", "600/minute"),
    "anonymous": env_str("GRANSKA_API_RATE_ANONYMOUS", "60/minute"),
}
GRANSKA_API_PROGRAM_MAX_BYTES = env_int("GRANSKA_API_PROGRAM_MAX_BYTES", 5 * 1024 * 1024)
GRANSKA_BENCH_ENDPOINTS = env_bool("GRANSKA_BENCH_ENDPOINTS", False)
GRANSKA_WEBHOOK_TIMEOUT_SECONDS = env_int("GRANSKA_WEBHOOK_TIMEOUT_SECONDS", 10)
# Webhook receivers: https only, and never an internal address (loopback, private, link-local),
# unless these allow it (local receivers, the demo, tests). See bookings/webhook_transport.py.
GRANSKA_WEBHOOK_ALLOW_HTTP = env_bool("GRANSKA_WEBHOOK_ALLOW_HTTP", False)
GRANSKA_WEBHOOK_ALLOW_PRIVATE = env_bool("GRANSKA_WEBHOOK_ALLOW_PRIVATE", False)
# An outbound proxy for webhooks (http://host:port; empty: direct). Deliveries tunnel through it
# with CONNECT to the receiver's checked address (ADR 0007); HTTPS_PROXY is never used.
GRANSKA_WEBHOOK_PROXY = env_proxy_url("GRANSKA_WEBHOOK_PROXY")
GRANSKA_WEBHOOK_RETRY_HOURS = env_int("GRANSKA_WEBHOOK_RETRY_HOURS", 25)
GRANSKA_WEBHOOK_BACKOFF_BASE_SECONDS = env_int("GRANSKA_WEBHOOK_BACKOFF_BASE_SECONDS", 5)
GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS = env_int("GRANSKA_WEBHOOK_BACKOFF_CAP_SECONDS", 3600)
GRANSKA_WEBHOOK_COALESCE_SECONDS = env_float("GRANSKA_WEBHOOK_COALESCE_SECONDS", 1.0)
# Rotation without an outage: a booking system's previous API key keeps working, and webhooks are
# signed with the previous secret as well as the new one, this many hours after a rotation (0:
# none). The administrator can end the previous key's grace at once (bookings/services/clients.py).
GRANSKA_KEY_ROTATION_GRACE_HOURS = env_int("GRANSKA_KEY_ROTATION_GRACE_HOURS", 24)
GRANSKA_WEBHOOK_SECRET_GRACE_HOURS = env_int("GRANSKA_WEBHOOK_SECRET_GRACE_HOURS", 24)
if min(GRANSKA_KEY_ROTATION_GRACE_HOURS, GRANSKA_WEBHOOK_SECRET_GRACE_HOURS) < 0:
    raise ImproperlyConfigured(
        "GRANSKA_KEY_ROTATION_GRACE_HOURS and GRANSKA_WEBHOOK_SECRET_GRACE_HOURS must be 0 or more."
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "Granska API",
    # info.description is the integration guide, docs/api-guide.md (api.webhook_schema.postprocess).
    "DESCRIPTION": "Demokrativillkor för bidrag och lokaluthyrning / Democracy vetting API",
    "OAS_VERSION": "3.1.0",
    "WEBHOOKS": ["api.webhook_schema.BOOKING_REQUEST_WEBHOOK"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.webhook_schema.postprocess",
    ],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "APPEND_COMPONENTS": {"securitySchemes": SECURITY_SCHEMES},
    "ENUM_NAME_OVERRIDES": {
        "ApplicationKindEnum": "vetting.models.kinds.Kind",
        "AssessmentOutcomeEnum": "vetting.models.kinds.Outcome",
        "DecisionOutcomeEnum": "vetting.models.kinds.DecisionOutcome",
        "ProposalOutcomeEnum": "api.serializers.officer.decisions.OUTCOMES",
        "RequestedKindEnum": "api.serializers.booking.REQUESTED_KINDS",
        "BookingRequestStateEnum": "api.serializers.booking.CLIENT_STATES",
        "ApplicationStateEnum": "vetting.models.State",
        "BookingDecisionOutcomeEnum": "api.serializers.booking.CLIENT_OUTCOMES",
        "AuditFactKeyEnum": "api.audit_serializers.FACT_KEYS",
        "EvidenceKindEnum": "vetting.models.casework.Assessment.EvidenceKind",
        "ProblemCodeEnum": "api.problem_codes.CHOICES",
    },
}

# The worker and beat log through LOGGING too (Celery would otherwise replace the root logger's
# handler with its own format, in local time without an offset).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"routine_refusal": {"()": "config.logs.RoutineRefusalFilter"}},
    "formatters": {"utc": {"()": "config.logs.UTCFormatter", "fmt": LOG_FORMAT}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # A 403 is one warning line without traceback (config/logs.py); other errors keep theirs.
        "django.request": {"filters": ["routine_refusal"]},
        # fontTools logs every font subset of a PDF (web/pdf.py) at INFO: dozens of lines each.
        "fontTools": {"level": "WARNING"},
        # kombu warns "No hostname was supplied" for every connection to the file-system broker,
        # which has no host (make run printed it during seed_demo); other brokers keep it.
        **(
            {"kombu.connection": {"level": "ERROR"}}
            if CELERY_BROKER_URL.startswith("filesystem://")
            else {}
        ),
    },
}
