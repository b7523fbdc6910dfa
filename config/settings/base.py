"""Settings shared by every environment.

Every value comes from the environment with a development default that needs no
server: SQLite in ``var/`` and Celery on kombu's filesystem transport. Setting
``DATABASE_URL`` and ``CELERY_BROKER_URL`` switches to PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("MARQUEE_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-do-not-use-in-production-3f9a1c2e7b",
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("MARQUEE_SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # Before the admin, which it extends; registers the per-language columns of contest texts.
    "modeltranslation",
    "core.admin_site.OperatorsAdminConfig",  # django.contrib.admin, for operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "rules.apps.AutodiscoverRulesConfig",
    "core",
    "accounts",
    "contest",
    "judging",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "config.middleware.ApiLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'marquee.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Survive a restarted database: check a kept connection before reusing it.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
else:
    # SQLite waits for the writer lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    # The demo's embedded database cannot hold a unique constraint where NULLs count as equal
    # (a round's whole-jury panel seats); the one service that writes them replaces the set
    # from de-duplicated jurors, and PostgreSQL enforces it wherever the app really runs.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            # A hung Redis must cost a request a second at most, not a worker thread.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "contest:dashboard"
LOGOUT_REDIRECT_URL = "contest:home"

# django-allauth: email is the login, and it must be verified before use.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
}
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"

# Two-factor authentication (allauth.mfa): an authenticator app, passkeys and recovery codes.
# Organisations may require it of their team and their jurors (accounts/two_factor.py).
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# A passkey proves possession and (with user verification) the person: it may replace the
# password and the code at log-in.
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = env.str("MARQUEE_MFA_ISSUER", default="Marquee")
# Passkeys are bound to this domain (the relying party): the host name of the site, or a
# parent domain of it. Browsers allow WebAuthn over plain HTTP on localhost only.
MARQUEE_WEBAUTHN_RP_ID = env.str(
    "MARQUEE_WEBAUTHN_RP_ID", default=urlsplit(SITE_URL).hostname or "localhost"
)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env.bool(
    "MARQUEE_WEBAUTHN_ALLOW_INSECURE_ORIGIN", default=DEBUG
)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Contest texts have a column per language (contest/translation.py, judging/translation.py);
# which language a visitor falls back to is the contest's, decided in core/texts.py.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development whitenoise serves straight from the source folders; production uses collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env.str("MARQUEE_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Media is private: it is served only through permission-checked views, never from a URL prefix.
MEDIA_URL = "/media-not-public/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
AWS_STORAGE_BUCKET_NAME = env.str("MARQUEE_S3_BUCKET", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.str("MARQUEE_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("MARQUEE_S3_REGION", default="us-east-1")
    AWS_ACCESS_KEY_ID = env.str("MARQUEE_S3_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("MARQUEE_S3_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = 3600
# Where partial tus uploads are written before they become a video.
MARQUEE_UPLOAD_DIR = env.str("MARQUEE_UPLOAD_DIR", default=str(VAR_DIR / "uploads"))
# A stored file no row names is deleted once this old (core/orphan_files.py): longer than any
# task that writes a file before the row that names it.
MARQUEE_ORPHAN_FILE_GRACE_HOURS = env.int("MARQUEE_ORPHAN_FILE_GRACE_HOURS", default=24)
# "x-accel" hands file bytes to nginx; "django" streams them itself (development).
MARQUEE_MEDIA_DELIVERY = env.str("MARQUEE_MEDIA_DELIVERY", default="django")
# nginx's internal location that aliases MEDIA_ROOT (see deploy/nginx.conf).
MARQUEE_X_ACCEL_PREFIX = env.str("MARQUEE_X_ACCEL_PREFIX", default="/protected-media/")
# An API token works this long after it was issued; asking again then gives a new one.
MARQUEE_API_TOKEN_DAYS = env.int("MARQUEE_API_TOKEN_DAYS", default=90)
MARQUEE_UPLOAD_GRACE = timedelta(minutes=env.int("MARQUEE_UPLOAD_GRACE_MINUTES", default=30))
# An unfinished upload untouched this long is abandoned: the periodic cleanup removes it.
MARQUEE_UPLOAD_ABANDON_AFTER = timedelta(hours=env.int("MARQUEE_UPLOAD_ABANDON_HOURS", default=48))
# A film replaced by a newer upload stays this long for organisers, then its files are deleted.
MARQUEE_REPLACED_FILM_RETENTION = timedelta(
    days=env.int("MARQUEE_REPLACED_FILM_RETENTION_DAYS", default=30)
)

# A person's data export (accounts/data_export/): its link and file last this long, and a new
# request within the cool-down of the previous one is refused.
MARQUEE_DATA_EXPORT_VALIDITY = timedelta(hours=env.int("MARQUEE_DATA_EXPORT_HOURS", default=24))
MARQUEE_DATA_EXPORT_COOLDOWN = timedelta(
    minutes=env.int("MARQUEE_DATA_EXPORT_COOLDOWN_MINUTES", default=60)
)

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Used by the file-based backend (the fault suites count every message the workers send).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Marquee <noreply@localhost>")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email("EMAIL_URL"))

# Celery: JSON only, late acknowledgement, and a redelivery timeout above every hard limit.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default="filesystem://"
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A message not acknowledged within this time is delivered again: it must stay above the
    # longest hard time limit (MARQUEE_VALIDATION_MAX_TIME_LIMIT), or a long job runs twice.
    "visibility_timeout": env.int("MARQUEE_BROKER_VISIBILITY_TIMEOUT", default=4 * 3600),
}
if env.str("MARQUEE_BROKER_RESTORE_INTERVAL", default=""):
    # How often a worker looks for unacknowledged messages to deliver again (kombu's redis).
    CELERY_BROKER_TRANSPORT_OPTIONS.update({
        "unacked_restore_interval": env.int("MARQUEE_BROKER_RESTORE_INTERVAL"),
        "unacked_restore_throttle": 1,
    })
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        {
            "data_folder_in": str(_broker_dir / "queue"),
            "data_folder_out": str(_broker_dir / "queue"),
            "processed_folder": str(_broker_dir / "processed"),
            "control_folder": str(_broker_dir / "control"),
            # Looked at every second by default: email queued behind a batch waits minutes.
            "polling_interval": 0.2,
            "store_processed": False,
        }
    )
    # kombu's filesystem transport expects its folders to exist; every process may be first.
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# Long work goes to the validation queue: FFmpeg, and copying a person's films into their data
# export, which must not hold up email on the default queue either.
CELERY_TASK_ROUTES = {
    "contest.validate_video": {"queue": "validation"},
    "contest.validate_material": {"queue": "validation"},
    "accounts.build_data_export": {"queue": "validation"},
    # Re-checks after the technical rules changed queue behind the films being validated.
    "contest.recheck_films": {"queue": "validation"},
    "contest.recheck_video": {"queue": "validation"},
}
# Video validation (contest/services/validation.py). The cheap stage (sniff, probe, rules) has
# a fixed hard limit; the full stage (decode, poster, preview, hashes) gets a base plus a
# number of seconds per second of film, never more than the maximum.
MARQUEE_VALIDATION_PROBE_TIME_LIMIT = env.int("MARQUEE_VALIDATION_PROBE_TIME_LIMIT", default=120)
MARQUEE_VALIDATION_BASE_TIME_LIMIT = env.int("MARQUEE_VALIDATION_BASE_TIME_LIMIT", default=180)
MARQUEE_VALIDATION_SECONDS_PER_SECOND = env.float(
    "MARQUEE_VALIDATION_SECONDS_PER_SECOND", default=3.0
)
MARQUEE_VALIDATION_MAX_TIME_LIMIT = env.int("MARQUEE_VALIDATION_MAX_TIME_LIMIT", default=3 * 3600)
# A file whose validation crashed or timed out this many times in one stage is refused.
MARQUEE_VALIDATION_MAX_ATTEMPTS = env.int("MARQUEE_VALIDATION_MAX_ATTEMPTS", default=3)
# The sweeper re-queues a video left uploaded, queued or in error this long. A long backlog
# keeps videos queued legitimately: a re-queued duplicate then finds the work done.
MARQUEE_VALIDATION_STUCK_AFTER = timedelta(
    minutes=env.float("MARQUEE_VALIDATION_STUCK_MINUTES", default=60)
)
# The outbox (core/outbox.py, core/sender.py). The lease outlives core.send_message's hard
# time limit, so a live sender never loses its claim to the sweeper.
MARQUEE_MAIL_LEASE_SECONDS = env.int("MARQUEE_MAIL_LEASE_SECONDS", default=120)
MARQUEE_MAIL_MAX_ATTEMPTS = env.int("MARQUEE_MAIL_MAX_ATTEMPTS", default=5)

# Entry materials besides the film (contest/services/materials.py): the largest file of each
# kind, refused from the request's Content-Length before its body is read. A feature's
# subtitles are ~100 KB, a 40-megapixel JPEG ~20 MB, a press kit with photos a few tens of MB.
MARQUEE_MATERIAL_MAX_BYTES = {
    "subtitle": env.int("MARQUEE_SUBTITLE_MAX_BYTES", default=2 * 1024**2),
    "poster": env.int("MARQUEE_IMAGE_MAX_BYTES", default=40 * 1024**2),
    "still": env.int("MARQUEE_IMAGE_MAX_BYTES", default=40 * 1024**2),
    "document": env.int("MARQUEE_DOCUMENT_MAX_BYTES", default=50 * 1024**2),
}
MARQUEE_MATERIAL_MAX_DOCUMENTS = env.int("MARQUEE_MATERIAL_MAX_DOCUMENTS", default=5)
MARQUEE_MATERIAL_TIME_LIMIT = env.int("MARQUEE_MATERIAL_TIME_LIMIT", default=120)
# Organisers' bulk messages (judging/services/bulk_messages.py): rows are written this many
# to a batch and scheduled this many to a minute; the outbox's sweeper sends at most 500 due
# messages a run, so a rate above that is capped by the sweep interval.
MARQUEE_BULK_BATCH_SIZE = env.int("MARQUEE_BULK_BATCH_SIZE", default=500)
MARQUEE_BULK_MESSAGES_PER_MINUTE = env.int("MARQUEE_BULK_MESSAGES_PER_MINUTE", default=300)
CELERY_BEAT_SCHEDULE = {
    "send-pending-messages": {
        "task": "core.send_pending_messages",
        "schedule": timedelta(seconds=env.int("MARQUEE_MAIL_SWEEP_SECONDS", default=60)),
    },
    "send-draft-reminders": {
        "task": "contest.send_draft_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "settle-bulk-messages": {
        "task": "judging.settle_bulk_messages",
        "schedule": timedelta(seconds=60),
    },
    "send-queue-reminders": {
        "task": "judging.send_queue_reminders",
        "schedule": crontab(minute="7-59/15"),
    },
    "requeue-stuck-materials": {
        "task": "contest.requeue_stuck_materials",
        "schedule": timedelta(seconds=env.int("MARQUEE_VALIDATION_SWEEP_SECONDS", default=300)),
    },
    "requeue-stuck-validations": {
        "task": "contest.requeue_stuck_validations",
        "schedule": timedelta(seconds=env.int("MARQUEE_VALIDATION_SWEEP_SECONDS", default=300)),
    },
    "clean-abandoned-uploads": {
        "task": "contest.clean_abandoned_uploads",
        "schedule": crontab(minute=17),
    },
    "purge-replaced-films": {
        "task": "contest.purge_replaced_films",
        "schedule": crontab(hour=4, minute=41),
    },
    "expire-data-exports": {
        "task": "accounts.expire_data_exports",
        "schedule": crontab(minute=23),
    },
    "sweep-orphan-files": {
        "task": "core.sweep_orphan_files",
        "schedule": crontab(hour=5, minute=11),
    },
    "apply-retention": {
        "task": "contest.apply_retention",
        "schedule": crontab(hour=3, minute=53),
    },
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

REST_FRAMEWORK = {
    # Token first: an API client without a valid token is told so with 401 and a
    # WWW-Authenticate header (DRF asks the first class for it); sessions work as before.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "1200/minute", "upload": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marquee API",
    "DESCRIPTION": "Film contests: entries, video intake, judging, awards and exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the sidecar package's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a "status" field: name each choice set after its enum.
    "ENUM_NAME_OVERRIDES": {
        "EntryStatusEnum": "contest.enums.EntryStatus",
        "VideoStatusEnum": "contest.enums.VideoStatus",
        "RoundStatusEnum": "judging.enums.RoundStatus",
        "ScoreStatusEnum": "judging.enums.ScoreStatus",
        "OrgRoleEnum": "accounts.enums.OrgRole",
        "CreditRoleEnum": "contest.enums.CreditRole",
        # A ranking method: the one a ranking was made with, and a round's own.
        "RankingMethodEnum": "judging.enums.AggregationMethod",
        # The site's languages: users', organisations' and contests' language fields.
        "LanguageEnum": LANGUAGES,
        # A film's languages: an entry's original language, the languages a juror understands.
        "FilmLanguageEnum": "contest.languages.FILM_LANGUAGE_CHOICES",
    },
}

# Security: safe in development, strict when DJANGO_SECURE is set (production).
SECURE = env.bool("DJANGO_SECURE", default=False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSP_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
if AWS_STORAGE_BUCKET_NAME:
    # The browser PUTs upload parts straight to the bucket, and players and posters follow
    # redirects to signed bucket URLs: the bucket's origin joins connect-, media- and img-src.
    _bucket_origin = env.str("MARQUEE_S3_ORIGIN", default="") or (
        "{0.scheme}://{0.netloc}".format(urlsplit(AWS_S3_ENDPOINT_URL)) if AWS_S3_ENDPOINT_URL
        else f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
    )
    for _directive in ("connect-src 'self'", "media-src 'self'", "img-src 'self'"):
        CSP_POLICY = CSP_POLICY.replace(_directive, f"{_directive} {_bucket_origin}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

MARQUEE_NAME = _("Marquee")
