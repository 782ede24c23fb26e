from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_a_token_from_drf_create_token_reads_the_targets(personas):
    call_command("drf_create_token", personas["api_client"].username, stdout=StringIO())
    key = Token.objects.get(user=personas["api_client"]).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/targets/")
    assert response.status_code == 200
    assert [t["code"] for t in response.json()["results"]] == ["T1", "T2", "T3", "T4", "T5"]
    t3 = response.json()["results"][2]
    assert (t3["target_value"], t3["target_value_max"], t3["unit"]) == (8.0, 13.0, "%")


def test_a_bad_token_is_refused(plan_loaded):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/targets/").status_code == 401


def test_administrative_units_carry_gso_code_name_and_type(plan_loaded):
    body = APIClient().get("/api/v1/administrative-units/?type=thi_xa").json()
    assert body["count"] == 1
    assert {k: body["results"][0][k] for k in ("code", "name", "type", "parent")} == {
        "code": "269", "name": "Sơn Tây", "type": "thi_xa", "parent": "01"}
    detail = APIClient().get("/api/v1/administrative-units/001/").json()
    assert detail["name"] == "Ba Đình"


def test_administrative_units_active_on_a_date_exclude_abolished_districts(plan_loaded):
    body = APIClient().get("/api/v1/administrative-units/?active_on=2025-07-01").json()
    assert [u["code"] for u in body["results"]] == ["01"]


def test_reporting_periods_have_code_kind_start_end_due(plan_loaded):
    body = APIClient().get("/api/v1/reporting-periods/?page_size=100").json()
    assert body["count"] == 11
    first = body["results"][0]
    assert set(first) >= {"id", "code", "kind", "start", "end", "due"}
    assert {p["kind"] for p in body["results"]} == {"six_month", "annual", "whole_period"}
    assert {p["code"] for p in body["results"]} >= {"2016S1", "2016", "2020", "2016-2020"}


def test_plans_list_the_decision(plan_loaded):
    body = APIClient().get("/api/v1/plans/").json()
    assert body["results"][0]["code"] == "5768/QĐ-UBND"


def test_reference_data_cannot_be_written_through_the_api(api_as):
    response = api_as("doit_staff").post("/api/v1/targets/", {"code": "T6"}, format="json")
    assert response.status_code == 405


def test_the_unit_list_uses_the_same_queries_however_many_units(plan_loaded, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plan.models import AdministrativeUnit

    api = APIClient()
    with CaptureQueriesContext(connection) as few:
        api.get("/api/v1/administrative-units/?page_size=500")
    # the rows and their count; on PostgreSQL also the table's size estimate (plan.pagination)
    assert len(few.captured_queries) == (3 if connection.vendor == "postgresql" else 2)
    AdministrativeUnit.objects.bulk_create(
        [AdministrativeUnit(code=f"9{i:02d}", name=f"Test {i}", type="huyen",
                            parent=AdministrativeUnit.objects.get(code="01")) for i in range(40)]
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = api.get("/api/v1/administrative-units/?page_size=500")
    assert response.json()["count"] == 71


def test_the_schema_documents_every_endpoint(plan_loaded):
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ["/api/v1/plans/", "/api/v1/targets/", "/api/v1/administrative-units/",
                 "/api/v1/reporting-periods/"]:
        assert path in paths
