"""Peixun settings: one module, configured from the environment.

Development (the default) needs nothing set. Production (``PEIXUN_DEBUG=0``) refuses to start
without ``PEIXUN_SECRET_KEY`` and turns on every protection ``manage.py check --deploy`` asks for.
"""

import os
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_count(name: str, default: int) -> int:
    """A whole number of at least zero, or a refusal to start that names the variable."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of 0 or more, not “{value}”.")
    return int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("PEIXUN_DEBUG", True)
DEMO_MODE = DEBUG and env_bool("PEIXUN_DEMO", True)

ALLOWED_HOSTS = env_list("PEIXUN_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("PEIXUN_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "peixun.core",
    "peixun.academies",
    "peixun.people",
    "peixun.curriculum",
    "peixun.courses",
    "peixun.timetables",
    "peixun.attendance",
    "peixun.records",
    "peixun.feedback",
    "peixun.partners",
    "peixun.impact",
    "peixun.materials",
    "peixun.notifications",
    "peixun.home",
    "peixun.jobs",
    "peixun.demo",
    "peixun.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "peixun.core.middleware.UserLanguageMiddleware",
    # Refuses an oversized request from its Content-Length alone, in the reader's language: nothing
    # above reads the body (CSRF reads it later, in process_view).
    "peixun.core.middleware.RequestSizeMiddleware",
    "peixun.core.middleware.NulInQueryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "peixun.core.middleware.HtmxLoginExpiredMiddleware",
    # Last, so that it turns the refusal of a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peixun.urls"
WSGI_APPLICATION = "peixun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "peixun" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "peixun.core.context_processors.peixun",
            ],
        },
    },
]

DATA_DIR = Path(os.environ.get("PEIXUN_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def development_secret_key(path: Path) -> str:
    """This install's own random key, made on first use and kept readable by its owner alone.

    Check-in codes and sessions are signed with the key: one written in the
    source would let anyone who read the source forge them.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        key = secrets.token_urlsafe(50)
        file.write(key + "\n")
    return key


SECRET_KEY = os.environ.get("PEIXUN_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "PEIXUN_SECRET_KEY must be set when PEIXUN_DEBUG=0 (production mode). "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = development_secret_key(DATA_DIR / "secret_key")
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PEIXUN_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'peixun.sqlite3'}",
        conn_max_age=int(os.environ.get("PEIXUN_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("PEIXUN_DB_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Peixun's queries are short; PostgreSQL's JIT compilation cost a unit's compliance report 50-65 ms
    # and never paid back (docs/benchmarks.md, training record). Its tables fit in memory (or on SSD), where
    # reading a row by index costs little more than reading the next one: with the default random_page_cost
    # of 4 the planner scanned all officials to join a 55-row roster (docs/benchmarks.md, pages).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = "-c jit=off -c random_page_cost=1.1"
    # Prepared statements: a query the connection has run five times is planned once and kept, instead
    # of on every request (planning the roster's join cost more than running it). They need the
    # parameters bound by the server. Turn them off behind a pooler that cannot keep them (PgBouncer in
    # transaction mode before 1.21).
    if env_bool("PEIXUN_DB_PREPARED_STATEMENTS", True):
        options["server_side_binding"] = True
        options["prepare_threshold"] = 5
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every transaction take the write lock up front, so two requests that both
    # count the seats left cannot interleave (PostgreSQL gets the same from SELECT ... FOR UPDATE).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-peixun.sqlite3")}

# A shared cache (Redis, PEIXUN_CACHE_URL) holds sessions in front of the database, so a request need not
# read its session row, and every cache, so that app servers agree (rate limits, the lists' generations,
# progress of a build, machine suggestions). Without one, sessions live in the database alone (a
# per-process cache would let app servers disagree about who is logged in) and the caches are each
# process's own memory, which is right for one server (`make run`). "fragments" holds rendered pieces
# that depend only on who is asking and in which language (the main navigation, keyed by
# User.navigation_key): shared too when Redis is there, under a prefix of its own. docs/architecture.md,
# "State kept in a process", lists what each process still keeps for itself and why that is safe.
CACHE_URL = os.environ.get("PEIXUN_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL},
        "fragments": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "fragments",
            "TIMEOUT": 60 * 60,
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login locked out by too many failures before any password is checked.
    "peixun.core.backends.LoginThrottleBackend",
    "rules.permissions.ObjectPermissionBackend",
    "peixun.core.backends.PasswordBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Argon2 for every new password; a password hashed by one of the others is rehashed with Argon2 when its
# owner next logs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Logins (docs/security.md, "Logins"): after this many failed passwords for one username from one
# address, that username is locked out from that address for the cool-off time (minutes).
AXES_FAILURE_LIMIT = env_count("PEIXUN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_count("PEIXUN_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "peixun.core.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "peixun.core.clients.client_address"
# Behind a proxy the client's address is the N-th from the right in X-Forwarded-For (N proxies that
# append to it); with 0 (no proxy) it is the connection's own address.
PEIXUN_PROXY_COUNT = env_count("PEIXUN_PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "peixun" / "locale"]
# One way to write dates and times in each language (peixun/formats/, peixun/core/clock.py).
FORMAT_MODULE_PATH = ["peixun.formats"]
TIME_ZONE = os.environ.get("PEIXUN_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("PEIXUN_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "peixun" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("PEIXUN_MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded and generated files (docs/operations.md, "Files"): on the local disk under MEDIA_ROOT, or, with
# PEIXUN_S3_BUCKET set, in S3-compatible object storage that every app server and worker shares. Downloads
# are checked by Peixun, then redirected to an address signed for PEIXUN_SIGNED_URL_SECONDS, or streamed
# through the app server with PEIXUN_S3_DOWNLOADS=stream (when browsers cannot reach the object store).
PEIXUN_SIGNED_URL_SECONDS = env_count("PEIXUN_SIGNED_URL_SECONDS", 60)
PEIXUN_S3_DOWNLOADS = os.environ.get("PEIXUN_S3_DOWNLOADS", "redirect").strip().lower()
if PEIXUN_S3_DOWNLOADS not in {"redirect", "stream"}:
    raise ImproperlyConfigured(f"PEIXUN_S3_DOWNLOADS must be “redirect” or “stream”, not “{PEIXUN_S3_DOWNLOADS}”.")
PEIXUN_S3_BUCKET = os.environ.get("PEIXUN_S3_BUCKET", "").strip()
if PEIXUN_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PEIXUN_S3_BUCKET,
            "endpoint_url": os.environ.get("PEIXUN_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("PEIXUN_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("PEIXUN_S3_SECRET_KEY") or None,
            "region_name": os.environ.get("PEIXUN_S3_REGION") or None,
            "location": os.environ.get("PEIXUN_S3_PREFIX", ""),
            "addressing_style": os.environ.get("PEIXUN_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            # Files are versioned, never overwritten: a name already taken gets a suffix.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": PEIXUN_SIGNED_URL_SECONDS,
        },
    }
# Request size (docs/security.md): a form's fields may take 5 MB; uploaded files above 5 MB go to a
# temporary file rather than memory. A request whose Content-Length is above PEIXUN_MAX_REQUEST_BYTES is
# refused (413) before its body is read: the largest upload (a 50 MB deck, peixun/materials/services.py)
# with room for the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PEIXUN_MAX_REQUEST_BYTES = env_count("PEIXUN_MAX_REQUEST_BYTES", 51 * 1024 * 1024)

# Rate limits (docs/security.md): how many requests (count, per seconds) each client may make.
PEIXUN_RATE_LIMITS = {
    # the public certificate check, per address
    "verify": (env_count("PEIXUN_VERIFY_RATE", 30), 60),
    # an official's check-in, per login, and per address (a classroom shares one address)
    "checkin_user": (env_count("PEIXUN_CHECKIN_USER_RATE", 12), 60),
    "checkin_address": (env_count("PEIXUN_CHECKIN_ADDRESS_RATE", 300), 60),
}

# Content-Security-Policy (docs/security.md): scripts only from Peixun's own static files, never
# inline. Style attributes stay allowed (bars drawn to a width); style sheets come from 'self' only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# The REST API (docs/api.md): personal tokens or the session, cursor pages, errors in one JSON shape in the
# language of Accept-Language, and PEIXUN_API_RATE requests per token (a count per minute or hour).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "peixun.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "peixun.api.permissions.TokenScopePermission",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "peixun.api.pagination.CursorPage",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "peixun.api.pagination.StableOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["peixun.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": os.environ.get("PEIXUN_API_RATE", "600/minute")},
    "NUM_PROXIES": PEIXUN_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "peixun.api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Peixun API",
    "DESCRIPTION": "Peixun's REST API: see docs/api.md for tokens, conventions and examples.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CourseStatus": "peixun.courses.enums.CourseStatus",
        "EnrolmentStatus": "peixun.courses.enums.EnrolmentStatus",
        "AttendanceStatus": "peixun.attendance.enums.AttendanceStatus",
        "EntrySource": "peixun.records.enums.EntrySource",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "peixun.api.schema.add_error_responses",
    ],
}

# The demo's e-mails are written to files under the data folder (one file per sending, read them with
# any text editor) instead of flooding the console; development without the demo prints them, and
# production sends them by SMTP. PEIXUN_EMAIL_BACKEND overrides all three.
EMAIL_FILE_PATH = DATA_DIR / "mail"
if DEMO_MODE:
    _DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
elif DEBUG:
    _DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _DEFAULT_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Every message is first written to the outgoing-mail table (peixun/jobs/outbox.py) and sent once the
# transaction commits, by a worker (retried with growing waits) or, with no broker, in the same process;
# the backend below is the one that really sends it.
EMAIL_BACKEND = "peixun.jobs.outbox.QueuedEmailBackend"
PEIXUN_MAIL_DELIVERY_BACKEND = os.environ.get("PEIXUN_EMAIL_BACKEND") or _DEFAULT_EMAIL_BACKEND
# A message that could not be sent is tried again this many times, waiting 1, 2, 4, ... minutes (at most a
# day) between tries; then it stays failed, listed for staff in the admin (Jobs → Outgoing mail).
PEIXUN_MAIL_RETRIES = env_count("PEIXUN_MAIL_RETRIES", 8)
# Webhooks (docs/api.md): an event an endpoint did not acknowledge with a 2xx is posted again this many
# times, waiting 1, 2, 4, ... minutes (at most an hour) between tries; each try waits this many seconds
# for an answer. Then it stays failed, with every attempt, for staff in the admin (API → Webhook deliveries).
PEIXUN_WEBHOOK_RETRIES = env_count("PEIXUN_WEBHOOK_RETRIES", 15)
PEIXUN_WEBHOOK_TIMEOUT = env_count("PEIXUN_WEBHOOK_TIMEOUT", 10)
# The site's address, to make links in e-mails sent by periodic tasks absolute (e.g. https://peixun.example.org).
PEIXUN_BASE_URL = os.environ.get("PEIXUN_BASE_URL", "")
EMAIL_HOST = os.environ.get("PEIXUN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PEIXUN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PEIXUN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PEIXUN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PEIXUN_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("PEIXUN_DEFAULT_FROM_EMAIL", "Peixun <peixun@localhost>")

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("PEIXUN_SSL_REDIRECT", True)
    # The load balancer asks for /health/ over plain HTTP, on the app server itself.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("PEIXUN_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs go to stderr, as plain lines or, with PEIXUN_LOG_FORMAT=json, one JSON object a line for a log
# collector (peixun/core/logs.py; docs/operations.md, "Logs").
PEIXUN_LOG_FORMAT = os.environ.get("PEIXUN_LOG_FORMAT", "text").strip().lower()
if PEIXUN_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"PEIXUN_LOG_FORMAT must be “text” or “json”, not “{PEIXUN_LOG_FORMAT}”.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "peixun.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": PEIXUN_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("PEIXUN_LOG_LEVEL", "WARNING")},
}

# Course rules whose defaults come from the programme description; each academy may override them.
PEIXUN_COURSE_DEFAULTS = {
    "min_course_days": 14,
    "max_course_days": 31,
    "min_capacity": 30,
    "max_capacity": 55,
    "usual_capacity": 40,
}

# When the parts of the day run (local time at the academy), unless an academy sets its own.
PEIXUN_PART_TIMES = {1: ("09:00", "12:00"), 2: ("14:00", "17:00"), 3: ("18:30", "20:30")}

# The training record: a training day is this many class hours (the regulations' 12 days = 90 hours).
PEIXUN_CLASS_HOURS_PER_DAY = Decimal(os.environ.get("PEIXUN_CLASS_HOURS_PER_DAY", "7.5"))
# A certificate of completion needs this share of the course's class hours attended.
PEIXUN_CERTIFICATE_MIN_SHARE = Decimal(os.environ.get("PEIXUN_CERTIFICATE_MIN_SHARE", "0.8"))
# Self check-in: the classroom code changes this often (seconds) and is accepted for this many periods.
PEIXUN_CHECKIN_PERIOD = 30
PEIXUN_CHECKIN_PERIODS_ACCEPTED = 2
# A code opened while valid stays usable this long (seconds) for an official who must log in first.
PEIXUN_CHECKIN_LOGIN_GRACE = 300
# Check-in opens this many minutes before a session begins and closes when it ends.
PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE = env_count("PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE", 30)
# Feedback on a session opens when it begins and stays open this many days.
PEIXUN_FEEDBACK_OPEN_DAYS = env_count("PEIXUN_FEEDBACK_OPEN_DAYS", 14)
# Lecturers and coordinators see a session's answers in batches of this many (at least 3; a system check
# refuses less), or when its feedback closes: see peixun/feedback/release.py.
PEIXUN_FEEDBACK_RELEASE_BATCH = env_count("PEIXUN_FEEDBACK_RELEASE_BATCH", 3)
# A rule not met this close to the end of its year (days) is "short" rather than "at risk".
PEIXUN_COMPLIANCE_FINAL_DAYS = int(os.environ.get("PEIXUN_COMPLIANCE_FINAL_DAYS", "30"))
# What an uploaded deck or document may amount to, and how long and how much memory reading or writing
# it may take (docs/document-engine.md, "Limits": sized from the largest real decks with a wide margin).
PEIXUN_DOCUMENT_LIMITS = {
    "max_part_xml_mb": env_count("PEIXUN_DOCUMENT_MAX_PART_XML_MB", 50),
    "max_xml_mb": env_count("PEIXUN_DOCUMENT_MAX_XML_MB", 150),
    "max_elements": env_count("PEIXUN_DOCUMENT_MAX_ELEMENTS", 1_000_000),
    "max_paragraphs": env_count("PEIXUN_DOCUMENT_MAX_PARAGRAPHS", 100_000),
    "max_segments": env_count("PEIXUN_DOCUMENT_MAX_SEGMENTS", 20_000),
    "parse_seconds": env_count("PEIXUN_DOCUMENT_PARSE_SECONDS", 30),
    "parse_memory_mb": env_count("PEIXUN_DOCUMENT_PARSE_MEMORY_MB", 1024),
}
# Machine translation suggestions in the workbench (peixun/materials/machine.py): none unless the address of
# a self-hosted LibreTranslate-compatible server is set. Suggestions are labelled and never filled in.
# Where to look for LibreOffice, which draws the workbench's slide pictures (a PATH; unset: the server's).
PEIXUN_LIBREOFFICE_PATH = os.environ.get("PEIXUN_LIBREOFFICE_PATH") or None
PEIXUN_MACHINE_TRANSLATION_URL = os.environ.get("PEIXUN_MACHINE_TRANSLATION_URL", "")
PEIXUN_MACHINE_TRANSLATION_KEY = os.environ.get("PEIXUN_MACHINE_TRANSLATION_KEY", "")
PEIXUN_MACHINE_TRANSLATION_SECONDS = env_count("PEIXUN_MACHINE_TRANSLATION_SECONDS", 10)
# The static fonts the PDFs embed, made from the font packages by `manage.py prepare_fonts` (peixun/core/fonts.py).
PEIXUN_FONT_DIR = Path(os.environ.get("PEIXUN_FONT_DIR", DATA_DIR / "fonts"))

# Background work (docs/operations.md, "Background work"). With a broker (Redis: redis://host:6379/0) jobs,
# mail and periodic tasks run in Celery workers (`make worker`, `make beat`); without one, the work is done
# in the process that asked for it, once its transaction commits (peixun/jobs/dispatch.py), so that
# `make run` needs nothing else.
PEIXUN_BROKER_URL = os.environ.get("PEIXUN_BROKER_URL", "")
# "memory://" only so that nothing connects anywhere by mistake: without a broker nothing is sent.
CELERY_BROKER_URL = PEIXUN_BROKER_URL or "memory://"
CELERY_TASK_IGNORE_RESULT = True  # a job's outcome is its row (peixun/jobs/models.py), not a result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# A task is acknowledged once it has run, not when it is received: a worker that dies mid-task leaves its
# message to be delivered again (and the job runner does not rerun what has already finished).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_count("PEIXUN_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 60)
# Redis hands an unacknowledged task to another worker after this many seconds: it must be longer than the
# time limit, or a long job would be started twice while it runs.
# Workers look for such tasks every PEIXUN_BROKER_RESTORE_SECONDS (Redis's transport: its interval times
# a throttle of 1; its own default is 10 × 10 s, which a short visibility timeout in the tests outlasts).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_count("PEIXUN_BROKER_VISIBILITY_TIMEOUT", 2 * 60 * 60),
    "unacked_restore_interval": max(1, env_count("PEIXUN_BROKER_RESTORE_SECONDS", 100)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
# What beat sends, and when (local time): the same work as the management commands of docs/operations.md.
CELERY_BEAT_SCHEDULE = {
    "credit-ended-sessions": {"task": "peixun.jobs.tasks.credit_ended_sessions", "schedule": 10 * 60},
    "send-compliance-alerts": {
        "task": "peixun.jobs.tasks.send_compliance_alerts",
        "schedule": crontab(hour=7, minute=15),
    },
    "send-follow-up-reminders": {
        "task": "peixun.jobs.tasks.send_follow_up_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "sweep-waiting-work": {"task": "peixun.jobs.tasks.sweep", "schedule": 5 * 60},
    "expire-stale": {"task": "peixun.jobs.tasks.expire_stale", "schedule": crontab(hour=3, minute=0)},
    "send-due-webhooks": {"task": "peixun.api.tasks.send_due_webhooks", "schedule": 60},
}
# What `expire_stale` (daily) sets aside: timetable proposals left waiting for review this many days,
# and the subscription links of courses that ended this many days ago.
PEIXUN_PROPOSAL_EXPIRY_DAYS = env_count("PEIXUN_PROPOSAL_EXPIRY_DAYS", 30)
PEIXUN_FEED_EXPIRY_DAYS = env_count("PEIXUN_FEED_EXPIRY_DAYS", 180)
# ...and the files jobs made (exports, certificate zips) this many days after they were made.
PEIXUN_JOB_FILE_DAYS = env_count("PEIXUN_JOB_FILE_DAYS", 7)
