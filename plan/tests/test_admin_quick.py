"""The admin's quick rows and kept app list give exactly what Django's own would, only sooner."""

import io
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.templatetags.admin_list import results
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.template import Engine, RequestContext, engines
from django.template.loaders.filesystem import Loader as FilesystemLoader
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from plan.admin_lists import quick_results
from plan.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(personas):
    call_command("seed_demo", facilities=40, stdout=io.StringIO())
    return personas


def _rows(rows):
    """Each row as the HTML of its cells, joined, as change_list_results.html writes them."""
    return ["".join(row) for row in rows]


def _compare(client, url, language="vi"):
    """The page's rows from Django's results() and from quick_results(), in the given language; the page
    itself must show the quick ones."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    assert f'<html lang="{language}"' in response.content.decode()
    cl = response.context["cl"]
    with translation.override(language):
        quick = quick_results(cl)
        if quick is None:
            return None
        django_rows, quick_rows = _rows(results(cl)), _rows(quick)
    assert quick_rows == django_rows, url
    page = response.content.decode()
    for row in quick_rows:
        assert f"<tr>{row}</tr>" in page, url
    return len(quick_rows)


def test_every_changelist_that_takes_the_quick_rows_renders_them_as_django_does(seeded, client):
    """Every changelist, then the registry filtered, searched, sorted and in English (seeded once)."""
    from plan.models import AdministrativeUnit

    root = get_user_model().objects.create_superuser("root.rows", "root@example.vn", "pw-for-tests-1")
    client.force_login(root)
    quick, rows = [], 0
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        shown = _compare(client, url)
        if shown is not None:
            quick.append(model._meta.label)
            rows += shown
    assert {"enterprises.Enterprise", "enterprises.AssessmentRequest", "plan.AdministrativeUnit",
            "budget.BudgetLine", "reports.DistrictReport"} <= set(quick)
    assert rows > 200  # real rows were compared, not empty pages

    ba_dinh = AdministrativeUnit.objects.get(code="001").pk
    url = f"/admin/enterprises/enterprise/?district__id__exact={ba_dinh}&o=-6.2&q=C%C3%B4ng"
    assert _compare(client, url) > 0
    assert _compare(client, url, "en") > 0
    assert "_changelist_filters=district__id__exact" in client.get(url).content.decode()
    assert _compare(client, "/admin/enterprises/assessmentrequest/?o=3", "en") > 0


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


class WithoutPortalChangeList(FilesystemLoader):
    """The portal's templates, but for admin/change_list.html, which is left to Django's own."""

    def get_template_sources(self, template_name):
        if template_name != "admin/change_list.html":
            yield from super().get_template_sources(template_name)


def _django_page(response, language):
    """The changelist as Django's own admin/change_list.html draws it, from the same context and through the same
    model admin's templates (import-export's, for one); the CSRF token, masked afresh at each use, taken out."""
    portal = engines["django"].engine
    engine = Engine(dirs=portal.dirs, context_processors=portal.context_processors, libraries=portal.libraries,
                    loaders=[(f"{__name__}.WithoutPortalChangeList", portal.dirs),
                             "django.template.loaders.app_directories.Loader"])
    # The page's own template, not admin/portal_change_list.html, which only writes its object tools.
    names = response.context_data.get("portal_page_template_names", response.template_name)
    template = engine.get_template(names) if isinstance(names, str) else engine.select_template(names)
    with translation.override(language):
        html = template.render(RequestContext(response.wsgi_request, response.context_data))
    return CSRF_INPUT.sub("", html)


def test_the_portal_changelist_page_is_the_one_django_s_template_draws(seeded, client, monkeypatch):
    """templates/admin/change_list.html (quick rows, quick filters, the table and the actions bar of
    plan.admin_page) against Django's own template, whole pages: every changelist, then the registry filtered,
    searched, sorted, with an empty filter choice, on a page of many (the actions bar's "select all"), and in
    English."""
    from enterprises.models import Enterprise
    from plan.models import AdministrativeUnit
    from plan.templatetags import portal_admin

    written = {"table": 0, "actions": 0}

    def counted(name, function):
        def call(*args, **kwargs):
            html = function(*args, **kwargs)
            written[name] += html is not None
            return html
        return call

    monkeypatch.setattr(portal_admin, "results_table", counted("table", portal_admin.results_table))
    monkeypatch.setattr(portal_admin, "actions_bar", counted("actions", portal_admin.actions_bar))
    monkeypatch.setattr(admin.site._registry[Enterprise], "list_per_page", 7)

    root = get_user_model().objects.create_superuser("root.page", "root@example.vn", "pw-for-tests-1")
    client.force_login(root)
    ba_dinh = AdministrativeUnit.objects.get(code="001").pk
    urls = [reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            for model in admin.site._registry]
    urls += [f"/admin/enterprises/enterprise/?district__id__exact={ba_dinh}&o=-6.2&q=C%C3%B4ng",
             "/admin/enterprises/enterprise/?size__exact=large&status__exact=active",
             "/admin/enterprises/enterprise/?industrial_area__kind=park&q=%3Cb%3E%22%27%26",
             "/admin/enterprises/enterprise/?_to_field=id&_popup=1&q=C%C3%B4ng",  # raw_id_fields' look-up
             "/admin/enterprises/enterprise/?p=2&o=3"]
    filters = 0
    for language in ("vi", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for url in urls if language == "vi" else urls[-6:]:
            response = client.get(url)
            assert response.status_code == 200, url
            page = CSRF_INPUT.sub("", response.content.decode())
            assert page == _django_page(response, language), (language, url)
            filters += page.count("<details data-filter-title=")
    assert filters > 50  # the filters were drawn, not absent from both
    assert written["table"] > 20 and written["actions"] > 20  # the pages compared were the portal's own
    page = client.get("/admin/enterprises/enterprise/?p=2").content.decode()
    assert '<span class="question hidden">' in page and 'class="sortpriority"' in page
    # staff with some permissions only: a changelist without "add", "import" or actions, as each may see it
    compared = 0
    for role in ("doit_staff", "department_viewer"):
        client.force_login(seeded[role])
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
        for url in urls[:-5]:
            response = client.get(url)
            if response.status_code == 200:
                page = CSRF_INPUT.sub("", response.content.decode())
                assert page == _django_page(response, "vi"), (role, url)
                compared += 1
    assert compared > 10


def test_a_column_that_is_not_a_plain_field_takes_django_s_own_rows(personas, client):
    root = get_user_model().objects.create_superuser("root.rows", "root@example.vn", "pw-for-tests-1")
    client.force_login(root)
    response = client.get("/admin/enterprises/assessment/")  # list_display has "request": a str() of a FK
    cl = response.context["cl"]
    cl.list_display = [*cl.list_display, "__str__"]
    assert quick_results(cl) is None


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.fixture
def site():
    """A fresh PortalAdminSite with the portal's admins: nothing kept from other tests."""
    probe = PortalAdminSite(name="probe")
    for model, model_admin in admin.site._registry.items():
        probe.register(model, type(model_admin))
    return probe


def test_the_kept_app_list_is_django_s_for_each_set_of_permissions_and_language(personas, site):
    doit = personas["doit_staff"]
    root = get_user_model().objects.create_superuser("root.apps", "root@example.vn", "pw-for-tests-1")
    for user in (doit, root):
        for language in ("vi", "en"):
            with translation.override(language):
                request = _request(get_user_model().objects.get(pk=user.pk))
                expected = AdminSite.get_app_list(site, request)
                assert site.get_app_list(request) == expected
                fresh = _request(get_user_model().objects.get(pk=user.pk))
                with CaptureQueriesContext(connection) as ctx:
                    again = site.get_app_list(fresh)
                assert again == expected
                assert len(ctx) == (0 if user.is_superuser else 1)  # the user's permissions, nothing more
    with translation.override("vi"):
        vi_names = [app["name"] for app in site.get_app_list(_request(root))]
    with translation.override("en"):
        en_names = [str(app["name"]) for app in site.get_app_list(_request(root))]
    assert en_names != [str(name) for name in vi_names]


def test_a_new_permission_is_in_the_app_list_at_once(plan_loaded, site):
    viewer = get_user_model().objects.create_user("staff.bare", "bare@example.vn", "pw-for-tests-1", is_staff=True)

    def labels(user):
        fresh = get_user_model().objects.get(pk=user.pk)
        return {model["object_name"] for app in site.get_app_list(_request(fresh)) for model in app["models"]}

    assert labels(viewer) == set()
    viewer.user_permissions.add(Permission.objects.get(codename="view_news"))
    assert labels(viewer) == {"News"}


def test_a_caller_that_changes_its_app_list_does_not_change_the_next_one(personas):
    root = get_user_model().objects.create_superuser("root.apps", "root@example.vn", "pw-for-tests-1")
    first = admin.site.get_app_list(_request(root))
    first[0]["models"].clear()
    first[0]["name"] = "changed"
    second = admin.site.get_app_list(_request(root))
    assert second[0]["models"] and second[0]["name"] != "changed"
    assert isinstance(admin.site, PortalAdminSite)


def test_the_kept_sidebar_is_the_one_django_draws_for_each_page_language_and_user(personas, client):
    """The sidebar marks the page's app and model as current: each page gets its own, and the page shows it."""
    from django.template.loader import get_template

    root = get_user_model().objects.create_superuser("root.side", "root@example.vn", "pw-for-tests-1")
    client.force_login(root)
    paths = ["/admin/enterprises/enterprise/", "/admin/enterprises/sector/", "/admin/enterprises/sector/add/",
             "/admin/plan/target/", "/admin/enterprises/enterprise/", "/admin/auth/group/"]
    drawn = set()
    for language in ("vi", "en", "vi"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            request = response.wsgi_request
            with translation.override(language):
                fresh = get_template("admin/app_list.html").render(
                    {"app_list": admin.site.get_app_list(request), "show_changelinks": False}, request)
            assert fresh in response.content.decode(), (language, path)
            drawn.add(fresh)
    assert len(drawn) == 2 * 4  # four current models (the sector list and its add form mark the same), two languages
    assert sum('class="model-enterprise current-model"' in html for html in drawn) == 2  # vi and en
    doit = personas["doit_staff"]
    client.force_login(doit)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = client.get("/admin/enterprises/enterprise/")
    with translation.override("vi"):
        fresh = get_template("admin/app_list.html").render(
            {"app_list": admin.site.get_app_list(response.wsgi_request), "show_changelinks": False},
            response.wsgi_request)
    assert fresh in response.content.decode() and fresh not in drawn  # DoIT staff see fewer models than root


def test_the_kept_query_strings_are_django_s(personas):
    """plan.admin_lists.QueryStrings against ChangeList.get_query_string: repeated and Vietnamese values, removals
    by prefix, a parameter set, changed and dropped, numbers and lists."""
    from django.contrib.admin.views.main import ChangeList

    from enterprises.models import Enterprise
    from plan.admin_lists import QueryStrings

    model_admin = admin.site._registry[Enterprise]
    request = RequestFactory().get("/admin/enterprises/enterprise/", {
        "district__id__exact": "3", "q": "Công ty & <b>", "o": "2.-3", "size__exact": ["small", "large"],
        "industrial_area__kind": "park", "p": "2"})
    request.user = get_user_model().objects.create_superuser("root.qs", "qs@example.vn", "pw-for-tests-1")
    cl = model_admin.get_changelist_instance(request)
    quick = QueryStrings(cl)
    calls = [({}, []), ({"p": 5}, []), ({"district__id__exact": 7}, ["district__isnull"]),
             ({}, ["district__id__exact", "district__isnull"]), ({"o": None}, []), ({"q": "Hà Nội ?=&"}, ["size"]),
             ({"size__exact": ["medium", "micro"]}, []), ({"e": 1, "p": None}, ["industrial_area"]),
             ({"district__id__exact": 7}, ["district__isnull"])]
    for new_params, remove in calls:
        assert quick(new_params, remove) == ChangeList.get_query_string(cl, new_params, remove), (new_params, remove)
