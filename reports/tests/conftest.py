from contextlib import contextmanager

import pytest

from plan.models import AdministrativeUnit, ReportingPeriod


@pytest.fixture
def ba_dinh(plan_loaded):
    return AdministrativeUnit.objects.get(code="001")


@pytest.fixture
def hoan_kiem(plan_loaded):
    return AdministrativeUnit.objects.get(code="002")


@pytest.fixture
def period(plan_loaded):
    return ReportingPeriod.objects.get(code="2017S1")


@pytest.fixture
def open_report(personas, ba_dinh, period):
    """Ba Đình's draft for 2017S1, opened by its official."""
    from reports.services import district_report_open

    report = district_report_open(district=ba_dinh, period=period, user=personas["district_official"])
    # The registry may already give counts (enterprises.selectors); these tests set their own.
    report.figures.update(registry_value=None)
    return report


@contextmanager
def broker_unreachable():
    """Celery pointed at a port where nothing listens, not eager, for the duration of the block."""
    from sxsh_portal.celery import app

    previous = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_connection_timeout,
                app.conf.broker_transport_options)
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    app.conf.broker_connection_timeout = 1
    app.conf.broker_transport_options = {"max_retries": 0}
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_connection_timeout,
         app.conf.broker_transport_options) = previous
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, not eager, for one test."""
    with broker_unreachable() as app:
        yield app
