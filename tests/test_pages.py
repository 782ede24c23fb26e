import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_shows_the_plan_and_its_five_targets_in_vietnamese(client, plan_loaded):
    html = client.get("/").content.decode()
    assert "Quyết định số 5768/QĐ-UBND ngày 29/10/2015" in html
    assert "Mục tiêu cụ thể đến năm 2020" in html
    for code, value in [("T1", "90%"), ("T2", "50%"), ("T3", "8–13%"), ("T4", "90%"), ("T5", "100%")]:
        assert f'data-code="{code}"' in html
        assert value in html
    assert '<html lang="vi">' in html


def test_the_language_switch_turns_the_home_page_english_and_back(client, plan_loaded):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Specific targets to 2020" in html
    assert "Action plan for cleaner production in industry in Hanoi, 2016–2020" in html
    assert "90% of industrial facilities in the city are aware" in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Mục tiêu cụ thể đến năm 2020" in client.get("/").content.decode()


def test_vietnamese_formats_group_thousands_with_dots_and_put_the_day_first():
    template = Template("{% load humanize %}{{ n|intcomma }} {{ d|date:'SHORT_DATE_FORMAT' }} {{ x }}")
    with translation.override("vi"):
        text = template.render(Context({"n": 17700000, "d": datetime.date(2015, 10, 29), "x": 1234567.5}))
    assert text == "17.700.000 29/10/2015 1.234.567,5"


def test_a_vietnamese_date_is_read_day_first():
    from django import forms

    with translation.override("vi"):
        assert forms.DateField().clean("05/03/2020") == datetime.date(2020, 3, 5)


@pytest.mark.parametrize(
    "role,expected",
    [
        ("district_official", "Quận Ba Đình"),
        ("doit_staff", "Cán bộ Sở Công Thương"),
        ("department_viewer", "Cán bộ sở, ngành (xem)"),
        ("enterprise_user", "Doanh nghiệp"),
    ],
)
def test_home_is_fitted_to_the_role(client_as, role, expected):
    html = client_as(role).get("/").content.decode()
    assert 'id="role-panel"' in html
    assert expected in html


def test_anonymous_visitors_get_no_role_panel(client, plan_loaded):
    assert 'id="role-panel"' not in client.get("/").content.decode()


def test_login_with_a_password_lands_on_the_home_page(client, personas):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "test.district_official", "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Quận Ba Đình" in client.get("/").content.decode()


def test_a_wrong_password_says_so_in_vietnamese(client, personas):
    response = client.post("/tai-khoan/dang-nhap/", {"username": "test.doit_staff", "password": "wrong"})
    assert response.status_code == 200
    assert "Vui lòng điền vào" in response.content.decode()


def test_the_admin_shows_vietnamese_titles_and_the_plan_models(client_as):
    html = client_as("doit_staff").get("/admin/").content.decode()
    assert "Cổng SXSH Hà Nội — Quản trị" in html
    for label in ["Kế hoạch hành động SXSH", "Mục tiêu", "Đơn vị hành chính", "Kỳ báo cáo"]:
        assert label in html
    changelist = client_as("doit_staff").get("/admin/plan/administrativeunit/").content.decode()
    assert "Ba Đình" in changelist


def test_the_plan_page_lists_periods_with_day_first_due_dates(client, plan_loaded):
    html = client.get("/ke-hoach/").content.decode()
    assert "15/07/2017" in html and "6 tháng đầu năm 2017" in html
    assert "Thị xã Sơn Tây (269)" in html


def test_api_docs_are_served_without_the_internet(client, plan_loaded):
    html = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html.lower() and "cdn/" not in html.lower()  # not bare "cdn": a CSRF token may hold it
    for page in ["/", "/ke-hoach/"]:
        assert "http" not in "".join(
            line for line in client.get(page).content.decode().splitlines() if "<script" in line or "stylesheet" in line
        )


def test_pages_use_the_same_number_of_queries_for_any_role(client_as, django_assert_max_num_queries):
    client = client_as("district_official")
    with django_assert_max_num_queries(12):
        client.get("/")


def test_the_admin_keeps_its_branding_has_the_portal_icon_and_draws_vietnamese_in_its_own_font(client_as):
    page = client_as("doit_staff").get("/admin/enterprises/enterprise/import/").content.decode()
    assert "/static/css/admin.css" in page and "Cổng SXSH Hà Nội — Quản trị" in page
    assert "/static/img/favicon.svg" in page  # no request for a missing /favicon.ico
    from django.contrib.staticfiles import finders

    assert "#content code" in open(finders.find("css/admin.css"), encoding="utf-8").read()
