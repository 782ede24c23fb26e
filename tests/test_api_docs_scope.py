"""An object outside the user's scope answers exactly as an id that does not exist: 404, the same body, whatever the
request's body (found by QA: a district report's actions read the body first, so another district's report answered
a bad body with a 400 naming the fields, where the documented answer for it is the 404). The budget's, training's and
outreach's detail endpoints are swept the same way, for every role."""

import pytest

from budget.tests.factories import EstimateFactory, ExpenditureFactory
from outreach.models import News
from outreach.tests.factories import OutreachActivityFactory, document_make, news_make
from plan.models import AdministrativeUnit, ReportingPeriod
from reports.models import CityReportJob
from reports.tests.factories import DistrictReportFactory
from training.tests.factories import ParticipantFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db

ROLES = ["district_official", "enterprise_user", "api_client", "department_viewer", "anonymous"]
BODIES = [None, {}, {"version": 1}, {"version": "x"}, {"version": 1, "figures": {"facilities": {"district_value": -1}}},
          {"reason": ""}, {"reason": "Bổ sung"}, [1], "abc"]


def _send(api, method, url, body):
    if body is None:
        return getattr(api, method)(url)
    return getattr(api, method)(url, body, format="json")


def _answer(response):
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("method,action", [("patch", ""), ("post", "submit/"), ("post", "return/"),
                                           ("post", "approve/")])
def test_another_districts_report_answers_as_a_missing_one_whatever_the_body(api_as, personas, method, action):
    other = DistrictReportFactory(district=AdministrativeUnit.objects.get(code="002"))
    missing = other.pk + 1000
    api = api_as("district_official")
    for body in BODIES:
        theirs = _send(api, method, f"/api/v1/district-reports/{other.pk}/{action}", body)
        nothing = _send(api, method, f"/api/v1/district-reports/{missing}/{action}", body)
        assert _answer(theirs) == _answer(nothing), f"{method.upper()} {action or 'detail'} with {body!r}"
        assert theirs.status_code == 404, f"{method.upper()} {action or 'detail'} with {body!r}: {theirs.json()}"
    other.refresh_from_db()
    assert (other.status, other.version) == ("draft", 1)


def test_the_own_districts_report_still_says_what_is_wrong_with_the_body(api_as, personas):
    own = DistrictReportFactory()
    api = api_as("district_official")
    refused = api.patch(f"/api/v1/district-reports/{own.pk}/", {"version": "x"}, format="json")
    assert refused.status_code == 400 and "version" in refused.json()
    assert api.post(f"/api/v1/district-reports/{own.pk}/submit/", [1], format="json").status_code == 400
    assert api.post(f"/api/v1/district-reports/{own.pk}/approve/").status_code == 403  # DoIT staff's decision


def _hidden_objects():
    """Objects some roles may not see, by API path: another district's report and report job, estimates and
    spending (city-wide readers), a private class, participants (personal data), a draft news item, a private
    document, an outreach activity (city-wide readers)."""
    other = AdministrativeUnit.objects.get(code="002")
    period = ReportingPeriod.objects.get(code="2017S1")
    return {
        "district-reports": DistrictReportFactory(district=other).pk,
        "city-reports": CityReportJob.objects.create(period=period, district=other, kind=period.kind,
                                                     status=CityReportJob.Status.FAILED).pk,
        "budget/estimates": EstimateFactory().pk,
        "budget/expenditures": ExpenditureFactory().pk,
        "training-classes": TrainingClassFactory(is_public=False).pk,
        "participants": ParticipantFactory().pk,
        "news": news_make(status=News.Status.DRAFT).slug,
        "documents": document_make(is_public=False).pk,
        "outreach-activities": OutreachActivityFactory().pk,
    }


REQUESTS = [("get", ""), ("head", ""), ("options", ""), ("put", ""), ("patch", ""), ("delete", ""),
            ("get", "attachment/"), ("get", "pdf/"), ("post", "retry/"), ("post", "submit/")]


def test_every_role_gets_the_same_answer_for_an_object_it_may_not_see_as_for_none(api_as, personas):
    hidden = _hidden_objects()
    compared = 0
    for role in ROLES:
        api = api_as(role)
        for prefix, key in hidden.items():
            missing = "khong-co-tin-nay" if prefix == "news" else 999_999
            if api.get(f"/api/v1/{prefix}/{key}/").status_code == 200:
                continue  # in the role's scope
            for method, action in REQUESTS:
                for body in ([None, {}, {"amount_vnd": "x"}, [1]] if method in ("put", "patch", "post") else [None]):
                    theirs = _send(api, method, f"/api/v1/{prefix}/{key}/{action}", body)
                    nothing = _send(api, method, f"/api/v1/{prefix}/{missing}/{action}", body)
                    where = f"{method.upper()} {prefix}/{action} as {role} with {body!r}"
                    assert _answer(theirs) == _answer(nothing), where
                    compared += 1
    assert compared > 300


def test_an_id_in_a_body_outside_the_users_scope_is_refused_as_one_that_does_not_exist(api_as, personas):
    """A facility or a request named in a body: another facility's (or another district's) answers exactly as an
    id that does not exist, so a client cannot find which ids exist elsewhere (the facility used to be "Không có cơ
    sở này." and the missing id DRF's "Khóa chính … không tồn tại"). Only DoIT staff, who see every facility and
    request, write assessments and investment projects: their fields are scoped the same way all the same."""
    from enterprises.tests.factories import EnterpriseFactory

    other = EnterpriseFactory(district=AdministrativeUnit.objects.get(code="002"))
    missing = 10**9
    cases = [
        ("enterprise_user", "/api/v1/assessment-requests/", {"kind": "rapid_assessment", "year": 2019}, "enterprise"),
        ("enterprise_user", "/api/v1/consumption-records/",
         {"year": 2018, "resource": "electricity", "unit": "kWh", "quantity": "1", "output_quantity": "1",
          "product_unit": "tấn"}, "enterprise"),
    ]
    for role, url, body, field in cases:
        api = api_as(role)
        theirs = api.post(url, {**body, field: other.pk}, format="json")
        none = api.post(url, {**body, field: missing}, format="json")
        assert theirs.status_code == none.status_code == 400, (role, url, theirs.json(), none.json())
        assert theirs.json()[field] == none.json()[field] == ["Không có cơ sở này."], (role, url)
