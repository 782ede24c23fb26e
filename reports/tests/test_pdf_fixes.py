"""The PDF reports (city and district): the T1–T5 chart's SVG, the report's language, spending as of the period's
end, and what a district's own report shows of the city's money.

Each report is made the way users make it (a job, the Celery task run eagerly, WeasyPrint); the HTML handed to
WeasyPrint is kept as well, to read the chart's SVG.
"""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from budget.tests.factories import ExpenditureFactory, line
from conftest import pdftotext
from enterprises.models import AwarenessRecord
from enterprises.tests.factories import EnterpriseFactory
from plan.models import AdministrativeUnit, ReportingPeriod
from reports import services
from reports.models import CityReportJob
from reports.selectors import districts_reporting

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
NUMERIC_ATTRIBUTES = {"x", "y", "x1", "y1", "x2", "y2", "width", "height", "font-size", "stroke-width"}
# a number written the Vietnamese way: 12,5 or 150.000.000 (what SVG and CSS cannot read)
LOCALIZED_NUMBER = re.compile(r"\d,\d|\d\.\d{3}\b")


@pytest.fixture(autouse=True)
def eager_celery(eager):
    """Tasks run in-process, as in `make run` without Redis."""


@pytest.fixture
def html_sent_to_weasyprint(monkeypatch):
    """Every HTML document plan.documents.render_pdf hands to WeasyPrint, in order."""
    import plan.documents

    pages = []
    render = plan.documents.render_to_string

    def keep(*args, **kwargs):
        html = render(*args, **kwargs)
        pages.append(html)
        return html

    monkeypatch.setattr(plan.documents, "render_to_string", keep)
    return pages


@pytest.fixture
def facilities(personas, ba_dinh):
    """Six active facilities in Ba Đình (the persona's and five more), two of them aware of CP since 2016: T1 is
    33,3% from 2016 on, a bar whose height has decimals."""
    made = EnterpriseFactory.create_batch(5, district=ba_dinh)
    for enterprise in made[:2]:
        AwarenessRecord.objects.create(enterprise=enterprise, date=datetime.date(2016, 3, 1), kind="survey")
    return made


def _generate(period, user, *, district=None, capture=None) -> tuple[CityReportJob, str]:
    """Ask for the report as the user does and let the (eager) task make it: (job, the PDF's text)."""
    with capture(execute=True):
        job = services.city_report_request(period=period, user=user, district=district)
    job.refresh_from_db()
    assert job.status == CityReportJob.Status.DONE, job.error
    return job, pdftotext(job.pdf.read())


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "the report has no chart"
    return ET.fromstring(match.group(0))


# --- 1. the T1–T5 chart: numbers in SVG and CSS are written unlocalized ------------------------------------------------


@pytest.mark.parametrize("scope", ["city", "district"])
def test_the_chart_bars_are_plain_numbers_svg_can_read(scope, personas, ba_dinh, facilities, html_sent_to_weasyprint,
                                                       django_capture_on_commit_callbacks):
    period = ReportingPeriod.objects.get(code="2017")
    user, district = ((personas["doit_staff"], None) if scope == "city"
                      else (personas["district_official"], ba_dinh))
    job, _text = _generate(period, user, district=district, capture=django_capture_on_commit_callbacks)
    [html] = html_sent_to_weasyprint
    svg = _svg(html)

    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in NUMERIC_ATTRIBUTES:
                float(value)  # "12,5" raises: SVG cannot read it either
        if "viewBox" in element.attrib:
            assert [float(v) for v in element.attrib["viewBox"].split()]
    assert float(svg.attrib["width"]) > 0 and float(svg.attrib["height"]) > 0

    rects = svg.findall(f"{SVG}rect")
    bars = [r for r in rects if r.attrib["fill"] == "#1f5fa8"][:5]  # the result bars (the legend's comes last)
    targets = [r for r in rects if r.attrib["fill"] == "#bbbbbb"][:5]
    assert len(bars) == 5 and len(targets) == 5
    t1 = float(bars[0].attrib["height"])
    assert t1 == pytest.approx(53.3)  # 2 of 6 facilities aware: 33.3% of the 160-unit scale
    assert float(bars[0].attrib["y"]) + t1 == pytest.approx(180)  # the bar stands on the axis
    assert float(targets[0].attrib["height"]) == pytest.approx(144)  # T1's target, 90%
    assert all(float(r.attrib["width"]) > 0 for r in bars + targets)
    # the numbers of the text stay Vietnamese
    assert "33,3%" in _text


def test_no_number_in_an_svg_or_css_attribute_of_the_report_is_localized(personas, facilities, html_sent_to_weasyprint,
                                                                         django_capture_on_commit_callbacks):
    _generate(ReportingPeriod.objects.get(code="2016S1"), personas["doit_staff"],
              capture=django_capture_on_commit_callbacks)
    [html] = html_sent_to_weasyprint
    svg = re.search(r"<svg\b.*?</svg>", html, re.S).group(0)
    for tag in re.findall(r"<[^>]+>", svg):
        for name, value in re.findall(r'([\w:-]+)="([^"]*)"', tag):
            if name not in ("fill", "stroke", "xmlns", "text-anchor"):
                assert not LOCALIZED_NUMBER.search(value), (name, value)
    for value in re.findall(r'style="([^"]*)"', html):
        assert not LOCALIZED_NUMBER.search(value), value
    for css in re.findall(r"<style>(.*?)</style>", html, re.S):
        assert not re.search(r"\d,\d", css), css


# --- 2. the report is in Vietnamese whatever the requester's language ---------------------------------------------------


VN_AMOUNT = re.compile(r"\b\d{1,3}(?:\.\d{3}){2,}\b")  # 150.000.000
EN_AMOUNT = re.compile(r"\b\d{1,3}(?:,\d{3}){2,}\b")  # 150,000,000


def _assert_vietnamese(text: str, html: str):
    assert "on track" not in text and "off track" not in text and " met" not in text
    assert "tiến độ" in text  # the PDF's narrow column breaks "chậm | tiến độ" over two lines
    assert re.search(r"<td>(đạt|đúng tiến độ|chậm tiến độ)</td>", html)
    assert VN_AMOUNT.search(text), "no amount written 150.000.000"
    assert not EN_AMOUNT.search(text), EN_AMOUNT.search(text).group(0)
    assert "Urban district" not in text and "Rural district" not in text
    assert "33,3%" in text and "33.3%" not in text


def test_a_city_report_asked_for_from_the_english_interface_is_in_vietnamese(client_as, facilities,
                                                                             html_sent_to_weasyprint,
                                                                             django_capture_on_commit_callbacks):
    period = ReportingPeriod.objects.get(code="2017")
    client = client_as("doit_staff")
    client.cookies["django_language"] = "en"
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bao-cao/tong-hop/", {"period": period.pk})
    assert response.status_code == 302
    job = CityReportJob.objects.get()
    assert job.status == CityReportJob.Status.DONE, job.error
    text = pdftotext(job.pdf.read())
    _assert_vietnamese(text, html_sent_to_weasyprint[0])
    assert "Quận Ba Đình" in text


def test_a_district_report_asked_for_in_english_is_in_vietnamese(personas, ba_dinh, facilities, html_sent_to_weasyprint,
                                                                django_capture_on_commit_callbacks):
    from reports.tests.factories import DistrictReportFactory

    period = ReportingPeriod.objects.get(code="2017")
    DistrictReportFactory(period=period, district=ba_dinh, status="approved", budget_planned=150_000_000,
                          budget_spent=12_500_000)
    with translation.override("en"):
        _job, text = _generate(period, personas["district_official"], district=ba_dinh,
                               capture=django_capture_on_commit_callbacks)
        assert translation.get_language() == "en"  # the override does not leak out of the task
    _assert_vietnamese(text, html_sent_to_weasyprint[0])
    assert "ỦY BAN NHÂN DÂN" in text and "QUẬN BA ĐÌNH" in text and "PHÒNG KINH TẾ" not in text
    assert "kế hoạch 150.000.000 đồng, đã chi 12.500.000 đồng" in " ".join(text.split())


# --- 3. spending as of the period's end -----------------------------------------------------------------------------------


@pytest.fixture
def spending_2018(plan_loaded):
    """Two expenditures on II.1 (training classes) in 2018: one before 30/06, one after."""
    ExpenditureFactory(line=line("II.1"), year=2018, date=datetime.date(2018, 3, 10), amount_vnd=111_000_000)
    ExpenditureFactory(line=line("II.1"), year=2018, date=datetime.date(2018, 9, 15), amount_vnd=222_000_000)


def _row(rows, **match):
    [row] = [r for r in rows if all(r[k] == v for k, v in match.items())]
    return row


def test_the_six_month_report_counts_only_the_spending_made_by_the_end_of_june(spending_2018):
    from reports.selectors import city_report_data

    half = city_report_data(period=ReportingPeriod.objects.get(code="2018S1"))
    year = city_report_data(period=ReportingPeriod.objects.get(code="2018"))
    assert _row(half["budget_execution"], code="II.1")["spent"] == 111_000_000
    assert _row(year["budget_execution"], code="II.1")["spent"] == 333_000_000
    assert _row(half["output_targets"], code="II.1", year=2018)["spent_vnd"] == 111_000_000
    assert _row(year["output_targets"], code="II.1", year=2018)["spent_vnd"] == 333_000_000


def test_the_six_month_report_counts_the_workshops_held_by_the_end_of_june(plan_loaded):
    from outreach.tests.factories import OutreachActivityFactory
    from reports.selectors import city_report_data

    for day in (datetime.date(2018, 4, 1), datetime.date(2018, 10, 1)):
        OutreachActivityFactory(kind="workshop", year=2018, date=day)
    half = city_report_data(period=ReportingPeriod.objects.get(code="2018S1"))
    year = city_report_data(period=ReportingPeriod.objects.get(code="2018"))
    assert _row(half["output_targets"], code="I.2", year=2018)["done_quantity"] == 1
    assert _row(year["output_targets"], code="I.2", year=2018)["done_quantity"] == 2


def test_the_six_month_pdf_shows_the_spending_of_the_half_year(personas, spending_2018,
                                                               django_capture_on_commit_callbacks):
    _job, half = _generate(ReportingPeriod.objects.get(code="2018S1"), personas["doit_staff"],
                           capture=django_capture_on_commit_callbacks)
    _job, year = _generate(ReportingPeriod.objects.get(code="2018"), personas["doit_staff"],
                           capture=django_capture_on_commit_callbacks)
    assert "111.000.000" in half and "333.000.000" not in half and "222.000.000" not in half
    assert "333.000.000" in year


# --- 4. a district's own report does not show the city's money ------------------------------------------------------------


@pytest.fixture
def city_spending(plan_loaded):
    ExpenditureFactory(line=line("II.1"), year=2017, date=datetime.date(2017, 4, 12), amount_vnd=123_456_000)


def test_a_district_report_leaves_out_the_citys_spending_which_the_city_report_keeps(
        personas, ba_dinh, city_spending, django_capture_on_commit_callbacks):
    period = ReportingPeriod.objects.get(code="2017S1")
    _job, city = _generate(period, personas["doit_staff"], capture=django_capture_on_commit_callbacks)
    job, district = _generate(period, personas["district_official"], district=ba_dinh,
                              capture=django_capture_on_commit_callbacks)
    assert "123.456.000" in city
    assert "III. Tình hình thực hiện kinh phí" in city and "Dự toán" in city
    assert "123.456.000" not in district
    assert "Đã chi (đồng)" not in district.split("Kế hoạch SXSH của")[0]  # no money column in the appendix table
    assert "Kinh phí theo dòng của Phụ lục" not in district
    assert "Dự toán" not in district
    # the workbook that goes with the district's PDF has none of it either
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(job.xlsx.read()))
    values = [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 123_456_000 not in values and "Đã chi (đồng)" not in values


def test_a_district_report_speaks_of_that_district_alone(personas, ba_dinh, django_capture_on_commit_callbacks):
    from reports.tests.factories import DistrictReportFactory

    period = ReportingPeriod.objects.get(code="2017S1")
    DistrictReportFactory(period=period, district=AdministrativeUnit.objects.get(code="002"), status="approved",
                          first_submitted_at=datetime.datetime(2017, 7, 1, tzinfo=datetime.UTC))
    _job, text = _generate(period, personas["district_official"], district=ba_dinh,
                           capture=django_capture_on_commit_callbacks)
    flat = " ".join(text.split())
    assert "báo cáo đã duyệt của các quận, huyện" not in flat
    assert "Số liệu theo báo cáo đã duyệt của Quận Ba Đình" in flat
    assert "Hoạt động do Quận Ba Đình tự thực hiện" in flat
    assert "Kinh phí khuyến công SXSH của Quận Ba Đình" in flat
    # no city-wide count of the districts' reports (0/30, 1/30…), only the district's own
    assert "Số đơn vị đã gửi báo cáo" not in flat
    assert not re.search(rf"\b\d+/{districts_reporting(period).count()} \(", flat)
    assert "Báo cáo kỳ 6 tháng đầu năm 2017 của Quận Ba Đình gửi Sở Công Thương: chưa gửi." in flat
    assert "Quận Hoàn Kiếm" not in flat
    assert "của các quận, huyện" not in flat.split("Nơi nhận")[0]


def test_the_city_report_keeps_its_city_wide_wording(personas, django_capture_on_commit_callbacks):
    _job, text = _generate(ReportingPeriod.objects.get(code="2017S1"), personas["doit_staff"],
                           capture=django_capture_on_commit_callbacks)
    flat = " ".join(text.split())
    assert "Số liệu tổng hợp từ báo cáo đã duyệt của các quận, huyện" in flat
    assert "IV. Tình hình báo cáo của các quận, huyện, thị xã" in flat
    assert "Số đơn vị đã gửi báo cáo" in flat


def test_the_indicator_page_counts_the_appendix_spending_to_the_periods_end(client_as, spending_2018):
    """/chi-so/ is "as of a period" too: 2018S1 shows what was spent by 30/06/2018, and says the lines are the
    city's even with a district chosen."""
    from plan.models import ReportingPeriod

    client = client_as("doit_staff")
    half, year = (ReportingPeriod.objects.get(code=code) for code in ("2018S1", "2018"))
    page = client.get(f"/chi-so/?period={half.pk}&district=001").content.decode()
    assert "111.000.000" in page and "333.000.000" not in page
    assert "Số liệu chung của toàn thành phố; số lượng thực hiện và kinh phí đã chi tính đến ngày 30/06/2018." in page
    assert "333.000.000" in client.get(f"/chi-so/?period={year.pk}").content.decode()


def test_the_indicator_page_names_the_appendix_lines_in_the_page_language(client, plan_loaded):
    from django.conf import settings

    from budget.models import BudgetLine

    line = BudgetLine.objects.exclude(title_en="").first()
    assert line is not None  # the appendix is loaded with its English titles
    assert line.title in client.get("/chi-so/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/chi-so/").content.decode()
    assert line.title_en in page and line.title not in page


def test_a_reason_typed_without_spaces_wraps_in_its_column_and_the_other_columns_keep_their_words(
        personas, ba_dinh, django_capture_on_commit_callbacks):
    """Found by QA: a long reason with no space widened the table past the page. It wraps in its own column (the
    whole of it is in the PDF), and the rest of the table is not squeezed letter by letter (T1 stays "T1")."""
    from reports.models import DistrictReportFigure
    from reports.tests.factories import DistrictReportFactory

    period = ReportingPeriod.objects.get(code="2017S1")
    report = DistrictReportFactory(period=period, district=ba_dinh, status="approved",
                                   first_submitted_at=datetime.datetime(2017, 7, 1, tzinfo=datetime.UTC))
    reason = "https://quanbadinh.hanoi.gov.vn/" + "x" * 300
    DistrictReportFigure.objects.update_or_create(report=report, code="facilities", defaults={
        "registry_value": 10, "district_value": 12, "reason": reason})
    _job, text = _generate(period, personas["doit_staff"], capture=django_capture_on_commit_callbacks)
    assert text.count("x") >= 300 and "quanbadinh" in text  # all of it, none cut at the page's edge
    assert re.search(r"^T1\s", text, re.MULTILINE)
    assert "Số cơ sở sản xuất công nghiệp" in text  # the label column keeps its words on a line


def test_the_indicator_page_names_its_periods_and_takes_a_code(client, plan_loaded):
    from django.conf import settings

    page = client.get("/chi-so/?period=2016S1").content.decode()
    assert re.search(r'<option value="\d+" selected>6 tháng đầu năm 2016 \(30/06/2016\)</option>', page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "First half of 2016 (" in client.get("/chi-so/").content.decode()
