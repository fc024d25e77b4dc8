"""Django settings, read from environment variables only (see docs/configuration.md).

The embedded default needs no variable at all: SQLite in WAL mode under
OMOTENASHI_DATA_DIR, Celery tasks run eagerly in-process, mail written to files.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from omotenashi.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("OMOTENASHI_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = env_str("OMOTENASHI_SECRET_KEY")
    if key:
        return key
    # Embedded setup: keep a generated key beside the database so sessions and signed
    # tracking links survive restarts. A scale-out setup must set the variable.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("OMOTENASHI_DEBUG", False)
ALLOWED_HOSTS = env_list(
    "OMOTENASHI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("OMOTENASHI_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("OMOTENASHI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DESK_NAME = env_str("OMOTENASHI_DESK_NAME", "Omotenashi Service Desk")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # "3 hours ago" in the guest's language (the portal's lists)
    "django.contrib.postgres",
    "template_partials",
    "ninja",  # serves the bundled Swagger UI for /api/v1/docs (no CDN)
    "omotenashi.accounts",
    "omotenashi.customers",
    "omotenashi.tickets",
    "omotenashi.channels",
    "omotenashi.search",
    "omotenashi.knowledge",
    "omotenashi.insights",
    "omotenashi.demo",
    "omotenashi.runtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "omotenashi.urls"
WSGI_APPLICATION = "omotenashi.wsgi.application"
ASGI_APPLICATION = "omotenashi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "omotenashi.accounts.context_processors.desk",
            ],
        },
    }
]

# --- Database --------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'omotenashi.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on busy_timeout instead of failing on upgrade.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA cache_size=-65536; "
            "PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("OMOTENASHI_TEST_SQLITE", "") or None}
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Server-side parameters, and psycopg prepares a statement on its fifth run on a
        # connection: PostgreSQL then skips parsing and planning it. Halves the database's
        # CPU per API ticket creation (docs/decisions/0011-postgresql-prepared-statements.md).
        # Off behind a pooler in transaction mode that cannot keep prepared statements.
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, login lockout) -----------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # One process in the embedded setup; several web processes need REDIS_URL so the
    # rate limits are shared (docs/operations.md).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
if CELERY_BROKER_URL.startswith("redis://"):
    # kombu's Redis transport, publishing through one client per channel (omotenashi/celery.py,
    # docs/decisions/0016).
    CELERY_BROKER_TRANSPORT = "omotenashi.celery:RedisTransport"
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"

# --- Auth --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if env_bool("OMOTENASHI_FAST_PASSWORD_HASHER", False):
    # Only for test runs and bulk benchmark loads: hashing is the slow part there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tickets:inbox"
LOGOUT_REDIRECT_URL = "accounts:login"
LOGIN_MAX_FAILURES = env_int("OMOTENASHI_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("OMOTENASHI_LOGIN_LOCKOUT_SECONDS", 900)
API_RATE_LIMIT_PER_MINUTE = env_int("OMOTENASHI_API_RATE_LIMIT_PER_MINUTE", 0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("OMOTENASHI_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("OMOTENASHI_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Languages and time ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("sv", "Svenska"),
    ("de", "Deutsch"),
    ("ja", "日本語"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The desk's own time zone: business hours and holidays of SLA calendars default to it.
DESK_TIME_ZONE = env_str("OMOTENASHI_TIME_ZONE", "Europe/Amsterdam")
# Languages the desk serves (guest languages; wider than the interface languages).
DESK_LANGUAGES = env_list(
    "OMOTENASHI_DESK_LANGUAGES", ["en", "nl", "fr", "sv", "de", "ja", "es", "it", "da"]
)
# The embedding engine's maths library uses every core unless told otherwise. A desk process
# runs several requests or tasks at once and scales out by processes, so one thread each is
# faster overall: multilingual-e5 on a busy 2-core machine took 30 ms per short text with
# one thread and 170 ms with two (docs/decisions/0103-understanding-at-the-desk.md).
os.environ.setdefault("OMP_NUM_THREADS", "1")

# --- Knowledge base ----------------------------------------------------------------------
# Vectors (multilingual-e5-small) for cross-lingual retrieval; off: words only (BM25).
KNOWLEDGE_VECTORS = env_bool("OMOTENASHI_KNOWLEDGE_VECTORS", True)

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("OMOTENASHI_MEDIA_DIR", str(DATA_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: attachments go through a permission check
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Attachments ---------------------------------------------------------------------------
MAX_ATTACHMENT_BYTES = env_int("OMOTENASHI_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024)
MAX_EMAIL_BYTES = env_int("OMOTENASHI_MAX_EMAIL_BYTES", 40 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_EMAIL_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Types a guest may never send us: executables and scripts run on agents' machines.
BLOCKED_ATTACHMENT_EXTENSIONS = env_list(
    "OMOTENASHI_BLOCKED_ATTACHMENT_EXTENSIONS",
    ["exe", "bat", "cmd", "com", "scr", "js", "vbs", "msi", "ps1", "jar", "dll", "lnk", "hta"],
)

# --- Email -----------------------------------------------------------------------------------
SUPPORT_ADDRESS = env_str("OMOTENASHI_SUPPORT_ADDRESS", "support@omotenashi.localhost")
DEFAULT_FROM_EMAIL = env_str("OMOTENASHI_FROM_EMAIL", f"{DESK_NAME} <{SUPPORT_ADDRESS}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("SMTP_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("SMTP_PORT", 587)
    EMAIL_HOST_USER = env_str("SMTP_USER")
    EMAIL_HOST_PASSWORD = env_str("SMTP_PASSWORD")
    EMAIL_USE_TLS = env_bool("SMTP_STARTTLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("SMTP_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("SMTP_TIMEOUT", 30)
else:
    # Embedded setup: outgoing mail is written to files so nothing leaves the machine
    # and a person can still read it (including portal sign-in links).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
# Domain for Message-IDs we generate.
EMAIL_MESSAGE_ID_DOMAIN = env_str(
    "OMOTENASHI_MESSAGE_ID_DOMAIN", SUPPORT_ADDRESS.rsplit("@", 1)[-1]
)
TICKET_SUBJECT_PREFIX = env_str("OMOTENASHI_TICKET_SUBJECT_PREFIX", "Ticket")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("OMOTENASHI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

NINJA_PAGINATION_MAX_LIMIT = 200
