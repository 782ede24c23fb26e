import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises import selectors
from enterprises.imports import enterprise_import
from enterprises.models import ConsumptionRecord, CPOfficer, Enterprise
from enterprises.tests.factories import EnterpriseFactory, OptionFactory, valid_tax_code
from enterprises.views import public_request_attempts_key
from plan.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
D1, D2 = datetime.date(2016, 12, 31), datetime.date(2018, 12, 31)


def test_selectors_match_a_hand_count_at_two_dates(personas):
    ours = Enterprise.objects.exclude(tax_code="0100109106")
    ours.delete()
    persona = Enterprise.objects.get(tax_code="0100109106")
    persona.registered_on = datetime.date(2019, 1, 1)  # not active at either date
    persona.save()
    a = EnterpriseFactory(registered_on=datetime.date(2016, 1, 1), size="large", workers=300,
                          revenue_vnd=300_000_000_000)
    b = EnterpriseFactory(registered_on=datetime.date(2017, 1, 1))
    EnterpriseFactory(registered_on=datetime.date(2016, 1, 1), status="closed", closed_on=datetime.date(2017, 6, 1))
    a.awareness_records.create(date=datetime.date(2016, 5, 1), kind="survey")
    b.awareness_records.create(date=datetime.date(2018, 5, 1), kind="workshop")
    OptionFactory(assessment__request__enterprise=b, status="implemented", implemented_on=datetime.date(2018, 2, 1))
    CPOfficer.objects.create(enterprise=a, name="A", since=datetime.date(2016, 1, 1), until=datetime.date(2017, 1, 1))
    CPOfficer.objects.create(enterprise=b, name="B", since=datetime.date(2018, 1, 1))
    assert [selectors.facilities_active_count(as_of=d) for d in (D1, D2)] == [2, 2]
    assert [selectors.facilities_aware_count(as_of=d) for d in (D1, D2)] == [1, 2]
    assert [selectors.facilities_applying_count(as_of=d) for d in (D1, D2)] == [0, 1]
    assert [selectors.facilities_with_cp_officer_count(as_of=d) for d in (D1, D2)] == [1, 1]
    assert [selectors.large_enterprises_count(as_of=d) for d in (D1, D2)] == [1, 1]
    other = AdministrativeUnit.objects.get(code="002").pk
    assert selectors.facilities_active_count(as_of=D2, district_id=other) == 0
    assert selectors.assessments_done_by_year() == {2017: 1}


def test_savings_per_unit_compare_the_latest_known_figure_with_the_baseline(plan_loaded):
    e = EnterpriseFactory()
    OptionFactory(assessment__request__enterprise=e, status="implemented", implemented_on=datetime.date(2017, 2, 1))
    kw = dict(enterprise=e, resource="electricity", unit="kWh", product_unit="tấn")
    ConsumptionRecord.objects.create(year=2016, quantity=1000, output_quantity=10, is_baseline=True, **kw)
    ConsumptionRecord.objects.create(year=2017, quantity=950, output_quantity=10, **kw)   # 5 %
    ConsumptionRecord.objects.create(year=2018, quantity=900, output_quantity=10, **kw)   # 10 %
    at_2017 = selectors.savings_per_unit(as_of=datetime.date(2017, 12, 31))
    at_2018 = selectors.savings_per_unit(as_of=datetime.date(2018, 12, 31))
    assert at_2017["facilities"][0]["saving"] == Decimal("0.05")
    assert at_2017["share_at_least_target"] == 0
    assert at_2018["facilities"][0]["energy"] == Decimal("0.1")
    assert at_2018["share_at_least_target"] == 100 and at_2018["distribution"]["8_13"] == 1


def _csv(text):
    return SimpleUploadedFile("x.csv", text.encode("utf-8"))


HEADER = "Mã số thuế,Tên cơ sở,Mã quận huyện,Mã ngành VSIC,Quy mô,Số lao động\n"


def test_import_dry_run_lists_every_bad_row_and_the_real_run_saves_all_or_nothing(personas):
    good = valid_tax_code(900)
    bad = HEADER + f"{good},A,001,10,nhỏ,50\n0101234567,B,001,10,nhỏ,50\n{good},C,999,99,siêu nhỏ,abc\n"
    result = enterprise_import(upload=_csv(bad), dry_run=True, user=personas["doit_staff"])
    reasons = {(e["row"], e["field"]) for e in result["errors"]}
    assert {(3, "Mã số thuế"), (4, "Mã số thuế"), (4, "Mã quận huyện"), (4, "Mã ngành VSIC"), (4, "Số lao động")} <= reasons
    result = enterprise_import(upload=_csv(bad), dry_run=False, user=personas["doit_staff"])
    assert not result["saved"] and not Enterprise.objects.filter(tax_code=good).exists()
    ok = HEADER + f"{good},A,001,10,nhỏ,50\n"
    assert enterprise_import(upload=_csv(ok), dry_run=True, user=personas["doit_staff"])["created"] == 1
    assert not Enterprise.objects.filter(tax_code=good).exists()
    assert enterprise_import(upload=_csv(ok), dry_run=False, user=personas["doit_staff"])["saved"]
    again = enterprise_import(upload=_csv(HEADER + f"{good},A2,001,10,nhỏ,60\n"), dry_run=False,
                              user=personas["doit_staff"])
    assert again["updated"] == 1 and Enterprise.objects.get(tax_code=good).workers == 60


def test_import_refuses_a_file_that_is_not_a_table_and_missing_columns(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        enterprise_import(upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage"), dry_run=True,
                          user=personas["doit_staff"])
    with pytest.raises(ValidationError) as exc:
        enterprise_import(upload=_csv("Mã số thuế,Tên cơ sở\n"), dry_run=True, user=personas["doit_staff"])
    assert "Mã quận huyện" in exc.value.messages[0]


def test_a_district_official_cannot_import_into_another_district(personas):
    result = enterprise_import(upload=_csv(HEADER + f"{valid_tax_code(901)},A,002,10,nhỏ,50\n"), dry_run=False,
                               user=personas["district_official"])
    assert result["errors"][0]["field"] == "Mã quận huyện" and not result["saved"]


def test_the_api_lists_gso_and_vsic_codes_filters_and_hides_other_districts(api_as, personas):
    other = EnterpriseFactory(district=AdministrativeUnit.objects.get(code="002"))
    body = api_as("district_official").get("/api/v1/enterprises/").json()
    assert other.pk not in [r["id"] for r in body["results"]]
    assert api_as("district_official").get(f"/api/v1/enterprises/{other.pk}/").status_code == 404
    assert api_as("district_official").patch(f"/api/v1/enterprises/{other.pk}/", {"name": "x"},
                                             format="json").status_code == 404
    body = api_as("api_client").get("/api/v1/enterprises/?district=002").json()
    assert [r["id"] for r in body["results"]] == [other.pk]
    assert body["results"][0]["district"] == "002" and body["results"][0]["sector"] == "10"


def test_doit_staff_create_through_the_api_with_the_check_digit_enforced(api_as, plan_loaded):
    api = api_as("doit_staff")
    data = {"tax_code": "0101234567", "name": "X", "district": "001", "sector": "10", "size": "small",
            "workers": 20, "revenue_vnd": 1}
    response = api.post("/api/v1/enterprises/", data, format="json")
    assert response.status_code == 400 and "tax_code" in response.json()
    data["tax_code"] = valid_tax_code(902)
    assert api.post("/api/v1/enterprises/", data, format="json").status_code == 201


def test_list_page_and_api_query_counts_do_not_grow_with_rows(client_as, api_as, django_assert_max_num_queries):
    EnterpriseFactory.create_batch(3)
    client = client_as("doit_staff")
    client.get("/doanh-nghiep/")
    with django_assert_max_num_queries(12) as few:
        client.get("/doanh-nghiep/")
    EnterpriseFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/doanh-nghiep/").status_code == 200
    api = api_as("api_client")
    api.get("/api/v1/enterprises/")
    with django_assert_max_num_queries(10) as few_api:
        api.get("/api/v1/enterprises/")
    EnterpriseFactory.create_batch(20)
    with django_assert_max_num_queries(len(few_api.captured_queries)):
        api.get("/api/v1/enterprises/")


FORM = {"tax_code": "0314409058-002", "name": "Công ty Bia", "district": None, "sector": None, "size": "small",
        "workers": 30, "revenue_vnd": 1_000_000_000, "contact_person": "An", "phone": "0912 345 678", "email": "a@b.vn",
        "kind": "rapid_assessment", "note": ""}


def _form(**extra):
    from enterprises.models import Sector

    return {**FORM, "district": AdministrativeUnit.objects.get(code="003").pk,
            "sector": Sector.objects.get(code="11").pk, "year": 2020, **extra}


def test_the_public_form_registers_requests_and_mails_doit(client, plan_loaded, mailoutbox, settings,
                                                           django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.delete(public_request_attempts_key("127.0.0.1"))  # the test client's address; never clear() a shared cache
    settings.DOIT_NOTIFY_EMAILS = ["sxsh@example.vn"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/doanh-nghiep/dang-ky/", _form())
    assert response.status_code == 302
    e = Enterprise.objects.get(tax_code="0314409058-002")
    assert e.assessment_requests.get().kind == "rapid_assessment"
    assert mailoutbox[0].to == ["sxsh@example.vn"]


def test_the_public_form_ignores_robots_and_limits_each_address(client, plan_loaded):
    from django.core.cache import cache

    cache.delete(public_request_attempts_key("127.0.0.1"))
    assert client.post("/doanh-nghiep/dang-ky/", _form(website="http://spam")).status_code == 302
    assert not Enterprise.objects.filter(tax_code="0314409058-002").exists()
    # A form with a mistake does not count: the visitor can correct it.
    assert [client.post("/doanh-nghiep/dang-ky/", _form(tax_code="bad")).status_code for _ in range(6)] == [200] * 6
    # Forms that pass their checks do: five an hour (the robot's above was one), then 429.
    statuses = [client.post("/doanh-nghiep/dang-ky/", _form(tax_code=valid_tax_code(700 + n))).status_code
                for n in range(5)]
    assert statuses == [302] * 4 + [429]
    assert Enterprise.objects.filter(tax_code__in=[valid_tax_code(700 + n) for n in range(5)]).count() == 4
    assert client.get("/doanh-nghiep/dang-ky/").status_code == 200
    cache.delete(public_request_attempts_key("127.0.0.1"))


def test_the_public_form_asks_the_year_among_the_plans_and_refuses_a_second_open_request(client, plan_loaded):
    from django.core.cache import cache

    cache.delete(public_request_attempts_key("127.0.0.1"))
    page = client.get("/doanh-nghiep/dang-ky/").content.decode()
    # Past the plan (2016–2020) its years are offered, the last one first chosen; never this year, which no
    # assessment could be recorded against.
    assert '<option value="2020" selected>2020</option>' in page and '<option value="2016">2016</option>' in page
    assert f'value="{datetime.date.today().year}"' not in page
    refused = client.post("/doanh-nghiep/dang-ky/", _form(year=2026)).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in refused
    assert client.post("/doanh-nghiep/dang-ky/", _form(year=2019)).status_code == 302
    for _attempt in range(5):  # refused, so not counted against the hourly limit
        again = client.post("/doanh-nghiep/dang-ky/", _form(year=2019))
        assert again.status_code == 200 and "đang xử lý đề nghị đó" in again.content.decode()
    enterprise = Enterprise.objects.get(tax_code="0314409058-002")
    assert list(enterprise.assessment_requests.values_list("year", flat=True)) == [2019]
    assert client.post("/doanh-nghiep/dang-ky/", _form(year=2020)).status_code == 302  # another year is another
    cache.delete(public_request_attempts_key("127.0.0.1"))


def test_while_the_plan_runs_the_public_form_offers_this_year_and_the_next_ones(plan_loaded):
    from enterprises.forms import PublicRequestForm
    from plan.selectors import plan_current

    form = PublicRequestForm(today=datetime.date(2018, 3, 1), plan=plan_current())
    assert [value for value, _label in form.fields["year"].choices] == [2018, 2019, 2020]
    assert form.fields["year"].initial == 2018


def test_portal_user_links_an_enterprise_user_or_changes_nothing(personas):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="9999999999"):
        call_command("portal_user", "dn.x", "--role", "enterprise_user", "--enterprise", "9999999999",
                     stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="dn.x").exists()
    call_command("portal_user", "dn.x", "--role", "enterprise_user", "--enterprise", "0100109106",
                 stdout=io.StringIO())
    assert Enterprise.objects.get(tax_code="0100109106").users.filter(username="dn.x").exists()


def test_the_registry_page_row_shows_each_column_of_the_facility(client_as, plan_loaded):
    import re

    from enterprises.models import IndustrialArea

    area = IndustrialArea.objects.create(kind=IndustrialArea.Kind.values[0], name="Cụm công nghiệp Thử",
                                         district=AdministrativeUnit.objects.get(code="001"))
    facility = EnterpriseFactory(name="Công ty <Ánh> Dương", size="large", workers=12_345, industrial_area=area)
    plain = EnterpriseFactory(name="Công ty Bình Minh", size="micro", workers=7)
    html = client_as("doit_staff").get("/doanh-nghiep/?district=001").content.decode()
    rows = {m.group(1): m.group(0) for m in re.finditer(r'<tr><td>(\d{10})</td>.*?</tr>', html)}
    row = rows[facility.tax_code]
    assert f'<a href="/doanh-nghiep/{facility.pk}/">Công ty &lt;Ánh&gt; Dương</a>' in row
    assert "<td>Ba Đình</td><td>10</td>" in row and f"<td>{area.name}</td>" in row
    assert "<td>lớn</td>" in row and '<td class="num">12.345</td>' in row
    assert "<td></td><td>siêu nhỏ</td>" in rows[plain.tax_code]  # no industrial area: an empty cell


def test_deleting_a_facility_with_a_recorded_assessment_is_a_409_naming_it_and_deletes_nothing(personas, api_as):
    """An assessment protects its request (on_delete=PROTECT), so a facility assessed is not deleted with it."""
    from enterprises.models import AssessmentRequest
    from enterprises.tests.factories import AssessmentFactory, RequestFactory

    facility = EnterpriseFactory()
    AssessmentFactory(request=RequestFactory(enterprise=facility))
    RequestFactory(enterprise=facility, year=2019)
    response = api_as("doit_staff").delete(f"/api/v1/enterprises/{facility.pk}/")
    assert response.status_code == 409, response.content
    assert response.json() == {"detail": "Không xóa được vì còn dữ liệu liên quan (Đánh giá nhanh SXSH: 1). "
                                         "Hãy xóa hoặc chuyển các dữ liệu đó trước."}
    assert Enterprise.objects.filter(pk=facility.pk).exists()
    assert AssessmentRequest.objects.filter(enterprise=facility).count() == 2
    english = api_as("doit_staff").delete(f"/api/v1/enterprises/{facility.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 409 and english.json()["detail"].startswith("Cannot delete: other records")
    # Once nothing protects it, the same DELETE goes through.
    facility.assessment_requests.get(year=2017).assessment.delete()
    assert api_as("doit_staff").delete(f"/api/v1/enterprises/{facility.pk}/").status_code == 204


def test_deleting_a_facility_whose_staff_were_trained_is_a_409_and_keeps_them(personas, api_as):
    """With SET_NULL, a participant with no agency broke participant_has_organisation and the DELETE gave a 500."""
    from training.models import Participant
    from training.tests.factories import ParticipantFactory

    facility = EnterpriseFactory()
    trained = ParticipantFactory(enterprise=facility, agency="")
    response = api_as("doit_staff").delete(f"/api/v1/enterprises/{facility.pk}/")
    assert response.status_code == 409, response.content
    assert "(Học viên: 1)" in response.json()["detail"]
    assert Participant.objects.get(pk=trained.pk).enterprise_id == facility.pk
