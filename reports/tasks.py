"""Celery tasks of the reports app: thin, they take ids and call services."""

from celery import shared_task

from reports import services


@shared_task(name="reports.city_report_generate", acks_late=True, reject_on_worker_lost=True)
def city_report_generate(job_id: int) -> str:
    """Generate one report job's PDF (safe to run twice)."""
    return services.city_report_generate(job_id=job_id)


@shared_task(name="reports.send_due_reminders")
def send_due_reminders() -> dict:
    """Daily: remind districts of reports due within 7 days; list the overdue ones to DoIT; fail stale jobs."""
    services.city_report_jobs_fail_stale()
    return services.district_reports_send_reminders()
