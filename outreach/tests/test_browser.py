"""In Chromium: a visitor reads the news, and a draft is nowhere to be seen."""

import pytest

from outreach.tests.factories import news_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_a_news_item(page, live_server, personas):
    news_make(title="Hà Nội tập huấn sản xuất sạch hơn", body="<p>Nội dung <strong>chi tiết</strong></p>"
                                                              "<script>document.title='hacked'</script>")
    news_make(title="Tin nháp chưa đăng", status="draft")
    page.goto(live_server.url + "/thong-tin/tin-tuc/")
    assert page.locator(".news-item").count() == 1
    assert not page.get_by_text("Tin nháp chưa đăng").count()
    page.get_by_role("link", name="Hà Nội tập huấn sản xuất sạch hơn").click()
    assert page.get_by_role("heading", name="Hà Nội tập huấn sản xuất sạch hơn").is_visible()
    assert page.locator(".news-body strong").inner_text() == "chi tiết"
    assert page.title() != "hacked"
