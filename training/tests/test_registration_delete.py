"""Deleting a registration that holds a seat frees it as cancelling does: the first person on the waiting list moves
up and is told by e-mail after the commit (found by QA: a deletion in the admin left the seat empty and the waiting
list where it was)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training import services
from training.models import Registration
from training.tests.factories import TrainingClassFactory, completed_registration

pytestmark = pytest.mark.django_db


def _register(cls, email):
    return services.class_register(training_class=cls, full_name="Nguyễn Thị Hoa", email=email, agency="UBND quận")


def _statuses(cls):
    return dict(Registration.objects.filter(training_class=cls).values_list("participant__email", "status"))


@pytest.fixture
def full_class(future_class):
    """Capacity 2: a and b pending, c and d on the waiting list."""
    for email in ("a@example.vn", "b@example.vn", "c@example.vn", "d@example.vn"):
        _register(future_class, email)
    return future_class


def test_deleting_a_registration_holding_a_seat_moves_the_first_waiting_up_and_mails_them_after_the_commit(
        full_class, mailoutbox, django_capture_on_commit_callbacks):
    first = Registration.objects.get(participant__email="a@example.vn")
    services.registration_confirm(registration=first)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_delete(registration=first)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert _statuses(full_class) == {"b@example.vn": "pending", "c@example.vn": "pending",
                                     "d@example.vn": "waitlisted"}
    assert [m.to for m in mailoutbox] == [["c@example.vn"]]
    assert "chuyển từ danh sách chờ" in mailoutbox[0].body


def test_deleting_a_waitlisted_registration_moves_nobody(full_class, mailoutbox, django_capture_on_commit_callbacks):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_delete(registration=Registration.objects.get(participant__email="c@example.vn"))
    assert _statuses(full_class) == {"a@example.vn": "pending", "b@example.vn": "pending",
                                     "d@example.vn": "waitlisted"}
    assert mailoutbox == []


def test_deleting_a_registration_with_a_certificate_is_refused(plan_loaded):
    import datetime

    held = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 5, 8), end_date=datetime.date(2017, 5, 10))
    registration = completed_registration(held)
    with pytest.raises(ValidationError, match="không xóa được"):
        services.registration_delete(registration=registration)
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_deleting_a_registration_in_the_admin_moves_the_waiting_list_up(full_class, client_as, mailoutbox,
                                                                        django_capture_on_commit_callbacks):
    first = Registration.objects.get(participant__email="a@example.vn")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("doit_staff").post(reverse("admin:training_registration_delete", args=[first.pk]),
                                                {"post": "yes"})
    assert response.status_code == 302
    assert _statuses(full_class) == {"b@example.vn": "pending", "c@example.vn": "pending",
                                     "d@example.vn": "waitlisted"}
    assert [m.to for m in mailoutbox] == [["c@example.vn"]]


def test_deleting_selected_registrations_in_the_admin_moves_the_waiting_list_up_once_per_seat(
        full_class, client_as, mailoutbox, django_capture_on_commit_callbacks):
    """a holds a seat, c is first on the waiting list: whichever goes first, d takes a's seat and only d is told
    (c, moved up and deleted in the same transaction, is written to by nobody)."""
    selected = Registration.objects.filter(participant__email__in=["a@example.vn", "c@example.vn"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("doit_staff").post(reverse("admin:training_registration_changelist"), {
            "action": "delete_selected", "_selected_action": [r.pk for r in selected], "post": "yes"})
    assert response.status_code == 302
    assert _statuses(full_class) == {"b@example.vn": "pending", "d@example.vn": "pending"}
    assert [m.to for m in mailoutbox] == [["d@example.vn"]]
