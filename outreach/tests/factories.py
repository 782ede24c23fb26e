import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from outreach.models import Document, News, OutreachActivity

PNG_1PX = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
           b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def pdf_upload(name="tai-lieu.pdf", body=b"%PDF-1.4\n% test\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def news_make(*, title="Hội thảo sản xuất sạch hơn ngành dệt may", status=News.Status.PUBLISHED, body="<p>Nội dung</p>",
              publish_at=None, image=False, **kw):
    from outreach import services

    news = News(title=title, status=status, body=body, summary=kw.pop("summary", "Tóm tắt"),
                publish_at=publish_at if publish_at is not None else (
                    None if status == News.Status.DRAFT else timezone.now() - datetime.timedelta(hours=1)), **kw)
    if image:
        news.image = SimpleUploadedFile("anh.png", PNG_1PX, content_type="image/png")
    return services.news_save(news=news)


def document_make(*, title="Quyết định về kế hoạch sản xuất sạch hơn", kind=Document.Kind.DECISION, year=2015, **kw):
    from outreach import services

    return services.document_save(document=Document(title=title, kind=kind, year=year, file=pdf_upload(), **kw))


class OutreachActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachActivity

    kind = OutreachActivity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Hội thảo chia sẻ kinh nghiệm SXSH số {n}")
    date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    venue = "Khách sạn Thắng Lợi, Tây Hồ"
    year = 2017
    cost_vnd = 80_000_000
    is_public = True
