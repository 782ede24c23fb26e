import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan.models import AdministrativeUnit, ReportingPeriod
from reports.tests.factories import DistrictReportFactory

pytestmark = pytest.mark.django_db


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200
    return len(ctx)


@pytest.fixture
def other_draft(plan_loaded):
    return DistrictReportFactory(district=AdministrativeUnit.objects.get(code="002"))


def test_a_ba_dinh_official_gets_404_on_another_districts_report(client_as, api_as, other_draft):
    assert client_as("district_official").get(f"/bao-cao/quan-huyen/{other_draft.pk}/").status_code == 404
    assert api_as("district_official").get(f"/api/v1/district-reports/{other_draft.pk}/").status_code == 404
    listed = api_as("district_official").get("/api/v1/district-reports/").json()
    assert other_draft.pk not in [r["id"] for r in listed["results"]]


def test_the_api_saves_with_a_version_and_refuses_a_stale_one(api_as, open_report):
    api = api_as("district_official")
    url = f"/api/v1/district-reports/{open_report.pk}/"
    assert api.patch(url, {"difficulties": "Thiếu vốn"}, format="json").status_code == 400  # version required
    first = api.patch(url, {"version": 1, "difficulties": "Thiếu vốn"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api.patch(url, {"version": 1, "difficulties": "Ghi đè"}, format="json")
    assert second.status_code == 400 and "người khác sửa" in str(second.json())
    assert api.get(url).json()["difficulties"] == "Thiếu vốn"


def test_the_api_workflow_submit_return_approve(api_as, open_report):
    url = f"/api/v1/district-reports/{open_report.pk}/"
    assert api_as("district_official").post(url + "submit/").json()["status"] == "submitted"
    assert api_as("doit_staff").post(url + "return/", {"reason": ""}, format="json").status_code == 400
    assert api_as("doit_staff").post(url + "return/", {"reason": "Bổ sung"}, format="json").json()["status"] == "returned"
    assert api_as("doit_staff").post(url + "approve/").status_code == 400  # returned, not submitted
    api_as("district_official").post(url + "submit/")
    body = api_as("doit_staff").post(url + "approve/").json()
    assert body["status"] == "approved" and "khóa" in body["editable"]


def test_the_page_says_why_a_submitted_report_cannot_be_edited(client_as, open_report):
    client = client_as("district_official")
    client.post(f"/bao-cao/quan-huyen/{open_report.pk}/gui/", {"version": open_report.version})
    page = client.get(f"/bao-cao/quan-huyen/{open_report.pk}/").content.decode()
    assert "đang chờ xem xét" in page and 'name="fig_facilities_value"' not in page


def test_a_refused_submission_says_why_once(client_as, open_report):
    """Submitting an already submitted report, or saving it, is refused: the reason is flashed once, and the page's
    own box saying why it cannot be edited is left out while the flash says the same."""
    client = client_as("district_official")
    url = f"/bao-cao/quan-huyen/{open_report.pk}/"
    client.post(url + "gui/", {"version": open_report.version})
    reason = "chỉ sửa được khi bị trả lại"
    again = client.post(url + "gui/", {"version": open_report.version + 1}, follow=True).content.decode()
    assert again.count(reason) == 1 and 'class="alert alert-danger" role="alert">Báo cáo đã gửi' in again
    saved = client.post(url, {"version": open_report.version + 1, "fig_facilities_value": "80"}).content.decode()
    assert saved.count(reason) == 1
    assert client.get(url).content.decode().count(reason) == 1  # the box, now that nothing was refused


def test_the_district_official_edits_and_submits_through_the_page(client_as, open_report):
    client = client_as("district_official")
    url = f"/bao-cao/quan-huyen/{open_report.pk}/"
    assert 'name="fig_facilities_value"' in client.get(url).content.decode()
    data = {"version": 1, "fig_facilities_value": "80", "fig_aware_value": "90", "difficulties": "x",
            **{f: 0 for f in ["classes_count", "classes_participants", "classes_cost", "workshops_count",
                              "workshops_participants", "workshops_cost", "media_count", "media_participants",
                              "media_cost", "budget_planned", "budget_spent"]}}
    page = client.post(url, data, follow=True).content.decode()
    assert "không được lớn hơn" in page
    data["fig_aware_value"] = "40"
    client.post(url, data)
    open_report.refresh_from_db()
    assert open_report.version == 2 and open_report.figures.get(code="aware").district_value == 40


def test_doit_reviews_and_returns_through_the_page(client_as, open_report, personas):
    from reports.services import district_report_submit

    district_report_submit(report=open_report, user=personas["district_official"])
    client = client_as("doit_staff")
    page = client.get(f"/bao-cao/quan-huyen/{open_report.pk}/").content.decode()
    assert "Trả lại" in page and "Duyệt" in page
    client.post(f"/bao-cao/quan-huyen/{open_report.pk}/tra-lai/", {"reason": "Thiếu bản scan"})
    open_report.refresh_from_db()
    assert open_report.status == "returned"
    listing = client_as("district_official").get("/bao-cao/quan-huyen/").content.decode()
    assert "Thiếu bản scan" in listing


def _many_reports(n, start=0):
    units = list(AdministrativeUnit.objects.exclude(type="city").order_by("code")[start:start + n])
    periods = list(ReportingPeriod.objects.order_by("end")[:3])
    for unit in units:
        for period in periods:
            DistrictReportFactory(district=unit, period=period, status="submitted")


def test_the_grid_query_count_does_not_grow_with_reports(client_as):
    client = client_as("doit_staff")
    _many_reports(2)
    few = _count(lambda: client.get("/bao-cao/tinh-hinh-nop/"))
    _many_reports(10, start=2)
    assert _count(lambda: client.get("/bao-cao/tinh-hinh-nop/")) == few


def test_the_district_list_and_api_list_query_counts_do_not_grow(client_as, api_as, personas):
    page = client_as("district_official")
    api = api_as("doit_staff")
    _many_reports(1)
    few_page = _count(lambda: page.get("/bao-cao/quan-huyen/"))
    few_api = _count(lambda: api.get("/api/v1/district-reports/"))
    _many_reports(10, start=1)
    assert _count(lambda: page.get("/bao-cao/quan-huyen/")) == few_page
    assert _count(lambda: api.get("/api/v1/district-reports/")) == few_api


def test_the_job_list_query_count_does_not_grow(client_as, api_as, personas):
    from reports.models import CityReportJob

    period = ReportingPeriod.objects.get(code="2017S1")

    def jobs(n):
        CityReportJob.objects.bulk_create([CityReportJob(period=period, kind=period.kind, requested_by=personas["doit_staff"],
                                                         status="failed", error="x") for _ in range(n)])
    jobs(1)
    page, api = client_as("doit_staff"), api_as("doit_staff")
    few_page, few_api = _count(lambda: page.get("/bao-cao/tong-hop/")), _count(lambda: api.get("/api/v1/city-reports/"))
    jobs(10)
    assert _count(lambda: page.get("/bao-cao/tong-hop/")) == few_page
    assert _count(lambda: api.get("/api/v1/city-reports/")) == few_api


ACTIVITY_ZEROS = {f: 0 for f in ["classes_count", "classes_participants", "classes_cost", "workshops_count",
                                 "workshops_participants", "workshops_cost", "media_count", "media_participants",
                                 "media_cost", "budget_planned", "budget_spent"]}


def test_a_figure_of_a_thousand_or_more_is_written_back_plainly_and_saves_again(client_as, open_report):
    """The box held "1.234" (the grouped number a template prints), which the browser cannot send back: every later
    save failed. It holds 1234."""
    client = client_as("district_official")
    url = f"/bao-cao/quan-huyen/{open_report.pk}/"
    data = {"version": 1, "fig_facilities_value": "1234", "fig_facilities_reason": "Rà soát lại", **ACTIVITY_ZEROS}
    client.post(url, data)
    open_report.refresh_from_db()
    assert open_report.version == 2
    page = client.get(url).content.decode()
    assert re.search(r'name="fig_facilities_value" value="1234"', page) or 'value="1234"' in page
    assert 'value="1.234"' not in page
    client.post(url, {**data, "version": 2, "proposals": "Đề xuất mới"})
    open_report.refresh_from_db()
    assert open_report.version == 3 and open_report.proposals == "Đề xuất mới"


@pytest.mark.parametrize("value, message", [
    ("1e3", "Nhập một số nguyên"), ("abc", "Nhập một số nguyên"), ("-3", "lớn hơn hoặc bằng"),
    ("99999999999999999999", "nhỏ hơn hoặc bằng"),
])
def test_a_bad_figure_is_named_under_its_box_and_nothing_is_saved(client_as, open_report, value, message):
    client = client_as("district_official")
    url = f"/bao-cao/quan-huyen/{open_report.pk}/"
    response = client.post(url, {"version": 1, "fig_facilities_value": value, "fig_facilities_reason": "x",
                                 "difficulties": "Không lưu", **ACTIVITY_ZEROS})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="form-errors"' in page
    box = page.index('name="fig_facilities_value"')
    error = re.search(r'<div class="text-danger small">([^<]*)</div>', page[box:])
    assert error and message in error.group(1) and page.index(error.group(0), box) < page.index("</tr>", box)
    open_report.refresh_from_db()
    assert open_report.version == 1 and open_report.difficulties != "Không lưu"


@pytest.mark.parametrize("period", ["", "abc", "99999"])
def test_a_report_asked_for_with_no_valid_period_says_so_under_the_field(client_as, plan_loaded, period):
    from reports.models import CityReportJob

    page = client_as("doit_staff").post("/bao-cao/tong-hop/", {"period": period}).content.decode()
    box = page.index('name="period"')
    assert re.search(r'<div class="text-danger small">[^<]+</div>', page[box:box + 4000])
    assert not CityReportJob.objects.exists()


def _forms_the_browser_checks(html):
    """The page's forms with a number box or a required field and no novalidate: the browser would check them
    itself, with its own English hints ("Please enter a number"), before the portal's Vietnamese messages."""
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    return [form[:120] for form in forms
            if ('type="number"' in form or re.search(r"\srequired[\s>=]", form))
            and "novalidate" not in form.split(">", 1)[0]]


def test_report_and_plan_forms_leave_checking_to_the_portal(client_as, personas, open_report, ba_dinh):
    from reports import services

    report_page = client_as("district_official").get(f"/bao-cao/quan-huyen/{open_report.pk}/").content.decode()
    assert 'type="number"' in report_page and _forms_the_browser_checks(report_page) == []
    services.district_report_submit(report=open_report, user=personas["district_official"])
    doit_page = client_as("doit_staff").get(f"/bao-cao/quan-huyen/{open_report.pk}/").content.decode()
    assert 'name="reason"' in doit_page and _forms_the_browser_checks(doit_page) == []
    plan = services.district_plan_save(district=ba_dinh, year=2018, data={"targets": "A"},
                                       user=personas["district_official"])
    plan_page = client_as("district_official").get(f"/bao-cao/ke-hoach-quan-huyen/{plan.pk}/sua/").content.decode()
    assert 'type="number"' in plan_page and _forms_the_browser_checks(plan_page) == []
    listing = client_as("doit_staff").get("/doanh-nghiep/").content.decode()
    assert 'id="enterprise-filter"' in listing and _forms_the_browser_checks(listing) == []
