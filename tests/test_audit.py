"""Audit: every change to a domain record keeps who, when and before/after, and DoIT staff read it.

Every model of the portal's apps keeps a django-simple-history table, except the ones listed with a
reason; a change made through a portal page is recorded with its user and its old and new values; the
object's history (admin, linked from the portal page for DoIT staff) shows them.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse
from simple_history.models import registered_models

from plan.registry import PORTAL_APPS

# Models without a history of their own, and why.
WITHOUT_HISTORY = {
    "reports.DistrictReportSubmission": "is itself the record: an unchangeable snapshot of each submission",
    "reports.IndicatorSnapshot": "derived figures, recomputed from the records (which keep their history)",
    "budget.SummarySnapshot": "the budget summary as last computed from the budget's records (which keep theirs)",
}


def _domain_models():
    for label in PORTAL_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield model


def test_every_domain_model_keeps_its_history():
    tracked = set(registered_models.values())
    missing = sorted(m._meta.label for m in _domain_models() if m not in tracked and m._meta.label
                     not in WITHOUT_HISTORY)
    assert not missing, f"add HistoricalRecords() or a reason in WITHOUT_HISTORY: {missing}"
    stale = set(WITHOUT_HISTORY) - {m._meta.label for m in _domain_models() if m not in tracked}
    assert not stale, f"these now keep a history: remove them from WITHOUT_HISTORY: {stale}"


def _form_data(enterprise, **changes):
    from enterprises.forms import EnterpriseForm

    data = {}
    for name, value in EnterpriseForm(instance=enterprise).initial.items():
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    data.update(changes)
    return data


@pytest.mark.django_db
def test_a_change_on_a_portal_page_keeps_who_when_and_before_after_and_doit_reads_it(personas, client_as):
    from enterprises.tests.factories import EnterpriseFactory

    enterprise = EnterpriseFactory(workers=42, name="Cơ sở kiểm toán")
    client = client_as("doit_staff")
    started = datetime.datetime.now(datetime.UTC)
    response = client.post(reverse("enterprises:edit", args=[enterprise.pk]), _form_data(enterprise, workers=57))
    assert response.status_code == 302, response.content.decode()[:2000]

    latest = enterprise.history.latest()
    assert latest.history_type == "~" and latest.history_user == personas["doit_staff"]
    assert latest.history_date >= started
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("workers", 42, 57)]

    detail = client.get(reverse("enterprises:detail", args=[enterprise.pk])).content.decode()
    history_url = reverse("admin:enterprises_enterprise_history", args=[enterprise.pk])
    assert f'href="{history_url}"' in detail
    page = client.get(history_url).content.decode()
    assert personas["doit_staff"].get_username() in page
    assert "42" in page and "57" in page  # the old and the new value of the change


@pytest.mark.django_db
def test_the_history_link_is_for_doit_staff_only(personas, client_as):
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.get(tax_code="0100109106")  # Ba Đình, the district persona's district
    history_url = reverse("admin:enterprises_enterprise_history", args=[enterprise.pk])
    page = client_as("district_official").get(reverse("enterprises:detail", args=[enterprise.pk]))
    assert page.status_code == 200 and history_url not in page.content.decode()
    assert client_as("district_official").get(history_url).status_code == 302  # to the admin's log-in


@pytest.mark.django_db
def test_a_district_report_change_is_in_its_history_linked_from_the_review_page(personas, client_as):
    from plan.models import ReportingPeriod
    from reports.models import DistrictReport

    period = ReportingPeriod.objects.get(code="2017S1")
    opened = client_as("district_official").post(reverse("reports:district_report_open", args=[period.pk]))
    assert opened.status_code == 302
    report = DistrictReport.objects.get(period=period, district__code="001")
    assert report.history.get().history_user == personas["district_official"]
    history_url = reverse("admin:reports_districtreport_history", args=[report.pk])
    page = client_as("doit_staff").get(reverse("reports:district_report_detail", args=[report.pk])).content.decode()
    assert f'href="{history_url}"' in page
    history = client_as("doit_staff").get(history_url)
    assert history.status_code == 200 and personas["district_official"].get_username() in history.content.decode()
