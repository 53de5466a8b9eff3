"""Production: refuses to start when a required variable is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import MIDDLEWARE, SECRET_KEY, STORAGES, env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment (at least 50 random characters) in production."
    )

DEBUG = False
# ``make serve`` runs this stack over plain http on 127.0.0.1: no HTTPS redirect, no secure-only
# cookies (the admin login could not keep its session), no HSTS. Never set it behind a real host.
INSECURE_LOCAL_HTTP = env_bool("INSECURE_LOCAL_HTTP", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True) and not INSECURE_LOCAL_HTTP
# Load balancers and monitors probe the health check over plain http on the host itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not INSECURE_LOCAL_HTTP
CSRF_COOKIE_SECURE = not INSECURE_LOCAL_HTTP
SECURE_HSTS_SECONDS = (
    0 if INSECURE_LOCAL_HTTP else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Static files straight from the WSGI server: whitenoise serves what ``collectstatic`` wrote to
# STATIC_ROOT, names carrying a content hash (cached for a year) and pre-compressed copies.
# Right after SecurityMiddleware, so its redirects and headers still apply.
_SECURITY = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_SECURITY],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_SECURITY:],
]
# Scans keep base.py's media storage (MEDIA_STORAGE_BACKEND); static files get hashed,
# compressed names for whitenoise.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
