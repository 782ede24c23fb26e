"""In Chromium: the district report's round trip between Ba Đình and DoIT; the T1–T5 chart under the CSP."""

import pytest
from playwright.sync_api import expect

from conftest import browser_log_in
from plan.models import ReportingPeriod
from reports.models import DistrictReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    problems = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return problems


def test_ba_dinh_submits_doit_returns_ba_dinh_corrects_doit_approves_and_the_report_is_locked(browser, site):
    official = browser.new_context(locale="vi-VN").new_page()
    doit = browser.new_context(locale="vi-VN").new_page()
    browser_log_in(official, site, "test.district_official")
    browser_log_in(doit, site, "test.doit_staff")

    # Ba Đình opens its 2017 annual report from the list of its periods.
    annual = ReportingPeriod.objects.get(code="2017")
    official.goto(site + "/bao-cao/quan-huyen/")
    row = official.locator("tr", has=official.get_by_role("cell", name=annual.label, exact=True))
    row.get_by_role("button", name="Lập báo cáo").click()
    official.wait_for_url("**/bao-cao/quan-huyen/*/")
    report = DistrictReport.objects.get(period=annual, district__code="001")
    expect(official.locator("#report-status")).to_have_text("Đang soạn")

    # A district figure with its reason, saved, then submitted.
    official.fill('input[name="fig_facilities_value"]', "412")
    official.fill('input[name="fig_facilities_reason"]', "Có 12 cơ sở mới chưa đăng ký vào cơ sở dữ liệu")
    official.get_by_role("button", name="Lưu", exact=True).click()
    expect(official.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    official.get_by_role("button", name="Gửi Sở Công Thương").click()
    expect(official.locator("#report-status")).to_have_text("Đã gửi")
    expect(official.locator("#not-editable")).to_contain_text("đang chờ xem xét")

    # DoIT returns it with a reason.
    doit.goto(site + f"/bao-cao/quan-huyen/{report.pk}/")
    doit.fill('textarea[name="reason"]', "Số cơ sở 412 chưa khớp danh sách gửi kèm, đề nghị kiểm tra lại")
    doit.get_by_role("button", name="Trả lại").click()
    expect(doit.locator("#report-status")).to_have_text("Bị trả lại")

    # Ba Đình sees the reason, corrects the figure and resubmits.
    official.goto(site + f"/bao-cao/quan-huyen/{report.pk}/")
    expect(official.locator("#return-reason")).to_contain_text("Số cơ sở 412 chưa khớp danh sách gửi kèm")
    official.fill('input[name="fig_facilities_value"]', "410")
    official.fill('input[name="fig_facilities_reason"]', "Có 10 cơ sở mới (đã đối chiếu danh sách)")
    official.get_by_role("button", name="Lưu", exact=True).click()
    expect(official.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    official.get_by_role("button", name="Gửi Sở Công Thương").click()
    expect(official.locator("#report-status")).to_have_text("Đã gửi")

    # DoIT sees what changed since the first submission and approves.
    doit.goto(site + f"/bao-cao/quan-huyen/{report.pk}/")
    expect(doit.locator("#changes")).to_contain_text("410")
    doit.get_by_role("button", name="Duyệt").click()
    expect(doit.locator("#report-status")).to_have_text("Đã duyệt")

    # Ba Đình sees it locked, with the reason why, and no field to edit.
    official.goto(site + f"/bao-cao/quan-huyen/{report.pk}/")
    expect(official.locator("#report-status")).to_have_text("Đã duyệt")
    expect(official.locator("#not-editable")).to_contain_text("đã khóa")
    expect(official.locator('input[name="fig_facilities_value"]')).to_have_count(0)
    expect(official.get_by_role("button", name="Gửi Sở Công Thương")).to_have_count(0)
    report.refresh_from_db()
    assert report.status == "approved" and report.figures.get(code="facilities").district_value == 410


def test_the_indicator_chart_draws_under_the_content_security_policy(page, site):
    problems = _watch(page)
    response = page.goto(site + "/chi-so/")
    page.wait_for_load_state("networkidle")
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    drawn = page.evaluate("() => { const c = document.getElementById('indicator-chart');"
                          " return !!(c && window.Chart && Chart.getChart(c)); }")
    assert drawn, "the chart was not set up from static/js/reports-indicators.js"
    assert not problems, problems


def test_two_officials_save_the_same_report_and_the_second_is_told_it_changed(browser, site):
    from plan.services import portal_user_upsert

    portal_user_upsert(username="test.badinh2", role="district_official", district_code="001",
                       password="pw-for-tests-1", full_name="Vũ Thị Hà")
    first = browser.new_context(locale="vi-VN").new_page()
    second = browser.new_context(locale="vi-VN").new_page()
    browser_log_in(first, site, "test.district_official")
    browser_log_in(second, site, "test.badinh2")
    annual = ReportingPeriod.objects.get(code="2018")
    first.goto(site + "/bao-cao/quan-huyen/")
    first.locator("tr", has=first.get_by_role("cell", name=annual.label, exact=True)).get_by_role(
        "button", name="Lập báo cáo").click()
    first.wait_for_url("**/bao-cao/quan-huyen/*/")
    report = DistrictReport.objects.get(period=annual, district__code="001")

    # Both have the draft open in their browsers.
    second.goto(site + f"/bao-cao/quan-huyen/{report.pk}/")
    first.fill('input[name="fig_facilities_value"]', "300")
    first.fill('input[name="fig_facilities_reason"]', "Số của phòng Kinh tế")
    second.fill('input[name="fig_facilities_value"]', "999")
    second.fill('input[name="fig_facilities_reason"]', "Số ước tính")

    first.get_by_role("button", name="Lưu", exact=True).click()
    expect(first.get_by_text("Đã lưu báo cáo.")).to_be_visible()
    second.get_by_role("button", name="Lưu", exact=True).click()
    expect(second.get_by_text("Báo cáo đã được người khác sửa", exact=False).first).to_be_visible()

    figure = report.figures.get(code="facilities")
    assert (figure.district_value, figure.reason) == (300, "Số của phòng Kinh tế")  # nothing overwritten
