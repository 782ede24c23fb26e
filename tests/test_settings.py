"""Production settings refuse to start without their secrets; the embedded default needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(settings_module, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER)"],
        cwd=ROOT, env=clean, capture_output=True, text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    done = _load("sxsh_portal.settings.production", ALLOWED_HOSTS="sxsh.example.vn")
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    done = _load("sxsh_portal.settings.production", SECRET_KEY="x" * 50)
    assert done.returncode != 0 and "ALLOWED_HOSTS" in done.stderr


def test_the_embedded_default_uses_sqlite_and_runs_tasks_in_process():
    done = _load("sxsh_portal.settings.local")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_database_and_redis_urls_switch_to_postgresql_and_a_real_queue():
    done = _load("sxsh_portal.settings.local", DATABASE_URL="postgres://u@db:5432/sxsh", REDIS_URL="redis://r:6379/0")
    assert done.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_a_bad_boolean_in_the_environment_fails_loudly():
    done = _load("sxsh_portal.settings.local", DEBUG="maybe")
    assert done.returncode != 0 and "DEBUG='maybe' is not a boolean" in done.stderr
