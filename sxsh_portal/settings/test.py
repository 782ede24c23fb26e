"""Settings for pytest. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis as in production."""

import warnings

from .base import *  # noqa: F401,F403

# Static files come from the finders here; whitenoise need not warn that STATIC_ROOT was never collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
from .base import BASE_DIR  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True

# Each pytest-xdist worker keeps its own keys in the shared Redis cache (sessions, rate-limit counters), so that
# two tests running side by side never read each other's.
if "default" in CACHES:  # noqa: F405
    import os

    CACHES["default"]["KEY_PREFIX"] = os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
