"""Values that no form of the portal draws, sent anyway (a form fuzzer found each of them giving a 500): each now gets
the portal's answer, a message naming the field or a 404, and nothing is written."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from enterprises.models import Enterprise
from outreach.text import search_normalize
from plan.models import ReportingPeriod
from reports.models import DistrictReport
from reports.services import district_report_open

pytestmark = pytest.mark.django_db

NOT_A_NUMBER = ["%", "1.234,5", "2016S3", "abc", "²"]


@pytest.fixture
def draft(personas):
    from plan.models import AdministrativeUnit

    return district_report_open(district=AdministrativeUnit.objects.get(code="001"),
                                period=ReportingPeriod.objects.get(code="2017S1"), user=personas["district_official"])


@pytest.mark.parametrize("version", NOT_A_NUMBER)
def test_submitting_a_report_with_a_version_that_is_not_a_number_says_so(draft, client_as, version):
    client = client_as("district_official")
    response = client.post(reverse("reports:district_report_submit", args=[draft.pk]), {"version": version},
                           follow=True)
    assert response.status_code == 200
    assert "Phiên bản của báo cáo (version) phải là một số nguyên." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DistrictReport.Status.DRAFT and draft.submissions.count() == 0


@pytest.mark.parametrize("version", [*NOT_A_NUMBER, True, 1.5, [1], {"v": 1}])
def test_the_api_refuses_such_a_version_with_a_400_naming_the_field(draft, api_as, version):
    api, before = api_as("district_official"), draft.version
    submitted = api.post(f"/api/v1/district-reports/{draft.pk}/submit/", {"version": version}, format="json")
    assert submitted.status_code == 400, submitted.content
    assert submitted.json()["version"] == ["Phiên bản của báo cáo (version) phải là một số nguyên."]
    draft.refresh_from_db()
    assert draft.status == DistrictReport.Status.DRAFT and draft.version == before


def test_the_api_still_takes_the_version_as_a_number_or_a_numeric_string(draft, api_as):
    api = api_as("district_official")
    stale = api.post(f"/api/v1/district-reports/{draft.pk}/submit/", {"version": str(draft.version + 5)},
                     format="json")
    assert stale.status_code == 400 and "version" in stale.json()
    submitted = api.post(f"/api/v1/district-reports/{draft.pk}/submit/", {"version": draft.version}, format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == DistrictReport.Status.SUBMITTED


@pytest.mark.parametrize("district", ["<script>", "1.5", "²", "99999999999999999999"])
def test_opening_a_report_for_a_district_that_is_not_a_number_is_not_found(client_as, district):
    period = ReportingPeriod.objects.get(code="2017S1")
    response = client_as("district_official").post(reverse("reports:district_report_open", args=[period.pk]),
                                                   {"district": district})
    assert response.status_code == 404
    assert not DistrictReport.objects.filter(period=period).exists()


@pytest.mark.parametrize("q", ["\x00", "nước\x00thải", "\x1b[2J"])
def test_searching_with_control_characters_answers_as_for_the_words_around_them(client, plan_loaded, q):
    """PostgreSQL refuses a NUL in a query: the search drops control characters, as it drops accents."""
    for page in (reverse("outreach:document_list"), reverse("outreach:news_list")):
        response = client.get(page, {"q": q})
        assert response.status_code == 200, page
    api = client.get("/api/v1/documents/", {"q": q})
    assert api.status_code == 200
    assert search_normalize(q) == search_normalize(q.replace("\x00", " ").replace("\x1b", " "))
    assert "\x00" not in search_normalize(q) and "\x1b" not in search_normalize(q)


def test_a_login_with_a_username_longer_than_any_is_refused_and_counted(client, personas):
    """Django's login form lets a username of any length reach authenticate(); axes records at most 255
    characters of it, and the person is told the login failed (a 500 on PostgreSQL before)."""
    username = "x" * 3000
    response = client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]  # "Please enter a correct username and password"
    attempt = AccessAttempt.objects.get(ip_address="10.0.0.9")
    assert attempt.username == username[:255] and attempt.failures_since_start == 1
    # The same long name again counts against the same record, so it is locked out like any other.
    for _ in range(4):
        last = client.post(reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    assert last.status_code == 429


@pytest.mark.parametrize("area", ["1.234,5", "abc", "-1", "99999999999999999999"])
def test_the_admin_form_with_an_industrial_area_that_is_not_one_shows_the_fields_error(client_as, area):
    """The autocomplete select looked the value up again to draw it, and failed on a value that is not a key."""
    client = client_as("doit_staff")
    before = Enterprise.objects.count()
    response = client.post(reverse("admin:enterprises_enterprise_add"), {
        "tax_code": "0100109107", "name": "Công ty thử", "address": "1 Tràng Tiền", "industrial_area": area,
        "status": "active",
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "industrial_area" in errors, errors
    assert Enterprise.objects.count() == before


# --- reasons: to decline a request, to return a report or a plan -----------------------------------------

CONTROL = "Lý do có ký tự điều khiển, không lưu được: hãy gõ lại."
NOT_TEXT = "Lý do phải là một đoạn văn bản."
BAD_REASONS = [pytest.param("\x00", CONTROL, id="nul"), pytest.param("thiếu số liệu\x00", CONTROL, id="nul-at-end"),
               pytest.param("  ", None, id="spaces")]


@pytest.mark.parametrize(("reason", "message"), BAD_REASONS)
def test_declining_a_request_with_a_reason_that_cannot_be_stored_says_why(client_as, personas, reason, message):
    from enterprises.models import AssessmentRequest
    from enterprises.tests.factories import RequestFactory

    request = RequestFactory(enterprise=Enterprise.objects.get(tax_code="0100109106"))
    response = client_as("doit_staff").post(reverse("enterprises:request_decide", args=[request.pk, "decline"]),
                                            {"reason": reason}, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [message or "Từ chối cần ghi lý do."]
    request.refresh_from_db()
    assert request.status != AssessmentRequest.Status.DECLINED


@pytest.mark.parametrize(("reason", "message"), [*BAD_REASONS, pytest.param(["x"], NOT_TEXT, id="list"),
                                                 pytest.param({"vi": "x"}, NOT_TEXT, id="object"),
                                                 pytest.param(7, NOT_TEXT, id="number")])
def test_returning_a_report_through_the_api_with_such_a_reason_is_a_400_naming_the_field(
        draft, personas, api_as, reason, message):
    from reports.services import district_report_submit

    district_report_submit(report=draft, user=personas["district_official"])
    response = api_as("doit_staff").post(f"/api/v1/district-reports/{draft.pk}/return/", {"reason": reason},
                                         format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"reason": [message or "Cần nêu lý do trả lại báo cáo."]}  # the field sent
    draft.refresh_from_db()
    assert draft.status == DistrictReport.Status.SUBMITTED and draft.return_reason == ""


def test_a_reason_keeps_its_line_breaks_and_loses_only_the_spaces_around_it(draft, personas, api_as):
    from reports.services import district_report_submit

    district_report_submit(report=draft, user=personas["district_official"])
    response = api_as("doit_staff").post(f"/api/v1/district-reports/{draft.pk}/return/",
                                         {"reason": "  Thiếu số liệu:\n\t- đào tạo  "}, format="json")
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.return_reason == "Thiếu số liệu:\n\t- đào tạo"


@pytest.mark.parametrize(("reason", "kept"), [("Thiếu\r\nsố liệu", "Thiếu\r\nsố liệu"), (" x ", "x"), ("a\tb", "a\tb")])
def test_reason_required_keeps_what_is_typed(reason, kept):
    from plan.services import reason_required

    assert reason_required(reason, field="f", missing="m") == kept


@pytest.mark.parametrize("reason", [None, "", " \n", "a\x00b", "a\x07", "a\x7f", 0, b"x"])
def test_reason_required_refuses_what_cannot_be_a_reason_naming_the_field(reason):
    from django.core.exceptions import ValidationError

    from plan.services import reason_required

    with pytest.raises(ValidationError) as refused:
        reason_required(reason, field="return_reason", missing="Cần nêu lý do.")
    assert list(refused.value.message_dict) == ["return_reason"]


# --- codes in API bodies: a district's, a sector's, a budget line's ---------------------------------------


@pytest.mark.parametrize("field", ["district", "sector"])
@pytest.mark.parametrize("code", ["01\x00", "x" * 500, ["001"], 1.5, True])
def test_a_facility_code_that_cannot_be_one_is_refused_like_an_unknown_code(api_as, personas, field, code):
    body = {"tax_code": "0100109107", "name": "Công ty thử", "address": "1 Tràng Tiền", "district": "001",
            "sector": "10", "size": "small", "workers": 10, "revenue_vnd": 1, field: code}
    response = api_as("doit_staff").post("/api/v1/enterprises/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not Enterprise.objects.filter(tax_code="0100109107").exists()


@pytest.mark.parametrize("code", ["II.1\x00", "I" * 500, {"code": "II.1"}])
def test_a_budget_line_code_that_cannot_be_one_is_refused_naming_the_line(api_as, personas, code):
    from budget.models import Expenditure

    before = Expenditure.objects.count()
    response = api_as("doit_staff").post("/api/v1/budget/expenditures/", {
        "line": code, "year": 2017, "date": "2017-05-01", "amount_vnd": 1000, "description": "Thử"}, format="json")
    assert response.status_code == 400, response.content
    message = response.json()["line"][0]
    assert message.startswith("Không có dòng kinh phí mã ") and "\x00" not in message and len(message) < 90
    assert Expenditure.objects.count() == before


@pytest.mark.parametrize("officials", ["99999999999999999999", "-99999999999999999999", "abc"])
def test_a_many_to_many_field_given_a_number_past_its_columns_range_shows_the_fields_error(client_as, officials):
    """Django's multiple choice field looks the keys up in one IN query, which SQLite (the embedded default) fails
    on with an OverflowError for a number past the column's range."""
    from plan.models import AdministrativeUnit

    before = AdministrativeUnit.objects.count()
    response = client_as("doit_staff").post(reverse("admin:plan_administrativeunit_add"), {
        "code": "999", "name": "Thử", "type": "district", "officials": officials})
    assert response.status_code == 200
    assert "officials" in response.context["adminform"].form.errors
    assert AdministrativeUnit.objects.count() == before


@pytest.mark.parametrize("value", ["99999999999999999999", "abc"])
def test_djangos_user_and_group_admins_take_only_keys_too(client, personas, value):
    """Django's own admins of users and groups, open to a superuser only: the same many-to-many check."""
    from django.contrib.auth.models import Group, User

    root = User.objects.create_superuser("test.root", "root@example.vn", "not-used-2016")
    client.force_login(root)
    group = Group.objects.create(name="Thử")
    response = client.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "Đổi", "permissions": value})
    assert response.status_code == 200
    assert "permissions" in response.context["adminform"].form.errors
    response = client.post(reverse("admin:auth_user_change", args=[root.pk]), {
        "username": "test.root2", "groups": value, "user_permissions": value, "is_active": "on",
        "date_joined_0": "2016-12-01", "date_joined_1": "08:00:00"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "groups" in errors and "user_permissions" in errors
    group.refresh_from_db()
    root.refresh_from_db()
    assert (group.name, root.username) == ("Thử", "test.root")


def test_past_range_knows_the_columns_range_of_this_database():
    from django.db import connection

    from plan.admin_lists import _past_range
    from plan.models import AdministrativeUnit

    key = AdministrativeUnit._meta.pk
    low, high = connection.ops.integer_field_range(key.get_internal_type())
    assert not _past_range(key, high, None) and not _past_range(key, 1, None)
    assert _past_range(key, high + 1, None) and _past_range(key, low - 1, None)
    assert not _past_range(key, None, None) and not _past_range(AdministrativeUnit._meta.get_field("code"), 10**30, None)


@pytest.mark.parametrize("year", [3_895_348, 0, 2030])
def test_an_investment_project_with_support_in_a_year_outside_the_plan_is_refused_naming_the_year(
        api_as, personas, year):
    """On SQLite the column keeps any number, and the posting's date was made from it before its year was checked."""
    from enterprises.models import InvestmentProject

    own = Enterprise.objects.get(tax_code="0100109106")
    response = api_as("doit_staff").post("/api/v1/investment-projects/", {
        "enterprise": own.pk, "model_kind": "pilot", "title": "Thu hồi nhiệt", "year": year,
        "investment_vnd": 2_000_000_000, "funding_enterprise_vnd": 1_800_000_000, "support_vnd": 200_000_000,
        "status": "in_progress"}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["year"]
    assert not InvestmentProject.objects.filter(title="Thu hồi nhiệt").exists()
