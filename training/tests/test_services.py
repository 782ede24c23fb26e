import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import pdftotext
from training import selectors, services
from training.models import Registration
from training.tests.factories import TrainingClassFactory, enterprise_make

pytestmark = pytest.mark.django_db


def _register(cls, email, name="Nguyễn Thị Hoa", **kw):
    return services.class_register(training_class=cls, full_name=name, email=email, agency=kw.pop("agency", "UBND quận"),
                                   **kw)


def test_registering_twice_with_the_same_email_is_refused(future_class):
    _register(future_class, "hoa@example.vn")
    with pytest.raises(ValidationError) as exc:
        _register(future_class, "HOA@example.vn ")
    assert "đã đăng ký lớp này" in str(exc.value)
    assert Registration.objects.filter(training_class=future_class).count() == 1


def test_registering_to_a_class_that_has_started_is_refused(plan_loaded):
    past = TrainingClassFactory(start_date=datetime.date.today() - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        _register(past, "late@example.vn")
    assert "đã bắt đầu" in str(exc.value)
    assert not Registration.objects.exists()


def test_a_full_class_puts_new_registrations_on_the_waiting_list_and_a_cancellation_moves_it_up(future_class):
    first = _register(future_class, "a@example.vn")
    _register(future_class, "b@example.vn")
    third = _register(future_class, "c@example.vn")
    assert first.status == Registration.Status.PENDING
    assert third.status == Registration.Status.WAITLISTED
    assert selectors.class_seats(future_class) == {"taken": 2, "free": 0, "waiting": 1}
    services.registration_cancel(registration=first)
    third.refresh_from_db()
    assert third.status == Registration.Status.PENDING


def test_an_end_date_before_the_start_is_refused(plan_loaded):
    cls = TrainingClassFactory.build(start_date=datetime.date(2017, 5, 10), end_date=datetime.date(2017, 5, 9))
    with pytest.raises(ValidationError) as exc:
        services.training_class_save(training_class=cls)
    assert "Ngày kết thúc" in str(exc.value)
    assert cls.pk is None


def _attended(cls, enterprise, email="kt@example.vn", name="Trần Văn Kỹ"):
    reg = services.class_register(training_class=cls, full_name=name, email=email, enterprise=enterprise)
    services.registration_confirm(registration=reg)
    return services.attendance_record(registration=reg, today=cls.end_date)  # once the class has run


def test_attendance_records_the_facility_as_aware_once(future_class):
    from enterprises.models import AwarenessRecord

    enterprise = enterprise_make()
    reg = _attended(future_class, enterprise)
    services.attendance_record(registration=reg, today=future_class.end_date)  # again: still one record
    records = AwarenessRecord.objects.filter(enterprise=enterprise)
    assert records.count() == 1
    record = records.get()
    assert record.kind == "training" and record.date == future_class.start_date and record.source == reg


def test_attendance_needs_a_confirmed_registration(future_class):
    reg = _register(future_class, "x@example.vn")
    with pytest.raises(ValidationError):
        services.attendance_record(registration=reg)


def test_completion_issues_a_certificate_code_once_and_counts_for_t4(future_class):
    large = enterprise_make()
    small = enterprise_make(size="small")
    reg = _attended(future_class, large)
    _attended(future_class, small, email="small@example.vn")
    done = services.registration_complete(registration=reg, today=future_class.end_date)
    assert done.certificate_code.startswith(f"SXSH-{future_class.end_date.year}-")
    again = services.registration_complete(registration=done, today=future_class.end_date)
    assert again.certificate_code == done.certificate_code
    for r in Registration.objects.filter(participant__email="small@example.vn"):
        services.registration_complete(registration=r, today=future_class.end_date)
    end = future_class.end_date
    assert selectors.enterprises_with_trained_guide_count(as_of=end) == 1
    assert selectors.enterprises_with_trained_guide_count(as_of=end, large_only=False) == 2
    assert selectors.enterprises_with_trained_guide_count(as_of=end - datetime.timedelta(days=1)) == 0
    assert selectors.enterprises_with_trained_guide_count(as_of=end, district_id=large.district_id + 999) == 0
    assert selectors.participants_count(completed_only=True) == 2


def test_completion_without_attendance_is_refused(future_class):
    reg = _register(future_class, "y@example.vn")
    services.registration_confirm(registration=reg)
    with pytest.raises(ValidationError) as exc:
        services.registration_complete(registration=reg)
    assert "chưa được ghi tham dự" in str(exc.value)


def test_the_certificate_pdf_is_in_vietnamese_with_the_name_and_code(future_class):
    reg = services.class_register(training_class=future_class, full_name="Đặng Thị Ngọc Ánh", email="pdf@example.vn",
                                  agency="Sở Tài nguyên và Môi trường")
    services.registration_confirm(registration=reg)
    services.attendance_record(registration=reg, today=future_class.end_date)
    reg = services.registration_complete(registration=reg, today=future_class.end_date)
    text = pdftotext(services.certificate_pdf(registration=reg))
    assert "Đặng Thị Ngọc Ánh" in text
    assert reg.certificate_code in text
    assert "GIẤY CHỨNG NHẬN" in text


def test_class_cost_is_posted_once_and_refused_on_a_mismatched_line(future_class, staff):
    from budget.models import Expenditure

    services.class_cost_post(training_class=future_class, user=staff)
    future_class.cost_vnd = 75_000_000
    services.class_cost_post(training_class=future_class, user=staff)
    spent = Expenditure.objects.filter(source_id=future_class.pk, line__code="II.1")
    assert spent.count() == 1 and spent.get().amount_vnd == 75_000_000
    future_class.budget_line_code = "I.2"
    with pytest.raises(ValidationError):
        services.class_cost_post(training_class=future_class, user=staff)
    assert Expenditure.objects.filter(line__code="I.2").count() == 0


def test_classes_done_by_year_counts_and_sums_in_the_database(plan_loaded, django_assert_num_queries):
    for cost in (80_000_000, 70_000_000):
        TrainingClassFactory(year=2017, cost_vnd=cost, status="done")
    TrainingClassFactory(year=2018, cost_vnd=1, status="planned")
    with django_assert_num_queries(1):
        rows = selectors.classes_done_by_year()
    assert rows == [{"year": 2017, "count": 2, "cost_vnd": 150_000_000}]


def test_a_study_tour_cost_is_recorded_but_never_posted_to_a_budget_line(plan_loaded):
    from budget.models import Expenditure
    from training.models import StudyTour

    tour = StudyTour(title="Học tập kinh nghiệm SXSH tại Thái Lan", scope=StudyTour.Scope.ABROAD,
                     destination="Băng Cốc", start_date=datetime.date(2017, 9, 18), end_date=datetime.date(2017, 9, 23),
                     year=2017, cost_vnd=300_000_000)
    tour.full_clean()
    tour.save()
    assert not hasattr(services, "study_tour_cost_post")
    assert not Expenditure.objects.exists()
    assert selectors.study_tours_by_year() == [{"year": 2017, "count": 1, "cost_vnd": 300_000_000}]
