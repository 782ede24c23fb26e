"""PDF report jobs under faults: Redis stopped when asked, a job past its time limit, a worker killed mid-PDF."""

import os
import signal
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import celery_worker_start, celery_worker_stop, pdftotext
from plan.models import ReportingPeriod
from reports import services
from reports.models import CityReportJob
from reports.tests.conftest import broker_unreachable, celery_pointed_at

ROOT = Path(__file__).resolve().parents[2]


def _job(period, user, **fields):
    return CityReportJob.objects.create(period=period, kind=period.kind, requested_by=user, **fields)


def _wait_for(job, statuses=("done", "failed"), seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.3)
    return job


# --- requeue of jobs recorded while the broker was down ---------------------------------------------------------


@pytest.mark.django_db
def test_the_requeue_sends_jobs_left_by_a_dead_broker_or_waiting_too_long_and_nothing_else(
    personas, period, eager
):
    user = personas["doit_staff"]
    noted = _job(period, user, note=services.QUEUE_DOWN_NOTE)
    old = _job(period, user)
    CityReportJob.objects.filter(pk=old.pk).update(requested_at=timezone.now() - timedelta(minutes=3))
    fresh = _job(period, user)
    running = _job(period, user, status="running", started_at=timezone.now(), task_id="other-task")

    assert services.city_report_jobs_requeue() == 2
    for job in (noted, old, fresh, running):
        job.refresh_from_db()
    assert (noted.status, noted.note, old.status) == ("done", "", "done")
    assert (fresh.status, running.status, running.attempts) == ("queued", "running", 0)


@pytest.mark.django_db
def test_the_beat_schedule_runs_the_requeue_every_five_minutes(settings):
    from reports.tasks import city_report_jobs_requeue

    entry = next(
        e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == city_report_jobs_requeue.name
    )
    assert entry["schedule"] == 5 * 60


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_still_down_the_requeue_keeps_the_job_queued_with_its_note(personas):
    period = ReportingPeriod.objects.get(code="2017S1")
    job = _job(period, personas["doit_staff"], note=services.QUEUE_DOWN_NOTE)
    with broker_unreachable():
        assert services.city_report_jobs_requeue() == 0
    job.refresh_from_db()
    assert (job.status, job.note) == ("queued", services.QUEUE_DOWN_NOTE)


def _post_timed(client, *args, **kwargs):
    started = time.monotonic()
    response = client.post(*args, **kwargs)
    return response, time.monotonic() - started


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_while_reports_are_asked_for_records_them_with_a_clear_message_and_they_run_once_it_is_back(
    private_redis, celery_worker_factory, client_as, api_as
):
    """A real redis-server, the broker and result store of this process and of a real worker, is shut down; a
    district official asks for a report on the page and DoIT through the API. Both are told, in Vietnamese and
    quickly, that the request is recorded; once Redis is back, the requeue (sent through Redis, as the beat sends
    it) hands both jobs to the same worker, which has reconnected by itself, and it makes their PDFs."""
    from reports.tasks import city_report_jobs_requeue

    period = ReportingPeriod.objects.get(code="2017S1")
    with celery_pointed_at(private_redis.url, result_backend=private_redis.url):
        worker = celery_worker_factory(redis_url=private_redis.url)
        private_redis.stop()

        page, page_seconds = _post_timed(
            client_as("district_official"), "/bao-cao/tong-hop/", {"period": period.pk}, follow=True
        )
        assert page.status_code == 200 and page.redirect_chain == [("/bao-cao/tong-hop/", 302)]
        messages = [str(m) for m in page.context["messages"]]
        assert messages == [services.QUEUE_DOWN_NOTE], messages
        assert page.content.decode().count(services.QUEUE_DOWN_NOTE) == 2  # the message, and the job's row
        response, api_seconds = _post_timed(
            api_as("doit_staff"), "/api/v1/city-reports/", {"period": period.pk}, format="json"
        )
        assert response.status_code == 202, response.content
        assert (response.json()["status"], response.json()["note"]) == ("queued", services.QUEUE_DOWN_NOTE)
        assert max(page_seconds, api_seconds) < 5, (page_seconds, api_seconds)

        jobs = list(CityReportJob.objects.order_by("pk"))
        assert [(job.district.code if job.district else None, job.status, job.note) for job in jobs] == [
            ("001", "queued", services.QUEUE_DOWN_NOTE),
            (None, "queued", services.QUEUE_DOWN_NOTE),
        ]
        assert services.city_report_jobs_requeue() == 0  # still down: nothing sent, nothing lost

        private_redis.start()
        city_report_jobs_requeue.delay()
        for job in jobs:
            job = _wait_for(job, seconds=90)
            assert job.status == "done", f"{job.status} {job.error}: see {worker['log'].name}"
            assert (job.attempts, job.note) == (1, "")
            assert job.pdf.storage.exists(job.pdf.name)
            assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdftotext(job.pdf.read())
    assert worker["process"].poll() is None  # the worker that lived through the outage did the work


# --- idempotent generation -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_running_under_another_task_is_left_alone_but_its_own_redelivered_task_takes_over(
    personas, period
):
    job = _job(
        period,
        personas["doit_staff"],
        status="running",
        started_at=timezone.now(),
        task_id="task-a",
        attempts=1,
    )
    assert services.city_report_generate(job_id=job.pk, task_id="task-b") == "running"
    assert services.city_report_generate(job_id=job.pk) == "running"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.pdf.name) == ("running", 1, "")
    # The same message delivered again: its worker died without acknowledging it.
    assert services.city_report_generate(job_id=job.pk, task_id="task-a") == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2) and job.pdf.name
    name = job.pdf.name
    assert services.city_report_generate(job_id=job.pk, task_id="task-a") == "done"
    job.refresh_from_db()
    assert (job.pdf.name, job.attempts) == (name, 2)


# --- a job running past the time limit ------------------------------------------------------------------------


def _stale_job(period, user, settings):
    return _job(
        period,
        user,
        status="running",
        task_id="lost",
        started_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5),
    )


@pytest.mark.django_db
def test_a_job_past_the_time_limit_shows_the_reason_in_vietnamese_and_is_retried_from_the_page(
    client_as, personas, period, settings, eager, django_capture_on_commit_callbacks
):
    job = _stale_job(period, personas["doit_staff"], settings)
    client = client_as("doit_staff")
    page = client.get("/bao-cao/tong-hop/").content.decode()
    job.refresh_from_db()
    assert job.status == "failed"
    assert f"Quá thời gian cho phép ({settings.CELERY_TASK_TIME_LIMIT} giây)" in job.error
    assert job.error in page and f"/bao-cao/tong-hop/{job.pk}/chay-lai/" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/bao-cao/tong-hop/{job.pk}/chay-lai/").status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 1)


@pytest.mark.django_db
def test_a_job_past_the_time_limit_is_retried_through_the_api_by_doit_only(
    api_as, personas, period, settings, eager, django_capture_on_commit_callbacks
):
    job = _stale_job(period, personas["doit_staff"], settings)
    assert api_as("department_viewer").post(f"/api/v1/city-reports/{job.pk}/retry/").status_code == 403
    api = api_as("doit_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/city-reports/{job.pk}/retry/")
    assert response.status_code == 202, response.content
    body = api.get(f"/api/v1/city-reports/{job.pk}/").json()
    assert body["status"] == "done" and body["pdf"]
    again = api.post(f"/api/v1/city-reports/{job.pk}/retry/")
    assert again.status_code == 400 and "Chỉ chạy lại được" in str(again.json())


# --- a worker killed in the middle of a PDF ------------------------------------------------------------------------


def _start_worker(env, queue, name, log):
    return celery_worker_start(env=env, queue=queue, name=name, log=log, extra_args=["--without-heartbeat"])


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_pdf_leaves_a_job_that_a_second_worker_finishes(celery_worker_process, personas):
    """Late acknowledgement: the message of a SIGKILLed worker stays unacknowledged in Redis; after the
    (here 3 s) visibility timeout the next worker puts it back on the queue, and the task, seeing its own
    task id on the running job, takes over and finishes it."""
    from reports.tasks import city_report_generate

    queue = f"sxsh-test-kill-{uuid.uuid4().hex[:8]}"
    base_env = dict(celery_worker_process["env"], CELERY_QUEUE=queue, CELERY_BROKER_VISIBILITY_TIMEOUT="3")
    period = ReportingPeriod.objects.get(code="2017S1")
    job = _job(period, personas["doit_staff"])
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / f"celery-{queue}.log", "w")
    first = _start_worker({**base_env, "SXSH_TEST_RENDER_DELAY": "30"}, queue, f"{queue}-a", log)
    second = None
    try:
        result = city_report_generate.apply_async(args=[job.pk], queue=queue)
        job = _wait_for(job, statuses=("running", "done", "failed"), seconds=60)
        assert job.status == "running", f"the first worker never started the job: see {log.name}"
        assert job.task_id == result.id and job.attempts == 1
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == "running"  # killed in the middle: nothing finished it
        time.sleep(4)  # past the visibility timeout
        second = _start_worker({**base_env, "SXSH_TEST_RENDER_DELAY": "0"}, queue, f"{queue}-b", log)
        job = _wait_for(job, seconds=60)
        assert job.status == "done", f"{job.status} {job.error}: see {log.name}"
        assert job.attempts == 2 and job.task_id == result.id
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdftotext(job.pdf.read())
    finally:
        celery_worker_stop(first)
        if second is not None:
            celery_worker_stop(second)
        log.close()
