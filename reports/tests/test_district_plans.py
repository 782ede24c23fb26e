"""District CP action plans: written and submitted by the district, returned or approved by DoIT, and shown
planned against done in the district's reports (page and PDF)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import pdftotext
from plan.models import ReportingPeriod
from reports import services
from reports.models import DistrictPlan

PLAN_DATA = {"targets": "60% cơ sở biết lợi ích SXSH", "planned_activities": "2 lớp tập huấn, 1 hội thảo",
             "classes_planned": "2", "classes_budget": "40000000", "workshops_planned": "1",
             "workshops_budget": "30000000", "media_planned": "5", "media_budget": "10000000",
             "budget_planned": "100000000", "cp_staff": "Bà Nguyễn Thị Lan, chuyên viên Phòng Kinh tế"}


@pytest.mark.django_db
def test_a_district_official_writes_submits_and_corrects_a_returned_plan_through_the_pages(client_as, personas):
    official = client_as("district_official")
    response = official.post("/bao-cao/ke-hoach-quan-huyen/", {"year": "2017"})
    plan = DistrictPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/"
    assert (plan.district.code, plan.year, plan.status) == ("001", 2017, "draft")

    page = official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/", PLAN_DATA, follow=True)
    assert "Đã lưu kế hoạch." in page.content.decode()
    plan.refresh_from_db()
    assert (plan.classes_planned, plan.workshops_budget, plan.budget_planned) == (2, 30_000_000, 100_000_000)

    official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "submit"})
    plan.refresh_from_db()
    assert plan.status == "submitted"
    doit = client_as("doit_staff")  # the same test client, logged in as DoIT from here on
    page = doit.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "return", "reason": ""}, follow=True)
    assert "Cần nêu lý do trả lại kế hoạch." in page.content.decode()
    doit.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "return", "reason": "Thiếu kinh phí hội thảo"})
    plan.refresh_from_db()
    assert (plan.status, plan.return_reason) == ("returned", "Thiếu kinh phí hội thảo")

    official = client_as("district_official")
    page = official.get(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/").content.decode()
    assert "Thiếu kinh phí hội thảo" in page and 'id="plan-form"' in page
    official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/", {**PLAN_DATA, "workshops_budget": "35000000"})
    official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "submit"})
    doit = client_as("doit_staff")
    doit.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "approve"})
    plan.refresh_from_db()
    assert (plan.status, plan.workshops_budget, plan.approved_by) == ("approved", 35_000_000, personas["doit_staff"])

    official = client_as("district_official")
    page = official.get(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/").content.decode()
    assert "đã khóa" in page and 'id="plan-form"' not in page
    official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/", {**PLAN_DATA, "targets": "đổi"})
    plan.refresh_from_db()
    assert plan.targets == PLAN_DATA["targets"]
    assert plan.history.filter(history_change_reason="return").exists()


@pytest.mark.django_db
def test_activity_money_above_the_plans_budget_is_refused_with_nothing_saved(client_as, personas, ba_dinh):
    plan = services.district_plan_save(district=ba_dinh, year=2018, data={"targets": "A"},
                                       user=personas["district_official"])
    page = client_as("district_official").post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/",
                                               {**PLAN_DATA, "budget_planned": "50000000"}).content.decode()
    assert "không được vượt kinh phí khuyến công dự kiến" in page
    plan.refresh_from_db()
    assert (plan.targets, plan.budget_planned) == ("A", 0)
    with pytest.raises(ValidationError):
        services.district_plan_save(district=ba_dinh, year=2018, data={"classes_planned": -1},
                                    user=personas["district_official"])


@pytest.mark.django_db
def test_plan_rules_in_the_services(personas, ba_dinh, hoan_kiem):
    official, doit = personas["district_official"], personas["doit_staff"]
    with pytest.raises(PermissionDenied):
        services.district_plan_save(district=hoan_kiem, year=2017, data={"targets": "x"}, user=official)
    plan = services.district_plan_save(district=ba_dinh, year=None, data={}, user=official)
    with pytest.raises(ValidationError, match="mục tiêu"):
        services.district_plan_submit(plan=plan, user=official)
    plan = services.district_plan_save(district=ba_dinh, year=None, data={"targets": "T"}, user=official)
    with pytest.raises(ValidationError):
        services.district_plan_return(plan=plan, user=doit, reason="chưa gửi")
    services.district_plan_submit(plan=plan, user=official)
    with pytest.raises(PermissionDenied):
        services.district_plan_approve(plan=plan, user=official)
    with pytest.raises(ValidationError, match="không sửa được|chờ duyệt"):
        services.district_plan_save(district=ba_dinh, year=None, data={"targets": "y"}, user=official)


@pytest.mark.django_db
def test_an_official_never_sees_another_districts_plan(client_as, personas, hoan_kiem):
    # A marker no CSRF token can hold by chance (a two-letter one did, now and then).
    plan = services.district_plan_save(district=hoan_kiem, year=2017, data={"targets": "Mục tiêu riêng Hoàn Kiếm"},
                                       user=personas["doit_staff"])
    official = client_as("district_official")
    assert official.get(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/").status_code == 404
    assert official.post(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/", {"action": "submit"}).status_code == 404
    listed = official.get("/bao-cao/ke-hoach-quan-huyen/").content.decode()
    assert "Mục tiêu riêng Hoàn Kiếm" not in listed and f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/" not in listed
    assert "Mục tiêu riêng Hoàn Kiếm" in client_as("doit_staff").get("/bao-cao/ke-hoach-quan-huyen/").content.decode()


def _approved_plan(personas, district, year=2017):
    plan = services.district_plan_save(
        district=district, year=year, user=personas["district_official"],
        data={"targets": "T", "classes_planned": 4, "classes_budget": 40_000_000, "workshops_planned": 2,
              "workshops_budget": 20_000_000, "media_planned": 6, "media_budget": 6_000_000,
              "budget_planned": 90_000_000})
    services.district_plan_submit(plan=plan, user=personas["district_official"])
    return services.district_plan_approve(plan=plan, user=personas["doit_staff"])


@pytest.mark.django_db
def test_the_district_report_page_shows_planned_against_done(client_as, personas, ba_dinh):
    _approved_plan(personas, ba_dinh)
    period = ReportingPeriod.objects.get(code="2017")
    report = services.district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    report.figures.update(registry_value=None)
    services.district_report_save(report=report, expected_version=report.version, user=personas["district_official"],
                                  data={"classes_count": 3, "classes_cost": 31_000_000, "budget_spent": 77_000_000})
    page = client_as("district_official").get(f"/bao-cao/quan-huyen/{report.pk}/").content.decode()
    section = page[page.index('id="plan-against-done"'):]
    assert "Lớp tập huấn" in section
    # planned 4 against done 3, planned 40.000.000 against spent 31.000.000; budget 90.000.000 against 77.000.000
    for figure in ("4", "3", "40.000.000", "31.000.000", "90.000.000", "77.000.000"):
        assert f">{figure}<" in section, figure
    other = services.district_report_open(district=ba_dinh, period=ReportingPeriod.objects.get(code="2018"),
                                          user=personas["district_official"])
    page = client_as("district_official").get(f"/bao-cao/quan-huyen/{other.pk}/").content.decode()
    assert "chưa lập kế hoạch SXSH cho kỳ này" in page


@pytest.mark.django_db
def test_the_districts_pdf_shows_planned_against_done(personas, ba_dinh, django_capture_on_commit_callbacks):
    from sxsh_portal.celery import app

    _approved_plan(personas, ba_dinh)
    period = ReportingPeriod.objects.get(code="2017")
    report = services.district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    report.figures.update(registry_value=None)
    services.district_report_save(report=report, expected_version=report.version, user=personas["district_official"],
                                  data={"workshops_count": 1, "workshops_cost": 12_500_000, "budget_spent": 55_000_000})
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = services.city_report_request(period=period, user=personas["district_official"], district=ba_dinh)
    finally:
        app.conf.task_always_eager = previous
    job.refresh_from_db()
    assert job.status == "done", job.error
    text = pdftotext(job.pdf.read())
    assert "kế hoạch so với thực hiện" in text
    section = text[text.index("kế hoạch so với thực hiện"):]
    workshops = next(line for line in section.splitlines() if line.strip().startswith("Hội thảo"))
    budget = next(line for line in section.splitlines() if line.strip().startswith("Kinh phí khuyến"))
    assert workshops.split()[-4:] == ["2", "1", "20.000.000", "12.500.000"]
    assert budget.split()[-2:] == ["90.000.000", "55.000.000"]
