"""Celery tasks of the reports app: thin, they take ids and call services."""

from celery import shared_task

from reports import services

# The job row is the result of these tasks. They keep none in Redis, so that asking for one while Redis is down does
# not first try to subscribe to a result there (about 20 s of retries, then a RuntimeError: a 500 for the user).


@shared_task(
    name="reports.city_report_generate",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def city_report_generate(self, job_id: int) -> str:
    """Generate one report job's PDF (safe to run twice; a redelivered message takes over its job)."""
    return services.city_report_generate(job_id=job_id, task_id=self.request.id)


@shared_task(name="reports.city_report_jobs_requeue")
def city_report_jobs_requeue() -> int:
    """Every 5 minutes: hand back to the queue the jobs recorded while the broker was down; fail stale ones."""
    services.city_report_jobs_fail_stale()
    return services.city_report_jobs_requeue()


@shared_task(name="reports.send_due_reminders")
def send_due_reminders() -> dict:
    """Daily: remind districts of reports due within 7 days; list the overdue ones to DoIT; fail stale jobs."""
    services.city_report_jobs_fail_stale()
    return services.district_reports_send_reminders()


@shared_task(name="reports.indicator_snapshots_refresh", ignore_result=True)
def indicator_snapshots_refresh(period_id: int | None = None) -> int:
    """Recompute the stored T1–T5 counts: of one period (after a district report is approved), or nightly of all."""
    from plan.models import ReportingPeriod

    periods = None if period_id is None else ReportingPeriod.objects.filter(pk=period_id)
    return services.indicator_snapshots_refresh(periods=periods)
