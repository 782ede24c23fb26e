import datetime

import pytest
from django.core.exceptions import ValidationError

from budget.models import Expenditure
from enterprises import services
from enterprises.models import Assessment, AssessmentRequest, AwarenessRecord, ConsumptionRecord, CPOption
from enterprises.tests.factories import EnterpriseFactory, RequestFactory

pytestmark = pytest.mark.django_db


def test_a_request_goes_requested_accepted_scheduled_done(personas):
    staff = personas["doit_staff"]
    r = RequestFactory(year=2017)
    r = services.request_accept(request=r, user=staff)
    assert r.status == "accepted" and r.quota_warning is None and r.decided_by == staff
    r = services.request_schedule(request=r, scheduled_on=datetime.date(2017, 4, 1), user=staff)
    assert r.status == "scheduled"
    a = services.assessment_record(request=r, date=datetime.date(2017, 4, 2), consultant="ENERTEAM",
                                   consultancy_cost_vnd=100_000_000, support_vnd=40_000_000, user=staff)
    r.refresh_from_db()
    assert r.status == "done" and a.support_flags == []
    assert r.history.first().history_user == staff


def test_accepting_twice_or_deciding_a_declined_request_is_refused(personas):
    staff = personas["doit_staff"]
    r = services.request_accept(request=RequestFactory(), user=staff)
    with pytest.raises(ValidationError):
        services.request_accept(request=r, user=staff)
    services.request_decline(request=r, reason="Không đủ điều kiện", user=staff)
    with pytest.raises(ValidationError):
        services.request_schedule(request=r, scheduled_on=datetime.date(2017, 1, 1), user=staff)


def test_declining_needs_a_reason(personas):
    r = RequestFactory()
    with pytest.raises(ValidationError) as exc:
        services.request_decline(request=r, reason="  ", user=personas["doit_staff"])
    assert "decline_reason" in exc.value.message_dict
    r.refresh_from_db()
    assert r.status == "requested"


def test_accepting_beyond_the_years_quota_warns_but_accepts(personas):
    staff = personas["doit_staff"]
    for _ in range(2):  # 2016 has 2 investment projects in the appendix
        services.request_accept(request=RequestFactory(kind="investment_support", year=2016), user=staff)
    third = services.request_accept(request=RequestFactory(kind="investment_support", year=2016), user=staff)
    assert third.status == "accepted"
    assert "yêu cầu thứ 3 được tiếp nhận, chỉ tiêu là 2" in third.quota_warning  # this one counted


def test_an_assessments_support_is_posted_once_to_line_iv1_and_flagged(personas):
    staff = personas["doit_staff"]
    r = services.request_accept(request=RequestFactory(year=2018), user=staff)
    a = services.assessment_record(request=r, date=datetime.date(2018, 3, 1), consultant="X",
                                   consultancy_cost_vnd=80_000_000, support_vnd=60_000_000, user=staff)
    posted = Expenditure.objects.filter(source_id=a.pk, line__code="IV.1")
    assert posted.count() == 1 and posted.get().amount_vnd == 60_000_000 and posted.get().year == 2018
    assert len(a.support_flags) == 2
    with pytest.raises(ValidationError):  # the request is done: a second assessment is refused
        services.assessment_record(request=r, date=datetime.date(2018, 3, 1), consultant="X", support_vnd=1,
                                   user=staff)
    assert posted.count() == 1


def test_an_option_is_implemented_once_with_a_date(personas):
    staff = personas["doit_staff"]
    r = services.request_accept(request=RequestFactory(), user=staff)
    a = services.assessment_record(request=r, date=datetime.date(2017, 3, 1), consultant="X", user=staff)
    o = services.cp_option_add(assessment=a, category="good_housekeeping", description="Sửa rò rỉ",
                               investment_vnd=10_000_000, yearly_saving_vnd=4_000_000)
    assert str(o.payback_years) == "2.5"
    with pytest.raises(ValidationError):
        services.cp_option_implement(option=o, implemented_on=datetime.date(2017, 1, 1), user=staff)
    o = services.cp_option_implement(option=o, implemented_on=datetime.date(2017, 6, 1), user=staff)
    assert o.status == CPOption.Status.IMPLEMENTED
    with pytest.raises(ValidationError):
        services.cp_option_implement(option=o, implemented_on=datetime.date(2017, 7, 1), user=staff)


def test_awareness_from_the_same_source_is_recorded_once(personas):
    e = EnterpriseFactory()
    source = personas["doit_staff"]  # any saved object serves as a source
    first = services.awareness_record_add(enterprise=e, date=datetime.date(2017, 1, 1), kind="training", source=source)
    again = services.awareness_record_add(enterprise=e, date=datetime.date(2017, 1, 2), kind="training", source=source)
    assert first.pk == again.pk and AwarenessRecord.objects.filter(enterprise=e).count() == 1


def test_zero_output_with_consumption_is_refused_clearly(plan_loaded):
    record = ConsumptionRecord(enterprise=EnterpriseFactory(), year=2016, resource="electricity", unit="kWh",
                               quantity=100, output_quantity=0, product_unit="tấn")
    with pytest.raises(ValidationError) as exc:
        services.consumption_record_save(record=record)
    assert "không tính được" in exc.value.message_dict["output_quantity"][0]


def test_moving_the_baseline_keeps_the_reason_and_one_baseline(plan_loaded):
    e = EnterpriseFactory()
    kw = dict(enterprise=e, resource="water", unit="m3", product_unit="tấn")
    old = services.consumption_record_save(record=ConsumptionRecord(year=2015, quantity=100, output_quantity=10,
                                                                    is_baseline=True, **kw))
    new = services.consumption_record_save(record=ConsumptionRecord(year=2016, quantity=90, output_quantity=10, **kw))
    with pytest.raises(ValidationError):
        services.baseline_set(record=new, reason="")
    services.baseline_set(record=new, reason="Số liệu 2015 không đầy đủ")
    old.refresh_from_db()
    assert not old.is_baseline and ConsumptionRecord.objects.filter(enterprise=e, is_baseline=True).get().pk == new.pk
    assert new.history.first().baseline_reason == "Số liệu 2015 không đầy đủ"
    assert AssessmentRequest.objects.count() == 0


def test_a_requests_dates_fall_in_its_year_and_what_was_done_is_not_in_the_future(personas):
    """Found by QA: a 2019 request scheduled for 1999, an assessment dated 2001 (counted as done in every period), an
    option implemented in 2099. Each is refused under its field, and nothing changes."""
    staff = personas["doit_staff"]
    r = services.request_accept(request=RequestFactory(year=2019), user=staff)
    with pytest.raises(ValidationError) as exc:
        services.request_schedule(request=r, scheduled_on=datetime.date(1999, 1, 1), user=staff)
    assert "năm 2019" in exc.value.message_dict["scheduled_on"][0]
    r.refresh_from_db()
    assert r.status == "accepted" and r.scheduled_on is None
    for date in (datetime.date(2001, 1, 1), datetime.date(2020, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            services.assessment_record(request=r, date=date, consultant="X", user=staff)
        assert "date" in exc.value.message_dict
    assert not Assessment.objects.filter(request=r).exists()
    a = services.assessment_record(request=r, date=datetime.date(2019, 3, 1), consultant="X", user=staff)
    o = services.cp_option_add(assessment=a, category="good_housekeeping", description="Tắt đèn", user=staff)
    with pytest.raises(ValidationError) as exc:
        services.cp_option_implement(option=o, implemented_on=datetime.date(2099, 1, 1), user=staff)
    assert "chưa đến" in exc.value.message_dict["implemented_on"][0]
    o.refresh_from_db()
    assert o.status != "implemented"


def test_a_project_completes_after_it_starts_and_with_a_date(personas):
    from enterprises.models import InvestmentProject

    e = EnterpriseFactory()
    project = InvestmentProject(enterprise=e, title="Thu hồi nhiệt", year=2019, investment_vnd=1_000_000_000,
                                funding_enterprise_vnd=800_000_000, support_vnd=200_000_000,
                                status="completed", started_on=datetime.date(2019, 3, 1),
                                completed_on=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.investment_project_record(project=project, user=personas["doit_staff"])
    assert "completed_on" in exc.value.message_dict
    project.completed_on = None
    with pytest.raises(ValidationError) as exc:
        services.investment_project_record(project=project, user=personas["doit_staff"])
    assert "completed_on" in exc.value.message_dict
    assert not InvestmentProject.objects.exists()


@pytest.mark.parametrize("year", [1900, 1999, 2099, datetime.date.today().year + 1])
def test_a_consumption_record_of_an_impossible_year_is_refused_under_its_year(plan_loaded, year):
    """Found by QA: an enterprise entered 1900 and 2099, and the wrong row then blocked the right one."""
    record = ConsumptionRecord(enterprise=EnterpriseFactory(), year=year, resource="electricity", unit="kWh",
                               quantity=420_000, output_quantity=1000, product_unit="tấn")
    with pytest.raises(ValidationError) as exc:
        services.consumption_record_save(record=record)
    assert "year" in exc.value.message_dict and str(year) in exc.value.message_dict["year"][0]
    assert not ConsumptionRecord.objects.filter(year=year).exists()
    record.year = 2000
    assert services.consumption_record_save(record=record).pk
