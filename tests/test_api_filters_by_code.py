"""API filters take the codes the API shows (a period's 2017S1, a district's 001, a facility's tax code), not the
internal ids: ?district=001 found nothing and ?district=002 gave Ba Đình's reports, each showing "001"."""

import pytest

from plan.models import AdministrativeUnit, ReportingPeriod
from reports.tests.factories import DistrictReportFactory

pytestmark = pytest.mark.django_db


def test_district_reports_filter_by_the_district_and_period_codes_they_show(api_as, plan_loaded, personas):
    ba_dinh, hoan_kiem = (AdministrativeUnit.objects.get(code=c) for c in ("001", "002"))
    first, second = ReportingPeriod.objects.order_by("end")[:2]
    DistrictReportFactory(district=ba_dinh, period=first)
    DistrictReportFactory(district=ba_dinh, period=second)
    DistrictReportFactory(district=hoan_kiem, period=first)
    api = api_as("doit_staff")
    rows = api.get("/api/v1/district-reports/?district=001").json()["results"]
    assert len(rows) == 2 and {row["district"] for row in rows} == {"001"}
    rows = api.get(f"/api/v1/district-reports/?period={first.code}").json()["results"]
    assert len(rows) == 2 and {row["period"] for row in rows} == {first.code}
    both = api.get(f"/api/v1/district-reports/?period={first.code}&district=002").json()["results"]
    assert [(row["district"], row["period"]) for row in both] == [("002", first.code)]
    assert api.get("/api/v1/district-reports/?district=999").json()["results"] == []


def test_participants_filter_by_the_tax_code_they_show(api_as, personas):
    from training.tests.factories import ParticipantFactory

    mine = personas["enterprise_user"].enterprises.first()
    ParticipantFactory(enterprise=mine)
    ParticipantFactory(enterprise=None)
    rows = api_as("doit_staff").get(f"/api/v1/participants/?enterprise={mine.tax_code}").json()["results"]
    assert len(rows) == 1 and rows[0]["enterprise"] == mine.tax_code


def test_the_schema_types_these_filters_as_strings(api_as, plan_loaded):
    schema = api_as(None).get("/api/schema/?format=json").json()
    params = {p["name"]: p["schema"]["type"] for p in schema["paths"]["/api/v1/district-reports/"]["get"]["parameters"]}
    assert params["district"] == "string" and params["period"] == "string"


def test_a_yes_no_filter_takes_true_false_1_0_and_refuses_anything_else(api_as, personas):
    """?aware=1 and ?aware=zzz were ignored: every row came back, and the client could not tell."""
    from enterprises.tests.factories import EnterpriseFactory

    aware = EnterpriseFactory()
    aware.awareness_records.create(date=aware.registered_on, kind="survey")
    EnterpriseFactory()
    api = api_as("doit_staff")

    def count(value):
        return api.get("/api/v1/enterprises/", {"aware": value}).json()["count"]

    assert count("1") == count("true") == count("True") < count("")
    assert count("0") == count("false") and count("0") + count("1") == count("")
    refused = api.get("/api/v1/enterprises/", {"aware": "zzz"})
    assert refused.status_code == 400 and "zzz" in refused.json()["aware"][0]
    english = api.get("/api/v1/consumption-records/", {"is_baseline": "maybe"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "true or false" in english.json()["is_baseline"][0]


def test_the_registry_page_names_a_filter_value_it_cannot_take(client_as, personas):
    page = client_as("doit_staff").get("/doanh-nghiep/", {"aware": "zzz"}).content.decode()
    assert 'id="id_aware_error">«zzz» không phải đúng hoặc sai' in page
