"""In Chromium: an enterprise asks for a rapid CP assessment on the public site; DoIT staff take it up."""

import pytest

from enterprises.models import AssessmentRequest, Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, site, username, next_url):
    page.goto(f"{site}/tai-khoan/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("pw-for-tests-1")
    page.click("#login-submit")
    page.wait_for_url(f"**{next_url}")


def test_an_enterprise_asks_for_an_assessment_and_doit_accepts_and_schedules_it(page, live_server, personas,
                                                                                 mailoutbox):
    site = live_server.url
    page.goto(site + "/doanh-nghiep/dang-ky/")
    page.get_by_label("Mã số thuế").fill("0314409058-002")
    page.get_by_label("Tên cơ sở").fill("Công ty Dệt Thăng Long – Chi nhánh 2")
    page.get_by_label("Quận, huyện, thị xã").select_option(label="Huyện Đông Anh")
    page.get_by_label("Ngành").select_option(index=4)
    page.get_by_label("Quy mô").select_option("medium")
    page.get_by_label("Số lao động").fill("150")
    page.get_by_label("Doanh thu năm (đồng)").fill("120000000000")
    page.get_by_label("Người liên hệ").fill("Đỗ Minh Hải")
    page.get_by_label("Điện thoại").fill("0243 555 0101")
    page.get_by_label("Thư điện tử").fill("hai@detthanglong.vn")
    page.locator("#id_kind").select_option("rapid_assessment")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/doanh-nghiep/dang-ky/da-gui/")

    enterprise = Enterprise.objects.get(tax_code="0314409058-002")
    assert enterprise.district.code == "017"
    request = AssessmentRequest.objects.get(enterprise=enterprise)
    assert request.status == AssessmentRequest.Status.REQUESTED
    assert any("0314409058-002" in message.body for message in mailoutbox)

    _login(page, site, "test.doit_staff", "/doanh-nghiep/yeu-cau/")
    row = page.locator("tr", has_text="Công ty Dệt Thăng Long – Chi nhánh 2")
    with page.expect_navigation():
        row.get_by_role("button", name="Tiếp nhận").click()
    request.refresh_from_db()
    assert request.status == AssessmentRequest.Status.ACCEPTED
    row = page.locator("tr", has_text="Công ty Dệt Thăng Long – Chi nhánh 2")
    row.locator("input[name=scheduled_on]").fill(f"{request.year}-05-20")
    with page.expect_navigation():
        row.get_by_role("button", name="Lên lịch").click()
    request.refresh_from_db()
    assert request.status == AssessmentRequest.Status.SCHEDULED
    assert request.scheduled_on.isoformat() == f"{request.year}-05-20"
