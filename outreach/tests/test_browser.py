"""In Chromium: a visitor reads the news, and a draft is nowhere to be seen."""

import pytest
from playwright.sync_api import expect

from outreach.tests.factories import news_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_a_news_item(page, live_server, personas):
    news_make(title="Hà Nội tập huấn sản xuất sạch hơn", body="<p>Nội dung <strong>chi tiết</strong></p>"
                                                              "<script>document.title='hacked'</script>")
    news_make(title="Tin nháp chưa đăng", status="draft")
    page.goto(live_server.url + "/thong-tin/tin-tuc/")
    expect(page.locator(".news-item")).to_have_count(1)
    expect(page.get_by_text("Tin nháp chưa đăng")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="Hà Nội tập huấn sản xuất sạch hơn").click()
    expect(page.get_by_role("heading", name="Hà Nội tập huấn sản xuất sạch hơn")).to_be_visible()
    expect(page.locator(".news-body strong")).to_have_text("chi tiết")
    assert page.title() != "hacked"


def test_an_editor_writes_news_in_the_rich_text_editor_and_script_never_reaches_the_public(page, live_server,
                                                                                            personas):
    from outreach.models import News

    page.goto(live_server.url + "/tai-khoan/dang-nhap/?next=/admin/outreach/news/add/")
    page.get_by_label("Tên đăng nhập").fill("test.doit_staff")
    page.get_by_label("Mật khẩu").fill("pw-for-tests-1")
    page.click("#login-submit")
    page.wait_for_url("**/admin/outreach/news/add/")
    page.fill("#id_title", "Ra mắt sổ tay SXSH ngành dệt")
    page.fill("#id_slug", "so-tay-sxsh-det")
    page.fill("#id_summary", "Sổ tay kỹ thuật mới.")
    editor = page.locator(".richtext-editor .pell-content").first
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Sổ tay hướng dẫn ")
    page.click(".richtext-editor .pell-button[title='Bold'] >> nth=0")
    page.keyboard.type("áp dụng ngay")
    # Someone pastes hostile markup straight into the editor's HTML.
    editor.evaluate("el => { el.innerHTML += '<img src=x onerror=\"document.title=1\"><script>document.title=2</script>';"
                    " el.dispatchEvent(new Event('input', {bubbles: true})); }")
    page.select_option("#id_status", "published")
    page.click("input[name='_save']")
    page.wait_for_url("**/admin/outreach/news/")
    news = News.objects.get(slug="so-tay-sxsh-det")
    assert "<b>áp dụng ngay</b>" in news.body or "<strong>áp dụng ngay</strong>" in news.body
    assert "onerror" not in news.body and "<script" not in news.body
    page.goto(live_server.url + "/thong-tin/tin-tuc/so-tay-sxsh-det/")
    expect(page.locator(".news-body")).to_contain_text("áp dụng ngay")
    assert page.title() not in ("1", "2")
