"""DoIT's list of requests pages through them all, with the status it is filtered by kept and shown."""

import pytest
from django.urls import reverse

from enterprises.models import AssessmentRequest
from enterprises.tests.factories import EnterpriseFactory, RequestFactory

pytestmark = pytest.mark.django_db


def test_the_request_list_links_its_pages_and_keeps_the_status(client_as, personas):
    enterprise = EnterpriseFactory()
    RequestFactory.create_batch(60, enterprise=enterprise, status=AssessmentRequest.Status.REQUESTED)
    RequestFactory.create_batch(3, enterprise=enterprise, status=AssessmentRequest.Status.DONE)
    client = client_as("doit_staff")
    url = reverse("enterprises:requests")
    first = client.get(url).content.decode()
    assert 'href="?page=2"' in first and "1/2" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert 'href="?page=1"' in second and second.count("<tr>") - 1 == 13  # 63 requests, 50 on the first page
    filtered = client.get(url, {"status": "requested"}).content.decode()
    assert 'href="?status=requested&amp;page=2"' in filtered
    assert 'class="nav-link active" aria-current="page" href="?status=requested"' in filtered
    assert 'class="nav-link active" aria-current="page" href="?"' in first
    done = client.get(url, {"status": "done"}).content.decode()
    assert "page=2" not in done and done.count("<tr>") - 1 == 3


def test_a_decision_goes_back_to_the_list_as_it_was(client_as, personas):
    from enterprises.tests.factories import RequestFactory as Factory

    request = Factory(enterprise=EnterpriseFactory(), status=AssessmentRequest.Status.REQUESTED)
    client = client_as("doit_staff")
    url = reverse("enterprises:request_decide", args=[request.pk, "accept"])
    page = client.get(reverse("enterprises:requests"), {"status": "requested"}).content.decode()
    assert 'name="next" value="/doanh-nghiep/yeu-cau/?status=requested"' in page
    response = client.post(url, {"next": "/doanh-nghiep/yeu-cau/?status=requested&page=2"})
    assert response.status_code == 302 and response["Location"] == "/doanh-nghiep/yeu-cau/?status=requested&page=2"
    other = Factory(enterprise=EnterpriseFactory(), status=AssessmentRequest.Status.REQUESTED)
    away = client.post(reverse("enterprises:request_decide", args=[other.pk, "accept"]),
                       {"next": "https://example.com/doanh-nghiep/yeu-cau/"})
    assert away["Location"] == reverse("enterprises:requests")
