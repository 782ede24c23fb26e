"""A NUL in a page's query string (PostgreSQL refuses it in any text it is given) is read as a value that matches
nothing, never a 500. Each page that reads a parameter itself, outside a form, is probed as the role that sees it."""

import pytest

pytestmark = pytest.mark.django_db

PROBES = [
    ("anonymous", "/doanh-nghiep/dien-hinh/", "sector"),
    ("anonymous", "/doanh-nghiep/bat-bep/", "sector"),
    ("anonymous", "/thong-tin/tai-lieu/", "kind"),
    ("anonymous", "/thong-tin/tai-lieu/", "q"),
    ("anonymous", "/thong-tin/tai-lieu/", "year"),
    ("anonymous", "/thong-tin/tin-tuc/", "q"),
    ("doit_staff", "/kinh-phi/thuc-hien/", "nam"),
    ("doit_staff", "/doanh-nghiep/yeu-cau/", "status"),
    ("doit_staff", "/doanh-nghiep/yeu-cau/", "page"),
    ("doit_staff", "/doanh-nghiep/", "page"),
    ("doit_staff", "/chi-so/", "period"),
    ("doit_staff", "/chi-so/", "district"),
    ("anonymous", "/api/v1/indicators/", "period"),
    ("anonymous", "/api/v1/indicators/", "district"),
]


@pytest.mark.parametrize("role,path,name", PROBES)
def test_a_nul_in_a_parameter_is_no_500(client_as, plan_loaded, role, path, name):
    response = client_as(None if role == "anonymous" else role).get(path, {name: "01\x00"})
    assert response.status_code in (200, 400, 404), (path, name, response.status_code)
