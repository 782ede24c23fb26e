"""In Chromium: a visitor finds a class on the events calendar and registers; the next one is waitlisted."""

import pytest
from playwright.sync_api import expect

from training.models import Registration
from training.tests.factories import TrainingClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_registers_to_a_class_from_the_calendar(page, live_server, personas):
    cls = TrainingClassFactory(title="Lớp SXSH cho doanh nghiệp dệt", capacity=1)
    page.goto(live_server.url + "/thong-tin/su-kien/")
    with page.expect_navigation():
        page.locator("#events").get_by_role("link", name="Đăng ký").first.click()
    page.get_by_label("Họ tên").fill("Phạm Văn Đức")
    page.get_by_label("Thư điện tử").fill("duc@example.vn")
    page.get_by_label("Tên cơ quan, đơn vị").fill("Phòng Kinh tế huyện Gia Lâm")
    page.click("#registration-submit")
    expect(page.locator("#registration-result")).to_contain_text("Đã nhận đăng ký")
    # The class is now full: the next person goes on the waiting list.
    page.goto(live_server.url + f"/dao-tao/lop/{cls.pk}/dang-ky/")
    page.get_by_label("Họ tên").fill("Ngô Thị Hằng")
    page.get_by_label("Thư điện tử").fill("hang@example.vn")
    page.get_by_label("Tên cơ quan, đơn vị").fill("UBND xã")
    page.click("#registration-submit")
    expect(page.locator("#registration-result")).to_contain_text("danh sách chờ")
    assert list(Registration.objects.order_by("id").values_list("status", flat=True)) == ["pending", "waitlisted"]
