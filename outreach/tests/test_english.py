"""News and documents in English where translated: shown on English pages, sanitised, exposed by the API."""

import pytest
from django.conf import settings
from django.urls import reverse

from outreach.tests.factories import document_make, news_make

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_english_page_shows_the_english_news_and_a_vietnamese_page_the_vietnamese(client):
    news = news_make(title="Hội thảo SXSH ngành dệt may", summary="Tóm tắt tiếng Việt", body="<p>Nội dung tiếng Việt</p>",
                     title_en="CP workshop for textiles", summary_en="English summary", body_en="<p>English body</p>")
    url = reverse("outreach:news_detail", args=[news.slug])
    vi = client.get(url).content.decode()
    assert "Hội thảo SXSH ngành dệt may" in vi and "Nội dung tiếng Việt" in vi and "English body" not in vi
    en = _english(client).get(url).content.decode()
    assert "CP workshop for textiles" in en and "English summary" in en and "English body" in en
    assert "Nội dung tiếng Việt" not in en
    assert "CP workshop for textiles" in client.get(reverse("outreach:news_list")).content.decode()


def test_an_untranslated_item_falls_back_to_vietnamese_on_an_english_page(client):
    news = news_make(title="Chỉ có tiếng Việt", body="<p>Chỉ tiếng Việt</p>")
    page = _english(client).get(reverse("outreach:news_detail", args=[news.slug])).content.decode()
    assert "Chỉ có tiếng Việt" in page and "Chỉ tiếng Việt" in page


def test_the_english_body_is_sanitised_like_the_vietnamese_one():
    news = news_make(title_en="Safe", body_en='<p onclick="steal()">Hello</p><script>alert(1)</script>')
    assert news.body_en == "<p>Hello</p>"


def test_the_document_library_shows_the_english_title_on_english_pages(client):
    document_make(title="Quyết định phê duyệt kế hoạch SXSH", title_en="Decision approving the CP plan")
    assert "Decision approving the CP plan" in _english(client).get(reverse("outreach:document_list")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = client.get(reverse("outreach:document_list")).content.decode()
    assert "Quyết định phê duyệt kế hoạch SXSH" in page and "Decision approving" not in page


def test_the_api_exposes_the_english_fields(api_as):
    news = news_make(title_en="CP workshop", summary_en="Summary", body_en="<p>Body</p>")
    document_make(title_en="CP decision")
    item = api_as(None).get(reverse("v1:news-detail", args=[news.slug])).json()
    assert (item["title_en"], item["summary_en"], item["body_en"]) == ("CP workshop", "Summary", "<p>Body</p>")
    assert api_as(None).get(reverse("v1:document-list")).json()["results"][0]["title_en"] == "CP decision"
