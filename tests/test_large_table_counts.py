"""At national scale no list counts a whole table: every admin changelist and every API list, on PostgreSQL.

With the estimate threshold lowered to 1,000 rows (the real one is 50,000) and 1,200 facilities seeded with
their records, no page of the walk may run Django's `SELECT COUNT(*) AS "__count"` without a LIMIT: a count
is PostgreSQL's estimate for a whole large table, or an exact count capped at 50,000 rows.
"""

import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plan.admin_lists import PortalAdmin
from plan.registry import PORTAL_APPS

UNBOUNDED_COUNT = re.compile(r'SELECT COUNT\(\*\) AS "__count"(?!.*\bLIMIT\b)', re.IGNORECASE | re.DOTALL)

PORTAL_ADMINS = sorted((model._meta.app_label, model._meta.model_name, model_admin)
                       for model, model_admin in admin.site._registry.items()
                       if model._meta.app_label in PORTAL_APPS)


def _api_lists(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _api_lists(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name and entry.name.endswith("-list") \
                and namespace.startswith("v1") and not entry.pattern.regex.groupindex:
            yield f"{namespace}{entry.name}"


API_LISTS = sorted(set(_api_lists()))


@pytest.mark.parametrize("app_label,model_name,model_admin", PORTAL_ADMINS, ids=lambda v: str(v))
def test_every_portal_changelist_counts_cheaply(app_label, model_name, model_admin):
    assert isinstance(model_admin, PortalAdmin), f"{app_label}.{model_name}: use plan.admin_lists.PortalAdmin"
    assert model_admin.show_full_result_count is False
    assert model_admin.show_facets == admin.ShowFacets.NEVER  # facet counts read the whole table per filter


@pytest.mark.postgres
@pytest.mark.django_db
def test_no_changelist_or_api_list_counts_a_whole_table(personas, client, settings):
    from rest_framework.test import APIClient

    call_command("seed_demo", facilities=1200, stdout=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.COUNT_ESTIMATE_ABOVE = 1000
    staff = personas["doit_staff"]
    staff.is_superuser = staff.is_staff = True
    staff.save()
    client.force_login(staff)
    api = APIClient()
    api.force_authenticate(staff)
    offenders, walked = [], 0
    paths = [(client, reverse(f"admin:{a}_{m}_changelist")) for a, m, _admin in PORTAL_ADMINS]
    paths += [(api, reverse(name)) for name in API_LISTS]
    for who, path in paths:
        with CaptureQueriesContext(connection) as ctx:
            response = who.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        walked += 1
        offenders += [f"{path}: {q['sql'][:160]}" for q in ctx.captured_queries if UNBOUNDED_COUNT.search(q["sql"])]
    assert walked >= 40 and not offenders, offenders
