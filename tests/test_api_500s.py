"""Requests that gave a 500 on runserver (found by QA), each now the right answer.

1. POST /api/v1/city-reports/: the Location header was DRF's `Hyperlink` (a str subclass), which wsgiref refuses
   (AssertionError after the job had been saved, so a client retrying made duplicates). It must be a plain str.
2. PATCH (and POST, PUT) /api/v1/budget/estimates|expenditures/ with a JSON body that is not an object: the
   partial-update merge did `{**base, **data}` / `data.items()` on a list or a string. It must be DRF's 400
   `non_field_errors`, in the user's language, with nothing saved.
3. `"²".isdigit()` is True but `int("²")` raises ValueError: ?period=² on /api/v1/indicators/ (and the same
   pattern on pages and in the appendix loader) must be refused or ignored, never a 500.
"""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budget.models import Estimate, Expenditure
from budget.tests.factories import EstimateFactory, ExpenditureFactory
from plan.fixtures_io import FIXTURES_DIR
from plan.models import ReportingPeriod
from reports.models import CityReportJob

pytestmark = pytest.mark.django_db

NOT_OBJECTS = [pytest.param([1], "list", id="list"), pytest.param("abc", "str", id="string")]


# --- 1. city report job: Location is a plain str ---------------------------------------------------------------


def test_asking_for_a_city_report_answers_202_with_a_plain_str_location(api_as):
    period = ReportingPeriod.objects.get(code="2017S1")
    # In a test transaction the on-commit hook that queues the Celery task does not run: only the answer counts.
    response = api_as("doit_staff").post("/api/v1/city-reports/", {"period": period.pk}, format="json")
    assert response.status_code == 202, response.content
    location = response.headers["Location"]
    assert type(location) is str  # not rest_framework.relations.Hyperlink, which wsgiref refuses
    job = CityReportJob.objects.get()
    assert location == response.json()["url"] == f"http://testserver/api/v1/city-reports/{job.pk}/"


# --- 2. budget writes with a body that is not a JSON object ------------------------------------------------------


def _send(api, method, url, body, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return getattr(api, method)(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("body,datatype", NOT_OBJECTS)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_changing_an_estimate_with_a_body_that_is_not_an_object_is_a_400(api_as, method, body, datatype):
    estimate = EstimateFactory(amount_vnd=640_000_000)
    response = _send(api_as("doit_staff"), method, f"/api/v1/budget/estimates/{estimate.pk}/", body)
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [
        f"Dữ liệu không hợp lệ. Cần một từ điển (dictionary) nhưng nhận được {datatype}."]}
    estimate.refresh_from_db()
    assert Estimate.objects.count() == 1 and estimate.amount_vnd == 640_000_000


@pytest.mark.parametrize("body,datatype", NOT_OBJECTS)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_correcting_an_expenditure_with_a_body_that_is_not_an_object_is_a_400(api_as, method, body, datatype):
    spent = ExpenditureFactory(amount_vnd=10_000_000)
    response = _send(api_as("doit_staff"), method, f"/api/v1/budget/expenditures/{spent.pk}/", body)
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [
        f"Dữ liệu không hợp lệ. Cần một từ điển (dictionary) nhưng nhận được {datatype}."]}
    spent.refresh_from_db()
    assert Expenditure.all_objects.count() == 1 and not spent.superseded and spent.amount_vnd == 10_000_000


@pytest.mark.parametrize("body,datatype", NOT_OBJECTS)
@pytest.mark.parametrize("path", ["estimates", "expenditures"])
def test_creating_a_budget_row_with_a_body_that_is_not_an_object_is_a_400(api_as, path, body, datatype):
    response = _send(api_as("doit_staff"), "post", f"/api/v1/budget/{path}/", body)
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": [
        f"Dữ liệu không hợp lệ. Cần một từ điển (dictionary) nhưng nhận được {datatype}."]}
    assert not Estimate.objects.exists() and not Expenditure.all_objects.exists()


@pytest.mark.parametrize("path,factory", [("estimates", EstimateFactory), ("expenditures", ExpenditureFactory)])
def test_the_not_an_object_answer_is_in_english_when_asked(api_as, path, factory):
    row = factory()
    response = _send(api_as("doit_staff"), "patch", f"/api/v1/budget/{path}/{row.pk}/", [1], language="en")
    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}


# --- 3. "²".isdigit() is True, int("²") raises ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١"])
def test_indicators_with_a_period_of_unicode_digits_is_a_400_naming_period(api_as, value):
    response = api_as(None).get("/api/v1/indicators/", {"period": value})
    assert response.status_code == 400, response.content
    assert response.json() == {"period": [f"Kỳ báo cáo «{value}» không tồn tại."]}  # as for an unknown code


def test_indicators_by_id_and_by_code_still_answer(api_as, plan_loaded):
    period = ReportingPeriod.objects.get(code="2017S1")
    by_id = api_as(None).get("/api/v1/indicators/", {"period": str(period.pk)})
    by_code = api_as(None).get("/api/v1/indicators/", {"period": "2017S1"})
    assert (by_id.status_code, by_code.status_code) == (200, 200)
    assert by_id["X-Indicators-Period"] == by_code["X-Indicators-Period"] == "2017S1"


def test_the_indicators_page_ignores_a_period_of_unicode_digits(client_as):
    response = client_as(None).get("/chi-so/", {"period": "²"})
    assert response.status_code == 200
    assert response.context["period"] == client_as(None).get("/chi-so/").context["period"]


def test_the_execution_page_ignores_a_year_of_unicode_digits(client_as):
    response = client_as("doit_staff").get("/kinh-phi/thuc-hien/", {"nam": "²"})
    assert response.status_code == 200
    assert response.context["year"] is None


def test_the_new_project_form_ignores_a_request_of_unicode_digits(client_as, personas):
    enterprise = personas["enterprise_user"].enterprises.get()
    response = client_as("doit_staff").get(f"/doanh-nghiep/{enterprise.pk}/du-an/", {"request": "²"})
    assert response.status_code == 200
    assert response.context["form"].initial.get("request") is None


def test_the_admin_correction_form_ignores_corrects_of_unicode_digits(client_as):
    ExpenditureFactory()
    response = client_as("doit_staff").get("/admin/budget/expenditure/add/", {"corrects": "²"})
    assert response.status_code == 200
    assert "amount_vnd" not in response.context["adminform"].form.initial  # a blank form, not a correction


def test_an_appendix_year_of_unicode_digits_is_refused_naming_file_and_record(plan_loaded, tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures)
    path = fixtures / "budget" / "appendix_5768.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sections"][0]["lines"][0]["quantities"]["2016²"] = 1
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_plan", fixtures=str(fixtures), stdout=StringIO())
    assert "appendix_5768.json" in str(caught.value) and "outside the plan" in str(caught.value)


@pytest.mark.parametrize("body", [[1], "abc"])
def test_a_district_reports_submit_or_return_with_a_body_that_is_not_an_object_is_a_400(api_as, personas, body):
    """Found by QA: AttributeError 'list' object has no attribute 'get' (a 500)."""
    from plan.models import AdministrativeUnit
    from reports.services import district_report_submit
    from reports.tests.factories import DistrictReportFactory

    draft = DistrictReportFactory(district=AdministrativeUnit.objects.get(code="001"))
    submitted = api_as("district_official").post(f"/api/v1/district-reports/{draft.pk}/submit/", body,
                                                 format="json")
    assert submitted.status_code == 400 and "non_field_errors" in submitted.json()
    other = DistrictReportFactory(district=AdministrativeUnit.objects.get(code="001"),
                                  period=ReportingPeriod.objects.exclude(pk=draft.period_id).first())
    district_report_submit(report=other, user=personas["district_official"])
    returned = api_as("doit_staff").post(f"/api/v1/district-reports/{other.pk}/return/", body, format="json")
    assert returned.status_code == 400 and "non_field_errors" in returned.json()
    draft.refresh_from_db()
    other.refresh_from_db()
    assert (draft.status, other.status) == ("draft", "submitted")
