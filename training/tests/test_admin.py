"""The training back office (found by QA with DEBUG=False on the demo data): a refusal is a message under the field,
never a 500; nothing is half-saved; a registration and its certificate stay with their class and person."""

import datetime

import pytest
from django.urls import reverse

from tests.admin_forms import admin_form_data
from training import services
from training.models import Participant, Registration, StudyTour, TrainingClass
from training.tests.factories import ParticipantFactory, TrainingClassFactory, completed_registration

pytestmark = pytest.mark.django_db

CLASS_ADD = reverse("admin:training_trainingclass_add")
REGISTRATION_ADD = reverse("admin:training_registration_add")


def _class_form(**changes):
    data = {"title": "Lớp SXSH ngành dệt may", "audience": "technicians", "description": "",
            "start_date": "2017-10-10", "end_date": "2017-10-12", "venue": "Sở Công Thương", "trainers": "",
            "capacity": "30", "budget_line_code": "II.1", "year": "2017", "cost_vnd": "1000", "status": "open",
            "is_public": "on", "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0",
            "registrations-MIN_NUM_FORMS": "0", "registrations-MAX_NUM_FORMS": "1000"}
    return {**data, **changes}


def _posted_costs(training_class):
    from budget.models import Expenditure

    return list(Expenditure.objects.filter(source_id=training_class.pk, line__code="II.1")
                .values_list("amount_vnd", flat=True))


def _messages(response) -> str:
    return " | ".join(str(m) for m in response.context["messages"])


def test_a_class_year_outside_the_plan_is_an_error_under_the_field_not_a_500(client_as):
    """Past the plan's years (2016–2020) a class may still be held, at no cost to the plan: its cost is refused
    under the cost field; a year before the plan, or more than a year ahead, under the year field."""
    client = client_as("doit_staff")
    response = client.post(CLASS_ADD, _class_form(year="2026", start_date="2026-12-10", end_date="2026-12-12"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["cost_vnd"] == ["Năm 2026 nằm ngoài kế hoạch (2016–2020): kinh phí của kế hoạch chỉ chi cho các "
                                  "năm đó; để 0 nếu hoạt động dùng nguồn khác."]
    assert not TrainingClass.objects.exists()
    response = client.post(CLASS_ADD, _class_form(year="2015", start_date="2015-12-10", end_date="2015-12-12"))
    assert response.context["adminform"].form.errors["year"] == ["Năm 2015 nằm ngoài kế hoạch (2016–2020)."]
    response = client.post(CLASS_ADD, _class_form(year="2026", start_date="2026-12-10", end_date="2026-12-12",
                                                  cost_vnd="0"))
    assert response.status_code == 302 and _posted_costs(TrainingClass.objects.get()) == []
    # an upcoming class of 2026 given a cost from the plan: changing only its venue says why, and changes nothing
    upcoming = TrainingClassFactory(year=2026, start_date=datetime.date(2026, 12, 1),
                                    end_date=datetime.date(2026, 12, 2), cost_vnd=80_000_000)
    url = reverse("admin:training_trainingclass_change", args=[upcoming.pk])
    response = client.post(url, {**admin_form_data(client.get(url)), "venue": "Hội trường mới"})
    assert response.status_code == 200
    assert "nằm ngoài kế hoạch" in response.context["adminform"].form.errors["cost_vnd"][0]
    upcoming.refresh_from_db()
    assert upcoming.venue != "Hội trường mới" and _posted_costs(upcoming) == []


def test_a_class_in_the_plan_is_saved_and_its_cost_posted(client_as):
    response = client_as("doit_staff").post(CLASS_ADD, _class_form(cost_vnd="80000000"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _posted_costs(TrainingClass.objects.get()) == [80_000_000]


def test_a_plan_year_other_than_the_start_dates_year_is_refused_under_the_field(client_as):
    response = client_as("doit_staff").post(CLASS_ADD, _class_form(year="2020", start_date="2026-12-10",
                                                                   end_date="2026-12-12"))
    assert response.status_code == 200
    assert "không thuộc năm kế hoạch 2020" in response.context["adminform"].form.errors["start_date"][0]
    assert not TrainingClass.objects.exists()


def test_a_study_tour_year_outside_the_plan_is_refused_under_the_field(client_as):
    response = client_as("doit_staff").post(reverse("admin:training_studytour_add"), {
        "title": "Học tập kinh nghiệm tại Nhật Bản", "scope": "abroad", "destination": "Tokyo",
        "start_date": "3000-05-01", "end_date": "3000-05-05", "year": "3000", "cost_vnd": "0", "note": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == ["Năm 3000 nằm ngoài kế hoạch (2016–2020)."]
    assert not StudyTour.objects.exists()


@pytest.mark.parametrize("kind", ["started", "done", "cancelled"])
def test_adding_a_registration_to_a_class_that_takes_none_is_a_form_error(client_as, kind):
    today = datetime.date.today()
    cls = {
        "started": lambda: TrainingClassFactory(start_date=today - datetime.timedelta(days=1)),
        "done": lambda: TrainingClassFactory(status=TrainingClass.Status.DONE),
        "cancelled": lambda: TrainingClassFactory(status=TrainingClass.Status.CANCELLED),
    }[kind]()
    person = ParticipantFactory()
    response = client_as("doit_staff").post(REGISTRATION_ADD, {"training_class": cls.pk, "participant": person.pk})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["training_class"][0]
    assert cls.title in errors and ("không nhận đăng ký" in errors or "đã bắt đầu" in errors)
    assert not Registration.objects.exists()


def test_adding_a_registration_twice_is_a_form_error_and_a_cancelled_one_is_taken_again(client_as):
    client = client_as("doit_staff")
    cls = TrainingClassFactory()
    person = ParticipantFactory()
    assert client.post(REGISTRATION_ADD, {"training_class": cls.pk, "participant": person.pk}).status_code == 302
    response = client.post(REGISTRATION_ADD, {"training_class": cls.pk, "participant": person.pk})
    assert "đã đăng ký lớp này" in response.context["adminform"].form.errors["participant"][0]
    services.registration_cancel(registration=Registration.objects.get())
    assert client.post(REGISTRATION_ADD, {"training_class": cls.pk, "participant": person.pk}).status_code == 302
    assert list(Registration.objects.values_list("status", flat=True)) == ["pending"]


def test_a_refusal_raised_while_saving_is_a_message_and_saves_nothing(client_as, monkeypatch):
    """The forms check the services' rules first; what the service still refuses at save time (another user got
    there first) must not be a 500."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        Participant.objects.create(full_name="Nửa chừng", email="nua@example.vn", agency="X")  # rolled back
        raise ValidationError("Lớp vừa đủ chỗ, hãy thử lại.")

    monkeypatch.setattr(services, "class_register", refuse)
    cls, person = TrainingClassFactory(), ParticipantFactory()
    response = client_as("doit_staff").post(REGISTRATION_ADD, {"training_class": cls.pk, "participant": person.pk},
                                            follow=True)
    assert response.status_code == 200
    assert "Lớp vừa đủ chỗ, hãy thử lại." in _messages(response)
    assert not Registration.objects.exists() and not Participant.objects.filter(email="nua@example.vn").exists()


def test_a_saved_registration_keeps_its_class_and_participant(client_as):
    held = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 5, 8), end_date=datetime.date(2017, 5, 10))
    registration = completed_registration(held, full_name="Vũ Minh Châu")
    other_class = TrainingClassFactory(status=TrainingClass.Status.CANCELLED)
    other_person = ParticipantFactory(full_name="Người Khác")
    client = client_as("doit_staff")
    url = reverse("admin:training_registration_change", args=[registration.pk])
    page = client.get(url)
    assert "training_class" not in page.context["adminform"].form.fields
    assert "participant" not in page.context["adminform"].form.fields
    response = client.post(url, {**admin_form_data(page), "training_class": other_class.pk,
                                 "participant": other_person.pk})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.training_class == held and registration.participant.full_name == "Vũ Minh Châu"
    verify = client.get(reverse("training:certificate_verify", args=[registration.certificate_code]))
    assert "Vũ Minh Châu" in verify.content.decode() and held.title in verify.content.decode()


def test_a_class_with_certificates_is_not_deleted_and_says_to_cancel_it(client_as):
    held = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 5, 8), end_date=datetime.date(2017, 5, 10))
    registration = completed_registration(held)
    client = client_as("doit_staff")
    url = reverse("admin:training_trainingclass_delete", args=[held.pk])
    page = client.get(url).content.decode()
    assert "hãy hủy lớp" in page and "1 chứng nhận" in page
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the page again, with the reason; nothing deleted
    changelist = reverse("admin:training_trainingclass_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [held.pk], "post": "yes"})
    assert "hãy hủy lớp" in response.content.decode()
    assert TrainingClass.objects.filter(pk=held.pk).exists()
    assert client.get(reverse("training:certificate_verify", args=[registration.certificate_code])).status_code == 200


def test_a_registration_with_a_certificate_is_not_deleted(client_as):
    held = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 5, 8), end_date=datetime.date(2017, 5, 10))
    registration = completed_registration(held)
    client = client_as("doit_staff")
    url = reverse("admin:training_registration_delete", args=[registration.pk])
    assert registration.certificate_code in client.get(url).content.decode()
    client.post(url, {"post": "yes"})
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_deleting_a_class_not_held_withdraws_its_posted_cost(client_as, personas):
    from budget.models import Expenditure

    cls = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 6, 5), end_date=datetime.date(2017, 6, 7),
                               cost_vnd=80_000_000)
    services.class_cost_post(training_class=cls, user=personas["doit_staff"])
    services.class_register(training_class=cls, full_name="A", email="a@example.vn", agency="X",
                            today=datetime.date(2017, 5, 1))
    assert _posted_costs(cls) == [80_000_000]
    response = client_as("doit_staff").post(reverse("admin:training_trainingclass_delete", args=[cls.pk]),
                                            {"post": "yes"})
    assert response.status_code == 302
    assert not TrainingClass.objects.exists() and not Registration.objects.exists()
    assert _posted_costs(cls) == []
    assert Expenditure.all_objects.filter(source_id=cls.pk, withdrawn=True).count() == 1  # the history stays


def test_cancelling_a_class_in_the_admin_cancels_its_registrations_and_withdraws_its_cost(client_as, personas):
    cls = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 6, 5), end_date=datetime.date(2017, 6, 7),
                               cost_vnd=80_000_000, capacity=1)
    services.class_cost_post(training_class=cls, user=personas["doit_staff"])
    for email in ("a@example.vn", "b@example.vn"):
        services.class_register(training_class=cls, full_name="A", email=email, agency="X",
                                today=datetime.date(2017, 5, 1))
    client = client_as("doit_staff")
    url = reverse("admin:training_trainingclass_change", args=[cls.pk])
    response = client.post(url, {**admin_form_data(client.get(url)), "status": "cancelled"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert _posted_costs(cls) == []


def test_the_cancel_action_cancels_a_class_even_one_whose_year_no_longer_passes(client_as, personas):
    upcoming = TrainingClassFactory(year=2026)
    services.class_register(training_class=upcoming, full_name="A", email="a@example.vn", agency="X")
    response = client_as("doit_staff").post(reverse("admin:training_trainingclass_changelist"), {
        "action": "cancel_classes", "_selected_action": [upcoming.pk]}, follow=True)
    assert "Đã hủy 1 lớp" in _messages(response)
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"
    assert Registration.objects.get().status == "cancelled"


def test_the_complete_action_counts_only_what_it_did_and_says_what_was_done_before(client_as):
    held = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 5, 8), end_date=datetime.date(2017, 5, 10))
    done = completed_registration(held)
    code = done.certificate_code
    changelist = reverse("admin:training_registration_changelist")
    client = client_as("doit_staff")
    response = client.post(changelist, {"action": "complete", "_selected_action": [done.pk]}, follow=True)
    said = _messages(response)
    assert "Đã cấp chứng nhận" not in said
    assert "1 học viên đã hoàn thành và được cấp chứng nhận từ trước" in said
    done.refresh_from_db()
    assert done.certificate_code == code
    # one done before, one to do now: only the second is counted
    other = TrainingClassFactory(year=2017, start_date=datetime.date(2017, 6, 5), end_date=datetime.date(2017, 6, 7))
    person = ParticipantFactory()
    fresh = services.class_register(training_class=other, full_name=person.full_name, email=person.email,
                                    today=datetime.date(2017, 5, 1))
    services.registration_confirm(registration=fresh)
    services.attendance_record(registration=fresh)
    response = client.post(changelist, {"action": "complete", "_selected_action": [done.pk, fresh.pk]}, follow=True)
    said = _messages(response)
    assert "Đã cấp chứng nhận cho 1 học viên." in said and "1 học viên đã hoàn thành" in said
    fresh.refresh_from_db()
    assert fresh.certificate_code


def test_the_participant_admin_refuses_an_email_differing_only_by_case_and_stores_it_lower_case(client_as):
    ParticipantFactory(email="hoa@example.vn")
    client = client_as("doit_staff")
    add = reverse("admin:training_participant_add")
    form = {"full_name": "Nguyễn Thị Hoa", "position": "", "enterprise": "", "agency": "UBND quận",
            "email": "HOA@Example.vn", "phone": ""}
    response = client.post(add, form)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["Thư điện tử này đã có người tham gia khác."]
    assert Participant.objects.count() == 1
    response = client.post(add, {**form, "email": "Lan.Nguyen@Example.VN"})
    assert response.status_code == 302
    assert Participant.objects.filter(email="lan.nguyen@example.vn").exists()


def test_the_database_refuses_an_email_differing_only_by_case():
    from django.db import IntegrityError, transaction

    ParticipantFactory(email="hoa@example.vn")
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.bulk_create([Participant(full_name="B", email="Hoa@Example.vn", agency="X")])


def test_the_migration_lower_cases_the_emails_already_stored():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("training.migrations.0004_participant_email_unique_ci")
    Participant.objects.bulk_create([Participant(full_name="B", email="Binh@Example.vn", agency="X")])
    migration.emails_lower(apps, None)
    assert list(Participant.objects.values_list("email", flat=True)) == ["binh@example.vn"]
