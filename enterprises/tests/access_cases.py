import datetime

from tests.access import Case, api_login_required, page_login_required, public, statuses


def _enterprise(p):
    from enterprises.models import Enterprise

    return {"pk": Enterprise.objects.get(tax_code="0100109106").pk}


def _other_district_enterprise(p):
    from enterprises.models import Enterprise, Sector
    from plan.models import AdministrativeUnit

    e, _ = Enterprise.objects.get_or_create(
        tax_code="0314409058", defaults={"name": "Cơ sở Hoàn Kiếm", "district": AdministrativeUnit.objects.get(code="002"),
                                         "sector": Sector.objects.get(code="11"), "size": "small", "workers": 20,
                                         "revenue_vnd": 1})
    return {"pk": e.pk}


def _request(p):
    from enterprises.models import AssessmentRequest, Enterprise

    e = Enterprise.objects.get(tax_code="0100109106")
    r, _ = AssessmentRequest.objects.get_or_create(enterprise=e, kind="rapid_assessment", year=2017)
    return {"pk": r.pk}


def _assessment(p):
    from enterprises.models import Assessment, AssessmentRequest, Enterprise

    e = Enterprise.objects.get(tax_code="0100109106")
    r, _ = AssessmentRequest.objects.get_or_create(enterprise=e, kind="rapid_assessment", year=2018,
                                                   defaults={"status": "done"})
    a, _ = Assessment.objects.get_or_create(request=r, defaults={"date": datetime.date(2018, 5, 1),
                                                                 "consultant": "ENERTEAM"})
    return {"pk": a.pk}


def _option(p):
    from enterprises.models import Assessment, CPOption

    a = Assessment.objects.get(pk=_assessment(p)["pk"])
    o, _ = CPOption.objects.get_or_create(assessment=a, category="good_housekeeping", description="Sửa rò rỉ hơi")
    return {"pk": o.pk}


def _project(p, kind="pilot"):
    from enterprises.models import Enterprise, InvestmentProject

    e = Enterprise.objects.get(tax_code="0100109106")
    project, _ = InvestmentProject.objects.get_or_create(enterprise=e, title=f"Dự án {kind}", model_kind=kind,
                                                         year=2018)
    return {"pk": project.pk}


def _consumption(p, tax_code="0100109106"):
    from enterprises.models import ConsumptionRecord, Enterprise

    e = Enterprise.objects.get(tax_code=tax_code)
    c, _ = ConsumptionRecord.objects.get_or_create(
        enterprise=e, year=2017, resource="electricity",
        defaults={"unit": "kWh", "quantity": 1000, "output_quantity": 10, "product_unit": "tấn"})
    return {"pk": c.pk}


def _case_study(p, published=True):
    from enterprises.models import CaseStudy, Sector

    case, _ = CaseStudy.objects.get_or_create(title=f"Điển hình {published}", defaults={
        "sector": Sector.objects.order_by("code").first(), "summary": "Tóm tắt", "body": "Nội dung",
        "published": published})
    return {"pk": case.pk}


def _draft_case_study(p):
    return _case_study(p, published=False)


def _other_district_consumption(p):
    _other_district_enterprise(p)
    return _consumption(p, tax_code="0314409058")


REGISTRY = ["doit_staff", "department_viewer", "district_official"]
DOIT_PAGE = page_login_required(allowed=["doit_staff"])
DOIT_POST = statuses(403, anonymous=401, doit_staff=400)  # an empty body: the doit_staff get the field errors
OWN = statuses(404, anonymous=401, doit_staff=200, department_viewer=200, district_official=200, enterprise_user=200,
               api_client=200)
# Consumption records: the facility's own users, the district's officials and DoIT staff correct them; the
# facility's own users and DoIT staff delete them; the other roles are refused by role.
CONSUMPTION_EDITORS = ["doit_staff", "district_official", "enterprise_user"]
CONSUMPTION_DELETERS = ["doit_staff", "enterprise_user"]
CONSUMPTION_PAGE = page_login_required(allowed=CONSUMPTION_EDITORS)
CONSUMPTION_DELETE_PAGE = page_login_required(allowed=CONSUMPTION_DELETERS)
CONSUMPTION_WRITE = statuses(403, anonymous=401, doit_staff=200, district_official=200, enterprise_user=200)

CASES = [
    Case("enterprises:list", page_login_required(allowed=REGISTRY)),
    Case("enterprises:export", page_login_required(allowed=REGISTRY), query="format=csv"),
    Case("enterprises:create", page_login_required(allowed=["doit_staff"])),
    Case("enterprises:import", page_login_required(allowed=["doit_staff", "district_official"])),
    Case("enterprises:detail", {**page_login_required(allowed=["doit_staff", "department_viewer", "district_official",
                                                              "enterprise_user", "api_client"], denied=404)}, kwargs=_enterprise),
    Case("enterprises:detail", page_login_required(allowed=["doit_staff", "department_viewer", "api_client"], denied=404),
         kwargs=_other_district_enterprise, label="GET detail of another district"),
    Case("enterprises:edit", page_login_required(allowed=["doit_staff", "district_official"]), kwargs=_enterprise),
    Case("enterprises:edit", {**page_login_required(allowed=["doit_staff"]), "district_official": 404},
         kwargs=_other_district_enterprise, label="GET edit of another district"),
    Case("enterprises:requests", page_login_required(allowed=REGISTRY)),
    Case("enterprises:request_decide", {**page_login_required(allowed=["doit_staff"], status=302)}, method="post",
         kwargs=lambda p: {**_request(p), "action": "accept"}, data={}),
    Case("enterprises:priority", page_login_required(allowed=["doit_staff", "department_viewer"])),
    Case("enterprises:assessment_create", DOIT_PAGE, kwargs=_request),
    Case("enterprises:assessment_create", {**DOIT_PAGE, "doit_staff": 200}, method="post", kwargs=_request, data={},
         label="POST assessment with an empty form"),
    Case("enterprises:assessment_detail", page_login_required(allowed=["doit_staff", "department_viewer",
                                                                       "district_official", "enterprise_user",
                                                                       "api_client"]), kwargs=_assessment),
    Case("enterprises:option_add", DOIT_PAGE, kwargs=_assessment),
    Case("enterprises:option_implement", DOIT_PAGE, kwargs=_option),
    Case("enterprises:officer_assign", page_login_required(allowed=["doit_staff", "district_official"]),
         kwargs=_enterprise),
    Case("enterprises:officer_assign", {**page_login_required(allowed=["doit_staff"]), "district_official": 404},
         kwargs=_other_district_enterprise, label="GET officer_assign of another district"),
    Case("enterprises:project_create", DOIT_PAGE, kwargs=_enterprise),
    Case("enterprises:project_edit", DOIT_PAGE, kwargs=_project),
    Case("enterprises:mine", page_login_required(allowed=["enterprise_user"])),
    Case("enterprises:consumption_edit", CONSUMPTION_PAGE, kwargs=_consumption),
    Case("enterprises:consumption_edit", CONSUMPTION_PAGE, method="post", kwargs=_consumption, data={},
         label="POST consumption_edit with an empty form"),
    Case("enterprises:consumption_edit", {**CONSUMPTION_PAGE, "enterprise_user": 404, "district_official": 404},
         kwargs=_other_district_consumption, label="GET consumption_edit of another facility"),
    Case("enterprises:consumption_delete", CONSUMPTION_DELETE_PAGE, kwargs=_consumption),
    Case("enterprises:consumption_delete", page_login_required(allowed=CONSUMPTION_DELETERS, status=302),
         method="post", kwargs=_consumption, data={}, label="POST consumption_delete"),
    Case("enterprises:consumption_delete", {**page_login_required(allowed=CONSUMPTION_DELETERS, status=302),
                                            "enterprise_user": 404},
         method="post", kwargs=_other_district_consumption, data={},
         label="POST consumption_delete of another facility"),
    Case("enterprises:public_request", public(200)),
    Case("enterprises:public_request_done", public(200)),
    Case("enterprises:case_studies", public(200)),
    Case("enterprises:case_study_detail", public(200), kwargs=_case_study),
    Case("enterprises:case_study_detail", statuses(404, doit_staff=200), kwargs=_draft_case_study,
         label="GET case_study_detail of a draft"),
    Case("enterprises:bat_bep", public(200)),
    Case("enterprises:demonstrations", public(200)),
    Case("v1:enterprise-list", api_login_required(allowed=["doit_staff", "department_viewer", "district_official",
                                                           "enterprise_user", "api_client"]), api=True),
    Case("v1:enterprise-detail", OWN, kwargs=_enterprise, api=True),
    Case("v1:enterprise-detail", statuses(404, anonymous=401, doit_staff=200, department_viewer=200, api_client=200),
         kwargs=_other_district_enterprise, api=True, label="GET api detail of another district"),
    Case("v1:industrial-area-list", public(200), api=True),
    Case("v1:industrial-area-detail", public(404), kwargs={"pk": 999999}, api=True),
    Case("v1:sector-list", public(200), api=True),
    Case("v1:sector-detail", public(200), kwargs={"code": "10"}, api=True),
    Case("v1:assessment-request-list", api_login_required(), api=True),
    Case("v1:assessment-request-detail", OWN, kwargs=_request, api=True),
    Case("v1:assessment-request-accept", statuses(403, anonymous=401, doit_staff=200, district_official=403),
         method="post", kwargs=_request, data={}, api=True),
    Case("v1:assessment-request-schedule", statuses(403, anonymous=401, doit_staff=400), method="post",
         kwargs=_request, data={}, api=True),
    Case("v1:assessment-request-decline", statuses(403, anonymous=401, doit_staff=400), method="post",
         kwargs=_request, data={}, api=True),
    Case("v1:assessment-list", api_login_required(), api=True),
    Case("v1:assessment-detail", statuses(404, anonymous=401), kwargs={"pk": 999999}, api=True),
    Case("v1:assessment-detail", OWN, kwargs=_assessment, api=True, label="GET api assessment of Ba Đình"),
    Case("v1:assessment-list", DOIT_POST, method="post", data={}, api=True, label="POST api assessment"),
    Case("v1:assessment-options", DOIT_POST, method="post", kwargs=_assessment, data={}, api=True),
    Case("v1:cp-option-list", api_login_required(), api=True),
    Case("v1:cp-option-detail", OWN, kwargs=_option, api=True),
    Case("v1:cp-option-implement", DOIT_POST, method="post", kwargs=_option, data={}, api=True),
    Case("v1:investment-project-list", public(200), api=True),
    Case("v1:investment-project-list", DOIT_POST, method="post", data={}, api=True,
         label="POST api investment project"),
    Case("v1:investment-project-detail", {**OWN, "anonymous": 404}, kwargs=_project, api=True),
    Case("v1:investment-project-detail", public(200), kwargs=lambda p: _project(p, "demonstration"), api=True,
         label="GET api demonstration model (public)"),
    Case("v1:investment-project-detail", statuses(403, anonymous=401, doit_staff=400), method="patch",
         kwargs=_project, data={"investment_vnd": -1}, api=True, label="PATCH api investment project"),
    Case("v1:consumption-record-list", api_login_required(), api=True),
    Case("v1:consumption-record-detail", statuses(404, anonymous=401), kwargs={"pk": 999999}, api=True),
    Case("v1:consumption-record-detail", OWN, kwargs=_consumption, api=True, label="GET api own consumption record"),
    Case("v1:consumption-record-detail", CONSUMPTION_WRITE, method="patch", kwargs=_consumption,
         data={"quantity": "1200.5"}, api=True, label="PATCH api consumption record"),
    Case("v1:consumption-record-detail", {**CONSUMPTION_WRITE, "doit_staff": 400, "district_official": 400,
                                          "enterprise_user": 400},
         method="patch", kwargs=_consumption, data={"quantity": "-1"}, api=True,
         label="PATCH api consumption record with a negative quantity"),
    Case("v1:consumption-record-detail", {**CONSUMPTION_WRITE, "doit_staff": 204, "district_official": 403,
                                          "enterprise_user": 204},
         method="delete", kwargs=_consumption, api=True, label="DELETE api consumption record"),
    Case("v1:consumption-record-detail", {**CONSUMPTION_WRITE, "doit_staff": 204, "district_official": 403,
                                          "enterprise_user": 404},
         method="delete", kwargs=_other_district_consumption, api=True,
         label="DELETE api consumption record of another facility"),
    Case("v1:consumption-norm-list", public(200), api=True),
    Case("v1:consumption-norm-detail", public(200),
         kwargs=lambda p: {"pk": __import__("enterprises.models").models.ConsumptionNorm.objects.first().pk}, api=True),
    Case("v1:case-study-list", public(200), api=True),
    Case("v1:case-study-detail", public(404), kwargs={"pk": 999999}, api=True),
    Case("v1:bat-bep-list", public(200), api=True),
    Case("v1:bat-bep-detail", public(404), kwargs={"pk": 999999}, api=True),
]
