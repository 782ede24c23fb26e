"""Removing a workshop attendance (the admin's inline row, a row changed to another facility, or the whole activity)
takes back the awareness of CP (T1) that recording it created, and only that one: awareness from a survey, a
training class or another workshop stays (found by QA: a removed attendance kept the facility counted aware)."""

import datetime

import pytest
from django.urls import reverse

from budget.models import Expenditure
from enterprises.models import AwarenessRecord
from enterprises.selectors import facilities_aware_count
from enterprises.services import awareness_record_add
from outreach import services
from outreach.models import OutreachActivity, WorkshopAttendance
from outreach.tests.test_admin_saves import form_as_sent
from training.tests.factories import TrainingClassFactory, completed_registration, enterprise_make

pytestmark = pytest.mark.django_db

WORKSHOP_DAY = datetime.date(2017, 5, 10)
AS_OF = datetime.date(2017, 12, 31)


def workshop(**fields):
    values = {"kind": OutreachActivity.Kind.WORKSHOP, "title": "Hội thảo SXSH ngành dệt may", "date": WORKSHOP_DAY,
              "year": 2017, "cost_vnd": 0, **fields}
    return services.activity_save(activity=OutreachActivity(**values))


def test_a_removed_attendance_no_longer_counts_its_facility_aware(plan_loaded):
    activity, facility = workshop(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=facility, attendees=2)
    assert facilities_aware_count(as_of=AS_OF) == 1

    assert services.workshop_attendance_remove(activity=activity, enterprise=facility) is True
    assert not WorkshopAttendance.objects.exists() and not AwarenessRecord.objects.exists()
    assert facilities_aware_count(as_of=AS_OF) == 0
    assert services.workshop_attendance_remove(activity=activity, enterprise=facility) is False  # nothing left


def test_awareness_from_another_source_stays_when_an_attendance_is_removed(plan_loaded, personas):
    activity, other_workshop = workshop(), workshop(title="Hội thảo SXSH ngành giấy", date=datetime.date(2017, 6, 1))
    only_here, surveyed, trained, twice = (enterprise_make() for _n in range(4))
    for facility in (only_here, surveyed, trained, twice):
        services.workshop_attendance_add(activity=activity, enterprise=facility)
    awareness_record_add(enterprise=surveyed, date=datetime.date(2017, 2, 1), kind="survey")
    course = TrainingClassFactory(start_date=datetime.date(2017, 3, 1), end_date=datetime.date(2017, 3, 3))
    completed_registration(course, enterprise=trained)
    services.workshop_attendance_add(activity=other_workshop, enterprise=twice)
    assert facilities_aware_count(as_of=AS_OF) == 4

    for facility in (only_here, surveyed, trained, twice):
        services.workshop_attendance_remove(activity=activity, enterprise=facility, user=personas["doit_staff"])

    assert facilities_aware_count(as_of=AS_OF) == 3
    assert sorted(AwarenessRecord.objects.values_list("enterprise", "kind")) == sorted(
        [(surveyed.pk, "survey"), (trained.pk, "training"), (twice.pk, "workshop")])
    assert AwarenessRecord.objects.get(enterprise=twice).source == other_workshop
    removed = AwarenessRecord.history.filter(history_type="-", enterprise_id=only_here.pk).get()
    assert removed.history_user == personas["doit_staff"]


def test_the_stored_indicators_no_longer_count_a_removed_attendance_once_refreshed(plan_loaded):
    from plan.models import ReportingPeriod
    from reports.models import IndicatorSnapshot
    from reports.services import indicator_snapshots_refresh

    period = ReportingPeriod.objects.get(code="2017")
    activity, attended, surveyed = workshop(), enterprise_make(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=attended)
    services.workshop_attendance_add(activity=activity, enterprise=surveyed)
    awareness_record_add(enterprise=surveyed, date=datetime.date(2017, 2, 1), kind="survey")
    indicator_snapshots_refresh(periods=[period])  # what the nightly refresh does
    assert IndicatorSnapshot.objects.get(period=period, district__isnull=True).aware == 2

    services.workshop_attendance_remove(activity=activity, enterprise=attended)
    services.workshop_attendance_remove(activity=activity, enterprise=surveyed)
    indicator_snapshots_refresh(periods=[period])
    assert IndicatorSnapshot.objects.get(period=period, district__isnull=True).aware == 1


def test_deleting_a_workshop_takes_the_awareness_of_its_attendances_and_withdraws_its_cost(plan_loaded, personas):
    activity, kept = workshop(cost_vnd=80_000_000), workshop(title="Hội thảo SXSH ngành giấy")
    facility, trained = enterprise_make(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=facility)
    services.workshop_attendance_add(activity=activity, enterprise=trained)
    services.workshop_attendance_add(activity=kept, enterprise=trained)
    assert Expenditure.objects.get().amount_vnd == 80_000_000

    services.activity_delete(activity=activity, user=personas["doit_staff"])

    assert not OutreachActivity.objects.filter(pk=activity.pk).exists()
    assert list(WorkshopAttendance.objects.values_list("enterprise", flat=True)) == [trained.pk]
    assert list(AwarenessRecord.objects.values_list("enterprise", flat=True)) == [trained.pk]
    assert facilities_aware_count(as_of=AS_OF) == 1
    assert not Expenditure.objects.exists()  # nothing counted as spent
    head = Expenditure.all_objects.get(superseded=False)  # the withdrawal correction; the history keeps the cost
    assert (head.amount_vnd, head.withdrawn, head.corrects.amount_vnd) == (0, True, 80_000_000)


def test_an_attendance_deleted_in_the_admin_inline_takes_its_awareness(client_as, plan_loaded):
    activity, facility, surveyed = workshop(), enterprise_make(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=facility)
    services.workshop_attendance_add(activity=activity, enterprise=surveyed)
    awareness_record_add(enterprise=surveyed, date=datetime.date(2017, 2, 1), kind="survey")
    staff = client_as("doit_staff")
    change = reverse("admin:outreach_outreachactivity_change", args=[activity.pk])

    response = staff.post(change, form_as_sent(staff, change, **{
        "attendances-0-DELETE": "on", "attendances-1-DELETE": "on"}))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not WorkshopAttendance.objects.exists()
    assert list(AwarenessRecord.objects.values_list("enterprise", "kind")) == [(surveyed.pk, "survey")]
    assert facilities_aware_count(as_of=AS_OF) == 1


def test_an_admin_row_changed_to_another_facility_moves_the_awareness(client_as, plan_loaded):
    activity, first, second = workshop(), enterprise_make(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=first)
    staff = client_as("doit_staff")
    change = reverse("admin:outreach_outreachactivity_change", args=[activity.pk])

    response = staff.post(change, form_as_sent(staff, change, **{"attendances-0-enterprise": str(second.pk)}))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(WorkshopAttendance.objects.values_list("enterprise", flat=True)) == [second.pk]
    assert list(AwarenessRecord.objects.values_list("enterprise", flat=True)) == [second.pk]


@pytest.mark.parametrize("how", ["delete_view", "delete_selected"])
def test_a_workshop_deleted_in_the_admin_takes_its_attendances_awareness(client_as, plan_loaded, how):
    activity, facility, trained = workshop(), enterprise_make(), enterprise_make()
    services.workshop_attendance_add(activity=activity, enterprise=facility)
    services.workshop_attendance_add(activity=activity, enterprise=trained)
    course = TrainingClassFactory(start_date=datetime.date(2017, 3, 1), end_date=datetime.date(2017, 3, 3))
    completed_registration(course, enterprise=trained)
    staff = client_as("doit_staff")

    if how == "delete_view":
        response = staff.post(reverse("admin:outreach_outreachactivity_delete", args=[activity.pk]), {"post": "yes"})
    else:
        response = staff.post(reverse("admin:outreach_outreachactivity_changelist"), {
            "action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"})

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not OutreachActivity.objects.exists() and not WorkshopAttendance.objects.exists()
    assert list(AwarenessRecord.objects.values_list("enterprise", "kind")) == [(trained.pk, "training")]
    assert facilities_aware_count(as_of=AS_OF) == 1
