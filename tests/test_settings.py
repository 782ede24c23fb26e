"""Production settings refuse to start without their secrets; the embedded default needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(settings_module, show="settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER", **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CACHE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); from django.conf import settings; print({show})"],
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


SESSION_AND_CACHE = "settings.SESSION_ENGINE.rsplit('.', 1)[1], settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]"


def test_sessions_are_read_from_the_cache_only_when_the_cache_is_shared():
    alone = _load("sxsh_portal.settings.local", show=SESSION_AND_CACHE)
    assert alone.stdout.split() == ["db", "LocMemCache"]  # a per-process cache would miss a log-out elsewhere
    shared = _load("sxsh_portal.settings.local", show=SESSION_AND_CACHE, REDIS_URL="redis://r:6379/0")
    assert shared.stdout.split() == ["cached_db", "RedisCache"]
    cache_only = _load("sxsh_portal.settings.local", show="settings.CACHES['default']['LOCATION'], settings.CELERY_TASK_ALWAYS_EAGER",
                       CACHE_URL="redis://r:6379/6")
    assert cache_only.stdout.split() == ["redis://r:6379/6", "True"]


def test_a_web_worker_loads_every_view_and_freezes_them_out_of_the_garbage_collector():
    done = subprocess.run(
        [sys.executable, "-c", "import gc, sys; import sxsh_portal.wsgi; "
         "print(gc.get_freeze_count(), 'enterprises.views' in sys.modules)"],
        cwd=ROOT, env={**os.environ, "DJANGO_SETTINGS_MODULE": "sxsh_portal.settings.local"},
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    frozen, views_loaded = done.stdout.split()
    assert int(frozen) > 50_000 and views_loaded == "True"
