"""The indicator engine: T1–T5 equal hand counts, statuses, the API, the dashboard, the PDF and query counts.

The data set (D1 = 31/12/2017, D2 = 31/12/2019; baseline water use 1.00 per unit in 2016):

Ba Đình (001)
  A1 small: aware 1/3/2017, CP option implemented 1/6/2017, officer since 1/1/2017;
     water per unit 0.90 in 2017 (saves 10%), 0.95 in 2019 (5%).
  A2 small: aware 1/5/2018, implemented 1/3/2019, officer 1/6/2016–30/6/2017; 0.80 in 2019 (20%).
  A3 large: aware 1/5/2016, a staff member completed a CP class 1/5/2017; closed 31/12/2018.
  A4 large: registered 1/6/2018, completed a class 1/6/2019, officer since 1/1/2019.
  Boards: a KCN with a board CP officer, a CCN without; a craft village (not a board).
Hoàn Kiếm (002)
  B1 small: aware 1/1/2017, implemented 1/9/2017; 0.95 in 2017 (5%), 0.88 in 2019 (12%).
  B2 small: nothing.  B3 large: officer since 1/1/2016, never trained.
Tây Hồ (003)
  C1 small: aware 1/2/2017.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import pdftotext
from plan.models import AdministrativeUnit, ReportingPeriod

D = datetime.date


def _enterprise(size, district, registered=None, closed=None):
    from enterprises.models import Enterprise
    from training.tests.factories import enterprise_make

    e = enterprise_make(size=size, district_code=district)
    Enterprise.objects.filter(pk=e.pk).update(
        registered_on=registered or D(2016, 1, 1), closed_on=closed, status="closed" if closed else "active")
    e.refresh_from_db()
    return e


def _aware(e, date):
    from enterprises.models import AwarenessRecord

    AwarenessRecord.objects.create(enterprise=e, date=date, kind="survey")


def _applying(e, date):
    from enterprises.models import CPOption
    from enterprises.tests.factories import OptionFactory

    OptionFactory(assessment__request__enterprise=e, status=CPOption.Status.IMPLEMENTED, implemented_on=date)


def _officer(e, since, until=None):
    from enterprises.models import CPOfficer

    CPOfficer.objects.create(enterprise=e, name="Cán bộ SXSH", since=since, until=until)


def _trained(e, date):
    from training.models import Registration
    from training.tests.factories import ParticipantFactory, TrainingClassFactory

    klass = TrainingClassFactory(start_date=date - datetime.timedelta(days=2), end_date=date, status="done",
                                 year=date.year)
    Registration.objects.create(training_class=klass, participant=ParticipantFactory(enterprise=e),
                                status="confirmed", attended=True, completed=True, completed_on=date)


def _water(e, *per_year):
    from enterprises.models import ConsumptionRecord

    ConsumptionRecord.objects.create(enterprise=e, year=2016, resource="water", unit="m3", quantity=100,
                                     output_quantity=100, product_unit="tấn", is_baseline=True)
    for year, quantity in per_year:
        ConsumptionRecord.objects.create(enterprise=e, year=year, resource="water", unit="m3", quantity=quantity,
                                         output_quantity=100, product_unit="tấn")


@pytest.fixture
def dataset(plan_loaded):
    from enterprises.models import IndustrialArea

    a1, a2, a3 = _enterprise("small", "001"), _enterprise("small", "001"), _enterprise("large", "001", closed=D(2018, 12, 31))
    a4 = _enterprise("large", "001", registered=D(2018, 6, 1))
    _aware(a1, D(2017, 3, 1)), _applying(a1, D(2017, 6, 1)), _officer(a1, D(2017, 1, 1)), _water(a1, (2017, 90), (2019, 95))
    _aware(a2, D(2018, 5, 1)), _applying(a2, D(2019, 3, 1)), _officer(a2, D(2016, 6, 1), D(2017, 6, 30))
    _water(a2, (2019, 80))
    _aware(a3, D(2016, 5, 1)), _trained(a3, D(2017, 5, 1))
    _trained(a4, D(2019, 6, 1)), _officer(a4, D(2019, 1, 1))
    ba_dinh = AdministrativeUnit.objects.get(code="001")
    IndustrialArea.objects.create(kind="kcn", name="KCN Thử", district=ba_dinh, cp_officer_name="Nguyễn Văn A")
    IndustrialArea.objects.create(kind="ccn", name="CCN Thử", district=ba_dinh)
    IndustrialArea.objects.create(kind="craft_village", name="Làng nghề Thử", district=ba_dinh)
    b1, _b2, b3 = _enterprise("small", "002"), _enterprise("small", "002"), _enterprise("large", "002")
    _aware(b1, D(2017, 1, 1)), _applying(b1, D(2017, 9, 1)), _water(b1, (2017, 95), (2019, 88))
    _officer(b3, D(2016, 1, 1))
    _aware(_enterprise("small", "003"), D(2017, 2, 1))


def _period(code):
    return ReportingPeriod.objects.get(code=code)


def _table(items):
    return {i["target"]: (i["numerator"], i["denominator"], i["value"]) for i in items}


def _dec(*values):
    return [None if v is None else Decimal(v) for v in values]


# (numerator, denominator, value %) per target, counted by hand from the data set above.
EXPECTED = {
    ("2017", None): {"T1": (4, 7, "57.1"), "T2": (2, 7, "28.6"), "T3": (1, 2, "50.0"), "T4": (1, 2, "50.0"),
                     "T5": (3, 9, "33.3")},
    ("2017", "001"): {"T1": (2, 3, "66.7"), "T2": (1, 3, "33.3"), "T3": (1, 1, "100.0"), "T4": (1, 1, "100.0"),
                      "T5": (2, 5, "40.0")},
    ("2017", "002"): {"T1": (1, 3, "33.3"), "T2": (1, 3, "33.3"), "T3": (0, 1, "0.0"), "T4": (0, 1, "0.0"),
                      "T5": (1, 3, "33.3")},
    ("2019", None): {"T1": (4, 7, "57.1"), "T2": (3, 7, "42.9"), "T3": (2, 3, "66.7"), "T4": (1, 2, "50.0"),
                     "T5": (4, 9, "44.4")},
    ("2019", "001"): {"T1": (2, 3, "66.7"), "T2": (2, 3, "66.7"), "T3": (1, 2, "50.0"), "T4": (1, 1, "100.0"),
                      "T5": (3, 5, "60.0")},
    ("2019", "002"): {"T1": (1, 3, "33.3"), "T2": (1, 3, "33.3"), "T3": (1, 1, "100.0"), "T4": (0, 1, "0.0"),
                      "T5": (1, 3, "33.3")},
}


@pytest.mark.django_db
@pytest.mark.parametrize(("period_code", "district_code"), list(EXPECTED))
def test_every_indicator_equals_the_hand_count(dataset, period_code, district_code):
    from reports.indicators import indicator_values

    district = AdministrativeUnit.objects.get(code=district_code) if district_code else None
    got = _table(indicator_values(period=_period(period_code), district=district))
    expected = {code: (n, d, Decimal(v)) for code, (n, d, v) in EXPECTED[(period_code, district_code)].items()}
    assert got == expected


@pytest.mark.django_db
def test_the_district_table_equals_the_single_district_values(dataset):
    from reports.indicators import indicator_values_by_district

    districts = list(AdministrativeUnit.objects.filter(code__in=["001", "002", "004"]).order_by("code"))
    rows = indicator_values_by_district(period=_period("2019"), districts=districts)
    assert [r["district"].code for r in rows] == ["001", "002", "004"]
    for row in rows[:2]:
        expected = {c: (n, d, Decimal(v)) for c, (n, d, v) in EXPECTED[("2019", row["district"].code)].items()}
        assert _table(row["items"]) == expected
    assert _table(rows[2]["items"])["T1"] == (0, 0, None)


@pytest.mark.django_db
def test_t3_reports_the_median_saving_and_the_target_range(dataset):
    from reports.indicators import indicator_values

    t3 = indicator_values(period=_period("2019"))[2]
    assert (t3["median_saving"], t3["target_value"], t3["target_value_max"]) == (Decimal("12.0"), 8, 13)
    t3_2017 = indicator_values(period=_period("2017"))[2]
    assert t3_2017["median_saving"] == Decimal("7.5")


@pytest.mark.django_db
def test_statuses_met_on_track_and_off_track_at_the_end_of_2019(dataset):
    from reports.indicators import indicator_values

    status = {i["target"]: i["status"] for i in indicator_values(period=_period("2019"))}
    # T3 median 12% ≥ 8%: met. T2 42.9% rising from 0% (mid-2016) projects to 53.6% by 2020: on track.
    # T1 57.1% from 14.3% projects to 67.8% < 90%: off track. T4 50% → 62.5%, T5 44.4% → 47.2%: off track.
    assert status == {"T1": "off_track", "T2": "on_track", "T3": "met", "T4": "off_track", "T5": "off_track"}
    ba_dinh = {i["target"]: i["status"] for i in indicator_values(
        period=_period("2019"), district=AdministrativeUnit.objects.get(code="001"))}
    assert ba_dinh["T4"] == "met"


def test_the_projection_is_linear_from_the_plans_start_to_the_end_of_2020():
    from reports.indicators import _status, projection

    as_of = D(2019, 12, 31)  # 1460 days after 1/1/2016, 366 before 31/12/2020: 60 + 60 × 366/1460 = 75.04
    assert projection(Decimal(60), Decimal(0), as_of) == Decimal("75.0")
    assert _status(Decimal(60), Decimal(0), Decimal(75), as_of) == "on_track"
    assert _status(Decimal(60), Decimal(0), Decimal("75.1"), as_of) == "off_track"
    assert _status(Decimal(60), Decimal(60), Decimal(70), as_of) == "off_track"  # flat trend
    assert _status(Decimal(81), Decimal(0), Decimal(81), as_of) == "met"
    assert _status(None, None, Decimal(50), as_of) == "no_data"  # nothing to judge is not "behind"


@pytest.mark.django_db
def test_the_api_gives_one_item_per_target_for_the_city_and_a_district(dataset, client):
    period = _period("2019")
    body = client.get("/api/v1/indicators/", {"period": period.pk}).json()
    assert [i["target"] for i in body] == ["T1", "T2", "T3", "T4", "T5"]
    assert set(body[0]) == {"target", "numerator", "denominator", "value", "target_value", "status"}
    assert (body[0]["numerator"], body[0]["denominator"], Decimal(str(body[0]["value"]))) == (4, 7, Decimal("57.1"))
    district = client.get("/api/v1/indicators/", {"period": period.pk, "district": "002"}).json()
    assert (district[3]["numerator"], district[3]["denominator"], district[3]["status"]) == (0, 1, "off_track")
    assert client.get("/api/v1/indicators/", {"period": "2019"}).json() == body


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), [({"period": "999999"}, "period"),
                                              ({"period": "x"}, "period"), ({"period": "2019", "district": "999"}, "district"),
                                              ({"period": "2019", "district": "01"}, "district")])
def test_the_api_refuses_an_unknown_period_or_district_with_400(plan_loaded, client, query, field):
    response = client.get("/api/v1/indicators/", query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_the_dashboard_shows_the_city_table_the_district_table_and_the_outputs(dataset, client):
    period = _period("2019")
    page = client.get("/chi-so/", {"period": period.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="by-district"' in html and 'id="outputs"' in html and "indicator-data" in html
    assert "57,1" in html and "đúng tiến độ" in html and "chart.umd.js" in html
    district_page = client.get("/chi-so/", {"period": period.pk, "district": "001"}).content.decode()
    assert 'id="by-district"' not in district_page and "66,7" in district_page


@pytest.mark.django_db
def test_the_default_period_is_the_latest_ended(plan_loaded, client):
    page = client.get("/chi-so/")
    latest = ReportingPeriod.objects.order_by("end").last()
    assert page.context["period"] == latest  # every period of the plan ended before today


@pytest.mark.django_db
def test_prefill_gives_trained_large_enterprises_assessments_and_savings(dataset):
    from reports.prefill import registry_figures

    figures = registry_figures(district=AdministrativeUnit.objects.get(code="001"), period=_period("2019"))
    assert (figures["large"], figures["large_trained"], figures["assessments"], figures["savings_8pct"]) == (1, 1, 2, 1)


@pytest.mark.django_db
def test_output_targets_set_done_against_planned_per_line_and_year(dataset):
    from reports.indicators import output_targets

    rows = output_targets(year=2017)
    assert rows and all(r["year"] == 2017 for r in rows)
    assessment = [r for r in rows if r["kind"] == "cp_assessment"]
    assert assessment and assessment[0]["done_quantity"] == 3  # the three facilities' assessments dated 1/5/2017
    classes = [r for r in output_targets(year=2019) if r["kind"] == "training_class"]
    assert classes and classes[0]["done_quantity"] == 1


@pytest.mark.django_db
def test_the_pdfs_figures_equal_the_apis(dataset, eager, personas, client, django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    from reports import services

    period = _period("2019")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.city_report_request(period=period, user=personas["doit_staff"])
    job.refresh_from_db()
    assert job.status == "done", job.error
    text = pdftotext(job.pdf.read())
    api = client.get("/api/v1/indicators/", {"period": period.pk}).json()
    lines = {}
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in {"T1", "T2", "T3", "T4", "T5"} and "%" in line:
            lines.setdefault(words[0], words)
    for item in api:
        value = f"{Decimal(str(item['value'])):.1f}".replace(".", ",") + "%"
        numbers = [w for w in lines[item["target"]] if w.replace(",", "").replace("%", "").isdigit()]
        # …target (90%), numerator, denominator, value: the last three numbers of the row
        assert numbers[-3:] == [str(item["numerator"]), str(item["denominator"]), value], (item, lines[item["target"]])
    flat = " ".join(text.split())
    assert "Kết quả theo quận, huyện, thị xã" in flat and " II.1 " in flat
    assert " I.1 " in flat.split("III. Tình hình thực hiện kinh phí")[1]  # budget execution by line
    workbook = load_workbook(job.xlsx)
    rows = list(workbook["Chỉ số"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[5], r[6]) for r in rows] == [
        (i["target"], i["numerator"], i["denominator"], float(Decimal(str(i["value"])))) for i in api]
    assert [r[2:4] for r in rows if r[0] == "T3"] == [(8.0, 13.0)]  # the range, as the PDF says 8–13%
    api_job = client.get(f"/api/v1/city-reports/{job.pk}/")
    assert api_job.status_code in (401, 403)  # the job itself is not public


def _facilities(n, start):
    """n more facilities in several districts, each aware, applying, with an officer and consumption data."""
    codes = ["001", "002", "003", "004"]
    for i in range(n):
        e = _enterprise("large" if i % 2 else "small", codes[(start + i) % 4])
        _aware(e, D(2017, 1, 1)), _applying(e, D(2017, 2, 1)), _officer(e, D(2017, 1, 1)), _water(e, (2017, 90))
        if i % 2:
            _trained(e, D(2017, 3, 1))


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_number_of_facilities(plan_loaded, client):
    from reports.selectors import city_report_data

    period = _period("2019")

    def counts():
        result = []
        for fn in (lambda: client.get("/chi-so/", {"period": period.pk}),
                   lambda: client.get("/chi-so/", {"period": period.pk, "district": "001"}),
                   lambda: client.get("/api/v1/indicators/", {"period": period.pk}),
                   lambda: city_report_data(period=period)):
            with CaptureQueriesContext(connection) as ctx:
                fn()
            result.append(len(ctx))
        return result

    _facilities(3, 0)
    few = counts()
    _facilities(6, 3)
    assert counts() == few


@pytest.mark.django_db
def test_the_api_without_a_period_answers_for_the_dashboards_default_period(dataset, client):
    latest = ReportingPeriod.objects.order_by("end").last()  # every period of the plan ended before today
    response = client.get("/api/v1/indicators/")
    assert response.status_code == 200
    assert response["X-Indicators-Period"] == latest.code
    assert response.json() == client.get("/api/v1/indicators/", {"period": latest.pk}).json()
    assert client.get("/chi-so/").context["period"] == latest


@pytest.mark.django_db
def test_stored_snapshots_give_the_live_figures_and_say_when_they_were_computed(dataset, client):
    from reports.indicators import indicator_values, indicator_values_by_district
    from reports.models import IndicatorSnapshot
    from reports.services import indicator_snapshots_refresh

    period = _period("2019")
    live_api = client.get("/api/v1/indicators/", {"period": period.pk, "district": "001"}).json()
    assert "X-Indicators-Computed-At" not in client.get("/api/v1/indicators/", {"period": period.pk})
    live_page = client.get("/chi-so/", {"period": period.pk})
    assert live_page.context["computed_at"] is None
    assert indicator_snapshots_refresh(periods=[period]) == 2  # the period and the earliest (the trend's start)
    assert IndicatorSnapshot.objects.filter(period=period, district__isnull=True).count() == 1
    page = client.get("/chi-so/", {"period": period.pk})
    assert page.context["computed_at"] is not None and 'id="computed-at"' in page.content.decode()
    assert page.context["items"] == live_page.context["items"]
    assert [(r["district"].code, r["items"]) for r in page.context["by_district"]] == [
        (r["district"].code, r["items"]) for r in live_page.context["by_district"]]
    districts = list(AdministrativeUnit.objects.filter(code__in=["001", "002"]).order_by("code"))
    assert [r["items"] for r in page.context["by_district"][:2]] == [
        r["items"] for r in indicator_values_by_district(period=period, districts=districts)]
    assert [{k: v for k, v in i.items() if k != "target_obj"} for i in page.context["items"]] == indicator_values(
        period=period)
    response = client.get("/api/v1/indicators/", {"period": period.pk, "district": "001"})
    assert response.json() == live_api and "X-Indicators-Computed-At" in response


@pytest.mark.django_db
def test_the_stored_snapshot_is_read_in_a_fixed_number_of_queries(plan_loaded, client):
    from reports.services import indicator_snapshots_refresh

    period = _period("2019")
    _facilities(2, 0)
    indicator_snapshots_refresh(periods=[period])
    with CaptureQueriesContext(connection) as few:
        client.get("/chi-so/", {"period": period.pk})
    _facilities(4, 2)
    indicator_snapshots_refresh(periods=[period])
    with CaptureQueriesContext(connection) as more:
        client.get("/chi-so/", {"period": period.pk})
    assert len(more) == len(few)
    assert not any("enterprises_enterprise" in q["sql"] for q in more.captured_queries)


def _cards(html):
    """{target code: the HTML of its card on the home page}."""
    parts = html.split('class="card h-100 target-card" data-code="')[1:]
    return {part[:2]: part for part in parts}


@pytest.mark.django_db
def test_the_home_page_shows_the_citys_progress_as_of_the_latest_stored_period(dataset, client):
    from reports.services import indicator_snapshots_refresh

    with CaptureQueriesContext(connection) as before:
        html = client.get("/").content.decode()
    assert "target-progress" not in html and 'id="progress-note"' not in html  # nothing stored: no live count
    assert not any("enterprises_enterprise" in q["sql"] for q in before.captured_queries)
    period = _period("2019")
    indicator_snapshots_refresh(periods=[_period("2017"), period])
    html = client.get("/").content.decode()
    assert "Kết quả của toàn thành phố tính đến ngày 31/12/2019 (kỳ 2019)." in html
    assert f'href="/chi-so/?period={period.pk}"' in html
    cards = _cards(html)
    # The hand counts of EXPECTED[("2019", None)], in Vietnamese format, and the statuses of the dashboard.
    for code, shown, status in [("T1", "57,1%", "chậm tiến độ"), ("T2", "42,9%", "đúng tiến độ"),
                                ("T4", "50,0%", "chậm tiến độ"), ("T5", "44,4%", "chậm tiến độ")]:
        assert f'<strong class="progress-value">{shown}</strong>' in cards[code], code
        assert f'value="{shown[:-1].replace(",", ".")}"' in cards[code] and status in cards[code], code
    assert '<strong class="progress-value">12,0%</strong>' in cards["T3"]  # the median saving
    assert "66,7% cơ sở áp dụng SXSH tiết kiệm từ 8% trở lên" in cards["T3"] and "đạt" in cards["T3"]
    assert "<progress" not in cards["T3"]


@pytest.mark.django_db
def test_the_home_pages_progress_is_english_in_english(dataset, client):
    from reports.services import indicator_snapshots_refresh

    indicator_snapshots_refresh(periods=[_period("2019")])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "City-wide results as of 31/12/2019 (period 2019)." in html
    cards = _cards(html)
    assert '<strong class="progress-value">57.1%</strong>' in cards["T1"] and "off track" in cards["T1"]
    assert "66.7% of facilities applying CP save 8% or more" in cards["T3"]
    assert "Latest news" in html and "Coming events" in html


@pytest.mark.django_db
def test_the_home_page_lists_the_latest_news_and_the_coming_events(plan_loaded, client):
    import datetime as dt

    from django.utils import timezone

    from outreach.models import News
    from outreach.tests.factories import OutreachActivityFactory, news_make
    from training.tests.factories import TrainingClassFactory

    now = timezone.now()
    for days in (1, 2, 3, 4):
        news_make(title=f"Tin {days} ngày trước", publish_at=now - dt.timedelta(days=days))
    news_make(title="Bản nháp chưa đăng", status=News.Status.DRAFT)
    today = timezone.localdate()
    TrainingClassFactory(title="Lớp SXSH sắp khai giảng", start_date=today + dt.timedelta(days=5))
    OutreachActivityFactory(title="Hội thảo SXSH sắp diễn ra", date=today + dt.timedelta(days=2))
    OutreachActivityFactory(title="Hội thảo đã qua", date=today - dt.timedelta(days=2))
    html = client.get("/").content.decode()
    news = html.split('id="home-news"')[1].split("</ul>")[0]
    assert [t for t in ("Tin 1 ngày", "Tin 2 ngày", "Tin 3 ngày", "Tin 4 ngày") if t in news] == [
        "Tin 1 ngày", "Tin 2 ngày", "Tin 3 ngày"]
    assert news.index("Tin 1 ngày") < news.index("Tin 3 ngày") and "Bản nháp" not in news
    events = html.split('id="home-events"')[1].split("</ul>")[0]
    assert events.index("Hội thảo SXSH sắp diễn ra") < events.index("Lớp SXSH sắp khai giảng")
    assert "Hội thảo đã qua" not in events


@pytest.mark.django_db
def test_the_home_page_reads_a_fixed_number_of_queries(plan_loaded, client):
    from outreach.tests.factories import OutreachActivityFactory, news_make
    from reports.services import indicator_snapshots_refresh

    period = _period("2019")

    def count():
        indicator_snapshots_refresh(periods=[period])
        with CaptureQueriesContext(connection) as ctx:
            client.get("/")
        return len(ctx)

    _facilities(2, 0)
    news_make(title="Tin một"), OutreachActivityFactory()
    few = count()
    _facilities(4, 2)
    for i in range(4):
        news_make(title=f"Tin thêm {i}"), OutreachActivityFactory()
    assert count() == few


def test_a_target_with_nothing_to_judge_says_so_instead_of_behind(client_as, plan_loaded, api_as):
    """With no facility (no denominator) there is no value: the status is "no_data", shown as "chưa có số liệu",
    never "chậm tiến độ" (found by QA on T3 of a district without consumption data)."""
    from plan.models import ReportingPeriod

    period = ReportingPeriod.objects.get(code="2017S1")
    body = api_as(None).get(f"/api/v1/indicators/?period={period.code}&district=001").json()
    empty = [item for item in body if not item["denominator"]]
    assert {item["target"] for item in empty} >= {"T3"}, body
    assert {item["status"] for item in empty} == {"no_data"}
    page = client_as("doit_staff").get(f"/chi-so/?period={period.pk}&district=001").content.decode()
    assert page.count("chưa có số liệu</span>") == len(empty)
