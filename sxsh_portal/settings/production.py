"""Production: secrets and hosts have no default; the process refuses to start without them."""

from pathlib import Path

from sxsh_portal.env import env_bool, env_int, env_list, env_required

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Uploads must not sit under the static root (whitenoise would serve them to anyone).
if Path(STATIC_ROOT).resolve() in [Path(MEDIA_ROOT).resolve(), *Path(MEDIA_ROOT).resolve().parents]:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MEDIA_ROOT must not be inside STATIC_ROOT.")
