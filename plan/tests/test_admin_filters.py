"""The admin's district and sector filters read their lists from memory (plan.admin_filters): the same choices as
Django's, a change seen at once in the process that made it and within KEPT_SECONDS in any other."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Sector
from plan import admin_filters

pytestmark = pytest.mark.django_db
URL = "/admin/enterprises/enterprise/"


def _page(client, language="vi"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(URL).content.decode()


def _filters(client):
    """The filters on the right of the page (a facility's row shows its sector too)."""
    page = _page(client)
    return page[page.index('<nav id="changelist-filter"'):]


def _reads(client, table):
    with CaptureQueriesContext(connection) as ctx:
        _page(client)
    return [q["sql"] for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"]]


def test_the_lists_are_read_once_then_kept(client_as):
    client = client_as("doit_staff")
    assert _reads(client, "enterprises_sector")  # the first view reads them
    assert _reads(client, "enterprises_sector") == [] and _reads(client, "plan_administrativeunit") == []
    assert "Quận Ba Đình" in _page(client)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_kept_choices_are_django_s_own(client_as, language):
    client = client_as("doit_staff")
    _page(client, language)  # kept
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(URL)
    specs = {spec.field.name: spec for spec in response.context["cl"].filter_specs if hasattr(spec, "field")}
    from django.utils import translation

    with translation.override(language):
        for name in ("district", "sector"):
            spec = specs[name]
            assert isinstance(spec, admin_filters.ReferenceFieldListFilter)
            ordering = spec.field_admin_ordering(spec.field, response.wsgi_request, response.context["cl"].model_admin)
            assert spec.lookup_choices == spec.field.get_choices(include_blank=False, ordering=ordering)
            assert len(spec.lookup_choices) > 10


def test_a_sector_added_or_renamed_here_is_listed_at_once(client_as):
    client = client_as("doit_staff")
    _page(client)
    Sector.objects.create(code="99", name="Ngành thử nghiệm mới")
    assert "Ngành thử nghiệm mới" in _filters(client)
    sector = Sector.objects.get(code="99")
    sector.name = "Ngành đã đổi tên"
    sector.save()
    page = _filters(client)
    assert "Ngành đã đổi tên" in page and "Ngành thử nghiệm mới" not in page
    sector.delete()
    assert "Ngành đã đổi tên" not in _filters(client)


def test_a_change_made_by_another_process_is_listed_within_the_kept_time(client_as, monkeypatch):
    """A bulk update sends no signal, as a change made by another worker reaches this one by none."""
    client = client_as("doit_staff")
    _page(client)
    Sector.objects.filter(code="10").update(name="Tên đổi ở tiến trình khác")
    assert "Tên đổi ở tiến trình khác" not in _filters(client)  # still the kept list
    now = admin_filters.monotonic()
    monkeypatch.setattr(admin_filters, "monotonic", lambda: now + admin_filters.KEPT_SECONDS + 1)
    assert "Tên đổi ở tiến trình khác" in _filters(client)
