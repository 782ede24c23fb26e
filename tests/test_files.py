"""Uploaded files are reached only through views that check who may see the record."""

import datetime

import pytest
from django.core.files.base import ContentFile

pytestmark = pytest.mark.django_db


def test_an_expenditure_scan_is_linked_and_served_only_through_its_checked_view(personas, api_as, client_as):
    from budget.models import BudgetLine, Expenditure

    expenditure = Expenditure.objects.create(line=BudgetLine.objects.get(code="I.2"), year=2017,
                                             date=datetime.date(2017, 4, 2), amount_vnd=80_000_000,
                                             description="Hội thảo", voucher_number="PC-17-001")
    expenditure.attachment.save("pc-17-001.pdf", ContentFile(b"%PDF-1.4 voucher"), save=True)
    body = api_as("department_viewer").get(f"/api/v1/budget/expenditures/{expenditure.pk}/").json()
    # The API links its own download, which a token opens (the page's wants a browser session).
    assert body["attachment"] == f"http://testserver/api/v1/budget/expenditures/{expenditure.pk}/attachment/"
    assert "/media/" not in str(body)
    by_token = api_as("department_viewer").get(body["attachment"])
    assert by_token.status_code == 200 and b"".join(by_token.streaming_content) == b"%PDF-1.4 voucher"
    assert api_as("district_official").get(body["attachment"]).status_code in (403, 404)
    assert api_as(None).get(body["attachment"]).status_code == 401
    response = client_as("department_viewer").get(f"/kinh-phi/chi/{expenditure.pk}/chung-tu/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 voucher"
    assert client_as("district_official").get(f"/kinh-phi/chi/{expenditure.pk}/chung-tu/").status_code == 404
    assert client_as(None).get("/media/" + expenditure.attachment.name).status_code == 404


def test_an_outreach_file_is_linked_through_its_checked_view(personas, api_as, client_as):
    from outreach.models import OutreachActivity

    activity = OutreachActivity.objects.create(kind="media_campaign", title="Tờ rơi SXSH 2017",
                                               date=datetime.date(2017, 5, 1), year=2017, cost_vnd=0)
    activity.file.save("to-roi.pdf", ContentFile(b"%PDF-1.4 leaflet"), save=True)
    body = api_as("doit_staff").get(f"/api/v1/outreach-activities/{activity.pk}/").json()
    assert body["file"] == f"http://testserver/thong-tin/hoat-dong/{activity.pk}/tep/"
    response = client_as("doit_staff").get(f"/thong-tin/hoat-dong/{activity.pk}/tep/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 leaflet"
    assert client_as("enterprise_user").get(f"/thong-tin/hoat-dong/{activity.pk}/tep/").status_code == 404
