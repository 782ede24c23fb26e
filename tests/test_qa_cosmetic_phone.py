"""In Chromium at 375 px (found by a QA pass): a facility's page (DoIT staff) and "my facility" (its enterprise
user) were 427 px wide. Their tables scroll inside .table-responsive, but the consumption table's last heading
("Thao tác", .visually-hidden, so position: absolute) is not clipped by a wrapper that is not positioned: it
stretched the page. The wrappers are .position-relative now."""

import datetime

import pytest

from conftest import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
# The page's width, and (to say why when it is too wide) what reaches past the screen's right edge.
WIDTH = """() => [document.documentElement.scrollWidth,
  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.closest('.table-responsive') || ['absolute', 'fixed'].includes(getComputedStyle(e).position))
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 40))]"""


@pytest.fixture
def facility(personas):
    """The enterprise user's facility with what fills both pages' tables: consumption records (with the
    correct/delete column) and an assessment with an option (the projects table stays empty: "Chưa có.")."""
    from enterprises.models import ConsumptionRecord, CPOption, Enterprise
    from enterprises.tests.factories import AssessmentFactory, OptionFactory, RequestFactory

    enterprise = Enterprise.objects.get(tax_code="0100109106")
    for year, quantity in ((2017, 500_000), (2019, 450_000)):
        ConsumptionRecord.objects.create(enterprise=enterprise, year=year, resource="electricity", unit="kWh",
                                         quantity=quantity, output_quantity=1000, product_unit="tấn",
                                         is_baseline=year == 2017)
    assessment = AssessmentFactory(request=RequestFactory(enterprise=enterprise, status="done"),
                                   date=datetime.date(2018, 9, 1))
    OptionFactory(assessment=assessment, category=CPOption.Category.GOOD_HOUSEKEEPING,
                  description="Thu hồi nước ngưng, bảo ôn đường hơi", investment_vnd=80_000_000,
                  yearly_saving_vnd=40_000_000)
    return enterprise


def _fits(page, site, path):
    response = page.goto(site + path)
    assert response.status == 200, path
    assert page.locator("#consumption-table tbody tr").count() == 2, path
    width, sticking_out = page.evaluate(WIDTH)
    assert width <= PHONE["width"], (path, width, sticking_out)


def test_a_facilitys_page_fits_a_phone_for_doit_staff(page, site, facility):
    page.set_viewport_size(PHONE)
    browser_log_in(page, site, "test.doit_staff")
    _fits(page, site, f"/doanh-nghiep/{facility.pk}/")


def test_my_facility_fits_a_phone_for_its_enterprise_user(page, site, facility):
    page.set_viewport_size(PHONE)
    browser_log_in(page, site, "test.enterprise_user")
    _fits(page, site, "/doanh-nghiep/cua-toi/")
    assert page.locator("text=Thu hồi nước ngưng, bảo ôn đường hơi").count() == 1
