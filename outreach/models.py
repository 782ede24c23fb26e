"""Outreach (contents 1 and 2 of the plan; appendix I.1–I.3b, III.1, III.3, IV.2) and the public
e-information section: news, documents library, events.
"""

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from outreach.validators import validate_document_file, validate_image_file
from plan.display import QuickChoiceDisplay
from plan.i18n import localized
from plan.roles import is_doit, reads_city_wide


class CityWideQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if reads_city_wide(user) else self.none()


class OutreachActivityQuerySet(CityWideQuerySet):
    def public_workshops(self):
        return self.filter(kind=OutreachActivity.Kind.WORKSHOP, is_public=True)


class OutreachActivity(QuickChoiceDisplay, models.Model):
    """A communication or e-information activity of the appendix, with its date, line, year and cost."""

    class Kind(models.TextChoices):
        MEDIA_CAMPAIGN = "media_campaign", _("truyền thông, nâng cao nhận thức (I.1)")
        WORKSHOP = "workshop", _("hội nghị, hội thảo (I.2)")
        REPORTAGE = "reportage", _("phóng sự truyền hình, phát thanh (I.3)")
        ARTICLE = "article", _("bài viết trên báo (I.3)")
        HANDBOOK = "handbook", _("sổ tay kỹ thuật SXSH (IV.2)")
        DATABASE = "database", _("xây dựng cơ sở dữ liệu (III.1)")
        EINFO_UPKEEP = "einfo_upkeep", _("cập nhật chuyên mục thông tin điện tử (III.3)")

    DEFAULT_LINES = {
        "media_campaign": "I.1", "workshop": "I.2", "reportage": "I.3a", "article": "I.3b",
        "handbook": "IV.2", "database": "III.1", "einfo_upkeep": "III.3",
    }

    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    is_public = models.BooleanField(_("công khai trên lịch sự kiện"), default=False)
    broadcaster = models.CharField(_("đài phát sóng"), max_length=120, blank=True)
    air_date = models.DateField(_("ngày phát sóng"), null=True, blank=True)
    outlet = models.CharField(_("báo, tạp chí"), max_length=120, blank=True)
    link = models.URLField(_("đường dẫn"), blank=True)
    sector = models.ForeignKey("enterprises.Sector", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="handbooks", verbose_name=_("ngành"))
    file = models.FileField(_("tệp"), upload_to="outreach/activities/%Y/", blank=True,
                            validators=[validate_document_file])
    budget_line_code = models.CharField(_("dòng kinh phí"), max_length=8, blank=True,
                                        help_text=_("Để trống: dòng mặc định theo loại hoạt động."))
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    cost_vnd = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người ghi"))

    history = HistoricalRecords()
    objects = OutreachActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động truyền thông")
        verbose_name_plural = _("hoạt động truyền thông")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reportage") | (~Q(broadcaster="") & Q(air_date__isnull=False)),
                name="outreach_reportage_has_broadcaster",
                violation_error_message=_("Phóng sự cần đài phát sóng và ngày phát sóng."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="article") | ~Q(outlet=""), name="outreach_article_has_outlet",
                violation_error_message=_("Bài viết cần tên báo, tạp chí."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="handbook") | Q(sector__isnull=False), name="outreach_handbook_has_sector",
                violation_error_message=_("Sổ tay kỹ thuật cần ngành."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="outreach_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải từ ngày bắt đầu trở đi."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    @admin_display(description=_("dòng kinh phí"))
    def line_code(self) -> str:
        return self.budget_line_code or self.DEFAULT_LINES.get(self.kind, "")


class WorkshopAttendanceQuerySet(CityWideQuerySet):
    """Who attended which workshop: city-wide readers only, like the activities."""


class WorkshopAttendance(models.Model):
    """A facility that attended a workshop: it becomes aware of CP as of the workshop's date (T1)."""

    activity = models.ForeignKey(OutreachActivity, on_delete=models.CASCADE, related_name="attendances",
                                 verbose_name=_("hội thảo"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="workshop_attendances", verbose_name=_("cơ sở"))
    attendees = models.PositiveSmallIntegerField(_("số người tham dự"), default=1)

    history = HistoricalRecords()
    objects = WorkshopAttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở dự hội thảo")
        verbose_name_plural = _("cơ sở dự hội thảo")
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise"], name="workshop_attendance_once",
                violation_error_message=_("Cơ sở này đã được ghi dự hội thảo này."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise_id} @ {self.activity_id}"


class NewsQuerySet(models.QuerySet):
    def published(self):
        """Published (or scheduled) news whose publication time has come."""
        return self.filter(status__in=[News.Status.PUBLISHED, News.Status.SCHEDULED], publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Editors (DoIT staff) see drafts too; everyone else only what is published."""
        return self if is_doit(user) else self.published()


class News(QuickChoiceDisplay, models.Model):
    """A news item of the e-information section. Its body is sanitised HTML; drafts are never public."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        SCHEDULED = "scheduled", _("hẹn giờ đăng")
        PUBLISHED = "published", _("đã đăng")

    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True, blank=True,
                            error_messages={"unique": _("Đường dẫn này đã có tin khác dùng.")})
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"))
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=255, blank=True)
    summary_en = models.TextField(_("tóm tắt (tiếng Anh)"), blank=True)
    body_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    image = models.ImageField(_("ảnh"), upload_to="outreach/news/%Y/", blank=True, validators=[validate_image_file])
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("người viết"))
    search_text = models.TextField(_("văn bản tìm kiếm"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin tức")
        verbose_name_plural = _("tin tức")
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False), name="news_published_has_time",
                violation_error_message=_("Tin đăng hoặc hẹn giờ cần thời điểm đăng."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title_display(self) -> str:
        return localized(self, "title")

    @property
    def summary_display(self) -> str:
        return localized(self, "summary")

    @property
    def body_display(self) -> str:
        """Sanitised HTML (both bodies are cleaned when saved)."""
        return localized(self, "body")

    @property
    def is_public(self) -> bool:
        return (self.status != self.Status.DRAFT and self.publish_at is not None
                and self.publish_at <= timezone.now())


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if is_doit(user) else self.filter(is_public=True)


class Document(QuickChoiceDisplay, models.Model):
    """A document of the library: a policy, decision, circular, handbook or leaflet, with its file."""

    class Kind(models.TextChoices):
        POLICY = "policy", _("chính sách")
        DECISION = "decision", _("quyết định")
        CIRCULAR = "circular", _("thông tư")
        HANDBOOK = "handbook", _("sổ tay")
        LEAFLET = "leaflet", _("tờ rơi")

    title = models.CharField(_("tên tài liệu"), max_length=300)
    title_en = models.CharField(_("tên tài liệu (tiếng Anh)"), max_length=300, blank=True)
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    summary = models.TextField(_("trích yếu"), blank=True)
    file = models.FileField(_("tệp"), upload_to="outreach/documents/%Y/", validators=[validate_document_file])
    is_public = models.BooleanField(_("công khai"), default=True)
    search_text = models.TextField(_("văn bản tìm kiếm"), blank=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["kind", "year"], name="document_kind_year")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def title_display(self) -> str:
        return localized(self, "title")
