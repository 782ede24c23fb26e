"""In Chromium at a phone's width (390 px): no page scrolls sideways. The header's title wraps, a wide table
scrolls inside its own box (.table-responsive) and a select with long options stays in its column."""

import pytest

from conftest import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# The page's width, and what sticks out past the screen's right edge (outside a scrolling table box).
WIDEST = """() => [document.documentElement.scrollWidth,
  [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
     && !e.closest('.table-responsive')).slice(0, 3).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))]"""


def _fits(page, site, path):
    response = page.goto(site + path)
    assert response.status == 200, path
    width, sticking_out = page.evaluate(WIDEST)
    assert width <= PHONE["width"] and not sticking_out, (path, width, sticking_out)


@pytest.mark.parametrize("path", ["/", "/ke-hoach/", "/kinh-phi/", "/dao-tao/", "/doanh-nghiep/dang-ky/", "/chi-so/"])
def test_public_pages_fit_a_phones_width(page, site, path):
    page.set_viewport_size(PHONE)
    _fits(page, site, path)


def test_doit_staffs_pages_fit_a_phones_width(page, site):
    page.set_viewport_size(PHONE)
    browser_log_in(page, site, "test.doit_staff")
    for path in ["/doanh-nghiep/", "/doanh-nghiep/them/", "/doanh-nghiep/yeu-cau/", "/kinh-phi/thuc-hien/",
                 "/bao-cao/tinh-hinh-nop/"]:
        _fits(page, site, path)
