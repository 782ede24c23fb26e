import pytest
from django.urls import reverse

from outreach.models import News

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["admin:outreach_news_add", "admin:outreach_outreachactivity_add",
                                  "admin:outreach_document_add", "admin:training_trainingclass_add",
                                  "admin:training_registration_add", "admin:training_participant_import",
                                  "admin:outreach_outreachactivity_import"])
def test_admin_forms_open_for_doit_staff(client_as, name):
    assert client_as("doit_staff").get(reverse(name)).status_code == 200


def test_saving_news_in_the_admin_sanitises_the_body_and_publishes(client_as):
    response = client_as("doit_staff").post(reverse("admin:outreach_news_add"), {
        "title": "Tin từ trang quản trị", "slug": "", "summary": "", "status": "published", "publish_at_0": "",
        "publish_at_1": "", "body": "<p>An toàn</p><script>alert(1)</script>"})
    assert response.status_code == 302, response.content.decode()[:3000]
    news = News.objects.get()
    assert news.body == "<p>An toàn</p>" and news.is_public and news.slug == "tin-tu-trang-quan-tri"
