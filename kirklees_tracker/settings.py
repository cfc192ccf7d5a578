"""Settings for the inspection recommendations tracker.

Everything that differs between a laptop and production comes from the environment
(12-factor). With nothing set, the app runs in debug mode on a SQLite file in the
project folder, so that `make run` needs no configuration at all.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "csp",
    # The project's own template tags (kirklees_tracker/templatetags).
    "kirklees_tracker",
    "inspections",
    "recommendations",
    "imports",
    "reporting",
    "reminders",
    "activity",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files keep their long cache lifetimes.
    "kirklees_tracker.middleware.PrivateAnswersMiddleware",
    # Django's SessionMiddleware, saving an unchanged session only when its expiry is due.
    "kirklees_tracker.sessions.RefreshingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kirklees_tracker.urls"

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
                "recommendations.context_processors.vocabulary",
            ],
        },
    },
]

FORM_RENDERER = "kirklees_tracker.forms.GovUKFormRenderer"

WSGI_APPLICATION = "kirklees_tracker.wsgi.application"

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's connection pool, through Django's own support for it. Pooling and
    # persistent connections exclude each other, so CONN_MAX_AGE stays 0.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": envint("DATABASE_POOL_MIN_SIZE", "1"),
        "max_size": envint("DATABASE_POOL_MAX_SIZE", "8"),
        "timeout": envint("DATABASE_POOL_TIMEOUT", "5"),
    }
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = envint("DATABASE_CONNECT_TIMEOUT", "3")
    # Server-side prepared statements: psycopg prepares a query after this many runs on one
    # pooled connection (0: on its first), so PostgreSQL parses and plans each page's
    # queries once per connection, not on every request (`make bench`: 1.16x to 1.46x the
    # baseline's throughput). Django then binds parameters on the server. "off" (or empty)
    # behind a pooler that cannot keep them: pgbouncer in transaction mode, unless it is
    # 1.21 or later with max_prepared_statements above 0.
    prepare_threshold = os.getenv("DATABASE_PREPARE_THRESHOLD", "5").strip().lower()
    if prepare_threshold not in ("", "off"):
        if not (prepare_threshold.isascii() and prepare_threshold.isdigit()):
            raise ImproperlyConfigured(
                "DATABASE_PREPARE_THRESHOLD must be a whole number of runs, or off."
            )
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = int(prepare_threshold)
else:
    # Wait for a writer rather than failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database so that several app servers can share them, and end
# after an hour without activity. Their expiry is pushed back when they change, and
# otherwise at most every SESSION_REFRESH_SECONDS (kirklees_tracker/sessions.py), so that
# reading a page writes nothing.
SESSION_ENGINE = "kirklees_tracker.sessions"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", "3600")
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", "300")
if not 0 <= SESSION_REFRESH_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured("SESSION_REFRESH_SECONDS must be under SESSION_COOKIE_AGE.")
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The cache, and django-axes' failed sign-ins. Without REDIS_URL: this process's memory
# and the database, so that `make run` needs nothing. With it (several app servers): one
# Redis for all, sessions in it in front of the database (cached_db), and axes' counts in
# it, so that a lockout on one server holds on the others.
REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.getenv("REDIS_KEY_PREFIX", "tracker"),
            # A Redis that does not answer costs a request two seconds, not a worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    SESSION_ENGINE = "kirklees_tracker.cached_sessions"
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "default"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

# django-axes: lock an account (by user name and address) after five failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind TRUSTED_PROXY_COUNT proxies (each appending to X-Forwarded-For), the client is the
# address the outermost one saw; with none, X-Forwarded-For is ignored, so that a client
# cannot choose the address it is locked out (or logged) as.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "kirklees_tracker.middleware.client_ip"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Uploaded evidence goes through Django's storage API and is never served as a static
# file: the "private" storage sits outside STATIC_ROOT and has no public URL. Production
# can swap the backend (for example to S3 through django-storages) in STORAGES alone.
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Content-Security-Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Production hardening: on whenever DEBUG is off; the proxy in front terminates TLS.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "true")
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: htmx sends the token from `data-hx-headers` in base.html.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# E-mail: reminders and digests (`send_reminders`; docs/email.md). The console in
# development, so that `make run` shows what would be sent; SMTP in production; or GOV.UK
# Notify with EMAIL_BACKEND=notify. EMAIL_BACKEND also takes a backend's dotted path.
EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "reminders.backends.NotifyEmailBackend",
}
_email_backend = os.getenv("EMAIL_BACKEND", "console" if DEBUG else "smtp")
EMAIL_BACKEND = EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "tracker@localhost")
NOTIFY_API_KEY = os.getenv("NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.getenv("NOTIFY_TEMPLATE_ID", "")
NOTIFY_BASE_URL = os.getenv("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# Links in e-mails are absolute: the address users reach the service at.
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where the phase banner's "give your feedback" link goes: a survey's address or a mailto:.
FEEDBACK_URL = os.getenv(
    "FEEDBACK_URL", "mailto:tracker@localhost?subject=Feedback%20on%20the%20tracker"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "kirklees_tracker.middleware.ClientIPLogFilter"}},
    "formatters": {"plain": {"format": "%(levelname)s %(name)s [%(client_ip)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
