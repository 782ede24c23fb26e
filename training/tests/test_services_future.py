"""Attendance and a certificate are for a class that has taken place (found by QA: a class of 15–17/12/2026 was
marked attended and completed on 25/11/2026, and its certificate checked as valid)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from training import services
from training.models import Registration
from training.tests.factories import ParticipantFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def test_a_class_not_yet_started_takes_no_attendance_and_one_not_ended_issues_no_certificate(personas):
    today = datetime.date.today()
    coming = TrainingClassFactory(start_date=today + datetime.timedelta(days=20),
                                  end_date=today + datetime.timedelta(days=22))
    registration = Registration.objects.create(training_class=coming, participant=ParticipantFactory(),
                                               status=Registration.Status.CONFIRMED)
    with pytest.raises(ValidationError, match="chưa thể ghi tham dự"):
        services.attendance_record(registration=registration)
    registration.refresh_from_db()
    assert not registration.attended
    running = TrainingClassFactory(start_date=today - datetime.timedelta(days=1),
                                   end_date=today + datetime.timedelta(days=1))
    started = Registration.objects.create(training_class=running, participant=ParticipantFactory(),
                                          status=Registration.Status.CONFIRMED)
    started = services.attendance_record(registration=started)
    with pytest.raises(ValidationError, match="chưa thể cấp chứng nhận"):
        services.registration_complete(registration=started)
    started.refresh_from_db()
    assert started.attended and not started.completed and not started.certificate_code
    done = services.registration_complete(registration=started, completed_on=today)
    assert done.completed and done.certificate_code
