"""The embedded default of `make run`: no environment needed, SQLite and in-process tasks."""

import warnings

from .base import *  # noqa: F401,F403

# Static files come from the finders here; whitenoise need not warn that STATIC_ROOT was never collected.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
from sxsh_portal.env import env_bool  # noqa: E402

DEBUG = env_bool("DEBUG", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
