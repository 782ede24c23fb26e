"""API fuzzing with schemathesis: every GET operation of the generated OpenAPI schema, as anonymous and
as DoIT staff, a bounded number of derandomised examples each; no 5xx, and every answer fits the schema.

Every write (POST, PUT, PATCH, DELETE) too, as each role that writes through the API, with the {id} of the path
set to an object of the kind the path names, so that bodies reach the services: no 5xx. (A version "%" for a
district report's submit and a DELETE of a facility with an assessment both gave a 500 before.) The city's PDF
reports are left out: a job starts a Celery task; reports/tests cover them.

The operations are pytest's own parameters (one test id per operation, e.g. `[GET /api/v1/enterprises/]`):
schemathesis's `schema.parametrize()` gives every operation the same node id, and pytest-xdist, which
schedules by node id, then ran 2 of the 110 cases and reported the run as passed.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from sxsh_portal.wsgi import application

everything = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
schema = everything.include(method="GET")

FUZZ = settings(max_examples=5, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
CHECKS = [not_a_server_error, response_schema_conformance]
OPERATIONS = [result.ok() for result in schema.get_all_operations()]
WRITES = [result.ok() for result in
          everything.exclude(method="GET").exclude(path_regex="city-reports").get_all_operations()]
WRITE_FUZZ = settings(FUZZ, max_examples=8)
WRITERS = ["doit_staff", "district_official", "enterprise_user"]


def _fuzz(operation, **call):
    @FUZZ
    @given(case=operation.as_strategy())
    def run(case):
        case.call_and_validate(checks=CHECKS, **call)

    run()


def test_every_get_operation_is_fuzzed():
    assert len(OPERATIONS) >= 50 and len({op.label for op in OPERATIONS}) == len(OPERATIONS)


@pytest.fixture(autouse=True)
def _keep_the_test_connection_open():
    """Called straight through WSGI, Django would close the test's database connection after each
    request (the test client disconnects this handler for the same reason); keep it open."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def doit_token(personas):
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=personas["doit_staff"])[0].key


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_get_operations_as_anonymous(operation, personas):
    _fuzz(operation)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_get_operations_as_doit_staff(operation, doit_token):
    _fuzz(operation, headers={"Authorization": f"Token {doit_token}"})


def test_every_write_is_fuzzed():
    assert len(WRITES) >= 25 and {op.method.upper() for op in WRITES} == {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def objects_by_path(personas):
    """For each path with an {id}, an object of its kind, in the personas' district and facility."""
    from budget.tests.factories import EstimateFactory, ExpenditureFactory
    from enterprises.models import ConsumptionRecord, Enterprise, InvestmentProject
    from enterprises.tests.factories import (
        AssessmentFactory,
        EnterpriseFactory,
        OptionFactory,
        RequestFactory,
    )
    from plan.models import AdministrativeUnit, ReportingPeriod
    from reports.services import district_report_open

    own = Enterprise.objects.get(tax_code="0100109106")  # the enterprise persona's, in Ba Đình
    assessment = AssessmentFactory(request=RequestFactory(enterprise=own, year=2018))
    report = district_report_open(district=AdministrativeUnit.objects.get(code="001"),
                                  period=ReportingPeriod.objects.get(code="2017S1"), user=personas["district_official"])
    record = ConsumptionRecord.objects.create(enterprise=own, year=2017, resource="electricity", unit="kWh",
                                              quantity=1000, output_quantity=10, product="Bia", product_unit="lít")
    project = InvestmentProject.objects.create(enterprise=own, model_kind="pilot", title="Thu hồi nhiệt", year=2019)
    return {
        "/api/v1/assessment-requests/": RequestFactory(enterprise=own).pk,
        "/api/v1/assessments/": assessment.pk,
        "/api/v1/budget/estimates/": EstimateFactory().pk,
        "/api/v1/budget/expenditures/": ExpenditureFactory().pk,
        "/api/v1/consumption-records/": record.pk,
        "/api/v1/cp-options/": OptionFactory(assessment=assessment).pk,
        "/api/v1/district-reports/": report.pk,
        "/api/v1/enterprises/": EnterpriseFactory(district=own.district).pk,
        "/api/v1/investment-projects/": project.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", WRITERS)
@pytest.mark.parametrize("operation", WRITES, ids=lambda op: op.label)
def test_write_operations_never_answer_with_a_server_error(operation, role, personas, objects_by_path, api_as):
    from rest_framework.authtoken.models import Token

    token = Token.objects.get_or_create(user=personas[role])[0].key
    kind = operation.path.split("{id}")[0]
    assert "{id}" not in operation.path or kind in objects_by_path, f"no object for {operation.path}"

    @WRITE_FUZZ
    @given(case=operation.as_strategy())
    def run(case):
        if "id" in (case.path_parameters or {}):
            case.path_parameters["id"] = objects_by_path[kind]
        case.call_and_validate(checks=[not_a_server_error], headers={"Authorization": f"Token {token}"})

    run()
