"""Settings for truthsite, read from the environment in this one place (12-factor).

Development needs nothing set: SQLite, local-memory cache, console email and tasks
run in process. Production (DEBUG unset or false) refuses to start without
SECRET_KEY and ALLOWED_HOSTS. Optional services switch on when their variable is
present: DATABASE_URL, REDIS_URL, EMAIL_URL / EMAIL_*.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (production).")

# Absolute address of the site, used in emails, feeds and metadata.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "taggit",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_tasks_db",
    "truthsite",
    "articles",
    "petitions",
    "subscriptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "truthsite.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "truthsite.urls"
WSGI_APPLICATION = "truthsite.wsgi.application"

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
                "django.template.context_processors.csp",
                "truthsite.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "truthsite.cache.RedisCache",  # Django's, with its clients kept
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "truthsite",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email (Django 6.1 MAILERS), from EMAIL_BACKEND plus EMAIL_FILE_PATH or the SMTP
# EMAIL_* values: console in development, SMTP in production unless told otherwise.
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = os.environ.get("EMAIL_BACKEND", "console" if DEBUG else "smtp")
_email_backend = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
if _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))}
elif _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
else:
    _email_options = {}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "truthsite <no-reply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background tasks: run in process unless a worker queue is asked for.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
TAGGIT_CASE_INSENSITIVE = True

# Every page: no third-party sources, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features the site never uses, off for every page (Permissions-Policy header).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # Behind a TLS-terminating proxy or load balancer.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# Abuse control: IP hashes are keyed with this salt (defaults to SECRET_KEY);
# set TRUSTED_PROXY_COUNT to the number of proxies that append X-Forwarded-For.
IP_HASH_SALT = os.environ.get("IP_HASH_SALT", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Admin sign-in attempts allowed per network and per username in each window.
ADMIN_LOGIN_ATTEMPTS = int(os.environ.get("ADMIN_LOGIN_ATTEMPTS", "10"))
ADMIN_LOGIN_WINDOW = int(os.environ.get("ADMIN_LOGIN_WINDOW", "900"))

# Pagination sizes.
ARTICLES_PER_PAGE = int(os.environ.get("ARTICLES_PER_PAGE", "20"))
# Bodies longer than this many characters are collapsed behind "Expand".
ARTICLE_EXPAND_THRESHOLD = int(os.environ.get("ARTICLE_EXPAND_THRESHOLD", "1500"))

# Feed import (articles.importing): limits for fetching a feed, how often the
# background task looks for feed sources that are due, how long import runs are kept.
FEED_FETCH_TIMEOUT = float(os.environ.get("FEED_FETCH_TIMEOUT", "20"))  # seconds
FEED_MAX_BYTES = int(os.environ.get("FEED_MAX_BYTES", str(5 * 1024 * 1024)))
FEED_POLL_INTERVAL = int(os.environ.get("FEED_POLL_INTERVAL", "300"))  # seconds
IMPORT_RUNS_KEPT_DAYS = int(os.environ.get("IMPORT_RUNS_KEPT_DAYS", "90"))

# Petitions (petitions app): links, limits, retention. Times in seconds unless named days.
PETITION_CONFIRM_MAX_AGE = int(os.environ.get("PETITION_CONFIRM_MAX_AGE", str(7 * 24 * 60 * 60)))
PETITION_SIGNATURES_PER_IP_PER_HOUR = int(
    os.environ.get("PETITION_SIGNATURES_PER_IP_PER_HOUR", "10")
)
PETITION_RESENDS_PER_IP_PER_HOUR = int(os.environ.get("PETITION_RESENDS_PER_IP_PER_HOUR", "10"))
PETITION_MAX_CONFIRMATION_EMAILS = int(os.environ.get("PETITION_MAX_CONFIRMATION_EMAILS", "3"))
PETITION_EMAIL_MAX_ATTEMPTS = int(os.environ.get("PETITION_EMAIL_MAX_ATTEMPTS", "6"))
PETITION_MIN_FILL_SECONDS = float(os.environ.get("PETITION_MIN_FILL_SECONDS", "2"))
PETITION_UNCONFIRMED_RETENTION_DAYS = int(
    os.environ.get("PETITION_UNCONFIRMED_RETENTION_DAYS", "30")
)
PETITION_ANONYMISE_AFTER_DAYS = int(os.environ.get("PETITION_ANONYMISE_AFTER_DAYS", "90"))
PETITION_COUNT_CACHE_SECONDS = int(os.environ.get("PETITION_COUNT_CACHE_SECONDS", "30"))
PETITION_RECENT_SIGNERS = 10
PETITION_DEFAULT_COUNTRY = os.environ.get("PETITION_DEFAULT_COUNTRY", "US")

# --- Subscriptions (email digests; see README "Subscriptions") ---------------------
SUBSCRIPTION_CONFIRM_DAYS = int(os.environ.get("SUBSCRIPTION_CONFIRM_DAYS", "7"))
# Unconfirmed sign-ups are deleted after this many days (manage.py purge_subscribers).
SUBSCRIPTION_PENDING_DAYS = int(os.environ.get("SUBSCRIPTION_PENDING_DAYS", "14"))
# Sign-up attempts per network per hour before the 429 page.
SUBSCRIPTION_SIGNUPS_PER_HOUR = int(os.environ.get("SUBSCRIPTION_SIGNUPS_PER_HOUR", "10"))
SUBSCRIPTION_DIGEST_MAX_ARTICLES = int(os.environ.get("SUBSCRIPTION_DIGEST_MAX_ARTICLES", "30"))
# Digest sending: attempts per delivery, first retry delay (doubling), hard failures
# (5xx refusals) in a row before an address counts as bounced.
SUBSCRIPTION_MAX_ATTEMPTS = int(os.environ.get("SUBSCRIPTION_MAX_ATTEMPTS", "5"))
SUBSCRIPTION_RETRY_SECONDS = int(os.environ.get("SUBSCRIPTION_RETRY_SECONDS", "300"))
SUBSCRIPTION_HARD_BOUNCE_LIMIT = int(os.environ.get("SUBSCRIPTION_HARD_BOUNCE_LIMIT", "3"))
# Parallel send batches per run, and seconds between periodic runs.
SUBSCRIPTION_DIGEST_WORKERS = int(os.environ.get("SUBSCRIPTION_DIGEST_WORKERS", "2"))
SUBSCRIPTION_DIGEST_INTERVAL = int(os.environ.get("SUBSCRIPTION_DIGEST_INTERVAL", "900"))
# Shared secret of the bounce/complaint webhook; the webhook answers 404 when unset.
SUBSCRIPTION_WEBHOOK_SECRET = os.environ.get("SUBSCRIPTION_WEBHOOK_SECRET", "")

# Discovery: search, feeds, sitemaps (articles/search.py, feeds.py, sitemaps.py).
# Searches longer than this are shortened (and the reader is told).
SEARCH_MAX_QUERY_LENGTH = int(os.environ.get("SEARCH_MAX_QUERY_LENGTH", "200"))
# Results beyond this many are not paged through; readers narrow the search instead.
SEARCH_MAX_RESULTS = int(os.environ.get("SEARCH_MAX_RESULTS", "1000"))
SEARCH_RESULTS_PER_PAGE = int(os.environ.get("SEARCH_RESULTS_PER_PAGE", "20"))
# Searches per minute from one network (a bot's phrase searches are the costly ones).
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "60"))
# PostgreSQL text search configuration (stemming and stop words).
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")
FEED_ITEMS = int(os.environ.get("FEED_ITEMS", "30"))
# URLs per sitemap file (the protocol allows 50,000; smaller files render faster).
SITEMAP_PAGE_SIZE = int(os.environ.get("SITEMAP_PAGE_SIZE", "10000"))

# --- Trust: retention run, privacy page ----------------------------------------------
# Seconds between runs of the one periodic retention task (truthsite.tasks.run_retention,
# started by `manage.py run_retention --schedule`); the privacy page quotes it.
RETENTION_INTERVAL = int(os.environ.get("RETENTION_INTERVAL", "3600"))
# Where people ask for a copy of their data or its erasure (shown on /privacy/).
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")

# --- Performance: page cache, benchmark switches (truthsite/page_cache.py, bench/run.py) ---
# Whole reader pages for anonymous visitors, from CACHES["default"]; never stale (keyed
# by version counters every edit bumps). Right after WhiteNoise: a hit skips the rest.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "truthsite.page_cache.PageCacheMiddleware",
)
# Longest a page is kept (also bounds relative times and the copyright year), seconds.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long browsers and proxies may reuse a page without asking; 0: they revalidate
# every time (answered 304 from the cache), so nobody sees a page older than an edit.
PAGE_CACHE_BROWSER_SECONDS = int(os.environ.get("PAGE_CACHE_BROWSER_SECONDS", "0"))
# Benchmark only: a request with the header X-Bench-Bypass-Cache skips the page cache,
# and every response says how many SQL queries it took (X-Query-Count).
PAGE_CACHE_BENCH_BYPASS = env_bool("BENCH_PAGE_CACHE_BYPASS")
BENCH_QUERY_COUNT = env_bool("BENCH_QUERY_COUNT")
if BENCH_QUERY_COUNT:
    MIDDLEWARE.insert(0, "truthsite.query_count.QueryCountMiddleware")
# `make bench` collects static files into a temporary folder.
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["STATIC_ROOT"])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
