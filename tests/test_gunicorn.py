"""The deployed web server: gunicorn with sxsh_portal/gunicorn_conf.py, as the Dockerfile, compose and the bench run it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_dockerfile_compose_and_bench_all_use_the_one_gunicorn_config():
    for name in ("Dockerfile", "docker-compose.yml", "bench/run.py"):
        assert "python:sxsh_portal.gunicorn_conf" in (ROOT / name).read_text(), name


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db
def test_gunicorn_with_the_config_serves_the_health_check(tmp_path):
    from urllib.parse import urlparse

    from django.db import connection

    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sxsh_portal.settings.local", "DEBUG": "0", "WEB_CONCURRENCY": "2"}
    if connection.vendor == "postgresql":  # the test database, which exists while the test runs
        env["DATABASE_URL"] = urlparse(os.environ["DATABASE_URL"])._replace(
            path="/" + connection.settings_dict["NAME"]).geturl()
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "web.sqlite3")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "sxsh_portal.wsgi", "--config",
         "python:sxsh_portal.gunicorn_conf", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            body = response.read().decode()
        assert response.status == 200 and '"database": "ok"' in body.replace('":"', '": "'), body
    finally:
        server.terminate()
        output = server.communicate(timeout=15)[0].decode(errors="replace")
    assert "Traceback" not in output, output
