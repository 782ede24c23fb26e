import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import pdftotext
from plan.models import ReportingPeriod
from reports import services
from reports.models import CityReportJob
from reports.tests.conftest import celery_eager
from reports.tests.factories import DistrictReportFactory


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process (as in `make run`) unless the test runs a real worker or a dead broker."""
    if request.node.get_closest_marker("redis") or "broker_down" in request.fixturenames:
        yield
        return
    with celery_eager():
        yield


@pytest.mark.django_db
def test_in_eager_mode_a_requested_report_is_done_on_the_next_page_load(client_as, period, django_capture_on_commit_callbacks):
    client = client_as("doit_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bao-cao/tong-hop/", {"period": period.pk})
    assert response.status_code == 302
    job = CityReportJob.objects.get()
    assert job.status == "done", job.error
    assert job.attempts == 1 and job.duration is not None
    page = client.get("/bao-cao/tong-hop/")
    assert f"/bao-cao/tong-hop/{job.pk}/tai-ve/" in page.content.decode()
    pdf = b"".join(client.get(f"/bao-cao/tong-hop/{job.pk}/tai-ve/").streaming_content)
    text = pdftotext(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "6 tháng đầu năm 2017" in text
    assert "chưa có số liệu" in text


@pytest.mark.django_db
def test_generating_twice_does_not_regenerate_a_done_job(personas, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.city_report_request(period=period, user=personas["doit_staff"])
    job.refresh_from_db()
    name = job.pdf.name
    assert services.city_report_generate(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.pdf.name, job.attempts) == (name, 1)


@pytest.mark.django_db
def test_a_running_job_older_than_the_time_limit_fails_and_can_be_retried(personas, period, settings,
                                                                          django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    job = CityReportJob.objects.create(period=period, kind=period.kind, requested_by=personas["doit_staff"],
                                       status="running",
                                       started_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5))
    assert services.city_report_generate(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and "Quá thời gian" in job.error
    with django_capture_on_commit_callbacks(execute=True):
        services.city_report_retry(job=job, user=personas["doit_staff"])
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1


@pytest.mark.django_db
def test_a_district_gets_its_own_report_in_the_same_format(client_as, period, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("district_official").post("/bao-cao/tong-hop/", {"period": period.pk})
    assert response.status_code == 302
    job = CityReportJob.objects.get()
    assert job.district.code == "001" and job.status == "done"
    text = pdftotext(job.pdf.read())
    # the district's People's Committee issues it (BC-UBND, signed TM. ỦY BAN NHÂN DÂN), not its economic division
    assert "ỦY BAN NHÂN DÂN" in text and "QUẬN BA ĐÌNH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "PHÒNG KINH TẾ" not in text and "TM. ỦY BAN NHÂN DÂN" in text


@pytest.mark.django_db
def test_the_api_answers_202_with_the_job_url(api_as, period, django_capture_on_commit_callbacks):
    api = api_as("doit_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/city-reports/", {"period": period.pk}, format="json")
    assert response.status_code == 202
    body = api.get(response.json()["url"]).json()
    assert body["status"] == "done"
    assert body["pdf"] == f"http://testserver/api/v1/city-reports/{body['id']}/pdf/"
    assert api.get(body["pdf"]).status_code == 200


@pytest.mark.django_db
def test_report_data_gathering_does_not_grow_with_the_number_of_district_reports(period):
    from plan.models import AdministrativeUnit
    from reports.selectors import city_report_data

    def count():
        with CaptureQueriesContext(connection) as ctx:
            data = city_report_data(period=period)
            [list(r.figures.all()) for r in data["approved_reports"]]
        return len(ctx)

    units = list(AdministrativeUnit.objects.exclude(type="city").order_by("code"))
    DistrictReportFactory(district=units[0], status="approved", difficulties="Khó 1")
    few = count()
    for unit in units[1:8]:
        DistrictReportFactory(district=unit, status="approved")
    assert count() == few


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_generates_the_city_report_asked_through_the_api(celery_worker_process, api_as):
    period = ReportingPeriod.objects.get(code="2017S1")
    api = api_as("doit_staff")
    response = api.post("/api/v1/city-reports/", {"period": period.pk}, format="json")
    assert response.status_code == 202, response.content
    url = response.json()["url"]
    deadline = time.monotonic() + 60
    body = api.get(url).json()
    while body["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        body = api.get(url).json()
    assert body["status"] == "done", body
    pdf = api.get(body["pdf"])
    assert pdf.status_code == 200
    text = pdftotext(b"".join(pdf.streaming_content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "6 tháng đầu năm 2017" in text


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_unreachable_the_request_stays_queued_with_a_note_not_a_500(broker_down, client_as, api_as):
    period = ReportingPeriod.objects.get(code="2017S1")
    response = api_as("doit_staff").post("/api/v1/city-reports/", {"period": period.pk}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    assert "hàng đợi" in response.json()["note"]
    page = client_as("doit_staff").post("/bao-cao/tong-hop/", {"period": period.pk}, follow=True)
    assert page.status_code == 200
    assert "khi hàng đợi hoạt động trở lại" in page.content.decode()
    assert set(CityReportJob.objects.values_list("status", flat=True)) == {"queued"}
