"""Years and page numbers are written as such: 2017, never "2.017" (vi) or "2,017" (en), in text, in select
values and in links. USE_THOUSAND_SEPARATOR groups every number a template prints; a year or a page number must
not be grouped, or the library's year filter and the pager's links past page 999 stop working."""

import re

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse

from enterprises.models import AssessmentRequest
from enterprises.tests.factories import EnterpriseFactory, RequestFactory
from outreach.tests.factories import document_make

pytestmark = pytest.mark.django_db

GROUPED_YEAR = re.compile(r"(?<![\d.,])(?:1[.,]9|2[.,]0)\d\d(?![.,]?\d)")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_library_lists_and_filters_by_year_written_plainly(client, language):
    document_make(title="Sổ tay SXSH ngành dệt may", year=2017)
    document_make(title="Thông tư hướng dẫn", year=2016)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("outreach:document_list")).content.decode()
    assert '<option value="2017">2017</option>' in page and "<td>2016</td>" in page
    assert not GROUPED_YEAR.search(page), GROUPED_YEAR.search(page)
    # The value the select sends filters: only the 2017 handbook.
    filtered = client.get(reverse("outreach:document_list"), {"year": "2017"}).content.decode()
    assert "Sổ tay SXSH ngành dệt may" in filtered and "Thông tư hướng dẫn" not in filtered
    assert "(2017)" in client.get(reverse("outreach:index")).content.decode()


def test_the_pager_links_past_page_999_carry_plain_numbers():
    page = Paginator(range(30_000), 20).get_page(1001)
    html = render_to_string("outreach/_pager.html", {"page": page, "q": "", "kind": "", "year": 2017})
    assert "year=2017&amp;page=1000" in html and "year=2017&amp;page=1002" in html


def test_an_enterprise_sees_its_requests_years_plainly(client_as, personas):
    enterprise = personas["enterprise_user"].enterprises.first()
    RequestFactory(enterprise=enterprise, year=2019, status=AssessmentRequest.Status.REQUESTED)
    page = client_as("enterprise_user").get(reverse("enterprises:mine")).content.decode()
    assert re.search(r"2019\s*:", page) and not GROUPED_YEAR.search(page), GROUPED_YEAR.search(page)


def test_doit_sees_the_request_list_and_a_facility_with_plain_years(client_as, personas):
    request = RequestFactory(enterprise=EnterpriseFactory(), year=2018)
    client = client_as("doit_staff")
    for url in (reverse("enterprises:requests"), reverse("enterprises:detail", args=[request.enterprise_id])):
        page = client.get(url).content.decode()
        assert "2018" in page and not GROUPED_YEAR.search(page), (url, GROUPED_YEAR.search(page))


def test_keys_past_999_are_written_plainly_in_links_and_hidden_inputs(client_as, personas):
    """A record's key in a link or a hidden input: "?request=1.234" named no request, and the admin's decline action
    sent "1.234" as the request to decline."""
    request = RequestFactory(pk=1234, enterprise=EnterpriseFactory(), kind=AssessmentRequest.Kind.INVESTMENT_SUPPORT,
                             status=AssessmentRequest.Status.ACCEPTED)
    client = client_as("doit_staff")
    page = client.get(reverse("enterprises:requests")).content.decode()
    assert "?request=1234" in page and "1.234" not in page
    changelist = reverse("admin:enterprises_assessmentrequest_changelist")
    confirm = client.post(changelist, {"action": "decline_requests", "_selected_action": ["1234"]}).content.decode()
    assert 'name="_selected_action" value="1234"' in confirm
    client.post(changelist, {"action": "decline_requests", "_selected_action": ["1234"], "apply": "1",
                             "reason": "Hết kinh phí năm"})
    request.refresh_from_db()
    assert request.status == AssessmentRequest.Status.DECLINED
