"""Who recorded an expenditure, who entered an estimate and who made a change in the history: a link to the user's
admin page only for a viewer who may view users there (a superuser); for DoIT staff, who may not, the link gave a
403 (found by a QA pass as DoIT staff), and the name is now plain text."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from budget import services
from budget.models import BudgetLine, Estimate

pytestmark = pytest.mark.django_db


def _user_links(html) -> list[str]:
    return re.findall(r'<a href="(/admin/auth/user/\d+/change/)"', html)  # not the menu's list of users


@pytest.fixture
def root(plan_loaded):
    return get_user_model().objects.create_superuser("root.links", "root@example.vn", "pw-for-tests-1")


@pytest.fixture
def pages(client_as, personas):
    """The change pages of an expenditure and an estimate DoIT staff entered, and the expenditure's history page with
    a change that staff member made."""
    staff = personas["doit_staff"]
    client = client_as("doit_staff")
    line = BudgetLine.objects.get(code="II.1")
    assert client.post("/admin/budget/estimate/add/", {
        "line": line.pk, "year": 2017, "quantity": 2, "amount_vnd": "160000000"}).status_code == 302
    old = services.expenditure_save(line=line, year=2017, date=datetime.date(2017, 3, 10), amount_vnd=170_000_000,
                                    description="Đợt 1", user=staff)
    record = old.history.latest()
    record.history_user = staff
    record.save()
    return [f"/admin/budget/expenditure/{old.pk}/change/", f"/admin/budget/estimate/{Estimate.objects.get().pk}/change/",
            f"/admin/budget/expenditure/{old.pk}/history/"]


def test_doit_staff_see_who_recorded_as_plain_text_not_a_link_that_is_refused(client_as, personas, pages):
    staff = personas["doit_staff"]
    client = client_as("doit_staff")
    assert client.get(f"/admin/auth/user/{staff.pk}/change/").status_code == 403  # why no link
    for url in pages:
        html = client.get(url).content.decode()
        assert staff.get_username() in html, url
        assert _user_links(html) == [], url
    expenditure = client.get(pages[0]).content.decode()
    assert re.search(r"Người ghi:</label>\s*<div class=\"readonly\">test.doit_staff</div>", expenditure)
    estimate = client.get(pages[1]).content.decode()
    assert re.search(r"Người nhập:</label>\s*<div class=\"readonly\">test.doit_staff</div>", estimate)


def test_a_superuser_sees_the_link_to_the_users_page(client, personas, pages, root):
    staff = personas["doit_staff"]
    client.force_login(root)
    target = f"/admin/auth/user/{staff.pk}/change/"
    for url in pages:
        html = client.get(url).content.decode()
        assert _user_links(html) == [target], url
    assert client.get(target).status_code == 200


def test_every_admin_form_writes_an_object_the_viewer_may_not_open_as_text(client, client_as, personas, root,
                                                                           plan_loaded):
    """The rule is the admin's, not the budget's: a district report (view-only for DoIT staff, so every field is
    read-only) names who submitted it as text to DoIT staff and as a link to a superuser; the period it belongs to,
    which DoIT staff may open, stays a link."""
    from plan.models import AdministrativeUnit, ReportingPeriod
    from reports.services import district_report_open, district_report_submit

    official = personas["district_official"]
    report = district_report_open(district=AdministrativeUnit.objects.get(code="001"),
                                  period=ReportingPeriod.objects.get(code="2017S1"), user=official)
    district_report_submit(report=report, user=official)
    url = f"/admin/reports/districtreport/{report.pk}/change/"
    staff_page = client_as("doit_staff").get(url).content.decode()
    assert official.get_username() in staff_page and _user_links(staff_page) == []
    assert f'href="/admin/plan/reportingperiod/{report.period_id}/change/"' in staff_page
    client.force_login(root)
    assert _user_links(client.get(url).content.decode()) == [f"/admin/auth/user/{official.pk}/change/"]
