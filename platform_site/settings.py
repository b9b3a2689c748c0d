"""Settings for Chainmatch, read from the environment (twelve-factor).

With no DATABASE_URL and no REDIS_URL the platform runs on a SQLite file in the project folder and
runs Celery tasks in-process, so it starts with no server at all. With them it uses PostgreSQL, Redis
as broker and cache, and real Celery workers.
"""

from datetime import timedelta
from pathlib import Path

import django
import django_stubs_ext
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

# Lets Django and DRF classes be subscripted at runtime (ModelAdmin[Enterprise]) for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG: bool = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY: str = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG=true"  # noqa: S105 - debug-only fallback  # nosec B105
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "platform_site",
    "accounts",
    "listings",
    "matching",
    "orders",
    "financing",
    "information",
    "stats",
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
    "django_htmx.middleware.HtmxMiddleware",
    # View errors pass through process_exception from the last middleware up: this one answers them.
    "platform_site.middleware.DatabaseUnavailableMiddleware",
    # Last, so it sees the lockout flag that a failed login set on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "platform_site.urls"
WSGI_APPLICATION = "platform_site.wsgi.application"
ASGI_APPLICATION = "platform_site.asgi.application"

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
                "accounts.context_processors.membership",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI, a SQLite file when DATABASE_URL is not set.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker process started by a test sees the test data.
    DATABASES["default"]["TEST"] = {
        "NAME": env.str("DJANGO_TEST_SQLITE", default=str(BASE_DIR / "test_db.sqlite3"))
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compiles a plan it thinks costly (a broad search) in hundreds of milliseconds, for queries
    # that run in tens: not worth it for short web queries.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: broker and cache when REDIS_URL is set; in-process tasks and local memory otherwise.
REDIS_URL: str = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Misses while Redis is unreachable instead of failing the request (platform_site/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "platform_site.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # Nobody reads task results: effects live in the database.
CELERY_TASK_ACKS_LATE = True  # Tasks are idempotent, so a worker that dies mid-task gets it redelivered.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Slow work nobody waits for (the statistics' warm-up, rematch chunks) on a queue of its own, so that a
# publication's matching never waits behind it (platform_site/task_routes.py).
CELERY_BACKGROUND_QUEUE = "background"
CELERY_TASK_ROUTES = ("platform_site.task_routes.route_task",)
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task: one quick retry, then the caller moves on and platform_site.outbox keeps the task.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    # A task a killed worker had taken is delivered again after this many seconds: longer than the
    # longest task (a rematch chunk's time limit), so that a running task is not delivered twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    # How often a worker looks for such tasks (kombu's default is every 100 s: 10 s, every 10th time).
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "expire-invitations": {"task": "accounts.expire_invitations", "schedule": timedelta(hours=1)},
    "purge-idempotency-keys": {"task": "accounts.purge_idempotency_keys", "schedule": timedelta(hours=6)},
    "expire-orders": {"task": "orders.expire_orders", "schedule": timedelta(hours=1)},
    "close-quote-requests": {"task": "orders.close_quote_requests", "schedule": timedelta(minutes=10)},
    "expire-listings": {"task": "listings.expire_listings", "schedule": timedelta(hours=1)},
    "warn-expiring-listings": {"task": "listings.warn_expiring_listings", "schedule": timedelta(hours=6)},
    # Refill the statistics after a cache flush or expiry, so that readers seldom compute them.
    "relay-outbox": {"task": "platform_site.relay_outbox", "schedule": timedelta(seconds=30)},
    "warm-statistics": {"task": "stats.warm_figures", "schedule": timedelta(minutes=5)},
    # A full rematch when the platform is quiet (CELERY_TIMEZONE: 02:30 in Shanghai).
    "rematch-nightly": {"task": "matching.rematch_nightly", "schedule": crontab(hour=2, minute=30)},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # First: refuses locked-out credentials before any check.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login brute-force protection (django-axes): five failures for one account from one address lock it
# for fifteen minutes, on the login page, the admin and the API token endpoint alike.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"

# Internationalisation: Chinese first, English switchable.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: printed to the console in debug, SMTP (DJANGO_EMAIL_HOST...) otherwise; DJANGO_EMAIL_BACKEND
# overrides. Django 6.1 configures mailers through MAILERS, 5.2 through EMAIL_*.
_EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_SMTP = {
    "host": env.str("DJANGO_EMAIL_HOST", default="localhost"),
    "port": env.int("DJANGO_EMAIL_PORT", default=25),
    "username": env.str("DJANGO_EMAIL_HOST_USER", default=""),
    "password": env.str("DJANGO_EMAIL_HOST_PASSWORD", default=""),
    "use_tls": env.bool("DJANGO_EMAIL_USE_TLS", default=False),
}
if django.VERSION >= (6, 1):
    MAILERS = {
        "default": {
            "BACKEND": _EMAIL_BACKEND,
            "OPTIONS": _SMTP if _EMAIL_BACKEND.endswith(".smtp.EmailBackend") else {},
        }
    }
else:
    EMAIL_BACKEND = _EMAIL_BACKEND
    EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS = _SMTP["host"], _SMTP["port"], _SMTP["use_tls"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _SMTP["username"], _SMTP["password"]
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Chainmatch <noreply@chainmatch.local>")
# Absolute links in emails (invitations) are built from this origin.
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Security. Secure by default; docker-compose on plain-HTTP localhost turns the HTTPS-only parts off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if django.VERSION >= (6, 0):
    from django.utils.csp import CSP

    # Scripts only from the site itself: no template has an inline script or event handler (Swagger UI is
    # served split, platform_site/urls.py). Inline styles stay allowed for the <style> blocks of a few
    # pages and htmx's indicator styles. Uploads are served with a stricter policy of their own.
    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }
    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SILENCED_SYSTEM_CHECKS: list[str] = env.list("DJANGO_SILENCED_SYSTEM_CHECKS", default=[])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous API call is answered 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "platform_site.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "platform_site.api.exceptions.exception_handler",
    # Writes (POST, PUT, PATCH, DELETE) per user across the API; reads are not counted. Views with
    # throttles of their own (sign-in, registration, public reads) set them explicitly.
    "DEFAULT_THROTTLE_CLASSES": ["platform_site.throttling.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "registration": "20/hour",
        "login": "30/minute",
        # Anonymous reads per address; empty turns it off (a load generator on one address).
        "anon": env.str("API_ANON_RATE", default="600/minute") or None,
        # Far above a person's or an integration's pace; empty turns it off (the orders load bench).
        "write": env.str("API_WRITE_RATE", default="120/minute") or None,
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Chainmatch API",
    "DESCRIPTION": "Automotive industry supply-demand matchmaking: enterprises, listings, matches, orders.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The error responses every operation can give, in the one error shape (platform_site/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "platform_site.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "accounts.models.Enterprise.Status",
        "InvitationStatusEnum": "accounts.models.Invitation.Status",
        "ListingStatusEnum": "listings.models.Listing.Status",
        "SideEnum": "listings.choices.Side",
        "KindEnum": "listings.choices.Kind",
        "SegmentEnum": "accounts.taxonomy.Segment",
        "ThemeEnum": "accounts.taxonomy.Theme",
        "TextLanguageEnum": "listings.choices.TextLanguage",
        "TransferModeEnum": "listings.choices.TransferMode",
        "InstrumentEnum": "listings.choices.Instrument",
        "PriceBandEnum": "listings.choices.PriceBand",
        "OrderStatusEnum": "orders.models.Order.Status",
        "QuoteStatusEnum": "orders.models.Quote.Status",
        "QuoteRequestStatusEnum": "orders.models.QuoteRequest.Status",
        "LicenceRequestStatusEnum": "orders.models.LicenceRequest.Status",
        "FinancingApplicationStatusEnum": "financing.models.FinancingApplication.Status",
        "FinancingDocumentEnum": "listings.choices.FinancingDocument",
        "FinancingApplicationKindEnum": "financing.models.FinancingApplication.Kind",
        "AnnouncementCategoryEnum": "information.models.Announcement.Category",
        "MeetingRequestStatusEnum": "information.models.MeetingRequest.Status",
    },
}

# Invitations expire after this many days.
INVITATION_VALID_DAYS = 14

# Listings: validity when the author gives none, the expiry warning, attachment limits, bulk import size.
LISTING_DEFAULT_VALIDITY_DAYS = 90
LISTING_EXPIRY_WARNING_DAYS = 7
LISTING_ATTACHMENT_MAX_BYTES = env.int("LISTING_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
LISTING_ATTACHMENT_MAX_COUNT = 10
LISTING_IMPORT_MAX_ROWS = 1000
LISTING_IMPORT_MAX_BYTES = 5 * 1024 * 1024
# A catalogue search counts and pages at most this many results (listings.search.results).
LISTING_SEARCH_RESULT_LIMIT = env.int("LISTING_SEARCH_RESULT_LIMIT", default=1000)

# Matching: the best k matches kept per listing, and the listings per task of a full rematch.
MATCHING_TOP_K = env.int("MATCHING_TOP_K", default=10)
MATCHING_CHUNK_SIZE = env.int("MATCHING_CHUNK_SIZE", default=2000)
# The office's service level: how long a proposed match may wait for review (shown in the admin queue).
MATCH_REVIEW_TARGET_HOURS = env.int("MATCH_REVIEW_TARGET_HOURS", default=24)

# Orders: a placed order the seller has not accepted within this many days expires. Idempotency keys
# of the API's creating POSTs are kept this many hours. Files in message threads and on quotes.
ORDER_ACCEPT_WITHIN_DAYS = env.int("ORDER_ACCEPT_WITHIN_DAYS", default=7)
IDEMPOTENCY_KEY_HOURS = 24
ORDER_FILE_MAX_BYTES = env.int("ORDER_FILE_MAX_BYTES", default=10 * 1024 * 1024)
QUOTE_ATTACHMENT_MAX_COUNT = 5
# Financing: documents per application and their size.
FINANCING_DOCUMENT_MAX_BYTES = env.int("FINANCING_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
FINANCING_DOCUMENT_MAX_COUNT = 20
# Statistics (stats.cache): a section is recomputed after this many seconds even without a change (for
# writes that send no signal); a stale one is served while a worker recomputes it, up to the second age.
STATS_CACHE_SECONDS = env.int("STATS_CACHE_SECONDS", default=600)
STATS_STALE_SECONDS = env.int("STATS_STALE_SECONDS", default=1800)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
