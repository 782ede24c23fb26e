"""DoIT staff's pages and API writes: assessments, CP options, CP officers, investment projects; consumption API."""

import datetime

import pytest

from budget.models import Expenditure
from enterprises.models import (
    Assessment,
    AssessmentRequest,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    Enterprise,
    InvestmentProject,
)
from enterprises.tests.factories import AssessmentFactory, EnterpriseFactory, OptionFactory, RequestFactory
from plan.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _other_district():
    return AdministrativeUnit.objects.get(code="002")


def _posted(obj, line):
    from django.contrib.contenttypes.models import ContentType

    return Expenditure.objects.filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk,
                                      line__code=line)


# --- pages -----------------------------------------------------------------------------------------------------


def test_doit_records_an_assessment_on_its_page_and_sees_the_support_flags(client_as):
    r = RequestFactory(year=2018, status="scheduled", scheduled_on=datetime.date(2018, 3, 1))
    client = client_as("doit_staff")
    assert "Ghi kết quả đánh giá" in client.get("/doanh-nghiep/yeu-cau/").content.decode()
    response = client.post(f"/doanh-nghiep/yeu-cau/{r.pk}/danh-gia/", {
        "date": "01/03/2018", "consultant": "ENERTEAM", "findings": "Rò rỉ hơi",
        "consultancy_cost_vnd": 80_000_000, "support_vnd": 60_000_000}, follow=True)
    a = Assessment.objects.get(request=r)
    assert response.redirect_chain[-1][0] == f"/doanh-nghiep/danh-gia/{a.pk}/"
    text = response.content.decode()
    assert "50.000.000 đồng/cơ sở" in text and "một nửa chi phí tư vấn" in text
    r.refresh_from_db()
    assert r.status == "done" and _posted(a, "IV.1").get().amount_vnd == 60_000_000


def test_a_bad_assessment_shows_the_fields_errors_and_saves_nothing(client_as):
    client = client_as("doit_staff")
    r = RequestFactory(year=2018, status="accepted")
    response = client.post(f"/doanh-nghiep/yeu-cau/{r.pk}/danh-gia/", {
        "date": "31/02/2018", "consultant": "", "consultancy_cost_vnd": -1, "support_vnd": "abc"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"date", "consultant", "consultancy_cost_vnd", "support_vnd"} <= set(errors)
    outside = RequestFactory(year=2015, status="accepted")  # the budget has no 2015: posting refused
    response = client.post(f"/doanh-nghiep/yeu-cau/{outside.pk}/danh-gia/", {
        "date": "01/03/2015", "consultant": "X", "consultancy_cost_vnd": 100, "support_vnd": 10})
    assert "2015" in " ".join(response.context["form"].non_field_errors())
    requested = RequestFactory(year=2018)  # not accepted yet
    response = client.post(f"/doanh-nghiep/yeu-cau/{requested.pk}/danh-gia/", {
        "date": "01/03/2018", "consultant": "X", "consultancy_cost_vnd": 0, "support_vnd": 0})
    assert "trạng thái “mới đăng ký”" in " ".join(response.context["form"].non_field_errors())
    assert not Assessment.objects.filter(request__in=[r, outside, requested]).exists()
    outside.refresh_from_db()
    assert outside.status == "accepted"


def test_doit_adds_options_and_marks_one_implemented_through_pages(client_as):
    a = AssessmentFactory(date=datetime.date(2018, 5, 1))
    client = client_as("doit_staff")
    response = client.post(f"/doanh-nghiep/danh-gia/{a.pk}/giai-phap/", {
        "category": "technology_change", "description": "Lò hơi tầng sôi", "investment_vnd": 500_000_000,
        "yearly_saving_vnd": 200_000_000})
    assert response.status_code == 302
    option = CPOption.objects.get(assessment=a)
    response = client.post(f"/doanh-nghiep/giai-phap/{option.pk}/thuc-hien/", {"implemented_on": "01/04/2018"})
    assert "implemented_on" in response.context["form"].errors  # before the assessment
    option.refresh_from_db()
    assert option.status == "identified"
    client.post(f"/doanh-nghiep/giai-phap/{option.pk}/thuc-hien/", {"implemented_on": "01/09/2018"})
    option.refresh_from_db()
    assert option.status == "implemented" and option.implemented_on == datetime.date(2018, 9, 1)
    text = client.get(f"/doanh-nghiep/danh-gia/{a.pk}/").content.decode()
    assert "Lò hơi tầng sôi" in text and "01/09/2018" in text
    bad = client.post(f"/doanh-nghiep/danh-gia/{a.pk}/giai-phap/", {"category": "magic", "description": ""})
    assert {"category", "description"} <= set(bad.context["form"].errors) and a.options.count() == 1


def test_cp_officers_are_assigned_by_doit_and_by_the_district_for_its_own_facilities(client_as, personas):
    own = Enterprise.objects.get(tax_code="0100109106")
    other = EnterpriseFactory(district=_other_district())
    client = client_as("district_official")
    assert "Giao cán bộ phụ trách SXSH" in client.get(f"/doanh-nghiep/{own.pk}/").content.decode()
    response = client.post(f"/doanh-nghiep/{own.pk}/can-bo-sxsh/", {"name": "Nguyễn An", "position": "Phó giám đốc",
                                                                   "since": "01/02/2018"})
    assert response.status_code == 302
    assert client.post(f"/doanh-nghiep/{other.pk}/can-bo-sxsh/", {"name": "X", "since": "01/02/2018"}
                       ).status_code == 404
    client = client_as("doit_staff")
    client.post(f"/doanh-nghiep/{own.pk}/can-bo-sxsh/", {"name": "Trần Bình", "since": "01/01/2019"})
    officers = list(CPOfficer.objects.filter(enterprise=own).order_by("since"))
    assert [(o.name, o.until) for o in officers] == [("Nguyễn An", datetime.date(2018, 12, 31)), ("Trần Bình", None)]
    response = client.post(f"/doanh-nghiep/{own.pk}/can-bo-sxsh/", {"name": "", "since": "x"})
    assert {"name", "since"} <= set(response.context["form"].errors)
    assert not CPOfficer.objects.filter(enterprise=other).exists()


PROJECT = {"model_kind": "demonstration", "title": "Thu hồi nhiệt khí thải", "technology": "Bộ trao đổi nhiệt",
           "year": 2018, "investment_vnd": 2_000_000_000, "funding_enterprise_vnd": 1_500_000_000,
           "support_vnd": 200_000_000, "funding_other_vnd": 300_000_000, "funding_other_source": "UNIDO",
           "status": "in_progress", "started_on": "01/06/2018", "completed_on": "", "results": ""}


def test_an_investment_project_posts_its_support_to_iv3_once_through_the_pages(client_as):
    e = EnterpriseFactory()
    req = RequestFactory(enterprise=e, kind="investment_support", year=2018, status="accepted")
    client = client_as("doit_staff")
    assert "Ghi dự án đầu tư" in client.get("/doanh-nghiep/yeu-cau/").content.decode()
    assert client.post(f"/doanh-nghiep/{e.pk}/du-an/", {**PROJECT, "request": req.pk}).status_code == 302
    project = InvestmentProject.objects.get(enterprise=e)
    req.refresh_from_db()
    assert req.status == "done" and project.recorded_by.username == "test.doit_staff"
    assert _posted(project, "IV.3").get().amount_vnd == 200_000_000
    edit = {**PROJECT, "request": req.pk, "support_vnd": 150_000_000, "funding_enterprise_vnd": 1_550_000_000,
            "status": "completed", "completed_on": "01/12/2018", "results": "Giảm 12 % than"}
    assert client.post(f"/doanh-nghiep/du-an/{project.pk}/sua/", edit).status_code == 302
    assert _posted(project, "IV.3").count() == 1 and _posted(project, "IV.3").get().amount_vnd == 150_000_000
    client.post(f"/doanh-nghiep/du-an/{project.pk}/sua/", {**edit, "status": "cancelled"})
    assert not _posted(project, "IV.3").exists()
    assert "Thu hồi nhiệt khí thải" in client.get(f"/doanh-nghiep/{e.pk}/").content.decode()


def test_a_bad_investment_project_is_refused_with_the_field_and_nothing_is_saved(client_as):
    e = EnterpriseFactory()
    client = client_as("doit_staff")
    response = client.post(f"/doanh-nghiep/{e.pk}/du-an/", {**PROJECT, "support_vnd": 900_000_000})
    assert "vượt tổng vốn đầu tư" in " ".join(response.context["form"].errors["investment_vnd"])
    response = client.post(f"/doanh-nghiep/{e.pk}/du-an/", {**PROJECT, "year": 2030})  # outside the plan
    assert "2030" in " ".join(response.context["form"].errors["year"])  # the budget's refusal, on its field
    response = client.post(f"/doanh-nghiep/{e.pk}/du-an/", {**PROJECT, "investment_vnd": -5, "model_kind": "x"})
    assert {"investment_vnd", "model_kind"} <= set(response.context["form"].errors)
    assert not InvestmentProject.objects.filter(enterprise=e).exists() and not Expenditure.objects.filter(
        line__code="IV.3", year=2030).exists()


def test_a_district_official_edits_its_own_districts_facility_and_gets_404_for_another(client_as, personas):
    own = Enterprise.objects.get(tax_code="0100109106")
    other = EnterpriseFactory(district=_other_district())
    client = client_as("district_official")
    form = client.get(f"/doanh-nghiep/{own.pk}/sua/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "users"}
    data.update(name="Công ty Persona (đã sửa)", district=own.district_id, sector=own.sector_id)
    response = client.post(f"/doanh-nghiep/{own.pk}/sua/", data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Công ty Persona (đã sửa)"
    assert client.post(f"/doanh-nghiep/{other.pk}/sua/", {**data, "tax_code": other.tax_code}).status_code == 404
    other.refresh_from_db()
    assert other.name != "Công ty Persona (đã sửa)"


def test_the_request_list_and_the_assessment_page_do_not_grow_in_queries(client_as, django_assert_max_num_queries):
    client = client_as("doit_staff")
    a = AssessmentFactory()
    OptionFactory(assessment=a)
    RequestFactory(status="accepted")
    client.get("/doanh-nghiep/yeu-cau/")
    with django_assert_max_num_queries(15) as few:
        client.get("/doanh-nghiep/yeu-cau/")
    with django_assert_max_num_queries(15) as few_detail:
        client.get(f"/doanh-nghiep/danh-gia/{a.pk}/")
    for _ in range(5):
        OptionFactory(assessment=AssessmentFactory())
        OptionFactory(assessment=a)
        RequestFactory(status="scheduled")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/doanh-nghiep/yeu-cau/")
    with django_assert_max_num_queries(len(few_detail.captured_queries)):
        client.get(f"/doanh-nghiep/danh-gia/{a.pk}/")


# --- API -----------------------------------------------------------------------------------------------------


def test_the_api_records_an_assessment_its_options_and_an_implementation(api_as):
    api = api_as("doit_staff")
    r = RequestFactory(year=2018, status="accepted")
    body = {"request": r.pk, "date": "2018-03-01", "consultant": "ENERTEAM", "consultancy_cost_vnd": 80_000_000,
            "support_vnd": 60_000_000}
    assert api_as("district_official").post("/api/v1/assessments/", body, format="json").status_code == 403
    response = api.post("/api/v1/assessments/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert len(data["support_flags"]) == 2 and data["options"] == []
    again = api.post("/api/v1/assessments/", body, format="json")  # the request is done now
    assert again.status_code == 400 and "status" in again.json()
    option = api.post(f"/api/v1/assessments/{data['id']}/options/", {"category": "good_housekeeping",
                                                                    "description": "Sửa rò rỉ hơi",
                                                                    "investment_vnd": 10_000_000,
                                                                    "yearly_saving_vnd": 4_000_000}, format="json")
    assert option.status_code == 201 and option.json()["payback_years"] == 2.5
    option_id = option.json()["id"]
    bad = api.post(f"/api/v1/cp-options/{option_id}/implement/", {"implemented_on": "2018-01-01"}, format="json")
    assert bad.status_code == 400 and "implemented_on" in bad.json()
    ok = api.post(f"/api/v1/cp-options/{option_id}/implement/", {"implemented_on": "2018-06-01"}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "implemented"
    assert api.get(f"/api/v1/assessments/{data['id']}/").json()["options"][0]["status"] == "implemented"
    invalid = api.post("/api/v1/assessments/", {"request": r.pk, "date": "x", "support_vnd": -1}, format="json")
    assert invalid.status_code == 400 and {"date", "consultant", "support_vnd"} <= set(invalid.json())


def test_the_investment_project_api_scopes_reads_publishes_demonstrations_and_posts_once(api_as, personas):
    own = Enterprise.objects.get(tax_code="0100109106")
    other = EnterpriseFactory(district=_other_district())
    api = api_as("doit_staff")
    body = {**PROJECT, "enterprise": other.pk, "started_on": "2018-06-01", "completed_on": None,
            "model_kind": "pilot"}
    created = api.post("/api/v1/investment-projects/", body, format="json")
    assert created.status_code == 201, created.json()
    pilot = InvestmentProject.objects.get(pk=created.json()["id"])
    assert _posted(pilot, "IV.3").get().amount_vnd == 200_000_000
    assert api.patch(f"/api/v1/investment-projects/{pilot.pk}/", {"results": "Giảm 10 %"},
                     format="json").status_code == 200
    assert _posted(pilot, "IV.3").count() == 1
    bad = api.patch(f"/api/v1/investment-projects/{pilot.pk}/", {"support_vnd": 5_000_000_000}, format="json")
    assert bad.status_code == 400 and "vượt tổng vốn đầu tư" in str(bad.json())
    demo = InvestmentProject.objects.create(enterprise=other, model_kind="demonstration", title="Mô hình", year=2019)
    mine = InvestmentProject.objects.create(enterprise=own, model_kind="replication", title="Của tôi", year=2019)
    anonymous = api_as(None).get("/api/v1/investment-projects/").json()
    assert [r["id"] for r in anonymous["results"]] == [demo.pk]
    assert api_as(None).get(f"/api/v1/investment-projects/{pilot.pk}/").status_code == 404
    district = api_as("district_official")
    assert {r["id"] for r in district.get("/api/v1/investment-projects/").json()["results"]} == {demo.pk, mine.pk}
    assert district.get(f"/api/v1/investment-projects/{pilot.pk}/").status_code == 404
    assert district.post("/api/v1/investment-projects/", {**body, "enterprise": own.pk},
                         format="json").status_code == 403
    demos = api_as("api_client").get("/api/v1/investment-projects/?model_kind=demonstration").json()
    assert [r["id"] for r in demos["results"]] == [demo.pk]


def test_the_consumption_api_takes_an_enterprise_users_own_figures_only(api_as, personas):
    own = Enterprise.objects.get(tax_code="0100109106")
    other = EnterpriseFactory()
    api = api_as("enterprise_user")
    body = {"enterprise": own.pk, "year": 2017, "resource": "electricity", "unit": "kWh", "quantity": "1200.5",
            "output_quantity": "10", "product_unit": "tấn", "is_baseline": True}
    response = api.post("/api/v1/consumption-records/", body, format="json")
    assert response.status_code == 201, response.json()
    assert ConsumptionRecord.objects.get(enterprise=own).quantity == 1200.5
    refused = api.post("/api/v1/consumption-records/", {**body, "enterprise": other.pk}, format="json")
    assert refused.status_code == 400 and "enterprise" in refused.json()
    zero = api.post("/api/v1/consumption-records/", {**body, "year": 2018, "output_quantity": "0",
                                                    "is_baseline": False}, format="json")
    assert zero.status_code == 400
    assert "không tính được tiêu hao trên đơn vị sản phẩm" in " ".join(zero.json()["output_quantity"])
    assert not ConsumptionRecord.objects.filter(enterprise=other).exists()
    assert ConsumptionRecord.objects.filter(enterprise=own).count() == 1


def test_new_api_lists_do_not_grow_in_queries(api_as, django_assert_max_num_queries):
    api = api_as("api_client")
    OptionFactory()
    InvestmentProject.objects.create(enterprise=EnterpriseFactory(), model_kind="pilot", title="P", year=2018)
    urls = ["/api/v1/cp-options/", "/api/v1/investment-projects/", "/api/v1/assessments/"]
    counts = {}
    for url in urls:
        api.get(url)
        with django_assert_max_num_queries(10) as few:
            assert api.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for n in range(5):
        OptionFactory()
        InvestmentProject.objects.create(enterprise=EnterpriseFactory(), model_kind="pilot", title=f"P{n}", year=2018)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            api.get(url)


def test_assessment_requests_are_left_untouched_by_a_refused_api_write(api_as):
    r = RequestFactory(kind="investment_support", year=2018)
    assert api_as("doit_staff").post("/api/v1/assessments/", {"request": r.pk, "date": "2018-03-01",
                                                              "consultant": "X"}, format="json").status_code == 400
    r.refresh_from_db()
    assert r.status == AssessmentRequest.Status.REQUESTED and not Assessment.objects.exists()
