"""In a real browser (Debian's Chromium through Playwright): home, language switch, login."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, personas):
    return live_server.url


def test_home_is_vietnamese_then_english_then_vietnamese(page, site):
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Mục tiêu cụ thể đến năm 2020").is_visible()
    assert page.locator(".target-card").count() == 5
    page.select_option("#language-select", "en")
    page.click("#language-submit")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Specific targets to 2020").is_visible()
    page.select_option("#language-select", "vi")
    page.click("#language-submit")
    assert page.get_by_role("heading", name="Mục tiêu cụ thể đến năm 2020").is_visible()


def test_a_district_official_logs_in_and_sees_ba_dinh(page, site):
    page.goto(site + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("test.district_official")
    page.get_by_label("Mật khẩu").fill("pw-for-tests-1")
    page.click("#login-submit")
    page.wait_for_url(site + "/")
    panel = page.locator("#role-panel")
    assert "Quận Ba Đình" in panel.inner_text()
    assert "Cán bộ quận, huyện, thị xã" in panel.inner_text()
