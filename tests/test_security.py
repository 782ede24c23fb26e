"""Deployment checks, security headers, a Content-Security-Policy the pages keep, login lockout."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_permission_matrix import CASES

ROOT = Path(__file__).resolve().parent.parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


def _production_env(**extra):
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set by conftest for Playwright
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(DJANGO_SETTINGS_MODULE="sxsh_portal.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
               ALLOWED_HOSTS="sxsh.example.vn", **extra)
    return env


def test_check_deploy_with_the_production_settings_gives_no_warning(tmp_path):
    # An empty database, as on a fresh deployment before `migrate`: no check may depend on data.
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=_production_env(SQLITE_PATH=str(tmp_path / "empty.sqlite3")),
                          capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "ERROR" not in output


def test_production_sends_hsts_and_secure_cookies_and_ends_sessions():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_AGE, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_production_env(SESSION_COOKIE_AGE="3600"),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["31536000", "True", "True", "3600", "True", "DENY", "same-origin"]


def test_production_refuses_media_inside_the_static_root(tmp_path):
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                          env=_production_env(STATIC_ROOT=str(tmp_path), MEDIA_ROOT=str(tmp_path / "media")),
                          capture_output=True, text=True)
    assert done.returncode != 0 and "MEDIA_ROOT must not be inside STATIC_ROOT" in done.stderr


def test_the_session_lasts_eight_hours_by_default_and_ends_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client, plan_loaded):
    response = client.get("/")
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_api_documentation_keeps_its_scripts_to_the_site_and_loads_nothing_from_outside(client):
    for url in ["/api/docs/", "/api/redoc/"]:
        response = client.get(url)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"{url} has an inline script"
        assert "googleapis" not in html
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


# --- the pages keep the policy: no inline script code, no inline style ----------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)
# Pages whose templates still carry inline script (owned by another app; see the security report).
# strict: once they are fixed, the xfail fails and this set must be emptied.
PAGE_CASES = [pytest.param(case, id=case.id) for case in CASES if not case.api and case.method == "get"]


def _inline_problems(html):
    return [m.group(0)[:80] for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER) for m in pattern.finditer(html)]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "doit_staff", "district_official"])
@pytest.mark.parametrize("case", PAGE_CASES)
def test_pages_have_no_inline_script_or_style(case, role, personas, client):
    kwargs = case.kwargs(personas) if callable(case.kwargs) else case.kwargs
    url = reverse(case.name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    if role != "anonymous":
        client.force_login(personas[role])
    response = client.get(url)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return  # redirects, denials, files and feeds carry no page markup
    problems = _inline_problems(response.content.decode())
    assert not problems, f"{url} as {role} breaks the Content-Security-Policy: {problems}"


@pytest.mark.django_db
def test_the_inline_markup_detector_catches_what_the_policy_blocks():
    assert _inline_problems('<script>alert(1)</script>')
    assert _inline_problems('<div style="color:red">')
    assert _inline_problems('<button onclick="go()">')
    assert not _inline_problems('<script src="/static/js/charts.js"></script>')
    assert not _inline_problems('<script id="d" type="application/json">{"a": 1}</script>')


# --- password validators, on the password change page -----------------------------------------------


@pytest.mark.django_db
def test_the_password_change_page_refuses_a_weak_password(client_as, personas):
    client = client_as("district_official")
    url = reverse("password_change")
    for weak in ["12345678", "password", "abc"]:
        response = client.post(url, {"old_password": "pw-for-tests-1", "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak
        assert response.context["form"].errors["new_password2"], weak
    personas["district_official"].refresh_from_db()
    assert personas["district_official"].check_password("pw-for-tests-1")
    strong = "Rừng-xanh-Ba-Vì-2017"
    response = client.post(url, {"old_password": "pw-for-tests-1", "new_password1": strong, "new_password2": strong})
    assert response.status_code == 302
    personas["district_official"].refresh_from_db()
    assert personas["district_official"].check_password(strong)


# --- django-axes: a lockout by user and address, with the time to try again ------------------------------


def _fail(client, username, times, ip="10.0.0.7"):
    url = reverse("login")
    response = None
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "wrong-password"}, REMOTE_ADDR=ip)
    return response


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_and_say_when_to_try_again(client, personas):
    first = _fail(client, "test.district_official", 4)
    assert first.status_code == 200  # the login form again, with its error
    locked = _fail(client, "test.district_official", 1)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Tài khoản đã bị tạm khóa vì nhập sai mật khẩu 5 lần liên tiếp." in html
    assert re.search(r"thử lại sau 15 phút, từ \d\d:\d\d ngày \d\d/\d\d/\d{4}", html), html
    # Even the right password is refused until the cool-off ends.
    again = client.post(reverse("login"), {"username": "test.district_official", "password": "pw-for-tests-1"},
                        REMOTE_ADDR="10.0.0.7")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_does_not_lock_out_the_whole_office(client, personas):
    _fail(client, "test.district_official", 5)
    response = client.post(reverse("login"), {"username": "test.department_viewer", "password": "pw-for-tests-1"},
                           REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["department_viewer"].pk)
    # The same person from another address is not locked either (lockout is by user and address).
    client.logout()
    response = client.post(reverse("login"), {"username": "test.district_official", "password": "pw-for-tests-1"},
                           REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 302
