"""The plan itself: Decision 5768/QĐ-UBND, its targets, Hanoi's districts and the reporting periods."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan.display import QuickChoiceDisplay
from plan.i18n import localized


class PublicQuerySet(models.QuerySet):
    """Reference data that every visitor may read."""

    def visible_to(self, user):
        return self


class Plan(models.Model):
    """An approved action plan (kế hoạch hành động), e.g. Decision 5768/QĐ-UBND for 2016–2020."""

    code = models.CharField(_("số hiệu quyết định"), max_length=40, unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    title_en = models.CharField(_("tên kế hoạch (tiếng Anh)"), max_length=300, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    decision_date = models.DateField(_("ngày ban hành"))
    start_year = models.PositiveSmallIntegerField(_("năm bắt đầu"))
    end_year = models.PositiveSmallIntegerField(_("năm kết thúc"))
    objective = models.TextField(_("mục tiêu tổng quát"))
    objective_en = models.TextField(_("mục tiêu tổng quát (tiếng Anh)"), blank=True)
    budget_source = models.CharField(_("nguồn kinh phí"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="plan_years_ordered",
                violation_error_message=_("Năm kết thúc phải không trước năm bắt đầu."),
            )
        ]

    def __str__(self):
        return f"{self.code} ({self.start_year}–{self.end_year})"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def title_display(self) -> str:
        return localized(self, "title")

    @property
    def objective_display(self) -> str:
        return localized(self, "objective")


class Target(QuickChoiceDisplay, models.Model):
    """One of the plan's specific targets (T1–T5), each measured as an indicator."""

    class Measure(models.TextChoices):
        SHARE = "share", _("tỷ lệ cơ sở đạt (%)")
        SAVING_RANGE = "saving_range", _("mức tiết kiệm trên đơn vị sản phẩm (%)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("kế hoạch"))
    code = models.CharField(_("mã mục tiêu"), max_length=8)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung mục tiêu"))
    text_en = models.TextField(_("nội dung mục tiêu (tiếng Anh)"), blank=True)
    measure = models.CharField(_("cách đo"), max_length=20, choices=Measure.choices)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=6, decimal_places=2)
    target_value_max = models.DecimalField(
        _("giá trị mục tiêu tối đa"), max_digits=6, decimal_places=2, null=True, blank=True,
        help_text=_("Chỉ dùng khi mục tiêu là một khoảng, ví dụ 8–13%."),
    )
    unit = models.CharField(_("đơn vị"), max_length=20, default="%")
    measurement = models.TextField(_("cách tính"), blank=True)
    measurement_en = models.TextField(_("cách tính (tiếng Anh)"), blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="target_code_unique_in_plan",
                violation_error_message=_("Mã mục tiêu đã có trong kế hoạch này."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__gte=0) & Q(target_value__lte=100),
                name="target_value_is_percentage",
                violation_error_message=_("Giá trị mục tiêu phải từ 0 đến 100."),
            ),
            models.CheckConstraint(
                condition=Q(target_value_max__isnull=True) | Q(target_value_max__gte=F("target_value")),
                name="target_range_ordered",
                violation_error_message=_("Giá trị tối đa phải không nhỏ hơn giá trị mục tiêu."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.target_display}"

    @property
    def text_display(self) -> str:
        return localized(self, "text")

    @property
    def target_display(self) -> str:
        """The target as officials write it: 90%, or 8–13%."""
        from django.utils.formats import number_format

        low = number_format(self.target_value.normalize(), use_l10n=True)
        if self.target_value_max is not None:
            high = number_format(self.target_value_max.normalize(), use_l10n=True)
            return f"{low}–{high}{self.unit}"
        return f"{low}{self.unit}"


class AdministrativeUnit(QuickChoiceDisplay, models.Model):
    """A city or district-level unit with its GSO code. Units keep validity dates, never overwritten."""

    class Kind(models.TextChoices):
        CITY = "city", _("thành phố")
        URBAN_DISTRICT = "quan", _("quận")
        RURAL_DISTRICT = "huyen", _("huyện")
        TOWN = "thi_xa", _("thị xã")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=5, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    type = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administrative_units",
        verbose_name=_("cán bộ phụ trách"),
    )

    history = HistoricalRecords(m2m_fields=[officials])
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            )
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        """The name officials write, e.g. "Quận Ba Đình" or "Thành phố Hà Nội"."""
        return f"{self.get_type_display().capitalize()} {self.name}"

    @property
    def is_district(self) -> bool:
        return self.type != self.Kind.CITY


class ReportingPeriod(QuickChoiceDisplay, models.Model):
    """A period the districts report on to DoIT: six months, a year, or the whole plan."""

    class Kind(models.TextChoices):
        SIX_MONTH = "six_month", _("6 tháng")
        ANNUAL = "annual", _("năm")
        WHOLE_PERIOD = "whole_period", _("cả giai đoạn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods", verbose_name=_("kế hoạch"))
    code = models.CharField(_("mã kỳ báo cáo"), max_length=12, unique=True)
    kind = models.CharField(_("loại kỳ"), max_length=15, choices=Kind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    due = models.DateField(_("hạn nộp báo cáo"))

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["end", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="period_dates_ordered",
                violation_error_message=_("Ngày kết thúc kỳ phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(due__gte=F("end")),
                name="period_due_after_end",
                violation_error_message=_("Hạn nộp phải từ ngày kết thúc kỳ trở đi."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _g

        if self.kind == self.Kind.SIX_MONTH:
            return _g("6 tháng đầu năm %(year)s") % {"year": self.start.year}
        if self.kind == self.Kind.ANNUAL:
            return _g("Năm %(year)s") % {"year": self.start.year}
        return _g("Cả giai đoạn %(start)s–%(end)s") % {"start": self.start.year, "end": self.end.year}
