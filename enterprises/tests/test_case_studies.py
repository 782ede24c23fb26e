"""The case studies: the list links each to its page, which shows the whole of it (its body was never shown,
found by QA); drafts are DoIT staff's only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import CaseStudy, Sector
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _case(n=0, **kw):
    return CaseStudy.objects.create(**{
        "sector": Sector.objects.order_by("code").first(), "title": f"Giảm 12% điện năng {n}",
        "summary": "Thay động cơ", "body": "Bước 1: đo.\n\nBước 2: thay biến tần.", "results": "Tiết kiệm 12%",
        "published": True, **kw})


def test_the_list_links_each_case_to_its_page_which_shows_its_body(client, plan_loaded):
    case = _case(enterprise=EnterpriseFactory(name="Công ty Dệt Minh Khai"))
    page = client.get(reverse("enterprises:case_studies")).content.decode()
    url = reverse("enterprises:case_study_detail", args=[case.pk])
    assert f'href="{url}"' in page
    detail = client.get(url).content.decode()
    assert "Bước 2: thay biến tần." in detail and "Tiết kiệm 12%" in detail and "Công ty Dệt Minh Khai" in detail
    assert "<p>Bước 1: đo.</p>" in detail  # paragraphs kept, text escaped


def test_a_draft_is_doit_staffs_only(client_as, plan_loaded):
    draft = _case(published=False, body="<script>x</script>")
    url = reverse("enterprises:case_study_detail", args=[draft.pk])
    assert client_as(None).get(url).status_code == 404
    assert client_as("enterprise_user").get(url).status_code == 404
    staff = client_as("doit_staff").get(url).content.decode()
    assert "Chưa công bố" in staff and "&lt;script&gt;" in staff and "<script>x" not in staff


def test_the_list_makes_as_many_queries_with_many_cases(client, plan_loaded):
    _case(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("enterprises:case_studies"))
    for n in range(2, 12):
        _case(n, enterprise=EnterpriseFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("enterprises:case_studies"))
    assert len(many) == len(one)
