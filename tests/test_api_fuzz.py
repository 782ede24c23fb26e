"""API fuzzing with schemathesis: every GET operation of the generated OpenAPI schema, as anonymous and
as DoIT staff, a bounded number of derandomised examples each; no 5xx, and every answer fits the schema.

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

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(method="GET")

FUZZ = settings(max_examples=5, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
CHECKS = [not_a_server_error, response_schema_conformance]
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


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
