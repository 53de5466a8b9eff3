"""Settings shared by every environment.

Everything an operator may change comes from the environment, with defaults that make a
fresh clone run: SQLite and the Whoosh index under ``NEWSROOM_DATA_DIR`` (default ``./var``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.cache_url import cache_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_json_object(name: str) -> dict:
    """``name`` as a JSON object ({} when unset); a bad value stops start-up naming it."""
    value = os.environ.get(name, "").strip()
    try:
        parsed = json.loads(value) if value else {}
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {error}") from error
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {type(parsed).__name__}")
    return parsed


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("NEWSROOM_DATA_DIR", BASE_DIR / "var")).resolve()
# SQLite cannot create its file in a missing folder; a fresh clone must run without set-up.
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError:
    pass  # read-only deployments point DATABASE_URL and the index elsewhere

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Before haystack: our rebuild_index (atomic), check_index and clear_index replace or
    # extend its commands.
    "archive",
    "haystack",
    "reversion",
    "archive.axes_app.AxesChineseConfig",  # django-axes, named in Chinese
]

MIDDLEWARE = [
    # First: a page the cache kept is answered before the rest runs (archive/caching/front.py).
    "archive.caching.front.PageCacheFront",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the outcome of authentication (django-axes' documented placement).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Imports, admin saves and index runs may write at once: wait up to 20 s for the write
    # lock (SQLite's default of 5 s gives up under load with "database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=float(os.environ.get("SQLITE_TIMEOUT", "20"))
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# ``collectstatic`` writes here; in production whitenoise serves it (see prod.py).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))

# Reader pages are cached whole for anonymous readers; any save of an article, page, issue,
# county or newspaper makes every cached page stale at once (archive/caching/).
CACHES = {"default": cache_config(os.environ.get("CACHE_URL", ""), DATA_DIR / "cache")}
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))
# Each server process also keeps the kept pages it served in memory, up to this many MB
# (archive/caching/memory.py); 0 turns that off.
PAGE_MEMORY_CACHE_MB = float(os.environ.get("PAGE_MEMORY_CACHE_MB", "32"))

# Page scans and their Deep Zoom tiles go through Django's default storage: files under
# MEDIA_ROOT by default; MEDIA_STORAGE_BACKEND (+ JSON MEDIA_STORAGE_OPTIONS) selects another,
# e.g. django-storages' S3 backend for S3-compatible object stores.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Search: Haystack over Whoosh by default; ELASTICSEARCH_URL switches the backend.
WHOOSH_INDEX_PATH = Path(os.environ.get("WHOOSH_INDEX_PATH", DATA_DIR / "whoosh_index"))
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
if ELASTICSEARCH_URL:
    HAYSTACK_CONNECTIONS = {
        "default": {
            # Same jieba words and bigrams as the Whoosh engine, sent pre-cut (see README).
            "ENGINE": "archive.search.elastic.ChineseElasticsearchEngine",
            "URL": ELASTICSEARCH_URL,
            "INDEX_NAME": os.environ.get("ELASTICSEARCH_INDEX", "newsroom"),
        }
    }
else:
    HAYSTACK_CONNECTIONS = {
        "default": {
            "ENGINE": "archive.search.engine.backend.ChineseWhooshEngine",
            "PATH": str(WHOOSH_INDEX_PATH),
            # The engine is generic; the archive teaches the segmenter its counties' names.
            "SETUP_HOOKS": ["archive.search.userdict.teach_segmenter_database_places"],
            # Long posting lists kept decoded in each server process (archive/search/engine/
            # decoded.py): more memory, faster long and common queries.
            "POSTINGS_CACHE_MB": float(os.environ.get("SEARCH_POSTINGS_CACHE_MB", "128")),
        }
    }
# Every save/delete of an article (and of the page/issue/county it hangs on) updates the index.
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.signals.ArticleSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

# OAI-PMH (/oai). Identifiers are oai:<OAI_REPOSITORY_IDENTIFIER>:article/<id>: set it to the
# site's domain before the first harvest and never change it, or harvesters see new records.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "newsroom.local")
OAI_REPOSITORY_NAME = os.environ.get("OAI_REPOSITORY_NAME", "newsroom 县域报纸档案")
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "webmaster@localhost")
OAI_BATCH_SIZE = int(os.environ.get("OAI_BATCH_SIZE", "100"))
OAI_TOKEN_MAX_AGE = int(os.environ.get("OAI_TOKEN_MAX_AGE", str(24 * 3600)))  # seconds

# Failed admin logins: lock a username+address pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout page explains in Chinese what happened (HTTP 429 as before).
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"

# Readers' error reports (「报告错误」) accepted per address and hour; counted in the default
# cache, so run several server processes with a shared cache (or this is per process).
ERROR_REPORTS_PER_HOUR = int(os.environ.get("ERROR_REPORTS_PER_HOUR", "5"))

# Everything to stdout: systemd's journal, docker logs or gunicorn's terminal collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
