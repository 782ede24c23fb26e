"""Object scope, systematically: for every URL that names an object, a district official (Ba Đình, 001) or an
enterprise user (0100109106) asking for another district's or another enterprise's object gets 404, and
cannot change it through the API, the pages, the admin or an import file (issue 8).

How a new endpoint cannot be forgotten: `test_every_object_url_has_a_probe_or_an_exemption` walks the URL conf
and fails for a URL with an object argument that is neither probed here (PROBES) nor exempted with a reason
(EXEMPT). Each probe is one request (URL, method, body) on an object built for a given facility:

- the foreign test builds the object for another district's facility (and, for the enterprise user, also for
  another facility of its own district) and checks that the answer is the same as for an id that does not
  exist (404; 403 or 405 only where the role or the method is refused whatever the object), that a GET or a
  write the role could make on its own object is exactly 404, and that nothing in the database changed;
- the own test is the positive control: the same role on its own district's or facility's object gets through;
- the DoIT test proves the foreign object and the body are real: DoIT staff reach it (never a 404).

Lists (API and pages) must not show another district's or facility's objects; the admin is closed to both
roles; the registry import refuses rows that touch another district's facility, naming the row.
"""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.test import Client
from django.test import RequestFactory as HttpRequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from enterprises.imports import COLUMNS
from enterprises.models import (
    ConsumptionRecord,
    Enterprise,
    InvestmentProject,
)
from enterprises.tests.factories import (
    AssessmentFactory,
    EnterpriseFactory,
    OptionFactory,
    RequestFactory,
    valid_tax_code,
)
from plan.models import AdministrativeUnit, ReportingPeriod
from plan.registry import PORTAL_APPS
from reports.models import CityReportJob, DistrictPlan, DistrictReport
from reports.services import REPORT_FIELDS
from reports.tests.factories import DistrictReportFactory

pytestmark = pytest.mark.django_db

# The enterprise persona's facility, in Ba Đình (001), the district persona's district.
OWN_TAX_CODE = "0100109106"
OTHER_DISTRICT = "002"  # Hoàn Kiếm
SCOPED = ["district_official", "enterprise_user"]
# Whose objects each role must not reach: "other" is a facility of Hoàn Kiếm; "neighbour" another facility of
# Ba Đình, which the district official may see but the enterprise user may not.
FOREIGN = {"district_official": ["other"], "enterprise_user": ["neighbour", "other"]}
OBJECT_KWARGS = {"pk", "id", "slug", "code", "tax_code", "period_id"}


# --- objects, built for one facility (or its district) -------------------------------------------------------


def _enterprise(e):
    return e, {"pk": e.pk}


def _request(e, status="requested"):
    r = RequestFactory(enterprise=e, status=status, note=f"Đề nghị của {e.tax_code}")
    return r, {"pk": r.pk}


def _request_decision(e):
    r, kwargs = _request(e)
    return r, {**kwargs, "action": "accept"}


def _assessment(e):
    a = AssessmentFactory(request__enterprise=e, consultant=f"Tư vấn {e.tax_code}")
    return a, {"pk": a.pk}


def _option(e):
    o = OptionFactory(assessment__request__enterprise=e, description=f"Giải pháp của {e.tax_code}")
    return o, {"pk": o.pk}


def _project(e):
    p = InvestmentProject.objects.create(
        enterprise=e, title=f"Dự án thí điểm {e.tax_code}", model_kind="pilot", year=2018
    )
    return p, {"pk": p.pk}


def _consumption(e):
    c = ConsumptionRecord.objects.create(
        enterprise=e,
        year=2017,
        resource="electricity",
        unit="kWh",
        quantity=1000,
        output_quantity=10,
        product=f"Sản phẩm {e.tax_code}",
        product_unit="tấn",
    )
    return c, {"pk": c.pk}


def _report(e, **kw):
    report = DistrictReportFactory(district=e.district, **kw)
    return report, {"pk": report.pk}


def _submitted_report(e):
    return _report(
        e,
        status=DistrictReport.Status.SUBMITTED,
        submitted_at=datetime.datetime(2017, 7, 10, tzinfo=datetime.UTC),
    )


def _attached_report(e):
    report, kwargs = _report(e)
    report.attachment.save("scan.pdf", ContentFile(b"%PDF-1.4 scope"), save=True)
    return report, kwargs


def _plan(e):
    plan = DistrictPlan.objects.create(district=e.district, year=2017, targets=f"Mục tiêu {e.district.code}")
    return plan, {"pk": plan.pk}


def _job(e, status=CityReportJob.Status.DONE):
    job = CityReportJob(
        period=ReportingPeriod.objects.get(code="2017S1"),
        kind="six_month",
        district=e.district,
        status=status,
        requested_by=get_user_model().objects.get(username="test.doit_staff"),
    )
    if status == CityReportJob.Status.DONE:
        job.pdf.save("scope.pdf", ContentFile(b"%PDF-1.4 scope"), save=False)
        job.xlsx.save("scope.xlsx", ContentFile(b"PK scope"), save=False)
    job.save()
    return job, {"pk": job.pk}


def _failed_job(e):
    return _job(e, status=CityReportJob.Status.FAILED)


# --- bodies: each a change that would succeed on an object the role may write ---------------------------------


def _enterprise_json(e, obj):
    return {
        "tax_code": obj.tax_code,
        "name": "Tên đổi qua API",
        "address": "Số 1",
        "district": obj.district.code,
        "sector": obj.sector.code,
        "size": obj.size,
        "workers": obj.workers,
        "revenue_vnd": obj.revenue_vnd,
    }


def _enterprise_form(e, obj):
    return {
        "tax_code": obj.tax_code,
        "name": "Tên đổi qua trang",
        "address": "",
        "district": obj.district_id,
        "industrial_area": "",
        "sector": obj.sector_id,
        "size": obj.size,
        "workers": obj.workers,
        "revenue_vnd": obj.revenue_vnd,
        "capital_vnd": "",
        "status": "active",
        "registered_on": "01/01/2016",
        "closed_on": "",
        "phone": "",
        "email": "",
        "contact_person": "",
    }


def _project_json(e, obj):
    return {
        "enterprise": obj.enterprise_id,
        "request": None,
        "model_kind": "pilot",
        "title": "Dự án đổi",
        "technology": "",
        "year": 2018,
        "investment_vnd": 100,
        "funding_enterprise_vnd": 100,
        "support_vnd": 0,
        "funding_other_vnd": 0,
        "funding_other_source": "",
        "status": "planned",
        "started_on": None,
        "completed_on": None,
        "results": "",
    }


def _project_form(e, obj=None):
    return {
        "request": "",
        "model_kind": "pilot",
        "title": "Dự án qua trang",
        "technology": "",
        "year": 2018,
        "investment_vnd": 100,
        "funding_enterprise_vnd": 100,
        "support_vnd": 0,
        "funding_other_vnd": 0,
        "funding_other_source": "",
        "status": "planned",
        "started_on": "",
        "completed_on": "",
        "results": "",
    }


def _consumption_json(e, obj):
    return {
        "enterprise": obj.enterprise_id,
        "year": 2017,
        "half": None,
        "resource": "electricity",
        "material_name": "",
        "unit": "kWh",
        "quantity": "999.000",
        "product": "Đổi",
        "output_quantity": "10.000",
        "product_unit": "tấn",
        "is_baseline": False,
        "baseline_reason": "",
    }


def _consumption_form(e, obj):
    return {
        "year": 2017,
        "half": "",
        "resource": "electricity",
        "material_name": "",
        "unit": "kWh",
        "quantity": "999",
        "product": "Đổi qua trang",
        "output_quantity": "10",
        "product_unit": "tấn",
        "baseline_reason": "",
    }


def _report_form(e, obj):
    return {
        "version": obj.version,
        **{name: 1 for name in REPORT_FIELDS},
        "difficulties": "Sửa qua trang",
        "proposals": "",
    }


def _plan_form(e, obj):
    return {
        "targets": "Mục tiêu đổi",
        "planned_activities": "",
        "classes_planned": 1,
        "classes_budget": 0,
        "workshops_planned": 0,
        "workshops_budget": 0,
        "media_planned": 0,
        "media_budget": 0,
        "budget_planned": 0,
        "cp_staff": "",
    }


# --- probes -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    name: str  # URL name
    make: Callable  # make(enterprise) → (object, URL kwargs): the object belongs to the facility or its district
    method: str = "get"
    data: Callable | dict | None = None  # data(enterprise, object) → body
    api: bool = False
    # role → status on its own object: the roles that use the endpoint (a status ≥ 400: refused by role)
    own: dict = field(default_factory=dict)
    doit: int = 200  # DoIT staff on the other district's object

    @property
    def id(self):
        return f"{self.method.upper()} {self.name}"


def _api_detail(name, make, own, doit=200, writes=None):
    """GET, HEAD, OPTIONS, PUT, PATCH and DELETE on an API object; `writes` gives {method: (body, own statuses,
    DoIT status)} for the methods the endpoint offers. The others answer 405 to DoIT staff and 403 or 405 to the
    other roles (the model permission is checked first), whatever the object: the foreign test still runs them.
    OPTIONS answers 200 to everybody, listing PUT under "actions" only for an object the user may change."""
    writes = writes or {}
    probes = [
        Probe(name, make, "get", api=True, own=own, doit=doit),
        Probe(name, make, "head", api=True, own=own, doit=doit),
        Probe(name, make, "options", api=True, own={role: 200 for role in own}),
    ]
    for method in ("put", "patch", "delete"):
        body, own_status, doit_status = writes.get(method, (None, {}, 405))
        probes.append(Probe(name, make, method, body, api=True, own=own_status, doit=doit_status))
    return probes


BOTH = {"district_official": 200, "enterprise_user": 200}
DISTRICT = {"district_official": 200}
REFUSED = {"district_official": 403, "enterprise_user": 403}  # they use the list, not this action

PROBES = [
    # enterprises: the API
    *_api_detail(
        "v1:enterprise-detail",
        _enterprise,
        BOTH,
        writes={
            "put": (_enterprise_json, {"district_official": 200, "enterprise_user": 403}, 200),
            "patch": ({"name": "Tên đổi"}, {"district_official": 200, "enterprise_user": 403}, 200),
            "delete": (None, REFUSED, 204),
        },
    ),
    *_api_detail("v1:assessment-request-detail", _request, BOTH),
    Probe("v1:assessment-request-accept", _request, "post", {}, api=True, own=REFUSED),
    Probe(
        "v1:assessment-request-decline",
        _request,
        "post",
        {"reason": "Không đủ điều kiện"},
        api=True,
        own=REFUSED,
    ),
    Probe(
        "v1:assessment-request-schedule",
        lambda e: _request(e, "accepted"),
        "post",
        {"scheduled_on": "2017-06-01"},
        api=True,
        own=REFUSED,
    ),
    *_api_detail("v1:assessment-detail", _assessment, BOTH),
    Probe(
        "v1:assessment-options",
        _assessment,
        "post",
        {"category": "good_housekeeping", "description": "Mới"},
        api=True,
        own=REFUSED,
        doit=201,
    ),
    *_api_detail("v1:cp-option-detail", _option, BOTH),
    Probe("v1:cp-option-implement", _option, "post", {"implemented_on": "2018-01-01"}, api=True, own=REFUSED),
    *_api_detail(
        "v1:investment-project-detail",
        _project,
        BOTH,
        writes={
            "put": (_project_json, REFUSED, 200),
            "patch": ({"title": "Dự án đổi"}, REFUSED, 200),
        },
    ),
    *_api_detail(
        "v1:consumption-record-detail",
        _consumption,
        BOTH,
        writes={
            "put": (_consumption_json, {"district_official": 200, "enterprise_user": 200}, 200),
            "patch": ({"quantity": "1234.000"}, {"district_official": 200, "enterprise_user": 200}, 200),
            "delete": (None, {"district_official": 403, "enterprise_user": 204}, 204),
        },
    ),
    # enterprises: the pages
    Probe("enterprises:detail", _enterprise, own=BOTH),
    Probe("enterprises:edit", _enterprise, own=DISTRICT),
    Probe(
        "enterprises:edit", _enterprise, "post", _enterprise_form, own={"district_official": 302}, doit=302
    ),
    Probe("enterprises:officer_assign", _enterprise, own=DISTRICT),
    Probe(
        "enterprises:officer_assign",
        _enterprise,
        "post",
        {"name": "Nguyễn Văn Sạch", "since": "01/01/2017"},
        own={"district_official": 302},
        doit=302,
    ),
    Probe("enterprises:assessment_detail", _assessment, own=BOTH),
    Probe("enterprises:assessment_create", lambda e: _request(e, "accepted")),
    Probe(
        "enterprises:assessment_create",
        lambda e: _request(e, "accepted"),
        "post",
        {"date": "01/03/2017", "consultant": "ENERTEAM", "consultancy_cost_vnd": 0, "support_vnd": 0},
        doit=302,
    ),
    Probe(
        "enterprises:request_decide",
        _request_decision,
        "post",
        {},
        doit=302,
    ),
    Probe("enterprises:option_add", _assessment),
    Probe(
        "enterprises:option_add",
        _assessment,
        "post",
        {"category": "good_housekeeping", "description": "Mới", "investment_vnd": 0, "yearly_saving_vnd": 0},
        doit=302,
    ),
    Probe("enterprises:option_implement", _option),
    Probe("enterprises:option_implement", _option, "post", {"implemented_on": "01/01/2018"}, doit=302),
    Probe("enterprises:project_create", _enterprise),
    Probe("enterprises:project_create", _enterprise, "post", _project_form, doit=302),
    Probe("enterprises:project_edit", _project),
    Probe("enterprises:project_edit", _project, "post", _project_form, doit=302),
    Probe("enterprises:consumption_edit", _consumption, own={"district_official": 200, "enterprise_user": 200}),
    Probe(
        "enterprises:consumption_edit",
        _consumption,
        "post",
        _consumption_form,
        own={"district_official": 302, "enterprise_user": 302},
        doit=302,
    ),
    Probe("enterprises:consumption_delete", _consumption, own={"district_official": 403, "enterprise_user": 200}),
    Probe(
        "enterprises:consumption_delete",
        _consumption,
        "post",
        {},
        own={"district_official": 403, "enterprise_user": 302},
        doit=302,
    ),
    # reports: the API
    *_api_detail(
        "v1:district-report-detail",
        _report,
        DISTRICT,
        writes={
            "patch": (lambda e, r: {"version": r.version, "difficulties": "Sửa qua API"}, DISTRICT, 200),
        },
    ),
    Probe("v1:district-report-submit", _report, "post", {}, api=True, own=DISTRICT),
    Probe(
        "v1:district-report-return",
        _submitted_report,
        "post",
        {"reason": "Thiếu số liệu"},
        api=True,
        own={"district_official": 403},
    ),
    Probe(
        "v1:district-report-approve", _submitted_report, "post", {}, api=True, own={"district_official": 403}
    ),
    *_api_detail("v1:city-report-detail", _job, DISTRICT),
    Probe("v1:city-report-pdf", _job, api=True, own=DISTRICT),
    Probe("v1:city-report-xlsx", _job, api=True, own=DISTRICT),
    Probe(
        "v1:city-report-retry", _failed_job, "post", {}, api=True, own={"district_official": 202}, doit=202
    ),
    # reports: the pages
    Probe("reports:district_report_detail", _report, own=DISTRICT),
    Probe("reports:district_report_detail", _report, "post", _report_form, own={"district_official": 302}),
    Probe(
        "reports:district_report_submit",
        _report,
        "post",
        {"version": 1},
        own={"district_official": 302},
        doit=302,
    ),
    Probe(
        "reports:district_report_return",
        _submitted_report,
        "post",
        {"reason": "Thiếu số liệu"},
        own={"district_official": 403},
        doit=302,
    ),
    Probe(
        "reports:district_report_approve",
        _submitted_report,
        "post",
        {},
        own={"district_official": 403},
        doit=302,
    ),
    Probe("reports:district_report_attachment", _attached_report, own=DISTRICT),
    Probe("reports:district_plan_detail", _plan, own=DISTRICT),
    Probe("reports:district_plan_detail", _plan, "post", _plan_form, own={"district_official": 302}),
    Probe(
        "reports:district_plan_action",
        _plan,
        "post",
        {"action": "submit"},
        own={"district_official": 302},
        doit=302,
    ),
    Probe("reports:report_job_retry", _failed_job, "post", {}, own={"district_official": 302}, doit=302),
    Probe("reports:report_job_download", _job, own=DISTRICT),
    Probe("reports:report_job_xlsx", _job, own=DISTRICT),
]

# Object URLs with no district or enterprise owner: why a scope probe does not apply to each.
_PUBLIC_REFERENCE = "public reference data of the plan: every visitor reads it, nobody but DoIT writes it"
_CITY_ONLY = (
    "city-wide data with no district or facility owner: district officials and enterprise users are "
    "refused by role (tests/test_permission_matrix.py)"
)
EXEMPT = {
    "v1:plan-detail": _PUBLIC_REFERENCE,
    "v1:target-detail": _PUBLIC_REFERENCE,
    "v1:administrative-unit-detail": _PUBLIC_REFERENCE,
    "v1:reporting-period-detail": _PUBLIC_REFERENCE,
    "v1:budget-line-detail": "the budget appendix is public (read-only API)",
    "v1:budget-estimate-detail": _CITY_ONLY,
    "v1:budget-expenditure-detail": _CITY_ONLY,
    "budget:expenditure-attachment": _CITY_ONLY,
    "v1:budget-expenditure-attachment": _CITY_ONLY,
    "v1:industrial-area-detail": _PUBLIC_REFERENCE,
    "v1:sector-detail": _PUBLIC_REFERENCE,
    "v1:consumption-norm-detail": _PUBLIC_REFERENCE,
    "v1:case-study-detail": "published case studies are public; drafts are DoIT staff's only (matrix: 404)",
    "v1:bat-bep-detail": "the BAT/BEP catalogue is public; drafts are DoIT staff's only (matrix: 404)",
    "training:class_detail": "training classes are public (private ones: city-wide readers only)",
    "training:class_register": "training classes are public: anyone registers",
    "training:register_done": "a public confirmation page of a public class",
    "training:certificate_verify": "certificates are verified publicly by their code",
    "training:certificate_pdf": "certificates are verified publicly by their code",
    "v1:training-class-detail": "training classes are public",
    "v1:participant-detail": (
        "personal data read by DoIT staff and department viewers only; district officials "
        "and enterprise users are refused by role (matrix)"
    ),
    "v1:outreach-activity-detail": _CITY_ONLY,
    "outreach:activity_file": _CITY_ONLY,
    "outreach:news_detail": "published news is public; drafts are DoIT staff's only (matrix: 404)",
    "enterprises:case_study_detail": "published case studies are public; drafts are DoIT staff's only (matrix: 404)",
    "outreach:news_image": "published news is public; drafts are DoIT staff's only (matrix: 404)",
    "v1:news-detail": "published news is public; drafts are DoIT staff's only (matrix: 404)",
    "outreach:document_download": "public documents are public; private ones are DoIT staff's only (matrix: 404)",
    "v1:document-detail": "public documents are public; private ones are DoIT staff's only (matrix: 404)",
    "reports:district_report_open": (
        "the argument is a reporting period, shared by every district; the district "
        'comes from the body: BODY_PROBES, "report opened for another district"'
    ),
}


def _object_urls(resolver=None, namespace=""):
    """Every named URL whose pattern takes an object argument (DRF's format-suffix twins and the admin left out)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin: test_the_admin_is_closed_to_district_officials_and_enterprise_users
            yield from _object_urls(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            groups = set(entry.pattern.regex.groupindex)
            if "format" not in groups and groups & OBJECT_KWARGS:
                yield f"{namespace}{entry.name}"
            elif "format" not in groups and groups:
                raise AssertionError(f"{namespace}{entry.name}: arguments {groups} unknown to OBJECT_KWARGS")


def test_every_object_url_has_a_probe_or_an_exemption():
    urls = set(_object_urls())
    probed = {probe.name for probe in PROBES}
    missing = sorted(urls - probed - set(EXEMPT))
    assert not missing, (
        f"object URLs with no scope probe in tests/test_object_scope.py (nor in EXEMPT): {missing}"
    )
    stale = sorted((probed | set(EXEMPT)) - urls)
    assert not stale, f"probes or exemptions for URLs that no longer exist: {stale}"
    assert not probed & set(EXEMPT), f"both probed and exempt: {sorted(probed & set(EXEMPT))}"


# --- running a probe ----------------------------------------------------------------------------------------


@pytest.fixture
def world(personas):
    """The three facilities: the persona's own (Ba Đình), a neighbour in Ba Đình, another in Hoàn Kiếm."""
    return {
        "own": Enterprise.objects.get(tax_code=OWN_TAX_CODE),
        "neighbour": EnterpriseFactory(name="Cơ sở láng giềng Ba Đình"),
        "other": EnterpriseFactory(
            name="Cơ sở Hoàn Kiếm ngoài phạm vi", district=AdministrativeUnit.objects.get(code=OTHER_DISTRICT)
        ),
    }


def _send(probe, role, kwargs, body, personas, client, api_as):
    url = reverse(probe.name, kwargs=kwargs)
    if probe.api:
        api = api_as(role)
        return (
            getattr(api, probe.method)(url, body, format="json")
            if body is not None
            else getattr(api, probe.method)(url)
        )
    client.logout()
    client.force_login(personas[role])
    return (
        getattr(client, probe.method)(url, body) if body is not None else getattr(client, probe.method)(url)
    )


def _body(probe, enterprise, obj):
    return probe.data(enterprise, obj) if callable(probe.data) else probe.data


def _database_state(*objects):
    """The objects' fields and the number of rows of every model of the portal's apps (history tables included:
    any write leaves a history row)."""
    fields = [type(obj)._base_manager.filter(pk=obj.pk).values().first() for obj in objects]
    counts = {
        model._meta.label: model._base_manager.count()
        for label in PORTAL_APPS
        for model in apps.get_app_config(label).get_models()
    }
    return fields, counts


def _missing(kwargs, model):
    return {**kwargs, "pk": (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1000}


def _cases():
    for probe in PROBES:
        for role in SCOPED:
            for whose in FOREIGN[role]:
                yield pytest.param(probe, role, whose, id=f"{probe.id} as {role} on {whose}")


@pytest.mark.parametrize("probe,role,whose", list(_cases()))
def test_another_districts_or_facilitys_object_is_a_404_and_stays_unchanged(
    probe, role, whose, world, personas, client, api_as
):
    target = world[whose]
    obj, kwargs = probe.make(target)
    body = _body(probe, target, obj)
    before = _database_state(obj, target)
    response = _send(probe, role, kwargs, body, personas, client, api_as)
    after = _database_state(obj, target)
    missing = _send(probe, role, _missing(kwargs, type(obj)), body, personas, client, api_as)
    assert after == before, (
        f"{probe.id} as {role} changed {whose}'s {type(obj).__name__} ({response.status_code})"
    )
    status = response.status_code
    if probe.method == "options":  # the metadata must say no more than for an id that does not exist
        assert (status, response.json()) == (missing.status_code, missing.json()), f"{probe.id} as {role}"
        return
    assert status == missing.status_code, (
        f"{probe.id} as {role}: {status} for {whose}'s object but {missing.status_code} for an id that does not "
        "exist: the answer tells that the object exists"
    )
    assert status in (403, 404, 405), f"{probe.id} as {role} on {whose}'s object: {status}"
    if probe.own.get(role, 403) < 400:  # the role gets through on its own object: on another's, only a 404
        assert status == 404, f"{probe.id} as {role} on {whose}'s object: {status}, expected 404"


def _own_cases():
    for probe in PROBES:
        for role, status in probe.own.items():
            yield pytest.param(probe, role, status, id=f"{probe.id} as {role}")


@pytest.mark.parametrize("probe,role,expected", list(_own_cases()))
def test_the_role_reaches_its_own_object(probe, role, expected, world, personas, client, api_as):
    obj, kwargs = probe.make(world["own"])
    response = _send(probe, role, kwargs, _body(probe, world["own"], obj), personas, client, api_as)
    assert response.status_code == expected, f"{probe.id} as {role} on its own object: {response.status_code}"


@pytest.mark.parametrize("probe", PROBES, ids=lambda p: p.id)
def test_doit_staff_reach_the_other_districts_object(probe, world, personas, client, api_as):
    obj, kwargs = probe.make(world["other"])
    response = _send(probe, "doit_staff", kwargs, _body(probe, world["other"], obj), personas, client, api_as)
    assert response.status_code == probe.doit, f"{probe.id} as DoIT staff: {response.status_code}"


# --- lists: another district's or facility's objects are not listed ------------------------------------------


def _detail_link(name):
    return lambda e, obj: f'href="{reverse(name, args=[obj.pk])}"'


@dataclass(frozen=True)
class Listing:
    name: str
    make: Callable  # as for probes: make(enterprise) → (object, kwargs)
    roles: tuple = tuple(SCOPED)
    api: bool = False
    query: str = ""  # formatted with the world: "enterprise={other.pk}"
    # pages: marker(enterprise, object) → the text that shows the object on the page
    marker: Callable | None = None
    own_listed: bool = True  # False for a query that filters on the foreign facility
    label: str = ""

    @property
    def id(self):
        return f"{self.name}{'?' + self.query if self.query else ''}{' ' + self.label if self.label else ''}"


LISTINGS = [
    Listing("v1:enterprise-list", _enterprise, api=True),
    Listing(
        "v1:enterprise-list",
        _enterprise,
        api=True,
        query="district=002",
        own_listed=False,
    ),
    Listing("v1:enterprise-list", _enterprise, api=True, query="search=01"),
    Listing("v1:assessment-request-list", _request, api=True),
    Listing(
        "v1:assessment-request-list",
        _request,
        api=True,
        query="enterprise={other.pk}",
        own_listed=False,
    ),
    Listing("v1:assessment-list", _assessment, api=True),
    Listing(
        "v1:assessment-list",
        _assessment,
        api=True,
        query="request__enterprise={other.pk}",
        own_listed=False,
    ),
    Listing("v1:cp-option-list", _option, api=True),
    Listing("v1:investment-project-list", _project, api=True),
    Listing("v1:consumption-record-list", _consumption, api=True),
    Listing("v1:district-report-list", _report, roles=("district_official",), api=True),
    Listing(
        "v1:district-report-list",
        _report,
        roles=("district_official",),
        api=True,
        query="district={other.district_id}",
        own_listed=False,
    ),
    Listing("v1:city-report-list", _job, roles=("district_official",), api=True),
    Listing(
        "enterprises:list",
        _enterprise,
        roles=("district_official",),
        marker=_detail_link("enterprises:detail"),
    ),
    Listing(
        "enterprises:list",
        _enterprise,
        roles=("district_official",),
        marker=_detail_link("enterprises:detail"),
        query="district=002",
        own_listed=False,
    ),
    Listing(
        "enterprises:export",
        _enterprise,
        roles=("district_official",),
        query="format=csv",
        marker=lambda e, obj: e.tax_code,
    ),
    Listing(
        "enterprises:export", _enterprise, roles=("district_official",), marker=lambda e, obj: e.tax_code
    ),
    Listing(
        "enterprises:requests",
        _request,
        roles=("district_official",),
        marker=lambda e, obj: f'href="{reverse("enterprises:detail", args=[e.pk])}"',
    ),
    Listing(
        "enterprises:mine",
        _assessment,
        roles=("enterprise_user",),
        marker=lambda e, obj: obj.consultant,
        label="assessments",
    ),
    Listing(
        "enterprises:mine",
        _option,
        roles=("enterprise_user",),
        marker=lambda e, obj: obj.description,
        label="options",
    ),
    Listing(
        "reports:district_reports",
        _report,
        roles=("district_official",),
        marker=_detail_link("reports:district_report_detail"),
    ),
    Listing(
        "reports:district_plans",
        _plan,
        roles=("district_official",),
        marker=_detail_link("reports:district_plan_detail"),
    ),
    Listing(
        "reports:report_jobs",
        _job,
        roles=("district_official",),
        marker=_detail_link("reports:report_job_download"),
    ),
]


def _listed_ids(response):
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


def _page_text(response):
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    if content[:4] == b"PK\x03\x04":  # an xlsx export: its cells
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
        return "\n".join(
            " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
        )
    return content.decode("utf-8-sig")


def _listing_cases():
    for listing in LISTINGS:
        for role in listing.roles:
            yield pytest.param(listing, role, id=f"{listing.id} as {role}")


@pytest.mark.parametrize("listing,role", list(_listing_cases()))
def test_lists_show_only_the_roles_own_objects(listing, role, world, personas, client, api_as):
    own, _kwargs = listing.make(world["own"])
    foreign = {whose: listing.make(world[whose])[0] for whose in FOREIGN[role]}
    url = reverse(listing.name)
    query = listing.query.format(**world)
    url += f"?{query}" if query else ""
    if listing.api:
        response = api_as(role).get(url)
        assert response.status_code == 200, f"{listing.id} as {role}: {response.status_code}"
        ids = _listed_ids(response)
        if listing.own_listed:
            assert own.pk in ids, f"{listing.id} as {role}: its own {type(own).__name__} is not listed"
        for whose, obj in foreign.items():
            assert obj.pk not in ids, f"{listing.id} as {role} lists {whose}'s {type(obj).__name__} {obj.pk}"
        return
    client.force_login(personas[role])
    response = client.get(url)
    assert response.status_code == 200, f"{listing.id} as {role}: {response.status_code}"
    text = _page_text(response)
    if listing.own_listed:
        assert listing.marker(world["own"], own) in text, (
            f"{listing.id} as {role}: its own object is not shown"
        )
    for whose, obj in foreign.items():
        assert listing.marker(world[whose], obj) not in text, f"{listing.id} as {role} shows {whose}'s object"


# --- the admin ----------------------------------------------------------------------------------------------


def _admin_makers():
    """The probes' object makers, each once (the admin test checks each model once)."""
    makers = {}
    for probe in PROBES:
        makers.setdefault(probe.make, None)
    return list(makers)


@pytest.mark.parametrize("role", SCOPED)
def test_the_admin_is_closed_to_district_officials_and_enterprise_users(role, world, personas, client):
    """They are not staff, so every admin URL (change, delete, history, import) sends them to the admin's login
    page and changes nothing, for every scoped object of another district or facility."""
    user = personas[role]
    assert not user.is_staff and not user.is_superuser
    request = HttpRequestFactory().get("/admin/")
    request.user = user
    assert not admin.site.has_permission(request)
    client.force_login(user)
    checked = set()
    for make in _admin_makers():
        with transaction.atomic():  # each model's object is rolled back: two makers may build the same one
            obj, _kwargs = make(world["other"])
            if type(obj) in admin.site._registry and obj._meta.label not in checked:
                checked.add(obj._meta.label)
                _admin_refuses(obj, role, world, client)
            transaction.set_rollback(True)
    assert {"enterprises.Enterprise", "reports.DistrictReport", "reports.DistrictPlan"} <= checked
    before = _database_state(world["other"])
    for name in ("admin:enterprises_enterprise_import", "admin:enterprises_enterprise_process_import"):
        response = client.post(
            reverse(name), {"import_file": _upload([_row(1, tax_code=world["other"].tax_code)])}
        )
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), name
    assert _database_state(world["other"]) == before


def _admin_refuses(obj, role, world, client):
    opts = obj._meta
    doit = Client()
    doit.force_login(get_user_model().objects.get(username="test.doit_staff"))
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert doit.get(change).status_code == 200, f"the control: DoIT staff open {change}"
    before = _database_state(obj, world["other"])
    history_id = obj.history.first().history_id if hasattr(obj, "history") else None
    urls = [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
        for view in ("change", "delete", "history")
    ]
    if history_id is not None:
        urls.append(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, history_id])
        )
    # the list's bulk delete and the add form, with the object's id in the body
    urls += [reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}") for view in ("changelist", "add")]
    for url in urls:
        body = {"post": "yes", "action": "delete_selected", "_selected_action": [obj.pk], "name": "Đổi"}
        for method, data in (("get", None), ("post", body)):
            response = client.get(url) if method == "get" else client.post(url, data)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (
                f"{method.upper()} {url} as {role}: {response.status_code}"
            )
    assert _database_state(obj, world["other"]) == before, f"the admin changed {opts.label} as {role}"


# --- the registry import --------------------------------------------------------------------------------------


def _row(n, **over):
    values = {
        "tax_code": valid_tax_code(7000 + n),
        "name": f"Cơ sở nhập {n}",
        "address": "",
        "district": "001",
        "sector": "10",
        "industrial_area": "",
        "size": "nhỏ",
        "workers": 30,
        "revenue_vnd": 1_000_000,
        "capital_vnd": "",
        "status": "đang hoạt động",
        "phone": "",
        "email": "",
        "contact_person": "",
    }
    values.update(over)
    return [values[f] for f, _h in COLUMNS]


def _upload(rows, kind="xlsx"):
    headers = [header for _f, header in COLUMNS]
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerows([headers, *rows])
        return SimpleUploadedFile("nhap.csv", buffer.getvalue().encode("utf-8"))
    import openpyxl

    book = openpyxl.Workbook()
    for row in [headers, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhap.xlsx", buffer.getvalue())


OUT_OF_SCOPE = "Quận, huyện này không thuộc phạm vi của anh/chị."
FOREIGN_ROWS = {  # a row of the file → the error that must name it (row 3: the header is row 1, a good row 2)
    "a new facility in Hoàn Kiếm": (
        lambda other: _row(2, district=OTHER_DISTRICT),
        ("Mã quận huyện", OUT_OF_SCOPE),
    ),
    "Hoàn Kiếm's facility moved into Ba Đình": (
        lambda other: _row(3, tax_code=other.tax_code, name="Chiếm qua tệp"),
        ("Mã số thuế", "Mã số thuế đã thuộc một cơ sở ngoài phạm vi của anh/chị."),
    ),
    "Hoàn Kiếm's facility changed in place": (
        lambda other: _row(4, tax_code=other.tax_code, name="Sửa qua tệp", district=OTHER_DISTRICT),
        ("Mã quận huyện", OUT_OF_SCOPE),
    ),
}


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("case", list(FOREIGN_ROWS))
def test_an_import_that_touches_another_districts_facility_is_refused_naming_the_row(
    case, kind, world, client_as
):
    other, own = world["other"], world["own"]
    make_row, (column, message) = FOREIGN_ROWS[case]
    good = _row(1)  # a new facility of Ba Đình: valid, but the file is all or nothing
    rows = [good, make_row(other), _row(5, tax_code=own.tax_code, name="Tên mới hợp lệ")]
    before = _database_state(other, own)
    response = client_as("district_official").post(
        reverse("enterprises:import"), {"file": _upload(rows, kind)}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert not result["saved"]
    assert [(e["row"], e["field"], e["message"]) for e in result["errors"]] == [(3, column, message)]
    assert f"<td>3</td><td>{column}</td><td>{message}</td>" in response.content.decode()
    assert _database_state(other, own) == before
    assert not Enterprise.objects.filter(tax_code=good[0]).exists()


def test_an_import_of_only_its_own_district_goes_through(world, client_as):
    """The control: the same file without the foreign rows is saved."""
    response = client_as("district_official").post(
        reverse("enterprises:import"),
        {"file": _upload([_row(1), _row(5, tax_code=OWN_TAX_CODE, name="Tên mới")])},
    )
    assert response.context["result"]["saved"] and not response.context["result"]["errors"]
    assert Enterprise.objects.get(tax_code=OWN_TAX_CODE).name == "Tên mới"


def test_an_enterprise_user_cannot_import(world, client_as):
    before = _database_state(world["other"], world["neighbour"])
    response = client_as("enterprise_user").post(
        reverse("enterprises:import"), {"file": _upload([_row(1, tax_code=world["neighbour"].tax_code)])}
    )
    assert response.status_code == 403
    assert _database_state(world["other"], world["neighbour"]) == before


# --- bodies that point at another district's or facility's object ------------------------------------------


@dataclass(frozen=True)
class BodyProbe:
    label: str
    name: str
    role: str
    method: str
    body: Callable  # body(world, target facility) → data
    kwargs: Callable = lambda w: {}  # kwargs(world) → URL kwargs (the object is the role's own)
    api: bool = True
    ok: int = 200  # with the role's own facility in the body
    refused: tuple = (400, 403, 404)  # a page re-shows its form with the error: 200


def _own_record(w):
    return {"pk": _consumption(w["own"])[0].pk}


BODY_PROBES = [
    BodyProbe(
        "consumption record for another facility",
        "v1:consumption-record-list",
        "enterprise_user",
        "post",
        lambda w, e: {
            "enterprise": e.pk,
            "year": 2018,
            "resource": "water",
            "unit": "m3",
            "quantity": "10",
            "output_quantity": "1",
            "product_unit": "tấn",
        },
        ok=201,
    ),
    BodyProbe(
        "assessment request for another facility",
        "v1:assessment-request-list",
        "enterprise_user",
        "post",
        lambda w, e: {"enterprise": e.pk, "kind": "rapid_assessment", "year": 2019},
        ok=201,
    ),
    *(BodyProbe(
        f"own consumption record moved to another facility ({role})",
        "v1:consumption-record-detail",
        role,
        "patch",
        lambda w, e: {"enterprise": e.pk},
        kwargs=_own_record,
    ) for role in ("district_official", "enterprise_user")),
    BodyProbe(
        "own facility moved into another district (API)",
        "v1:enterprise-detail",
        "district_official",
        "patch",
        lambda w, e: {"district": e.district.code},
        kwargs=lambda w: {"pk": w["own"].pk},
    ),
    BodyProbe(
        "own facility moved into another district (page)",
        "enterprises:edit",
        "district_official",
        "post",
        lambda w, e: {**_enterprise_form(w["own"], w["own"]), "district": e.district_id},
        kwargs=lambda w: {"pk": w["own"].pk},
        api=False,
        ok=302,
        refused=(200,),
    ),
    BodyProbe(
        "report opened for another district",
        "reports:district_report_open",
        "district_official",
        "post",
        lambda w, e: {"district": e.district_id},
        kwargs=lambda w: {"period_id": ReportingPeriod.objects.get(code="2017S1").pk},
        api=False,
        ok=302,
    ),
]


def _body_cases():
    for probe in BODY_PROBES:
        for whose in FOREIGN[probe.role]:
            yield pytest.param(probe, whose, id=f"{probe.label} as {probe.role} ({whose})")


def _send_body(probe, kwargs, data, personas, client, api_as):
    url = reverse(probe.name, kwargs=kwargs)
    if probe.api:
        return getattr(api_as(probe.role), probe.method)(url, data, format="json")
    client.force_login(personas[probe.role])
    return getattr(client, probe.method)(url, data)


@pytest.mark.parametrize("probe,whose", list(_body_cases()))
def test_a_body_cannot_reach_another_districts_or_facilitys_object(
    probe, whose, world, personas, client, api_as
):
    kwargs = probe.kwargs(world)
    objects = [world["own"], world[whose]]
    if probe.name == "v1:consumption-record-detail":
        objects.append(ConsumptionRecord.objects.get(pk=kwargs["pk"]))
    before = _database_state(*objects)
    response = _send_body(probe, kwargs, probe.body(world, world[whose]), personas, client, api_as)
    assert response.status_code in probe.refused, f"{probe.label} as {probe.role}: {response.status_code}"
    assert _database_state(*objects) == before, f"{probe.label} as {probe.role} changed the database"


@pytest.mark.parametrize("probe", BODY_PROBES, ids=lambda p: p.label)
def test_the_same_body_with_the_roles_own_facility_goes_through(probe, world, personas, client, api_as):
    response = _send_body(
        probe, probe.kwargs(world), probe.body(world, world["own"]), personas, client, api_as
    )
    assert response.status_code == probe.ok, f"{probe.label} as {probe.role}: {response.status_code}"
