import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from outreach import selectors, services
from outreach.models import Document, News, OutreachActivity
from outreach.tests.factories import OutreachActivityFactory, document_make, news_make, pdf_upload
from outreach.text import search_normalize
from training.tests.factories import enterprise_make

pytestmark = pytest.mark.django_db


def test_script_and_event_handlers_are_stripped_from_a_news_body(plan_loaded):
    news = news_make(body='<p onclick="steal()">Tin <strong>mới</strong></p><script>alert(1)</script>'
                          '<a href="javascript:alert(2)">x</a><img src="x" onerror="alert(3)">')
    assert "<script" not in news.body and "alert(1)" not in news.body
    assert "onclick" not in news.body and "onerror" not in news.body and "javascript:" not in news.body
    assert "<strong>mới</strong>" in news.body


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_saved(plan_loaded):
    fake = pdf_upload(name="quyet-dinh.pdf", body=b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError) as exc:
        services.document_save(document=Document(title="Giả", kind="decision", year=2016, file=fake))
    assert "không phải tệp PDF" in str(exc.value)
    assert not Document.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=10)
def test_a_file_too_large_is_refused(plan_loaded):
    with pytest.raises(ValidationError) as exc:
        services.document_save(document=Document(title="Lớn", kind="leaflet", year=2016, file=pdf_upload()))
    assert "quá lớn" in str(exc.value)


def test_search_is_accent_insensitive_and_filters_by_kind_and_year(client, plan_loaded):
    assert search_normalize("Sản xuất SẠCH hơn, Đống Đa") == "san xuat sach hon, dong da"
    document_make(title="Sổ tay sản xuất sạch hơn ngành dệt", kind="handbook", year=2017)
    document_make(title="Thông tư về định mức năng lượng", kind="circular", year=2016)
    found = client.get(reverse("outreach:document_list"), {"q": "san xuat sach hon"}).content.decode()
    assert "Sổ tay sản xuất sạch hơn ngành dệt" in found and "định mức năng lượng" not in found
    by_kind = client.get(reverse("outreach:document_list"), {"kind": "circular", "year": 2016}).content.decode()
    assert "định mức năng lượng" in by_kind and "ngành dệt" not in by_kind
    assert selectors.documents_search(q="SẢN XUẤT").count() == 1


def test_draft_and_future_news_are_invisible_to_the_public_page_feed_sitemap_and_api(client, api_as, plan_loaded):
    news_make(title="Tin đã đăng")
    draft = news_make(title="Tin nháp bí mật", status=News.Status.DRAFT)
    later = services.news_publish(news=news_make(title="Tin hẹn giờ", status=News.Status.DRAFT),
                                  publish_at=timezone.now() + datetime.timedelta(days=1))
    assert later.status == News.Status.SCHEDULED
    pages = [reverse("outreach:news_list"), reverse("outreach:news_feed"), reverse("outreach:sitemap")]
    for url in pages:
        body = client.get(url).content.decode()
        assert "tin-da-dang" in body or "Tin đã đăng" in body, url
        assert "Tin nháp bí mật" not in body and "tin-nhap-bi-mat" not in body and "tin-hen-gio" not in body, url
    api = api_as("anonymous").get(reverse("v1:news-list")).json()
    assert [n["title"] for n in api["results"]] == ["Tin đã đăng"]
    assert client.get(reverse("outreach:news_detail", args=[draft.slug])).status_code == 404
    staff_preview = api_as("doit_staff")
    assert staff_preview.get(reverse("v1:news-detail", args=[draft.slug])).status_code == 200


def test_staff_preview_a_draft_on_the_page(client_as, plan_loaded):
    draft = news_make(title="Tin nháp", status=News.Status.DRAFT)
    response = client_as("doit_staff").get(reverse("outreach:news_detail", args=[draft.slug]))
    assert response.status_code == 200 and "Bản xem trước" in response.content.decode()


def test_the_feed_is_atom_and_the_sitemap_lists_news_and_documents(client, plan_loaded):
    news = news_make(title="Tin cho nguồn cấp")
    doc = document_make()
    feed = client.get(reverse("outreach:news_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "<feed" in feed.content.decode() and "Tin cho nguồn cấp" in feed.content.decode()
    sitemap = client.get(reverse("outreach:sitemap")).content.decode()
    assert reverse("outreach:news_detail", args=[news.slug]) in sitemap
    assert reverse("outreach:document_download", args=[doc.pk]) in sitemap


def test_an_activity_cost_posts_once_and_is_refused_on_a_line_of_another_kind(plan_loaded, personas):
    from budget.models import Expenditure

    staff = personas["doit_staff"]
    activity = services.activity_save(activity=OutreachActivity(
        kind="reportage", title="Phóng sự SXSH ngành giấy", date=datetime.date(2017, 6, 1), year=2017,
        broadcaster="Đài Hà Nội", air_date=datetime.date(2017, 6, 3), cost_vnd=40_000_000), user=staff)
    activity.cost_vnd = 38_000_000
    services.activity_save(activity=activity, user=staff)
    spent = Expenditure.objects.filter(line__code="I.3a", source_id=activity.pk)
    assert spent.count() == 1 and spent.get().amount_vnd == 38_000_000
    wrong = OutreachActivity(kind="article", title="Bài báo", date=datetime.date(2017, 6, 1), year=2017,
                             outlet="Báo Hà Nội Mới", cost_vnd=2_000_000, budget_line_code="II.1")
    with pytest.raises(ValidationError):
        services.activity_save(activity=wrong, user=staff)


def test_a_reportage_needs_its_broadcaster(plan_loaded):
    with pytest.raises(ValidationError) as exc:
        services.activity_save(activity=OutreachActivity(kind="reportage", title="P", date=datetime.date(2017, 1, 1),
                                                         year=2017), post_cost=False)
    assert "đài phát sóng" in str(exc.value)


def test_workshop_attendance_makes_the_facility_aware_and_is_counted(plan_loaded):
    from enterprises.models import AwarenessRecord

    workshop = OutreachActivityFactory(date=datetime.date(2017, 4, 5))
    enterprise = enterprise_make()
    services.workshop_attendance_add(activity=workshop, enterprise=enterprise, attendees=3)
    services.workshop_attendance_add(activity=workshop, enterprise=enterprise, attendees=2)
    record = AwarenessRecord.objects.get(enterprise=enterprise)
    assert record.kind == "workshop" and record.date == datetime.date(2017, 4, 5)
    assert selectors.workshop_attendance_count(as_of=datetime.date(2017, 12, 31)) == {
        "enterprises": 1, "attendances": 1, "attendees": 2}
    assert selectors.workshop_attendance_count(as_of=datetime.date(2017, 4, 4))["enterprises"] == 0
    with pytest.raises(ValidationError):
        services.workshop_attendance_add(activity=OutreachActivityFactory(kind="media_campaign"), enterprise=enterprise)


def test_activities_done_by_kind_and_year_sums_in_one_query(plan_loaded, django_assert_num_queries):
    OutreachActivityFactory(year=2017, cost_vnd=80_000_000)
    OutreachActivityFactory(year=2017, cost_vnd=70_000_000)
    with django_assert_num_queries(1):
        rows = selectors.activities_done_by_kind_and_year()
    assert rows == [{"kind": "workshop", "year": 2017, "count": 2, "cost_vnd": 150_000_000}]


def test_the_events_calendar_lists_public_classes_with_registration_and_workshops(client, plan_loaded):
    from training.tests.factories import TrainingClassFactory

    cls = TrainingClassFactory(title="Lớp lịch sự kiện")
    TrainingClassFactory(title="Lớp riêng", is_public=False)
    OutreachActivityFactory(title="Hội thảo lịch sự kiện")
    OutreachActivityFactory(title="Hội thảo nội bộ", is_public=False)
    html = client.get(reverse("outreach:event_list")).content.decode()
    assert "Lớp lịch sự kiện" in html and "Hội thảo lịch sự kiện" in html
    assert "Lớp riêng" not in html and "Hội thảo nội bộ" not in html
    assert reverse("training:class_register", args=[cls.pk]) in html


def test_the_first_coming_events_are_the_earliest_of_both_kinds(plan_loaded):
    from training.tests.factories import TrainingClassFactory

    today = timezone.localdate()
    for days in (3, 9, 20, 40):  # 4 workshops: read newest first (their default order), 3 would miss the first
        OutreachActivityFactory(title=f"Hội thảo sau {days} ngày", date=today + datetime.timedelta(days=days))
    for days in (5, 30):
        TrainingClassFactory(title=f"Lớp sau {days} ngày", start_date=today + datetime.timedelta(days=days))
    every = selectors.events_upcoming(today=today)
    first = selectors.events_upcoming(today=today, limit=3)
    assert [e.title for e in first] == [e.title for e in every[:3]] == [
        "Hội thảo sau 3 ngày", "Lớp sau 5 ngày", "Hội thảo sau 9 ngày"]


def _many(n):
    from training.tests.factories import TrainingClassFactory

    for i in range(n):
        news_make(title=f"Tin số {i} {timezone.now().timestamp()}")
        document_make(title=f"Tài liệu {i}")
        OutreachActivityFactory()
        TrainingClassFactory()


@pytest.mark.parametrize("name", ["outreach:index", "outreach:news_list", "outreach:document_list",
                                  "outreach:event_list", "outreach:news_feed", "outreach:sitemap"])
def test_list_pages_query_counts_do_not_grow(client, plan_loaded, django_assert_max_num_queries, name):
    _many(2)
    with django_assert_max_num_queries(30) as few:
        assert client.get(reverse(name)).status_code == 200
    _many(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["v1:outreach-activity-list", "v1:news-list", "v1:document-list", "v1:event-list"])
def test_api_lists_query_counts_do_not_grow(api_as, plan_loaded, django_assert_max_num_queries, name):
    api = api_as("doit_staff")
    _many(2)
    with django_assert_max_num_queries(30) as few:
        assert api.get(reverse(name)).status_code == 200
    _many(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(reverse(name)).status_code == 200
