"""In a real browser (Debian's Chromium through Playwright): home, language switch, login."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_is_vietnamese_then_english_then_vietnamese(page, site):
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.get_by_role("heading", name="Mục tiêu cụ thể đến năm 2020")).to_be_visible()
    expect(page.locator(".target-card")).to_have_count(5)
    page.select_option("#language-select", "en")
    with page.expect_navigation():
        page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Specific targets to 2020")).to_be_visible()
    page.select_option("#language-select", "vi")
    with page.expect_navigation():
        page.click("#language-submit")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Mục tiêu cụ thể đến năm 2020")).to_be_visible()


def test_a_district_official_logs_in_and_sees_ba_dinh(page, site):
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("test.district_official")
    page.get_by_label("Mật khẩu").fill("pw-for-tests-1")
    page.click("#login-submit")
    page.wait_for_url(site + "/")
    panel = page.locator("#role-panel")
    assert "Quận Ba Đình" in panel.inner_text()
    assert "Cán bộ quận, huyện, thị xã" in panel.inner_text()
