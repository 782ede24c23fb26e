"""Every URL with every role and anonymous: nobody gets what their role must not get."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plan.registry import PORTAL_APPS
from tests.access import EVERYONE, ROLES

# URLs that are not pages or endpoints a role can be denied: the language switch (a POST that sets a
# cookie), the admin's own URLs (walked below, model by model) and static-file serving.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_NAMES = {"set_language"}


def _cases():
    from importlib import import_module
    from importlib.util import find_spec

    cases = []
    for module_name in ["tests.access_cases", *[f"{label}.tests.access_cases" for label in PORTAL_APPS]]:
        if find_spec(module_name) is not None:
            cases += import_module(module_name).CASES
    return cases


CASES = _cases()


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in EXEMPT_NAMESPACES:
                continue
            yield from _url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            if "format" in entry.pattern.regex.groupindex:
                continue  # DRF's format-suffix twins of the same view
            yield name


def test_every_named_url_is_in_the_permission_matrix():
    covered = {case.name for case in CASES}
    missing = sorted(set(_url_names()) - covered - EXEMPT_NAMES)
    assert not missing, f"URLs with no access case (add them to <app>/tests/access_cases.py): {missing}"


def _request(case, role, personas, client, api_as):
    kwargs = case.kwargs(personas) if callable(case.kwargs) else case.kwargs
    url = reverse(case.name, kwargs=kwargs)
    if case.query:
        url += "?" + case.query
    data = case.data(personas) if callable(case.data) else case.data
    if case.api:
        api = api_as(role)
        return getattr(api, case.method)(url, data, format="json") if data is not None else getattr(api, case.method)(url)
    client.logout()
    if role != "anonymous":
        client.force_login(personas[role])
    if data is not None:
        return getattr(client, case.method)(url, data)
    return getattr(client, case.method)(url)


@pytest.mark.django_db
@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_role_gets_only_what_it_may(case, role, personas, client, api_as):
    response = _request(case, role, personas, client, api_as)
    allowed = case.expect[role]
    allowed = allowed if isinstance(allowed, tuple) else (allowed,)
    assert response.status_code in allowed, f"{case.id} as {role}: {response.status_code}, expected {allowed}"


ADMIN_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
    if model._meta.app_label in PORTAL_APPS
)


@pytest.mark.django_db
@pytest.mark.parametrize("role", EVERYONE)
@pytest.mark.parametrize("app_label,model_name", ADMIN_MODELS, ids=lambda v: v)
def test_only_doit_staff_open_the_admin(app_label, model_name, role, personas, client):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    if role != "anonymous":
        client.force_login(personas[role])
    response = client.get(url)
    if role == "doit_staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_matrix_knows_every_role():
    from plan.roles import Role

    assert set(ROLES) == set(Role.values)
