"""Settings from the environment, with embedded defaults that run on one machine.

Every knob a deployment turns is a ``LUOSHI_*`` variable; nothing here needs editing in place.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("LUOSHI_DATA_DIR") or "luoshi-data").resolve()
# The database, its journal, logs and uploads are the service account's alone: every file this process
# creates is owner-only, and so is the data dir, whatever mode an older version left it with.
os.umask(0o077)
for sub in ("", "files", "logs", "static"):
    (DATA_DIR / sub).mkdir(parents=True, exist_ok=True)
    (DATA_DIR / sub).chmod(0o700)
for existing in DATA_DIR.glob("luoshi.sqlite3*"):
    existing.chmod(0o600)


def _secret_key() -> str:
    """Generated once and kept in the data dir, so sessions survive restarts without a config step."""
    if os.environ.get("LUOSHI_SECRET_KEY"):
        return os.environ["LUOSHI_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("LUOSHI_DEBUG", False)
ALLOWED_HOSTS = env_list("LUOSHI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("LUOSHI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "luoshi.core",
    "luoshi.accounts",
    "luoshi.org",
    "luoshi.directives",
    "luoshi.workdays",
    "luoshi.tasks",
    "luoshi.notify",
    "luoshi.problems",
    "luoshi.imports",
    "luoshi.exports",
    "luoshi.inspections",
    "luoshi.assessment",
    "luoshi.meetings",
    "luoshi.study",
    "luoshi.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "luoshi.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "luoshi.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "luoshi.core.middleware.RequestSizeMiddleware",
    "luoshi.core.middleware.CurrentRequestMiddleware",
    "luoshi.accounts.middleware.LoginRequiredMiddleware",
    "luoshi.accounts.middleware.PasswordChangeRequiredMiddleware",
    "luoshi.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "luoshi.core.middleware.MethodNotAllowedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "luoshi.accounts.middleware.PermissionDeniedAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "luoshi.org.context_processors.navigation",
    "luoshi.notify.context_processors.unread",
]
TEMPLATES = [
    {  # luoshi's own pages, in each app's jinja2/ folder: Jinja2 renders them in 55-80 % of DTL's time
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "luoshi.core.jinja2.environment",
            "context_processors": CONTEXT_PROCESSORS,
            "autoescape": True,
        },
    },
    {  # third-party pages: drf-spectacular's API docs
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

if os.environ.get("LUOSHI_DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["LUOSHI_DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "luoshi.core.sqlite",  # Django's, with a flush that passes the audit triggers
            "NAME": str(DATA_DIR / "luoshi.sqlite3"),
            # A connection kept across requests keeps SQLite's parsed schema and page cache: a new one per
            # request doubled the time of an API call on a province-sized file.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
                # timeout instead of failing with "database is locked" half-way through.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=1073741824;"
                    " PRAGMA cache_size=-32768;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "luoshi.accounts.backends.PasswordBackend",
]
# 等保 2.0 level 3 (身份鉴别): length, three of four character classes, no username, no published demo
# password, none of the last five; LUOSHI_PASSWORD_MAX_DAYS after a change the next login must change it.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "luoshi.accounts.validators.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "luoshi.accounts.validators.CharacterClasses", "OPTIONS": {"min_classes": 3}},
    {"NAME": "luoshi.accounts.validators.NotContainingUsername"},
    {"NAME": "luoshi.accounts.validators.NotDemoPassword"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "luoshi.accounts.validators.NotRecentPassword", "OPTIONS": {"count": 5}},
]
LUOSHI_PASSWORD_MAX_DAYS = int(os.environ.get("LUOSHI_PASSWORD_MAX_DAYS", "90"))  # 0: passwords never expire
# The three administrators must enrol a TOTP device before anything else; `luoshi demo` turns it off.
LUOSHI_ADMIN_2FA_REQUIRED = env_bool("LUOSHI_ADMIN_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "落实 luoshi"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Files in the data directory, no server to run, shared by every worker process: it holds only what may
# be a minute old (the leaders' overview counts, the whole ledger's count).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    }
}

# 30 idle minutes: the cookie's age is renewed by every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False  # accounts.middleware.IdleSessionMiddleware refreshes it once a minute
# Sessions know their user, so a password change, reset, lockout or deactivation ends them all.
SESSION_ENGINE = "luoshi.accounts.sessions"
# However busy, a login lasts at most this long (absolute lifetime besides the 30 idle minutes).
LUOSHI_SESSION_MAX_HOURS = int(os.environ.get("LUOSHI_SESSION_MAX_HOURS", "12"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "luoshi.core.views.csrf_failure"

# Production runs behind TLS; LUOSHI_HTTPS=0 is for a trial on plain HTTP (the demo sets it).
HTTPS = env_bool("LUOSHI_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere (scripts are files under static/); inline styles stay allowed for the few
# style attributes and htmx's indicator style. Swagger UI draws its icons as data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 wants the IP in the lockout key; on an intranet every office of a county reaches us
# through one NAT gateway, so an IP lockout would lock them all out. A username is locked wherever
# its failures come from, which is what MLPS 2.0 (等保) asks for.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "luoshi.accounts.views.locked_out"
AXES_VERBOSE = False
# The source address of the audit log and of axes: REMOTE_ADDR, or behind a reverse proxy listed here (its
# address as luoshi sees it, comma-separated), the address that proxy appended to X-Forwarded-For. Off by
# default: without a proxy the header is whatever the client typed.
LUOSHI_TRUSTED_PROXIES = frozenset(env_list("LUOSHI_TRUSTED_PROXIES", ""))
AXES_CLIENT_IP_CALLABLE = "luoshi.accounts.audit.client_ip"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]  # vendored front-end assets (scripts/vendor-assets.sh)
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests and a fresh checkout serve straight from the app folders; `luoshi serve` collects first.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "luoshi.core.api.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["luoshi.org.permissions.IsBusinessUser"],
    "DEFAULT_PAGINATION_CLASS": "luoshi.core.api.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "luoshi.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "luoshi.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "luoshi.core.api.JSONParser"
    ],  # uploads opt in per endpoint (core.api.UPLOAD_PARSERS)
    "DATETIME_FORMAT": "iso-8601",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    # ASCII: client generators turn the title into a package name.
    "TITLE": "luoshi API",
    "DESCRIPTION": "落实 luoshi HTTP API v1: directives, requirements, tasks, feedback, organization.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "luoshi.core.schema.document_refusals",
    ],
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "luoshi.org.choices.UNIT_KIND_CHOICES",
        "DirectiveKindEnum": "luoshi.directives.choices.DIRECTIVE_KIND_CHOICES",
        "NotificationKindEnum": "luoshi.notify.choices.NOTIFICATION_KIND_CHOICES",
        "ProblemStatusEnum": "luoshi.problems.choices.PROBLEM_STATUS_CHOICES",
        "MeasureKindEnum": "luoshi.problems.choices.MEASURE_KIND_CHOICES",
        "CampaignKindEnum": "luoshi.inspections.choices.CAMPAIGN_KIND_CHOICES",
        "MeetingStatusEnum": "luoshi.meetings.choices.MEETING_STATUS_CHOICES",
        "MeetingReportStatusEnum": "luoshi.meetings.choices.REPORT_STATUS_CHOICES",
        "CommentAspectEnum": "luoshi.meetings.choices.COMMENT_ASPECT_CHOICES",
        "AttendanceEnum": "luoshi.training.choices.ATTENDANCE_CHOICES",
    },
}

# API tokens expire; only their digest is stored (django-rest-knox).
LUOSHI_TOKEN_DAYS = int(os.environ.get("LUOSHI_TOKEN_DAYS", "30"))
REST_KNOX = {"TOKEN_TTL": timedelta(days=LUOSHI_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": DATA_DIR / "logs" / "luoshi.log",
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "formatter": "plain",
            "encoding": "utf-8",
        },
    },
    "root": {"handlers": ["console", "file"], "level": os.environ.get("LUOSHI_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

LUOSHI_DEMO_PASSWORD = "luoshi-demo"
LUOSHI_MAX_UPLOAD_MB = int(os.environ.get("LUOSHI_MAX_UPLOAD_MB", "50"))
# An archive or Office file announcing more than this once unzipped is refused (core/uploads.py).
LUOSHI_MAX_UNZIPPED_MB = int(os.environ.get("LUOSHI_MAX_UNZIPPED_MB", "100"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# 序时进度: a task is yellow when its progress trails the share of its time spent by more than this many
# points; after changing it, `luoshi rollups` re-derives the stored pace dates.
LUOSHI_PACE_MARGIN = int(os.environ.get("LUOSHI_PACE_MARGIN", "20"))

# Notifications (docs/notifications.md): when reminders escalate, how often, how the outbox delivers.
LUOSHI_ESCALATE_SECTION_HEAD_DAYS = int(os.environ.get("LUOSHI_ESCALATE_SECTION_HEAD_DAYS", "2"))
LUOSHI_ESCALATE_LEADER_DAYS = int(os.environ.get("LUOSHI_ESCALATE_LEADER_DAYS", "5"))
# A task due within this many working days is reminded (即将到期). These LUOSHI_ESCALATE_*/REMIND_* values are
# defaults: the system admin's 提醒规则 page (/tasks/reminders/) overrides them.
LUOSHI_REMIND_SOON_DAYS = int(os.environ.get("LUOSHI_REMIND_SOON_DAYS", "3"))
# An overdue task goes to its leader in charge (督办) once it is this many working days past its due date.
LUOSHI_ESCALATE_OVERDUE_DAYS = int(os.environ.get("LUOSHI_ESCALATE_OVERDUE_DAYS", "3"))
# A problem closed (销号) is checked again (回头看) this many days later unless its reviewer sets a date.
LUOSHI_RECHECK_DAYS = int(os.environ.get("LUOSHI_RECHECK_DAYS", "90"))
LUOSHI_REMIND_MIN_HOURS = int(os.environ.get("LUOSHI_REMIND_MIN_HOURS", "24"))
LUOSHI_DIGEST_HOUR = int(os.environ.get("LUOSHI_DIGEST_HOUR", "8"))
LUOSHI_TICK_SECONDS = int(os.environ.get("LUOSHI_TICK_SECONDS", "300"))
# A directive longer than this is decomposed as a job outside the request (202 and a status URL);
# "process" starts `luoshi extract-jobs` at once, "tick" leaves the job to the next `luoshi tick`.
LUOSHI_EXTRACT_INLINE_CHARS = int(os.environ.get("LUOSHI_EXTRACT_INLINE_CHARS", "50000"))
LUOSHI_EXTRACT_RUNNER = os.environ.get("LUOSHI_EXTRACT_RUNNER", "process")
# A ledger import of more rows than this (or one whose file does not record its size) runs outside the
# request as the extraction jobs do: "process" starts `luoshi import-jobs` at once, "tick" leaves it to
# the next `luoshi tick`.
LUOSHI_IMPORT_INLINE_ROWS = int(os.environ.get("LUOSHI_IMPORT_INLINE_ROWS", "2000"))
LUOSHI_IMPORT_RUNNER = os.environ.get("LUOSHI_IMPORT_RUNNER", "process")
# A list's Excel export of more than exports.services.INLINE_ROWS rows is written outside the request:
# "process" starts `luoshi export-jobs` at once, "tick" leaves it to the next `luoshi tick`.
LUOSHI_EXPORT_RUNNER = os.environ.get("LUOSHI_EXPORT_RUNNER", "process")
LUOSHI_DIRECTIVE_MAX_CHARS = int(os.environ.get("LUOSHI_DIRECTIVE_MAX_CHARS", "2000000"))
LUOSHI_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("LUOSHI_OUTBOX_MAX_ATTEMPTS", "8"))
LUOSHI_OUTBOX_MAX_BACKOFF_MINUTES = int(os.environ.get("LUOSHI_OUTBOX_MAX_BACKOFF_MINUTES", "60"))
LUOSHI_WEBHOOK_TIMEOUT = float(os.environ.get("LUOSHI_WEBHOOK_TIMEOUT", "5"))
LUOSHI_BASE_URL = os.environ.get("LUOSHI_BASE_URL", "").rstrip("/")  # for links in e-mails and robot messages
# E-mail goes out only when an SMTP host is configured.
LUOSHI_SMTP_HOST = os.environ.get("LUOSHI_SMTP_HOST", "")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = LUOSHI_SMTP_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("LUOSHI_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("LUOSHI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LUOSHI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LUOSHI_SMTP_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("LUOSHI_MAIL_FROM", "luoshi@localhost")
