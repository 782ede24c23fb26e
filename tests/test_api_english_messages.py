"""The API's own refusals speak the client's language (Accept-Language: en), as DRF's do; they were Vietnamese
strings outside the catalogue."""

import pytest

from enterprises.tests.factories import EnterpriseFactory
from plan.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_the_apis_own_messages_are_english_when_asked_and_vietnamese_by_default(api_as, personas):
    other = EnterpriseFactory(district=AdministrativeUnit.objects.get(code="002"))  # not the enterprise user's
    body = {"enterprise": other.pk, "kind": "rapid_assessment", "year": 2019}
    enterprise_client = api_as("enterprise_user")
    vi = enterprise_client.post("/api/v1/assessment-requests/", body, format="json")
    assert vi.status_code == 400 and vi.json()["enterprise"] == ["Không có cơ sở này."]
    en = enterprise_client.post("/api/v1/assessment-requests/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["enterprise"] == ["No such facility."]
    refused = api_as("api_client").get("/api/v1/participants/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403 and "personal data" in refused.json()["detail"]
    period = api_as(None).get("/api/v1/indicators/?period=zzz", HTTP_ACCEPT_LANGUAGE="en")
    assert period.status_code == 400 and period.json()["period"] == ["There is no reporting period «zzz»."]
    district = api_as(None).get("/api/v1/indicators/?district=zzz", HTTP_ACCEPT_LANGUAGE="en")
    assert district.status_code == 400 and district.json()["district"] == ["There is no district with the code «zzz»."]
    assert "Không có quận, huyện mã «zzz»." in api_as(None).get("/api/v1/indicators/?district=zzz").json()["district"]


def test_a_refused_reason_is_named_as_the_client_sent_it(api_as, personas, plan_loaded):
    """POST .../decline/ and .../return/ take "reason": their errors are under "reason", not the model's
    decline_reason / return_reason (found by QA)."""
    from enterprises.tests.factories import RequestFactory
    from reports.services import district_report_submit
    from reports.tests.factories import DistrictReportFactory

    request = RequestFactory(enterprise=EnterpriseFactory())
    declined = api_as("doit_staff").post(f"/api/v1/assessment-requests/{request.pk}/decline/", {}, format="json")
    assert declined.status_code == 400 and list(declined.json()) == ["reason"], declined.json()
    report = DistrictReportFactory(district=AdministrativeUnit.objects.get(code="001"))
    district_report_submit(report=report, user=personas["district_official"])
    returned = api_as("doit_staff").post(f"/api/v1/district-reports/{report.pk}/return/", {}, format="json")
    assert returned.status_code == 400 and list(returned.json()) == ["reason"], returned.json()
