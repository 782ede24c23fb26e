"""The real services CI runs against: PostgreSQL, and Celery on Redis with a worker process."""

import pytest
from django.db import IntegrityError, connection, transaction

from plan.models import ReportingPeriod


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_and_it_enforces_the_constraints(plan_loaded):
    assert connection.vendor == "postgresql"
    period = ReportingPeriod.objects.get(code="2016")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.filter(pk=period.pk).update(due=period.start)


@pytest.mark.redis
def test_a_task_runs_through_a_real_celery_worker_on_redis(celery_worker_process):
    from sxsh_portal.tasks import ping

    result = ping.delay("5768")
    assert result.get(timeout=30) == "pong:5768"
    assert not celery_worker_process["app"].conf.task_always_eager
