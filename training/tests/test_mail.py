"""The registrant hears by e-mail, after the transaction commits, where they stand."""

import pytest

from training import services
from training.models import Registration

pytestmark = pytest.mark.django_db


def _register(cls, email):
    return services.class_register(training_class=cls, full_name="Nguyễn Thị Hoa", email=email, agency="UBND quận")


def test_registering_mails_the_registrant_that_the_place_awaits_confirmation(future_class, mailoutbox,
                                                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _register(future_class, "hoa@example.vn")
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["hoa@example.vn"]
    assert future_class.title in mail.subject and "chờ xác nhận" in mail.subject
    assert "đang chờ Sở Công Thương xác nhận" in mail.body and future_class.venue in mail.body


def test_a_registrant_beyond_capacity_is_told_they_are_on_the_waiting_list(future_class, mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _register(future_class, "a@example.vn")
        _register(future_class, "b@example.vn")
        third = _register(future_class, "c@example.vn")  # capacity is 2
    assert third.status == Registration.Status.WAITLISTED
    assert [m.to for m in mailoutbox] == [["a@example.vn"], ["b@example.vn"], ["c@example.vn"]]
    assert "danh sách chờ" in mailoutbox[2].body and "danh sách chờ" in mailoutbox[2].subject


def test_confirming_a_registration_mails_the_confirmation(future_class, staff, mailoutbox,
                                                          django_capture_on_commit_callbacks):
    reg = _register(future_class, "hoa@example.vn")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(registration=reg, user=staff)
    assert len(mailoutbox) == 1
    assert "đã xác nhận" in mailoutbox[0].subject and "đã xác nhận chỗ" in mailoutbox[0].body


def test_a_refused_registration_sends_no_mail(future_class, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True):
        _register(future_class, "hoa@example.vn")
        with pytest.raises(ValidationError):
            _register(future_class, "hoa@example.vn")
    assert len(mailoutbox) == 1


def test_the_person_moved_up_from_the_waiting_list_is_told_a_seat_is_free(future_class, staff, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    first = _register(future_class, "a@example.vn")
    _register(future_class, "b@example.vn")
    _register(future_class, "c@example.vn")  # capacity is 2: waitlisted
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first, user=staff)
    assert [m.to for m in mailoutbox] == [["c@example.vn"]]
    assert "chờ xác nhận" in mailoutbox[0].subject and "chuyển từ danh sách chờ" in mailoutbox[0].body


def test_cancelling_a_registration_in_the_admin_mails_the_person_moved_up(future_class, client_as, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    from django.urls import reverse

    first = _register(future_class, "a@example.vn")
    _register(future_class, "b@example.vn")
    _register(future_class, "c@example.vn")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("doit_staff").post(reverse("admin:training_registration_changelist"),
                                     {"action": "cancel", "_selected_action": [first.pk]})
    assert Registration.objects.get(participant__email="c@example.vn").status == Registration.Status.PENDING
    assert [m.to for m in mailoutbox] == [["c@example.vn"]]


def test_cancelling_a_class_in_the_admin_mails_everyone_registered(future_class, client_as, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    from django.urls import reverse

    for email in ("a@example.vn", "b@example.vn", "c@example.vn"):
        _register(future_class, email)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_as("doit_staff").post(reverse("admin:training_trainingclass_changelist"),
                                     {"action": "cancel_classes", "_selected_action": [future_class.pk]})
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.vn", "b@example.vn", "c@example.vn"]
    assert all("Lớp đã bị hủy" in m.body for m in mailoutbox)
