"""The portal's own error pages: 400, 403 and 404 in the portal's layout, in Vietnamese; 500 standalone.

Django's default handlers render templates/400.html, 403.html and 404.html with a RequestContext (so the pages
extend base.html and keep the navigation), and 500.html with an empty context (so it stands alone and must
render from nothing). The API keeps DRF's JSON errors.
"""

from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils import translation
from django.views import defaults

from tests.test_security import CSP, _inline_problems

PORTAL_TITLE = "Chương trình Sản xuất sạch hơn trong công nghiệp"  # the header of base.html
FORBIDDEN = "Anh/chị không có quyền xem trang này"
NOT_FOUND = "Không tìm thấy trang"
BAD_REQUEST = "Yêu cầu không hợp lệ"


def test_the_tests_run_with_debug_off_as_in_production(settings):
    # With DEBUG on, Django shows its technical 404 page instead of 404.html.
    assert settings.DEBUG is False


def _html(response):
    assert "text/html" in response["Content-Type"]
    return response.content.decode()


# --- 403 ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_enterprise_user_refused_the_registry_gets_the_portal_403_page_in_vietnamese(client_as):
    url = reverse("enterprises:list")
    assert url == "/doanh-nghiep/"
    response = client_as("enterprise_user").get(url)
    assert response.status_code == 403
    html = _html(response)
    assert FORBIDDEN in html
    assert PORTAL_TITLE in html and 'id="main-nav"' in html  # base.html's header and navigation
    assert '<html lang="vi">' in html
    assert 'id="current-user"' in html and "Đăng xuất" in html  # still shown as logged in
    assert f'href="{reverse("enterprises:mine")}"' in html  # the navigation of the enterprise user's role
    assert 'id="error-home"' in html and f'href="{reverse("reports:home")}"' in html
    assert 'id="error-login"' not in html  # a logged-in user is not asked to log in again
    assert "403 Forbidden" not in html
    assert response["Content-Security-Policy"] == CSP
    assert not _inline_problems(html)


@pytest.mark.django_db
def test_an_anonymous_visitor_of_the_registry_is_sent_to_log_in_not_refused(client_as):
    # The registry is @login_required: anonymous visitors are redirected to the login page, not shown a 403.
    response = client_as(None).get(reverse("enterprises:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote('/doanh-nghiep/')}"


@pytest.mark.django_db
def test_an_anonymous_403_offers_to_log_in_and_come_back(personas):
    # No portal page refuses anonymous visitors with a 403 today (they are redirected to log in), so the
    # anonymous branch of 403.html is rendered the way Django's permission_denied handler does it.
    request = RequestFactory().get("/doanh-nghiep/?district=001&page=2")
    request.user = AnonymousUser()
    with translation.override("vi"):
        response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = _html(response)
    assert FORBIDDEN in html and PORTAL_TITLE in html
    login = reverse("login")
    assert f'href="{login}?next=/doanh-nghiep/%3Fdistrict%3D001%26page%3D2" id="error-login"' in html
    assert 'id="error-detail"' not in html  # a bare PermissionDenied has no message to show
    assert not _inline_problems(html)


@pytest.mark.django_db
def test_a_403_shows_the_portal_s_own_reason_when_there_is_one(personas):
    request = RequestFactory().get("/bao-cao/quan-huyen/1/gui/")
    request.user = personas["district_official"]
    with translation.override("vi"):
        response = defaults.permission_denied(
            request, PermissionDenied("Chỉ cán bộ của Quận Hoàn Kiếm mới lập được báo cáo này."))
    html = _html(response)
    assert response.status_code == 403 and FORBIDDEN in html
    assert "Chỉ cán bộ của Quận Hoàn Kiếm mới lập được báo cáo này." in html
    assert 'id="error-login"' not in html and 'id="error-home"' in html


# --- 404 ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "district_official"])
def test_a_missing_page_gives_the_portal_404_page_in_vietnamese(client_as, role):
    response = client_as(role).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = _html(response)
    assert NOT_FOUND in html
    assert "Not Found" not in html and "The requested resource" not in html
    assert '<html lang="vi">' in html
    assert PORTAL_TITLE in html and 'id="main-nav"' in html
    assert f'href="{reverse("reports:home")}" id="error-home"' in html
    assert f'action="{reverse("outreach:document_list")}"' in html  # search the library
    for name in ["plan:detail", "outreach:news_list", "outreach:event_list"]:
        assert f'href="{reverse(name)}"' in html
    assert response["Content-Security-Policy"] == CSP
    assert not _inline_problems(html)


@pytest.mark.django_db
def test_a_404_raised_by_a_view_gets_the_same_page_without_django_s_english_message(client_as):
    response = client_as("doit_staff").get(reverse("enterprises:detail", args=[999999]))
    assert response.status_code == 404
    html = _html(response)
    assert NOT_FOUND in html and PORTAL_TITLE in html
    assert "matches the given query" not in html


# --- 400 ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_request_gives_the_portal_400_page_even_before_the_user_is_known(client):
    # A host outside ALLOWED_HOSTS is refused (DisallowedHost → 400) in CommonMiddleware, before the
    # authentication middleware has set request.user: the page must render without it.
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = _html(response)
    assert BAD_REQUEST in html and PORTAL_TITLE in html
    assert '<html lang="vi">' in html
    assert not _inline_problems(html)


# --- 500 ------------------------------------------------------------------------------------------------


def test_the_500_page_renders_as_django_s_server_error_handler_renders_it():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã có lỗi ở máy chủ" in html and "Server error" in html
    assert html.index("Đã có lỗi ở máy chủ") < html.index("<h2 class=\"h4\">Server error")  # Vietnamese first
    assert '<html lang="vi">' in html and 'lang="en"' in html
    assert 'href="/"' in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert not _inline_problems(html)


def test_the_500_page_needs_no_context_and_no_active_language():
    with translation.override(None):
        html = get_template("500.html").render({})
    assert "Đã có lỗi ở máy chủ" in html and "Server error" in html
    assert PORTAL_TITLE in html
    assert "{{" not in html and "{%" not in html
    # Nothing that needs a request or the URL resolver: no url tag, no variables, no translation, in the page or in
    # the standalone frame it extends (the only template it extends; it includes none).
    page = get_template("500.html").template.source
    assert page.startswith('{% extends "_standalone_page.html" %}') and page.count("{% extends") == 1
    for source in (page, get_template("_standalone_page.html").template.source):
        for needs_context in ["{% url", "{% include", "{{", "{% translate", "{% trans "]:
            assert needs_context not in source, needs_context
    assert "{% extends" not in get_template("_standalone_page.html").template.source


def _boom(request):
    raise RuntimeError("a bug in a view")


# The URLconf of the test below: one view that fails. 500.html needs no other URL to render.
urlpatterns = [path("boom/", _boom)]


@pytest.mark.urls(__name__)
def test_an_uncaught_exception_in_a_view_gets_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = _html(response)
    assert "Đã có lỗi ở máy chủ" in html and "Server error" in html
    assert "a bug in a view" not in html and "Traceback" not in html
    assert response["Content-Security-Policy"] == CSP


# --- the API keeps its JSON errors ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_keeps_json_404s(api_as):
    response = api_as("doit_staff").get("/api/v1/enterprises/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail"}
    assert NOT_FOUND not in response.content.decode() and "<html" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_keeps_json_403s(api_as):
    # The budget estimates are for city-wide readers; an enterprise user is refused with DRF's JSON, not 403.html.
    response = api_as("enterprise_user").get(reverse("v1:budget-estimate-list"))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    assert FORBIDDEN not in response.content.decode() and "<html" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/khong-co/", "/api/v2/targets/", "/api/khong-co"])
def test_an_unknown_api_address_answers_json_not_the_html_page(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Không tìm thấy."}
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_the_error_pages_speak_english_on_english_pages(client):
    from django.conf import settings as django_settings

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/khong-co-trang-nay/").content.decode()
    assert "Page not found" in page and "Không tìm thấy trang" not in page


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_the_portal_page_in_both_languages(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/doanh-nghiep/dang-ky/", {"tax_code": "0100109106"})
    page = response.content.decode()
    assert response.status_code == 403 and "Biểu mẫu chưa được gửi" in page and "The form was not sent" in page
    assert "CSRF verification failed" not in page and page.index("Biểu mẫu") < page.index("The form was not sent")
