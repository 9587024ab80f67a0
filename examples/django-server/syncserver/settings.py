"""Settings of the example sync server: one SQLite file, token auth, JSON everywhere.

Environment:
  SYNC_DB              path of the SQLite database file (required)
  DJANGO_SECRET_KEY    optional; the server signs nothing, so a random key per process will do
  SYNC_ALLOWED_HOSTS   optional, comma-separated host names accepted besides the loopback ones
"""
import os
import secrets

from django.core.exceptions import ImproperlyConfigured

SYNC_DB = os.environ.get("SYNC_DB", "")
if not SYNC_DB:
    raise ImproperlyConfigured("set SYNC_DB to the path of the SQLite database file")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"] + [
    h.strip() for h in os.environ.get("SYNC_ALLOWED_HOSTS", "").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
    "sync",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Checks the Host header against ALLOWED_HOSTS and sets Content-Length on answers.
    "django.middleware.common.CommonMiddleware",
    # Before any view, so that an oversized body is refused before anything reads it.
    "syncserver.middleware.BodySizeLimitMiddleware",
]

ROOT_URLCONF = "syncserver.urls"
WSGI_APPLICATION = "syncserver.wsgi.application"

DATABASES = {
    "default": {
        # Django's SQLite backend, but write transactions start with BEGIN IMMEDIATE and the
        # file runs in WAL mode; see syncserver/sqlite_backend/base.py.
        "ENGINE": "syncserver.sqlite_backend",
        "NAME": SYNC_DB,
        # Seconds a connection waits for SQLite's write lock before "database is locked".
        "OPTIONS": {"timeout": 30},
        "CONN_MAX_AGE": 600,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False

# Contract section 1: every endpoint path ends in "/", and a path without it is unknown (404),
# never a redirect (nor, for a POST, Django's RuntimeError page).
APPEND_SLASH = False

# Contract section 4: bodies over 16 MiB get 413. The middleware enforces it from
# Content-Length; this is the same limit for anything that reads request.body.
MAX_BODY_BYTES = 16 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES

REST_FRAMEWORK = {
    # TokenAuthentication answers a missing or unknown token with 401 and WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["syncserver.parsers.JsonBodyParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "syncserver.negotiation.AlwaysJson",
    "EXCEPTION_HANDLER": "syncserver.errors.json_exception_handler",
    "UNAUTHENTICATED_USER": None,
}

# With DEBUG off Django would mail tracebacks to ADMINS (none); print them to stderr instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
