"""Scale: the bulk demo generator, and no unbounded COUNT(*) over the registry on unfiltered lists."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.vn import mst

from enterprises.models import Enterprise

UNBOUNDED_COUNT = re.compile(r'SELECT COUNT\(\*\).*FROM "enterprises_enterprise"(?!.*\bWHERE\b)(?!.*\bLIMIT\b)',
                             re.IGNORECASE | re.DOTALL)


@pytest.mark.django_db
def test_seed_demo_with_facilities_makes_that_many_valid_facilities_across_districts_and_runs_twice(plan_loaded):
    call_command("seed_demo", facilities=500, stdout=open("/dev/null", "w"))
    call_command("seed_demo", facilities=500, stdout=open("/dev/null", "w"))
    assert Enterprise.objects.count() == 500
    codes = list(Enterprise.objects.values_list("tax_code", flat=True))
    assert all(mst.is_valid(code) for code in codes)
    assert len(set(codes)) == 500
    assert Enterprise.objects.values("district").distinct().count() >= 25
    assert Enterprise.objects.filter(awareness_records__isnull=False).exists()
    assert Enterprise.objects.filter(assessment_requests__assessment__options__isnull=False).exists()
    assert Enterprise.objects.filter(consumption_records__year=2020).exists()


def _unbounded_counts(queries):
    return [q["sql"] for q in queries if UNBOUNDED_COUNT.search(q["sql"])]


@pytest.mark.postgres
@pytest.mark.django_db
def test_enterprise_api_list_and_admin_changelist_do_not_count_the_whole_table_when_unfiltered(
        plan_loaded, personas, client, settings):
    settings.COUNT_ESTIMATE_ABOVE = 1000  # the real threshold is 50,000 facilities; seeding that is too slow here
    call_command("seed_demo", facilities=1200, stdout=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_enterprise")
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas["doit_staff"])
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/enterprises/?page_size=50")
    assert response.status_code == 200
    assert response.json()["count_is_estimate"] is True
    assert len(response.json()["results"]) == 50
    assert _unbounded_counts(ctx.captured_queries) == []

    admin = personas["doit_staff"]
    admin.is_superuser = admin.is_staff = True
    admin.save()
    client.force_login(admin)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("admin:enterprises_enterprise_changelist"))
    assert response.status_code == 200
    assert _unbounded_counts(ctx.captured_queries) == []


@pytest.mark.django_db
def test_a_filtered_api_list_counts_exactly(plan_loaded, personas):
    call_command("seed_demo", facilities=300, stdout=open("/dev/null", "w"))
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(personas["doit_staff"])
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/enterprises/?page_size=50&district=001")
    assert response.status_code == 200
    assert response.json()["count"] == Enterprise.objects.filter(district__code="001").count()
    assert response.json()["count_is_estimate"] is False
    [count] = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]
    assert "enterprises_sector" not in count and '"tax_code"' not in count  # by key, not through the page's joins


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_registry_page_says_when_its_total_is_an_estimate(plan_loaded, client_as, settings):
    settings.COUNT_ESTIMATE_ABOVE = 1000  # the real threshold is 50,000 facilities
    call_command("seed_demo", facilities=1200, stdout=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_enterprise")
    client = client_as("doit_staff")
    with CaptureQueriesContext(connection) as ctx:
        whole = client.get(reverse("enterprises:list")).content.decode()
    assert "Khoảng " in whole and _unbounded_counts(ctx.captured_queries) == []
    one_district = client.get(reverse("enterprises:list") + "?district=001").content.decode()
    exact = Enterprise.objects.filter(district__code="001").count()
    assert "Khoảng " not in one_district and f"{exact} cơ sở" in one_district.replace(".", "")


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/doanh-nghiep/?q=ABC", "/api/v1/enterprises/?search=ABC",
                                  "/admin/enterprises/enterprise/?q=ABC"])
def test_the_registry_search_is_answered_from_the_trigram_indexes(plan_loaded, client_as, path):
    """The query Django writes for the search (UPPER(col::text) LIKE …) matches the indexes' expression: with
    sequential scans ruled out, PostgreSQL reads every searched column through its trigram index."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root.search", "root@example.vn", "pw-for-tests-1")
    client = client_as("doit_staff")
    if path.startswith("/admin/"):
        client.force_login(admin)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    search = next(q["sql"] for q in ctx.captured_queries  # the count, or the page: the same WHERE
                  if "LIKE UPPER(" in q["sql"] and "enterprises_enterprise" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {search}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    used = set(re.findall(r"Bitmap Index Scan on (enterprise_\w+_trgm)", plan))
    searched = {column for column in ("name", "tax_code", "address", "contact_person")
                if f'UPPER("enterprises_enterprise"."{column}"::text)' in search}
    assert searched and used == {f"enterprise_{column}_trgm" for column in searched}, plan
