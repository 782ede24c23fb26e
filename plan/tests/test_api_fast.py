"""Lists read through values() (plan.api_fast) answer exactly what DRF's serializer answers."""

import io

import pytest
from django.core.management import call_command
from rest_framework import serializers

from plan import api_fast
from sxsh_portal.urls import router

pytestmark = pytest.mark.django_db

FAST = [(prefix, viewset) for prefix, viewset, _basename in router.registry
        if issubclass(viewset, api_fast.ValuesListMixin) and viewset.serializer_class is not None
        and api_fast.values_plan(viewset.serializer_class) is not None]


def test_the_registry_and_the_reference_lists_take_the_fast_path():
    prefixes = {prefix for prefix, _viewset in FAST}
    assert {"enterprises", "sectors", "industrial-areas", "administrative-units", "plans",
            "consumption-records", "assessment-requests"} <= prefixes


@pytest.fixture
def seeded(personas):
    call_command("seed_demo", facilities=40, stdout=io.StringIO())
    return personas


def _both(client, path, monkeypatch):
    fast = client.get(path)
    with monkeypatch.context() as patched:
        patched.setattr(api_fast, "values_plan", lambda serializer_class: None)
        ordinary = client.get(path)
    assert fast.status_code == ordinary.status_code == 200, (path, fast.status_code, ordinary.status_code)
    return fast.content.decode(), ordinary.content.decode()


def test_every_fast_list_is_byte_for_byte_the_serializers(seeded, api_as, monkeypatch):
    """Every fast list, as DoIT staff and as a district official (seeded once: seed_demo takes seconds)."""
    compared, different = 0, []
    for role in ("doit_staff", "district_official"):
        client = api_as(role)
        for prefix, _viewset in FAST:
            fast, ordinary = _both(client, f"/api/v1/{prefix}/?page_size=200", monkeypatch)
            compared += fast.count('"id":')
            if fast != ordinary:
                different.append(f"{role} {prefix}")
    client = api_as("doit_staff")
    for query in ("district=001&ordering=-workers", "search=C%C3%B4ng%20ty&ordering=name", "page=2",
                  "size=large&ordering=-tax_code"):
        fast, ordinary = _both(client, f"/api/v1/enterprises/?page_size=5&{query}", monkeypatch)
        if fast != ordinary:
            different.append(f"enterprises ?{query}")
    assert different == []
    assert compared > 200  # rows really compared, not empty lists


def test_nulls_dates_and_choices_come_out_as_the_serializer_writes_them(seeded, api_as):
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.filter(industrial_area__isnull=True).first()
    enterprise.closed_on, enterprise.email = None, ""
    enterprise.save()
    body = api_as("doit_staff").get(f"/api/v1/enterprises/?tax_code={enterprise.tax_code}").json()
    [row] = body["results"]
    assert row["industrial_area"] is None and row["closed_on"] is None and row["email"] == ""
    assert row["district"] == enterprise.district.code and row["sector"] == enterprise.sector.code
    assert row["registered_on"] == (enterprise.registered_on.isoformat() if enterprise.registered_on else None)


class _MethodSerializer(serializers.Serializer):
    name = serializers.SerializerMethodField()


class _FileSerializer(serializers.ModelSerializer):
    """A file's URL is absolute only with the request: not a plain column for the values() path."""

    class Meta:
        from outreach.models import Document

        model = Document
        fields = ["id", "file"]


def test_a_serializer_that_is_not_plain_columns_is_listed_the_ordinary_way():
    from enterprises.api import AssessmentSerializer

    assert api_fast.values_plan(_MethodSerializer) is None
    assert api_fast.values_plan(_FileSerializer) is None
    assert api_fast.values_plan(AssessmentSerializer) is None  # nested options
