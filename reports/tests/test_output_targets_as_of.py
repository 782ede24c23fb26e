"""The appendix's output targets of a six-month report count what was done by the period's end (30/06), not the
whole year: classes held (by their end date), CP assessments (by their date) and investment supports (by the date
of their posting on IV.3: the project's start date, else 31/12 of its year). The annual report, and the figures
without a date, count the whole year as before.

The data (plan year 2018 unless said):
  classes held: 10–12/04 (held by 30/06), 28/06–02/07 (ends after 30/06), 10–12/07; a class planned for May (not held)
  assessments: 15/03, 20/09
  investment supports: started 02/05, started 01/10, no start date (dated 31/12); a 2017 one without a start date;
  a cancelled one started 01/03 (never counted)
"""

import datetime
from io import BytesIO

import pytest

from plan.models import ReportingPeriod

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def done_2018(plan_loaded):
    from enterprises.models import InvestmentProject
    from enterprises.tests.factories import AssessmentFactory, EnterpriseFactory
    from training.tests.factories import TrainingClassFactory

    for start, end in ((D(2018, 4, 10), D(2018, 4, 12)), (D(2018, 6, 28), D(2018, 7, 2)),
                       (D(2018, 7, 10), D(2018, 7, 12))):
        TrainingClassFactory(year=2018, start_date=start, end_date=end, status="done")
    TrainingClassFactory(year=2018, start_date=D(2018, 5, 3), end_date=D(2018, 5, 4), status="planned")
    for day in (D(2018, 3, 15), D(2018, 9, 20)):
        AssessmentFactory(date=day, request__year=2018)
    enterprise = EnterpriseFactory()
    for year, started_on, status in ((2018, D(2018, 5, 2), "in_progress"), (2018, D(2018, 10, 1), "in_progress"),
                                     (2018, None, "planned"), (2017, None, "planned"),
                                     (2018, D(2018, 3, 1), "cancelled")):
        InvestmentProject.objects.create(enterprise=enterprise, model_kind="pilot", title=f"Dự án {year} {started_on}",
                                         year=year, investment_vnd=1_000_000_000, support_vnd=200_000_000,
                                         started_on=started_on, status=status)


def _done(rows, code, year):
    [row] = [r for r in rows if r["code"] == code and r["year"] == year]
    return row["done_quantity"]


def test_a_six_month_report_counts_what_was_done_by_the_end_of_june(done_2018):
    from reports.selectors import output_targets_for

    half = output_targets_for(period=ReportingPeriod.objects.get(code="2018S1"))
    year = output_targets_for(period=ReportingPeriod.objects.get(code="2018"))
    # classes held: the one that ends on 2 July and the July one are not held by 30 June
    assert (_done(half, "II.1", 2018), _done(year, "II.1", 2018)) == (1, 3)
    # assessments: the September one is not done by 30 June
    assert (_done(half, "IV.1", 2018), _done(year, "IV.1", 2018)) == (1, 2)
    # investment supports: the one started in October and the one dated 31/12 come in the annual report only
    assert (_done(half, "IV.3", 2018), _done(year, "IV.3", 2018)) == (1, 3)
    # a past year is whole in both
    assert _done(half, "IV.3", 2017) == _done(year, "IV.3", 2017) == 1


def test_without_a_date_everything_recorded_so_far_counts(done_2018):
    from reports.indicators import output_targets

    rows = output_targets(year=2018)
    assert (_done(rows, "II.1", 2018), _done(rows, "IV.1", 2018), _done(rows, "IV.3", 2018)) == (3, 2, 3)


def test_an_investment_support_without_a_start_date_counts_from_the_31st_of_december(done_2018):
    from enterprises.selectors import investment_supports_by_year

    assert investment_supports_by_year(until=D(2018, 12, 30)) == {2017: 1, 2018: 2}
    assert investment_supports_by_year(until=D(2018, 12, 31)) == {2017: 1, 2018: 3}
    assert investment_supports_by_year(until=D(2017, 12, 30)) == {}


@pytest.mark.parametrize("as_of", [None, D(2018, 6, 30)])
def test_the_done_counts_are_one_grouped_query_per_app_whatever_the_date(done_2018, as_of,
                                                                         django_assert_num_queries):
    from reports.indicators import _done_counts

    with django_assert_num_queries(4):  # outreach, training, assessments, investment supports
        done, counted = _done_counts(as_of)
    assert done[("training_class", 2018)] == (3 if as_of is None else 1) and "training_class" in counted


def test_the_six_month_pdf_and_workbook_count_the_half_year(done_2018, personas, ba_dinh, eager,
                                                            django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from conftest import pdftotext
    from reports import services
    from reports.models import CityReportJob

    def made(code, district=None):
        with django_capture_on_commit_callbacks(execute=True):
            job = services.city_report_request(period=ReportingPeriod.objects.get(code=code), district=district,
                                               user=personas["district_official" if district else "doit_staff"])
        job.refresh_from_db()
        assert job.status == CityReportJob.Status.DONE, job.error
        sheet = load_workbook(BytesIO(job.xlsx.read()))["Hoạt động"]
        done = {(row[0], row[2]): row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
        return done, " ".join(pdftotext(job.pdf.read()).split())

    half, half_text = made("2018S1")
    year, _text = made("2018")
    assert (half[("II.1", 2018)], half[("IV.1", 2018)], half[("IV.3", 2018)]) == (1, 1, 1)
    assert (year[("II.1", 2018)], year[("IV.1", 2018)], year[("IV.3", 2018)]) == (3, 2, 3)
    assert "Số lượng thực hiện và kinh phí đã chi tính đến ngày 30/06/2018." in half_text
    # a district's report shows the same city-wide quantities, and says by when they are counted
    district, district_text = made("2018S1", district=ba_dinh)
    assert (district[("II.1", 2018)], district[("IV.1", 2018)], district[("IV.3", 2018)]) == (1, 1, 1)
    assert "số lượng thực hiện tính đến ngày 30/06/2018." in district_text


def test_a_cost_posted_for_a_class_not_held_does_not_make_it_done(done_2018):
    """Classes, assessments, investment supports and outreach are done when their app says so; a cost posted on
    their line (a class paid in advance, then cancelled) does not count one done. A kind no app holds (the norm
    study, III.2) still counts the activities that posted a cost."""
    from django.contrib.contenttypes.models import ContentType

    from budget.models import BudgetLine, Expenditure
    from reports.indicators import output_targets
    from training.tests.factories import TrainingClassFactory

    cancelled = TrainingClassFactory(year=2019, start_date=D(2019, 3, 4), end_date=D(2019, 3, 5), status="cancelled")
    Expenditure.objects.create(line=BudgetLine.objects.get(code="II.1"), year=2019, date=D(2019, 2, 1),
                               amount_vnd=5_000_000, description="Tạm ứng lớp tập huấn",
                               source_type=ContentType.objects.get_for_model(cancelled), source_id=cancelled.pk)
    norm = BudgetLine.objects.get(activity_kind="norm_study")
    Expenditure.objects.create(line=norm, year=2019, date=D(2019, 5, 1), amount_vnd=7_000_000,
                               description="Nghiên cứu định mức", source_type=ContentType.objects.get_for_model(norm),
                               source_id=norm.pk)
    rows = output_targets(year=2019)
    assert _done(rows, "II.1", 2019) == 0
    assert _done(rows, norm.code, 2019) == 1
