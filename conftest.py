"""Shared fixtures: personas for every role, and the real services (PostgreSQL, Redis + Celery, Chromium).

A test that needs a service is marked `postgres`, `redis` or `browser`. Where the service is missing it
skips and says why; with SXSH_REQUIRE_SERVICES=1 (CI) it fails instead, so nothing is silently untested.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server

ROOT = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROLES = ["doit_staff", "department_viewer", "district_official", "enterprise_user", "api_client"]


def _postgres_missing():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL is not set to a PostgreSQL database"
    return None


def _redis_missing():
    url = os.environ.get("REDIS_URL")
    if not url:
        return "REDIS_URL is not set"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"Redis at REDIS_URL does not answer ({exc.__class__.__name__})"
    return None


def _browser_missing():
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


SERVICE_CHECKS = {"postgres": _postgres_missing, "redis": _redis_missing, "browser": _browser_missing}


_missing_cache: dict = {}


def _service_missing(name):
    if name not in _missing_cache:
        _missing_cache[name] = SERVICE_CHECKS[name]()
    return _missing_cache[name]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_runtest_setup(item):
    for name in SERVICE_CHECKS:
        if item.get_closest_marker(name):
            reason = _service_missing(name)
            if reason and os.environ.get("SXSH_REQUIRE_SERVICES") == "1":
                pytest.fail(f"CI requires {name}: {reason}")
            if reason:
                pytest.skip(f"needs {name}: {reason}")


# --- personas -------------------------------------------------------------------------------------------


def _load_plan_once():
    from django.core.management import call_command

    from plan.models import Plan

    if not Plan.objects.exists():  # a transactional test may have flushed what the session loaded
        call_command("load_plan", stdout=open(os.devnull, "w"))
    return Plan.objects.get()


@pytest.fixture(autouse=True)
def _portal_language():
    """Each test starts, and ends, in the portal's default language: a page or API request in English leaves English
    active in the thread (the locale middleware activates it and nothing resets it), and a later test in the same
    worker would then read "Year 2017" for a period's label."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_kept_filter_choices():
    """The admin's kept district and sector lists (plan.admin_filters) start empty: a test's rows are rolled back
    without the signals that drop them."""
    from plan.admin_filters import forget_kept_choices

    forget_kept_choices()
    yield
    forget_kept_choices()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load Decision 5768 once into the test database; every test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        _load_plan_once()


@pytest.fixture
def plan_loaded(db):
    """Decision 5768 loaded from fixtures/ as `manage.py load_plan` does."""
    return _load_plan_once()


@pytest.fixture
def personas(plan_loaded):
    """One user per role (the district official answers for Ba Đình, 001), keyed by role."""
    from plan.services import portal_user_upsert

    users = {
        role: portal_user_upsert(
            username=f"test.{role}", role=role, district_code="001" if role == "district_official" else None,
            password="pw-for-tests-1", full_name=f"Persona {role}",
        )
        for role in ROLES
    }
    # The enterprise user answers for one facility in Ba Đình, so the matrix can test enterprise scope.
    from enterprises.models import Enterprise, Sector
    from plan.models import AdministrativeUnit

    enterprise, _created = Enterprise.objects.get_or_create(
        tax_code="0100109106",
        defaults={"name": "Công ty Persona Ba Đình", "district": AdministrativeUnit.objects.get(code="001"),
                  "sector": Sector.objects.get(code="10"), "size": Enterprise.Size.SMALL, "workers": 50,
                  "revenue_vnd": 10_000_000_000},
    )
    enterprise.users.add(users["enterprise_user"])
    return users


@pytest.fixture
def client_as(client, personas):
    """client_as("doit_staff") → a test client logged in as that persona (None → anonymous)."""

    def login(role):
        client.logout()
        if role and role != "anonymous":
            client.force_login(personas[role])
        return client

    return login


@pytest.fixture
def doit_in(client_as):
    """doit_in("en") → a test client logged in as DoIT staff, with the portal's language cookie set to "en"."""
    from django.conf import settings

    def make(language):
        client = client_as("doit_staff")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make


@pytest.fixture
def api_as(personas):
    """api_as("api_client") → a DRF client authenticated with that persona's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(role):
        api = APIClient()
        if role and role != "anonymous":
            token, _ = Token.objects.get_or_create(user=personas[role])
            api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return make


# --- Celery: a real worker on Redis ---------------------------------------------------------------------


def _database_url_for_worker():
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return None
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    auth = s.get("USER") or "postgres"
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def _skip_or_fail(reason):
    pytest.fail(reason) if os.environ.get("SXSH_REQUIRE_SERVICES") == "1" else pytest.skip(reason)


def celery_worker_env(**overrides) -> dict:
    """The environment of a worker subprocess: test settings, and DATABASE_URL naming this test database (a worker
    cannot see SQLite's in-memory one: then the test skips, or fails under SXSH_REQUIRE_SERVICES=1)."""
    db_url = _database_url_for_worker()
    if db_url is None:
        _skip_or_fail("a worker process cannot see SQLite's in-memory test database: set DATABASE_URL")
    settings_module = "sxsh_portal.settings.test"
    return dict(os.environ, DJANGO_SETTINGS_MODULE=settings_module, DATABASE_URL=db_url, **overrides)


def celery_worker_start(*, env, queue, name, log, extra_args=()):
    """A `celery worker` subprocess (solo pool) consuming `queue`, named `name@host`, writing to `log`.
    Its broker, result backend and cache are env["REDIS_URL"], as in production."""
    command = [sys.executable, "-m", "celery", "-A", "sxsh_portal", "worker", "--pool=solo", "-Q", queue]
    command += ["-n", f"{name}@%h", "--loglevel=INFO", "--without-gossip", "--without-mingle", *extra_args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def celery_worker_wait_ready(worker, *, name, log, broker_url=None, seconds=60):
    """Wait until the worker `name` answers a ping through `broker_url` (default: the app's broker)."""
    from celery import Celery

    from sxsh_portal.celery import app

    # A broker of its own: a probe app, as the app's control publishes through the app's own producer pool.
    probe = app if broker_url is None else Celery("sxsh-probe", broker=broker_url, set_as_current=False)
    node = f"{name}@{os.uname().nodename}"
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            if worker.poll() is not None:
                pytest.fail(f"the Celery worker exited: see {log.name}")
            if probe.control.ping(destination=[node], timeout=1):
                return
        pytest.fail(f"the Celery worker did not start within {seconds} s: see {log.name}")
    finally:
        if probe is not app:
            probe.close()


def celery_worker_stop(worker):
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)


def _worker_log(queue):
    (ROOT / "var").mkdir(exist_ok=True)
    return open(ROOT / "var" / f"celery-{queue}.log", "w")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` subprocess on Redis, on a queue of its own, reading the test database."""
    reason = _redis_missing()
    if reason:
        _skip_or_fail(reason)
    from sxsh_portal.celery import app

    queue = f"sxsh-test-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        env = celery_worker_env(CELERY_QUEUE=queue)
    log = _worker_log(queue)
    worker = celery_worker_start(env=env, queue=queue, name=queue, log=log)
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        celery_worker_wait_ready(worker, name=queue, log=log)
        yield {"app": app, "queue": queue, "process": worker, "env": env}
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        celery_worker_stop(worker)
        log.close()


@pytest.fixture
def celery_worker_factory(db):
    """start(redis_url=None, **env) → a real worker, as celery_worker_process's but for one test, on a queue of its
    own and with its broker, result backend and cache at `redis_url` (default REDIS_URL). This process sends its
    tasks to that queue (not eagerly) until the test ends; pointing this process's broker is the caller's part.
    Every worker started is stopped at teardown."""
    from sxsh_portal.celery import app

    started = []
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)

    def start(*, redis_url=None, **env_overrides):
        redis_url = redis_url or os.environ.get("REDIS_URL")
        if not redis_url:
            _skip_or_fail("REDIS_URL is not set")
        queue = f"sxsh-test-{uuid.uuid4().hex[:8]}"
        env = celery_worker_env(CELERY_QUEUE=queue, REDIS_URL=redis_url, **env_overrides)
        log = _worker_log(queue)
        worker = celery_worker_start(env=env, queue=queue, name=queue, log=log)
        started.append((worker, log))
        app.conf.task_always_eager = False
        app.conf.task_default_queue = queue
        celery_worker_wait_ready(worker, name=queue, log=log, broker_url=redis_url)
        return {"app": app, "queue": queue, "process": worker, "env": env, "log": log}

    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        for worker, log in started:
            celery_worker_stop(worker)
            log.close()


# --- Playwright with Debian's Chromium -------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


@pytest.fixture
def site(live_server, personas):
    """The live server's address, its database holding the personas (browser tests)."""
    return live_server.url


def browser_log_in(page, site, username):
    """Log in on the login page as a persona (their password is the personas fixture's) and land on the home page."""
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("pw-for-tests-1")
    page.click("#login-submit")
    page.wait_for_url(site + "/")


def pdftotext(pdf_bytes: bytes) -> str:
    """The text of a PDF, via poppler's pdftotext (for checking generated reports)."""
    exe = shutil.which("pdftotext")
    if not exe:
        pytest.fail("pdftotext is missing (apt-get install poppler-utils)")
    done = subprocess.run([exe, "-layout", "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return done.stdout.decode("utf-8")
