"""Dijkwacht settings: one module, driven by the environment.

Every setting that differs between machines comes from an environment variable (see
`.env.example` and the README). With debug and demo mode off, the process refuses to start
without a secret key, allowed hosts and encryption keys, so a production deployment can never
fall back to a development default.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from dijkwacht.core.encryption import parse_encryption_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DIJKWACHT_DEBUG", default=False)
DEMO = env.bool("DIJKWACHT_DEMO", default=False)
RELAXED = DEBUG or DEMO


def _required(name: str, dev_default: str) -> str:
    """A value production must set; debug and demo mode may fall back to a development default."""
    value = env.str(name, default="")
    if value:
        return value
    if RELAXED:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set when DIJKWACHT_DEBUG and DIJKWACHT_DEMO are off (see .env.example)."
    )


SECRET_KEY = _required(
    "DIJKWACHT_SECRET_KEY",
    "django-insecure-dijkwacht-development-key-never-use-in-production-0123456789",
)
ALLOWED_HOSTS = [
    h.strip()
    for h in _required("DIJKWACHT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
# Development key: 32 zero bytes, urlsafe base64. Demo data is fictitious, so this is harmless.
ENCRYPTION_KEYS = parse_encryption_keys(
    _required("DIJKWACHT_ENCRYPTION_KEYS", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
)

INSTALLED_APPS = [
    "dijkwacht.core.apps.DijkwachtAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "mozilla_django_oidc",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_email",
    "axes",
    "ninja",
    "django_tasks_db",
    "dijkwacht.core",
    "dijkwacht.accounts",
    "dijkwacht.notifications",
    "dijkwacht.organisations",
    "dijkwacht.api",
    "dijkwacht.programmes",
    "dijkwacht.exports",
    "dijkwacht.scans",
    "dijkwacht.meldpunt",
    "dijkwacht.catalogue",
    "dijkwacht.bibob",
    "dijkwacht.awareness",
    "dijkwacht.newsletters",
    "dijkwacht.insights",
    # Last, so the project's widget templates (core/templates/django/forms/) come first.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dijkwacht.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dijkwacht.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dijkwacht.api.middleware.ApiVersionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dijkwacht.insights.context_processors.current_context",
                "dijkwacht.notifications.context_processors.unread",
            ],
        },
    },
]

# Forms render with the project's templates, so a widget template can be adapted once for
# every form (core/templates/django/forms/widgets/select_option.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dijkwacht.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login ---------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "dijkwacht.accounts.backends.EmailRoleBackend",
    # Sign-in with the organisation's identity provider; inert unless configured (below).
    "dijkwacht.accounts.oidc.ProviderBackend",
    # Answers permission questions (the admin, the second-factor duty) from memberships.
    "dijkwacht.organisations.backends.RoleBackend",
]
# Sign-in with the organisation's identity provider (OpenID Connect), when configured. Only
# accounts that already exist (invited by a coordinator or admin) sign in this way; roles stay
# in Dijkwacht. See README "Signing in with your organisation's identity provider".
OIDC_RP_CLIENT_ID = env.str("DIJKWACHT_OIDC_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_NAME = env.str("DIJKWACHT_OIDC_NAME", default="")
OIDC_RP_CLIENT_SECRET = env.str("DIJKWACHT_OIDC_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("DIJKWACHT_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("DIJKWACHT_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("DIJKWACHT_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("DIJKWACHT_OIDC_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_TIMEOUT = (3.05, 10)  # seconds to connect, to read: a slow provider holds no worker
# The provider must say it verified the address (`email_verified`); a provider that never
# says so (some do not) can be trusted by turning this off, best with the domains below.
OIDC_REQUIRE_VERIFIED_EMAIL = env.bool("DIJKWACHT_OIDC_REQUIRE_VERIFIED_EMAIL", default=True)
# The e-mail domains whose accounts may sign in with the provider (empty: any).
OIDC_EMAIL_DOMAINS = [d.lower() for d in env.list("DIJKWACHT_OIDC_EMAIL_DOMAINS", default=[])]
# The "amr" values (RFC 8176) by which the provider says it checked a second factor itself;
# without one, the roles that need a second factor still ask Dijkwacht's own.
OIDC_SECOND_FACTOR_AMR = env.list(
    "DIJKWACHT_OIDC_SECOND_FACTOR_AMR", default=["mfa", "otp", "hwk", "sc"]
)
_OIDC_NEEDS = {
    "OIDC_RP_CLIENT_SECRET": "DIJKWACHT_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "DIJKWACHT_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "DIJKWACHT_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "DIJKWACHT_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "DIJKWACHT_OIDC_JWKS_ENDPOINT",
}
if OIDC_ENABLED and (_missing := [v for k, v in _OIDC_NEEDS.items() if not globals()[k]]):
    raise ImproperlyConfigured("OpenID Connect needs these too: " + ", ".join(_missing))
AUTH_PASSWORD_VALIDATORS = [
    # Dijkwacht's users have no username or first and last name: their e-mail address and
    # full name are what a password must not resemble.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# How long the link in an invitation works (a forgotten password's link has its own, shorter
# time: accounts.tokens.RESET_SECONDS).
PASSWORD_RESET_TIMEOUT = 7 * 24 * 60 * 60
# The admin never shows an authenticator's secret key or QR code (an admin could otherwise
# log in as anyone whose password they reset, a meldpunt handler included).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A first authenticator is set up only after a code mailed to the user (accounts.services).
OTP_EMAIL_SUBJECT = _("Dijkwacht: your code to set up a second factor")
OTP_EMAIL_BODY_TEMPLATE_PATH = "accounts/email/mailbox_code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 5 * 60
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Second factor: required for coordinators, handlers, Bibob officers and admins, but not in demo.
SECOND_FACTOR_REQUIRED = not DEMO
OTP_TOTP_ISSUER = "Dijkwacht"

AXES_CLIENT_IP_CALLABLE = "dijkwacht.core.clients.client_address"
AXES_FAILURE_LIMIT = env.int("DIJKWACHT_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("DIJKWACHT_LOGIN_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_WHITELIST_CALLABLE = "dijkwacht.accounts.oidc.not_a_password_attempt"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]
# Successful logins are recorded as AuditEvents; axes need not keep IP addresses of them too.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Security headers -----------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the app never uses are switched off for every page (a defence if a script
# ever slipped in): Permissions-Policy on every response, static files included.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind reverse proxies: their addresses (comma-separated, networks allowed). Only a request
# from one of them has its client address read from CLIENT_ADDRESS_HEADER (core.clients) and
# its scheme from X-Forwarded-Proto; without them no header a client sends is believed.
TRUSTED_PROXIES = env.list("DIJKWACHT_TRUSTED_PROXIES", default=[])
CLIENT_ADDRESS_HEADER = "HTTP_" + env.str(
    "DIJKWACHT_CLIENT_ADDRESS_HEADER", default="X-Forwarded-For"
).upper().replace("-", "_")
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS is enforced outside debug and demo mode; `make run` serves plain HTTP on localhost.
SECURE_SSL_REDIRECT = env.bool("DIJKWACHT_SSL_REDIRECT", default=not RELAXED)
SESSION_COOKIE_SECURE = not RELAXED
CSRF_COOKIE_SECURE = not RELAXED
# A session cookie (gone when the browser closes), not a one-year one: an anonymous reporter
# on a shared computer leaves no lasting trace of the meldpunt.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DIJKWACHT_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_TRUSTED_ORIGINS = env.list("DIJKWACHT_CSRF_TRUSTED_ORIGINS", default=[])
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dijkwacht" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Off: with it on, every integer a template prints is grouped ("3.689"), ids in HTML attributes
# too. Amounts ask for grouping explicitly (`floatformat:"0g"`, `intcomma`).
USE_THOUSAND_SEPARATOR = False

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [
    ("nlds/utrecht", BASE_DIR / "node_modules" / "@utrecht" / "component-library-css" / "dist"),
    (
        "nlds/voorbeeld",
        BASE_DIR
        / "node_modules"
        / "@nl-design-system-unstable"
        / "voorbeeld-design-tokens"
        / "dist",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("DIJKWACHT_MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads never touch the disk (a meldpunt attachment is encrypted before it is stored): the
# first handler refuses a request or file above the largest accepted size as its bytes come
# in, the second keeps what is left in memory. There is no temporary-file handler.
FILE_UPLOAD_HANDLERS = [
    "dijkwacht.core.uploads.BoundedUploadHandler",
    "dijkwacht.core.uploads.InMemoryUploadHandler",
]

# --- Caches ---------------------------------------------------------------------------------
# "default" holds what several app servers must share — the meldpunt's receipt-code throttle
# and submission limits: Redis when CACHE_URL is set (redis://host:6379/0), which every app
# server reaches and which outlives their restarts; memory of the one process otherwise.
# "matrix": rendered matrices, keyed by what they show (programmes.views.matrix_table_html);
# per process, a few large entries at most, so memory stays bounded.
CACHE_URL = env.str("CACHE_URL", default="")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "matrix": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "matrix",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 16},
    },
}

# --- Public meldpunt ------------------------------------------------------------------------
# Reports and replies per hour, from one address and to one organisation from everyone
# (meldpunt.limits).
MELDPUNT_SUBMISSIONS_PER_HOUR = env.int("DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR", default=10)
MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL = env.int(
    "DIJKWACHT_MELDPUNT_SUBMISSIONS_PER_HOUR_TOTAL", default=500
)

# --- Background work ------------------------------------------------------------------------
# Django's tasks framework. "database" (the default): tasks wait in the database until a
# worker (`manage.py db_worker`) runs them, so the web request is not kept waiting and any
# number of workers can share the queue on PostgreSQL. "immediate": run in the request itself
# (the tests, a one-off command).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env.str("DIJKWACHT_TASKS", default="database")]}}

# Where people reach Dijkwacht: the links in mails.
DIJKWACHT_BASE_URL = env.str("DIJKWACHT_BASE_URL", default="http://127.0.0.1:8000")

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.nl:587 ; the console by default.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_options = {
    "smtp.EmailBackend": {
        "host": _email.get("EMAIL_HOST"),
        "port": _email.get("EMAIL_PORT"),
        "username": _email.get("EMAIL_HOST_USER"),
        "password": _email.get("EMAIL_HOST_PASSWORD"),
        "use_tls": _email.get("EMAIL_USE_TLS"),
        "use_ssl": _email.get("EMAIL_USE_SSL"),
        "timeout": 20,
    },
    "filebased.EmailBackend": {"file_path": _email.get("EMAIL_FILE_PATH")},
}.get(_email["EMAIL_BACKEND"].rsplit(".", 2)[-2] + ".EmailBackend", {})
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _email_options.items() if v not in (None, "")},
    }
}
DEFAULT_FROM_EMAIL = env.str("DIJKWACHT_FROM_EMAIL", default="Dijkwacht <noreply@dijkwacht.test>")

# --- API ------------------------------------------------------------------------------------
# 1.1.0: provisioning by platform admins, and every list in pages (a list longer than a page
# now continues behind its `Link: rel="next"`).
# 1.2.0: a programme says when it was closed (`closed_on`).
# 1.3.0: `/reach` comes in pages of members too (`page`, `page_size`); its totals stay over all.
API_VERSION = "1.3.0"

# --- Logging: no request details (IP, user agent) of anyone in the app's own logs -----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DIJKWACHT_LOG_LEVEL", default="INFO")},
    "loggers": {
        # runserver's access log prints client addresses; keep it quiet.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []
