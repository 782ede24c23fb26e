"""A class's plan year, its status once held, and what cancelling or deleting it does (found by QA)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from training import selectors, services
from training.models import Registration, StudyTour, TrainingClass
from training.tests.factories import TrainingClassFactory, completed_registration

pytestmark = pytest.mark.django_db
D = datetime.date


def _class(**kw):
    fields = dict(title="Lớp SXSH ngành giấy", audience=TrainingClass.Audience.TECHNICIANS, venue="Sở Công Thương",
                  capacity=30, cost_vnd=80_000_000, status=TrainingClass.Status.OPEN)
    return TrainingClass(**{**fields, **kw})


def test_a_class_held_in_2026_is_refused_with_plan_year_2020_and_nothing_is_posted(plan_loaded):
    from budget.models import Expenditure

    cls = _class(start_date=D(2026, 12, 10), end_date=D(2026, 12, 12), year=2020)
    with pytest.raises(ValidationError) as exc:
        services.training_class_save(training_class=cls)
    assert exc.value.message_dict["start_date"] == [
        "Ngày bắt đầu 10/12/2026 không thuộc năm kế hoạch 2020: lớp của năm nào khai giảng trong năm đó."]
    assert cls.pk is None and not Expenditure.objects.exists()


@pytest.mark.parametrize("year", [1800, 2015, 3000])
def test_a_class_year_outside_the_plan_is_refused_naming_the_plans_years(plan_loaded, year):
    cls = _class(start_date=D(2017, 3, 6), end_date=D(2017, 3, 8), year=year, cost_vnd=0)
    with pytest.raises(ValidationError) as exc:
        services.training_class_save(training_class=cls)
    assert exc.value.message_dict["year"] == [f"Năm {year} nằm ngoài kế hoạch (2016–2020)."]
    assert not TrainingClass.objects.exists()


def test_past_the_plan_a_class_is_held_at_no_cost_to_the_plan(plan_loaded):
    """The programme goes on after 2020 until the next plan is loaded: a class of this year or the next is
    saved if it spends none of the plan's money, whose lines pay for 2016–2020 only."""
    from django.utils import timezone

    year = timezone.localdate().year
    if year <= 2020:
        pytest.skip("today is a year of the plan")
    with pytest.raises(ValidationError) as exc:
        services.training_class_save(training_class=_class(start_date=D(year, 12, 1), end_date=D(year, 12, 2),
                                                           year=year))
    assert "nằm ngoài kế hoạch (2016–2020)" in exc.value.message_dict["cost_vnd"][0]
    held = services.training_class_save(training_class=_class(start_date=D(year + 1, 1, 5),
                                                              end_date=D(year + 1, 1, 6), year=year + 1, cost_vnd=0))
    assert held.pk is not None
    with pytest.raises(ValidationError) as exc:
        services.training_class_save(training_class=_class(start_date=D(year + 2, 1, 5),
                                                           end_date=D(year + 2, 1, 6), year=year + 2, cost_vnd=0))
    assert list(exc.value.message_dict) == ["year"]


def test_the_plan_years_come_from_the_plan_not_from_the_code(plan_loaded):
    plan_loaded.end_year = 2021
    plan_loaded.save()
    services.training_class_save(training_class=_class(start_date=D(2021, 3, 1), end_date=D(2021, 3, 3), year=2021))
    plan_loaded.end_year = 2020
    plan_loaded.save()
    with pytest.raises(ValidationError, match=r"\(2016–2020\)"):
        services.training_class_save(training_class=_class(start_date=D(2021, 4, 1), end_date=D(2021, 4, 3),
                                                           year=2021))


def test_a_study_tour_year_is_a_plan_year_its_start_falls_in(plan_loaded):
    def tour(year, start):
        return StudyTour(title="Đoàn học tập", scope=StudyTour.Scope.DOMESTIC, destination="Đà Nẵng", year=year,
                         start_date=start, end_date=start + datetime.timedelta(days=3))

    with pytest.raises(ValidationError) as exc:
        tour(3000, D(3000, 5, 1)).full_clean()
    assert exc.value.message_dict["year"] == ["Năm 3000 nằm ngoài kế hoạch (2016–2020)."]
    with pytest.raises(ValidationError) as exc:
        tour(2017, D(2018, 1, 8)).full_clean()
    assert "không thuộc năm kế hoạch 2017" in exc.value.message_dict["start_date"][0]
    tour(2017, D(2017, 9, 18)).full_clean()


def test_issuing_certificates_after_the_end_marks_the_class_held_and_it_is_counted(plan_loaded):
    cls = TrainingClassFactory(year=2019, start_date=D(2019, 5, 6), end_date=D(2019, 5, 8), cost_vnd=80_000_000)
    assert selectors.classes_done_by_year() == []
    completed_registration(cls)
    cls.refresh_from_db()
    assert cls.status == TrainingClass.Status.DONE
    assert selectors.classes_done_by_year() == [{"year": 2019, "count": 1, "cost_vnd": 80_000_000}]


def test_a_certificate_dated_before_the_end_leaves_a_running_class_open(plan_loaded):
    cls = TrainingClassFactory(year=2019, start_date=D(2019, 5, 6), end_date=D(2019, 5, 10))
    reg = services.class_register(training_class=cls, full_name="A", email="a@example.vn", agency="X",
                                  today=D(2019, 4, 1))
    services.registration_confirm(registration=reg)
    services.attendance_record(registration=reg, today=D(2019, 5, 6))
    services.registration_complete(registration=reg, completed_on=D(2019, 5, 7), today=D(2019, 5, 7))
    cls.refresh_from_db()
    assert cls.status == TrainingClass.Status.OPEN  # it runs until 10/05


def test_a_class_that_has_run_is_not_shown_as_taking_registrations(client, plan_loaded):
    over = TrainingClassFactory(year=2017, start_date=D(2017, 5, 8), end_date=D(2017, 5, 10))
    running = TrainingClassFactory(start_date=datetime.date.today() - datetime.timedelta(days=1),
                                   end_date=datetime.date.today() + datetime.timedelta(days=1))
    html = client.get(reverse("training:class_detail", args=[over.pk])).content.decode()
    assert "Lớp không còn nhận đăng ký" in html and "đang nhận đăng ký" not in html and "đã kết thúc" in html
    html = client.get(reverse("training:class_detail", args=[running.pk])).content.decode()
    assert "đang nhận đăng ký" not in html and "đang diễn ra" in html
    listing = client.get(reverse("training:class_list")).content.decode()
    assert "đang nhận đăng ký" not in listing


def test_cancelling_a_class_cancels_its_open_registrations_mails_them_and_withdraws_its_cost(
        plan_loaded, personas, mailoutbox, django_capture_on_commit_callbacks):
    from budget.models import Expenditure

    cls = TrainingClassFactory(year=2017, start_date=D(2017, 6, 5), end_date=D(2017, 6, 7), capacity=2)
    services.class_cost_post(training_class=cls, user=personas["doit_staff"])
    before = D(2017, 5, 1)
    regs = [services.class_register(training_class=cls, full_name=f"Người {i}", email=f"n{i}@example.vn",
                                    agency="X", today=before) for i in range(3)]
    services.registration_confirm(registration=regs[0])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.class_cancel(training_class=cls, user=personas["doit_staff"])
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(m.to[0] for m in mailoutbox) == ["n0@example.vn", "n1@example.vn", "n2@example.vn"]
    assert all("đã hủy" in m.subject and "Lớp đã bị hủy" in m.body and cls.title in m.body for m in mailoutbox)
    assert not Expenditure.objects.filter(source_id=cls.pk, line__code="II.1").exists()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.class_cancel(training_class=cls)  # again: nothing more to cancel, nobody written to twice
    assert mailoutbox == []


def test_cancelling_a_class_keeps_the_certificates_it_issued(plan_loaded):
    cls = TrainingClassFactory(year=2017, start_date=D(2017, 6, 5), end_date=D(2017, 6, 7))
    done = completed_registration(cls)
    services.class_cancel(training_class=cls)
    done.refresh_from_db()
    assert done.status == Registration.Status.CONFIRMED and done.certificate_code


def test_deleting_a_class_with_certificates_is_refused_and_one_without_withdraws_its_cost(plan_loaded, personas):
    from budget.models import Expenditure

    held = TrainingClassFactory(year=2017, start_date=D(2017, 5, 8), end_date=D(2017, 5, 10))
    completed_registration(held)
    with pytest.raises(ValidationError, match="hãy hủy lớp"):
        services.class_delete(training_class=held)
    assert Registration.objects.filter(training_class=held).count() == 1
    planned = TrainingClassFactory(year=2018, start_date=D(2018, 5, 8), end_date=D(2018, 5, 10))
    services.class_cost_post(training_class=planned, user=personas["doit_staff"])
    services.class_delete(training_class=planned, user=personas["doit_staff"])
    assert not TrainingClass.objects.filter(pk=planned.pk).exists()
    assert not Expenditure.objects.filter(source_id=planned.pk, line__code="II.1").exists()
