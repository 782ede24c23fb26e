"""Demo data: the outreach activities of 2017 (media, workshops with facilities, reportages, articles, handbook,
e-information upkeep), an upcoming workshop, news (one draft) and library documents. Idempotent."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from outreach import services
from outreach.models import Document, News, OutreachActivity

K = OutreachActivity.Kind
ACTIVITIES_2017 = [
    (K.MEDIA_CAMPAIGN, "Chiến dịch truyền thông sản xuất sạch hơn năm 2017", (3, 1), 150_000_000, {}),
    (K.WORKSHOP, "Hội thảo chia sẻ kinh nghiệm SXSH ngành dệt may", (4, 12), 80_000_000, {"venue": "Khách sạn Thắng Lợi"}),
    (K.WORKSHOP, "Hội thảo SXSH trong các khu công nghiệp", (7, 19), 80_000_000, {"venue": "KCN Thăng Long"}),
    (K.WORKSHOP, "Hội nghị tổng kết SXSH năm 2017", (12, 14), 80_000_000, {"venue": "Sở Công Thương Hà Nội"}),
    (K.REPORTAGE, "Phóng sự: SXSH giúp doanh nghiệp giấy tiết kiệm 10% năng lượng", (5, 2), 40_000_000,
     {"broadcaster": "Đài Phát thanh và Truyền hình Hà Nội", "air_date": datetime.date(2017, 5, 6)}),
    (K.ARTICLE, "Doanh nghiệp Hà Nội hưởng lợi từ sản xuất sạch hơn", (6, 15), 2_000_000,
     {"outlet": "Báo Hà Nội Mới", "link": "https://example.vn/bai-viet/sxsh-2017"}),
    (K.EINFO_UPKEEP, "Cập nhật chuyên mục thông tin điện tử SXSH năm 2017", (12, 20), 100_000_000, {}),
]
NEWS = [
    ("Hà Nội triển khai kế hoạch sản xuất sạch hơn năm 2017", News.Status.PUBLISHED, 200),
    ("Khai giảng lớp đào tạo SXSH cho cán bộ kỹ thuật ngành thực phẩm", News.Status.PUBLISHED, 120),
    ("Hội thảo SXSH trong các khu công nghiệp thu hút 80 doanh nghiệp", News.Status.PUBLISHED, 60),
    ("Tổng kết chương trình SXSH năm 2017", News.Status.PUBLISHED, 5),
    ("Kế hoạch SXSH năm 2018 (dự thảo)", News.Status.DRAFT, 0),
]
DOCUMENTS = [
    ("Quyết định phê duyệt Kế hoạch hành động sản xuất sạch hơn trong công nghiệp Hà Nội 2016–2020",
     Document.Kind.DECISION, "5768/QĐ-UBND", "UBND thành phố Hà Nội", 2015),
    ("Thông tư quy định định mức tiêu hao năng lượng trong ngành công nghiệp bia và nước giải khát",
     Document.Kind.CIRCULAR, "19/2016/TT-BCT", "Bộ Công Thương", 2016),
    ("Sổ tay hướng dẫn sản xuất sạch hơn ngành dệt may", Document.Kind.HANDBOOK, "", "Sở Công Thương Hà Nội", 2017),
    ("Tờ rơi: Sản xuất sạch hơn – lợi ích cho doanh nghiệp", Document.Kind.LEAFLET, "", "Sở Công Thương Hà Nội", 2017),
]


def _pdf(title: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<meta charset='utf-8'><h1 style='font-family: DejaVu Serif'>{title}</h1>"
                       "<p>Tài liệu minh họa của cổng SXSH (dữ liệu demo).</p>").write_pdf()


def _activity(kind, title, date, cost, extra, user):
    activity = OutreachActivity.objects.filter(title=title).first()
    if activity is None:
        activity = OutreachActivity(kind=kind, title=title, date=date, year=date.year, cost_vnd=cost, **extra)
    try:
        return services.activity_save(activity=activity, user=user)
    except ValidationError:
        return services.activity_save(activity=activity, user=user, post_cost=False)


@transaction.atomic
def seed(*, stdout=None, facilities=None, random_seed=5768):
    from enterprises.models import Enterprise, Sector

    rng = random.Random(random_seed)
    user = get_user_model().objects.filter(username="sct.canbo").first()
    enterprises = list(Enterprise.objects.order_by("tax_code")[:200])
    for kind, title, (month, day), cost, extra in ACTIVITIES_2017:
        activity = _activity(kind, title, datetime.date(2017, month, day), cost, dict(extra), user)
        if kind == K.WORKSHOP and enterprises and not activity.attendances.exists():
            for enterprise in rng.sample(enterprises, min(25, len(enterprises))):
                services.workshop_attendance_add(activity=activity, enterprise=enterprise,
                                                 attendees=rng.randint(1, 3), user=user)
    for i in range(4):
        _activity(K.REPORTAGE, f"Phóng sự SXSH số {i + 2} năm 2017", datetime.date(2017, 8 + i, 5), 40_000_000,
                  {"broadcaster": "Đài Tiếng nói Việt Nam", "air_date": datetime.date(2017, 8 + i, 8)}, user)
    for i in range(9):
        _activity(K.ARTICLE, f"Bài viết SXSH số {i + 2} năm 2017", datetime.date(2017, 2 + i, 20), 2_000_000,
                  {"outlet": "Báo Công Thương"}, user)
    sector = Sector.objects.filter(code="13").first() or Sector.objects.first()
    if sector is not None:
        _activity(K.HANDBOOK, "Sổ tay kỹ thuật SXSH ngành dệt", datetime.date(2017, 10, 1), 100_000_000,
                  {"sector": sector}, user)
    today = timezone.localdate()
    _activity(K.WORKSHOP, "Hội thảo SXSH ngành thực phẩm (sắp diễn ra)", today + datetime.timedelta(days=30), 0,
              {"venue": "Sở Công Thương Hà Nội", "is_public": True}, user)
    now = timezone.now()
    for title, status, days_ago in NEWS:
        if News.objects.filter(title=title).exists():
            continue
        services.news_save(news=News(
            title=title, status=status, summary=title,
            body=f"<p>{title}.</p><p>Thông tin từ Sở Công Thương Hà Nội (dữ liệu demo).</p>",
            publish_at=None if status == News.Status.DRAFT else now - datetime.timedelta(days=days_ago)), user=user)
    for title, kind, number, issuer, year in DOCUMENTS:
        if Document.objects.filter(title=title).exists():
            continue
        document = Document(title=title, kind=kind, number=number, issuer=issuer, year=year, summary=title)
        document.file = ContentFile(_pdf(title), name=f"tai-lieu-{kind}-{year}.pdf")
        services.document_save(document=document, user=user)
    if stdout:
        stdout.write(f"outreach: {OutreachActivity.objects.count()} activities, {News.objects.count()} news, "
                     f"{Document.objects.count()} documents")
    return {}
