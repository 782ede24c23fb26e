"""The e-information section in the API gives absolute URLs (found by QA: a news item's page, a document's download and
the calendar's links were paths, which an API client cannot follow): each is what the schema says, a `uri`, and
leads where it says. The links and images inside a news body are absolute too."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from outreach.tests.factories import OutreachActivityFactory, document_make, news_make
from training.tests.factories import TrainingClassFactory

pytestmark = pytest.mark.django_db

HOST = "http://testserver"
URL_FIELDS = {"News": ["url", "image"], "Document": ["download_url"], "Event": ["url", "registration_url"]}


def _follow(client, url):
    parts = urlsplit(url)
    return client.get(parts.path + (f"?{parts.query}" if parts.query else ""))


def test_news_documents_and_events_give_absolute_urls_that_lead_where_they_say(api_as, client):
    news = news_make(title="Tin có ảnh", image=True,
                     body='<p><a href="/tai-lieu/">Thư viện</a> <img src="anh-phu.png" alt="x"> '
                          '<a href="https://moit.gov.vn/">Bộ</a></p>')
    news_make(title="Tin không ảnh")
    document = document_make(title="Sổ tay SXSH")
    TrainingClassFactory(is_public=True, start_date=datetime.date.today() + datetime.timedelta(days=20))
    OutreachActivityFactory(date=datetime.date.today() + datetime.timedelta(days=5), is_public=True)
    api = api_as("anonymous")

    items = api.get("/api/v1/news/").json()["results"]
    with_image = next(item for item in items if item["slug"] == news.slug)
    without_image = next(item for item in items if item["slug"] != news.slug)
    assert with_image["url"] == HOST + reverse("outreach:news_detail", args=[news.slug])
    assert _follow(client, with_image["url"]).status_code == 200
    assert with_image["image"] == HOST + reverse("outreach:news_image", args=[news.slug])
    assert _follow(client, with_image["image"])["Content-Type"] == "image/png"
    assert without_image["image"] is None
    assert 'href="http://testserver/tai-lieu/"' in with_image["body"]
    assert f'src="{with_image["url"]}anh-phu.png"' in with_image["body"]  # beside the page, as on the page
    assert 'href="https://moit.gov.vn/"' in with_image["body"] and "<p>" in with_image["body"]
    assert api.get(f"/api/v1/news/{news.slug}/").json()["url"] == with_image["url"]

    listed = api.get("/api/v1/documents/").json()["results"][0]
    assert listed["download_url"] == HOST + reverse("outreach:document_download", args=[document.pk])
    assert _follow(client, listed["download_url"]).status_code == 200

    events = api.get("/api/v1/events/").json()["results"]
    workshop = next(event for event in events if event["kind"] == "workshop")
    course = next(event for event in events if event["kind"] == "training_class")
    assert workshop["url"] == HOST + reverse("outreach:event_list") + f"#workshop-{workshop['id']}"
    assert workshop["registration_url"] is None
    assert course["url"] == HOST + reverse("training:class_detail", args=[course["id"]])
    assert course["registration_url"] == HOST + reverse("training:class_register", args=[course["id"]])
    for url in (workshop["url"], course["url"], course["registration_url"]):
        assert _follow(client, url).status_code == 200, url


def test_the_schema_gives_each_of_those_urls_as_a_uri(api_as):
    components = api_as("anonymous").get("/api/schema/?format=json").json()["components"]["schemas"]
    for component, fields in URL_FIELDS.items():
        for name in fields:
            field = components[component]["properties"][name]
            assert (field.get("type"), field.get("format")) == ("string", "uri"), f"{component}.{name}: {field}"
    assert components["News"]["properties"]["image"].get("nullable") is True
    assert components["Event"]["properties"]["registration_url"].get("nullable") is True
