import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from plan.models import AdministrativeUnit, ReportingPeriod


@pytest.fixture
def ba_dinh(plan_loaded):
    return AdministrativeUnit.objects.get(code="001")


@pytest.fixture
def hoan_kiem(plan_loaded):
    return AdministrativeUnit.objects.get(code="002")


@pytest.fixture
def period(plan_loaded):
    return ReportingPeriod.objects.get(code="2017S1")


@pytest.fixture
def open_report(personas, ba_dinh, period):
    """Ba Đình's draft for 2017S1, opened by its official."""
    from reports.services import district_report_open

    report = district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    # The registry may already give counts (enterprises.selectors); these tests set their own.
    report.figures.update(registry_value=None)
    return report


@contextmanager
def celery_eager():
    """Tasks run in-process, as in `make run` without Redis, for the duration of the block."""
    from sxsh_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield app
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def eager():
    """Tasks run in-process for one test."""
    with celery_eager():
        yield


def _celery_connections_forget(app):
    """Drop this process's broker pool, producer pool and result backend, so the next use connects afresh."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def celery_pointed_at(broker_url, *, result_backend=None):
    """This process's Celery publishing to `broker_url` (and keeping results at `result_backend`, if given), not
    eagerly, for the duration of the block. A broker that is gone is noticed within about a second (one
    connection attempt, one-second connection timeout), so a test of it stays quick."""
    from sxsh_portal.celery import app

    names = [
        "broker_url",
        "result_backend",
        "task_always_eager",
        "broker_connection_timeout",
        "broker_transport_options",
    ]
    previous = {name: app.conf[name] for name in names}
    app.conf.update(
        broker_url=broker_url,
        result_backend=result_backend or previous["result_backend"],
        task_always_eager=False,
        broker_connection_timeout=1,
        broker_transport_options={**(previous["broker_transport_options"] or {}), "max_retries": 0},
    )
    _celery_connections_forget(app)
    try:
        yield app
    finally:
        app.conf.update(previous)
        _celery_connections_forget(app)


def broker_unreachable():
    """Celery pointed at a port where nothing listens, not eager, for the duration of the block."""
    return celery_pointed_at("redis://127.0.0.1:1/0")


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, not eager, for one test."""
    with broker_unreachable() as app:
        yield app


# --- a Redis of the test's own, to stop and start again ----------------------------------------------------------


def _port_answers(port) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class PrivateRedis:
    """A `redis-server` of one test, on a free port of 127.0.0.1, keeping nothing on disk. stop() shuts it down
    for real (the port then refuses connections); start() brings it back on the same port, empty."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.process = None
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self, seconds=10):
        assert self.process is None or self.process.poll() is not None, "this redis-server is already running"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"redis-server on port {self.port} exited: see {self.directory / 'redis.log'}")
            try:
                if client.ping():
                    return self
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        pytest.fail(f"redis-server on port {self.port} did not answer within {seconds} s")

    def stop(self, seconds=10):
        """Shut the server down (SHUTDOWN NOSAVE, SIGTERM if that fails) and wait until its port refuses."""
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True, timeout=seconds
        )
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait(timeout=seconds)
        deadline = time.monotonic() + seconds
        while _port_answers(self.port):
            if time.monotonic() > deadline:
                pytest.fail(f"port {self.port} still answers after redis-server stopped")
            time.sleep(0.1)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own (never the shared one), running; killed at teardown."""
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        reason = "redis-server and redis-cli are missing (apt-get install redis-server)"
        pytest.fail(reason) if os.environ.get("SXSH_REQUIRE_SERVICES") == "1" else pytest.skip(reason)
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()
