"""Every URL of the outreach app with the status each role must get."""

from tests.access import CITY_READERS, Case, api_login_required, page_login_required, public


def _news(**kw):
    from outreach.tests.factories import news_make

    return news_make(**kw)


def _document(**kw):
    from outreach.tests.factories import document_make

    return document_make(**kw)


def _activity():
    from outreach.tests.factories import OutreachActivityFactory

    return OutreachActivityFactory()


CASES = [
    Case("outreach:index", public(200)),
    Case("outreach:news_list", public(200)),
    Case("outreach:news_feed", public(200)),
    Case("outreach:news_detail", public(200), kwargs=lambda p: {"slug": _news().slug}),
    Case("outreach:news_detail", {**public(404), "doit_staff": 200},
         kwargs=lambda p: {"slug": _news(title="Bản nháp", status="draft").slug}, label="GET draft news_detail"),
    Case("outreach:news_image", public(200), kwargs=lambda p: {"slug": _news(image=True).slug}),
    Case("outreach:document_list", public(200)),
    Case("outreach:document_download", public(200), kwargs=lambda p: {"pk": _document().pk}),
    Case("outreach:document_download", {**public(404), "doit_staff": 200},
         kwargs=lambda p: {"pk": _document(is_public=False).pk}, label="GET private document_download"),
    Case("outreach:event_list", public(200)),
    Case("outreach:sitemap", public(200)),
    Case("v1:outreach-activity-list", api_login_required(allowed=CITY_READERS), api=True),
    Case("v1:outreach-activity-detail", api_login_required(allowed=CITY_READERS),
         kwargs=lambda p: {"pk": _activity().pk}, api=True),
    Case("v1:news-list", public(200), api=True),
    Case("v1:news-detail", public(200), kwargs=lambda p: {"slug": _news().slug}, api=True),
    Case("v1:news-detail", {**public(404), "doit_staff": 200}, kwargs=lambda p: {"slug": _news(status="draft").slug},
         api=True, label="GET draft v1:news-detail"),
    Case("v1:document-list", public(200), api=True),
    Case("v1:document-detail", public(200), kwargs=lambda p: {"pk": _document().pk}, api=True),
    Case("v1:event-list", public(200), api=True),
]


def _activity_with_file(personas):
    import datetime

    from django.core.files.base import ContentFile

    from outreach.models import OutreachActivity

    activity = OutreachActivity.objects.filter(title="Sổ tay truy cập").first()
    if activity is None:
        activity = OutreachActivity.objects.create(kind="media_campaign", title="Sổ tay truy cập", date=datetime.date(2017, 5, 1),
                                                   year=2017, cost_vnd=0)
        activity.file.save("so-tay.pdf", ContentFile(b"%PDF-1.4 handbook"), save=True)
    return {"pk": activity.pk}


CASES.append(Case("outreach:activity_file", page_login_required(allowed=CITY_READERS, denied=404),
                  kwargs=_activity_with_file))
