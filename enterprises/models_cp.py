"""CP assessments: requests, assessments with their CP options, and CP investment projects."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enterprise, ScopedByEnterpriseQuerySet, scoped_manager
from plan.display import QuickChoiceDisplay

# Appendix IV.1: 50,000 thousand đồng per enterprise's assessment.
ASSESSMENT_SUPPORT_UNIT_PRICE_VND = 50_000_000


class AssessmentRequest(QuickChoiceDisplay, models.Model):
    """A facility's request for a rapid CP assessment or for support with a CP investment project."""

    class Kind(models.TextChoices):
        RAPID_ASSESSMENT = "rapid_assessment", _("đánh giá nhanh SXSH")
        INVESTMENT_SUPPORT = "investment_support", _("hỗ trợ dự án đầu tư SXSH")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("mới đăng ký")
        ACCEPTED = "accepted", _("đã tiếp nhận")
        SCHEDULED = "scheduled", _("đã lên lịch")
        DONE = "done", _("đã thực hiện")
        DECLINED = "declined", _("từ chối")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="assessment_requests",
                                   verbose_name=_("cơ sở"))
    kind = models.CharField(_("loại yêu cầu"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    year = models.PositiveSmallIntegerField(_("năm"))
    note = models.TextField(_("nội dung đề nghị"), blank=True)
    scheduled_on = models.DateField(_("ngày dự kiến"), null=True, blank=True)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người đăng ký"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người xử lý"))

    history = HistoricalRecords()
    objects = scoped_manager()

    class Meta:
        verbose_name = _("yêu cầu hỗ trợ SXSH")
        verbose_name_plural = _("yêu cầu hỗ trợ SXSH")
        ordering = ["-created_at", "-id"]
        # the newest first (triage page, admin, API): read in index order, not sorted, at any scale
        indexes = [models.Index(fields=["-created_at", "-id"], name="request_created_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="declined") | ~Q(decline_reason=""),
                                   name="request_declined_has_reason",
                                   violation_error_message=_("Từ chối cần ghi lý do.")),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="request_year_sane",
                                   violation_error_message=_("Năm không hợp lệ.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.enterprise} ({self.year})"


class AssessmentQuerySet(ScopedByEnterpriseQuerySet):
    enterprise_path = "request__enterprise"

    def flagged(self):
        """Support above the appendix's unit price or above half of the consultancy cost."""
        return self.filter(Q(support_vnd__gt=ASSESSMENT_SUPPORT_UNIT_PRICE_VND)
                           | Q(support_vnd__gt=F("consultancy_cost_vnd") / 2))


class Assessment(models.Model):
    """A rapid CP assessment done at a facility, answering an accepted request."""

    request = models.OneToOneField(AssessmentRequest, on_delete=models.PROTECT, related_name="assessment",
                                   verbose_name=_("yêu cầu"))
    date = models.DateField(_("ngày đánh giá"))
    consultant = models.CharField(_("đơn vị tư vấn"), max_length=200)
    findings = models.TextField(_("kết quả đánh giá"), blank=True)
    consultancy_cost_vnd = models.PositiveBigIntegerField(_("chi phí tư vấn (đồng)"), default=0)
    support_vnd = models.PositiveBigIntegerField(_("kinh phí hỗ trợ (đồng)"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi nhận"))

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("đánh giá nhanh SXSH")
        verbose_name_plural = _("đánh giá nhanh SXSH")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["-date", "-id"], name="assessment_date_idx")]

    def __str__(self):
        # dd/mm/yyyy in both languages (a label is one string; "2018-09-01" is no date a reader writes)
        return f"{self.request.enterprise} – {self.date.strftime('%d/%m/%Y') if self.date else ''}"

    @property
    def enterprise(self):
        return self.request.enterprise

    @property
    def support_flags(self) -> list[str]:
        from django.utils.translation import gettext

        flags = []
        if self.support_vnd > ASSESSMENT_SUPPORT_UNIT_PRICE_VND:
            flags.append(gettext("Hỗ trợ vượt đơn giá 50.000.000 đồng/cơ sở của phụ lục."))
        if self.support_vnd * 2 > self.consultancy_cost_vnd:
            flags.append(gettext("Hỗ trợ vượt một nửa chi phí tư vấn."))
        return flags


class CPOption(QuickChoiceDisplay, models.Model):
    """A CP option proposed by an assessment, identified and later perhaps implemented."""

    class Category(models.TextChoices):
        GOOD_HOUSEKEEPING = "good_housekeeping", _("quản lý nội vi")
        INPUT_SUBSTITUTION = "input_substitution", _("thay thế nguyên liệu đầu vào")
        PROCESS_CONTROL = "process_control", _("kiểm soát quá trình tốt hơn")
        EQUIPMENT_MODIFICATION = "equipment_modification", _("cải tiến thiết bị")
        TECHNOLOGY_CHANGE = "technology_change", _("thay đổi công nghệ")
        ONSITE_RECYCLING = "onsite_recycling", _("tuần hoàn, tái sử dụng tại chỗ")
        BYPRODUCT = "byproduct", _("tạo sản phẩm phụ hữu ích")
        PRODUCT_MODIFICATION = "product_modification", _("cải tiến sản phẩm")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("đã xác định")
        IMPLEMENTED = "implemented", _("đã thực hiện")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="options",
                                   verbose_name=_("đánh giá"))
    category = models.CharField(_("nhóm giải pháp"), max_length=30, choices=Category.choices)
    description = models.TextField(_("mô tả giải pháp"))
    investment_vnd = models.PositiveBigIntegerField(_("vốn đầu tư (đồng)"), default=0)
    yearly_saving_vnd = models.PositiveBigIntegerField(_("lợi ích hằng năm (đồng)"), default=0)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    implemented_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)

    history = HistoricalRecords()
    objects = scoped_manager("assessment__request__enterprise")

    class Meta:
        verbose_name = _("giải pháp SXSH")
        verbose_name_plural = _("giải pháp SXSH")
        # grouped by assessment (by its id: ordering by "assessment" would sort every option by the assessment's
        # date through a join, a full sort at national scale)
        ordering = ["assessment_id", "id"]
        indexes = [models.Index(fields=["status", "implemented_on"], name="cp_option_implemented_idx"),
                   models.Index(fields=["assessment", "id"], name="cp_option_assessment_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="implemented") & Q(implemented_on__isnull=False))
                | (Q(status="identified") & Q(implemented_on__isnull=True)),
                name="cp_option_implemented_has_date",
                violation_error_message=_("Giải pháp đã thực hiện cần ngày thực hiện; giải pháp chưa thực hiện thì không."),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description[:60]}"

    @property
    def payback_years(self) -> Decimal | None:
        """Simple payback in years (investment ÷ yearly saving), None when there is no saving."""
        if not self.yearly_saving_vnd:
            return None
        return (Decimal(self.investment_vnd) / Decimal(self.yearly_saving_vnd)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)


class InvestmentProject(QuickChoiceDisplay, models.Model):
    """A CP investment project at a facility: a pilot, demonstration or replication model (appendix IV.3)."""

    class ModelKind(models.TextChoices):
        PILOT = "pilot", _("thí điểm")
        DEMONSTRATION = "demonstration", _("trình diễn")
        REPLICATION = "replication", _("nhân rộng")

    class Status(models.TextChoices):
        PLANNED = "planned", _("đang chuẩn bị")
        IN_PROGRESS = "in_progress", _("đang thực hiện")
        COMPLETED = "completed", _("đã hoàn thành")
        CANCELLED = "cancelled", _("đã hủy")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="investment_projects",
                                   verbose_name=_("cơ sở"))
    request = models.OneToOneField(AssessmentRequest, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="investment_project", verbose_name=_("yêu cầu"))
    model_kind = models.CharField(_("loại mô hình"), max_length=15, choices=ModelKind.choices)
    title = models.CharField(_("tên dự án"), max_length=255)
    technology = models.TextField(_("công nghệ"), blank=True)
    year = models.PositiveSmallIntegerField(_("năm hỗ trợ"))
    investment_vnd = models.PositiveBigIntegerField(_("tổng vốn đầu tư (đồng)"), default=0)
    funding_enterprise_vnd = models.PositiveBigIntegerField(_("vốn của doanh nghiệp (đồng)"), default=0)
    support_vnd = models.PositiveBigIntegerField(_("hỗ trợ của thành phố (đồng)"), default=0)
    funding_other_vnd = models.PositiveBigIntegerField(_("vốn tài trợ khác (đồng)"), default=0)
    funding_other_source = models.CharField(_("nhà tài trợ khác (trong, ngoài nước)"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    results = models.TextField(_("kết quả đo được"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi nhận"))

    history = HistoricalRecords()
    objects = scoped_manager()

    class Meta:
        verbose_name = _("dự án đầu tư SXSH")
        verbose_name_plural = _("dự án đầu tư SXSH")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_vnd__gte=F("funding_enterprise_vnd") + F("support_vnd") + F("funding_other_vnd")),
                name="investment_covers_funding",
                violation_error_message=_("Tổng các nguồn vốn không được vượt tổng vốn đầu tư."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_model_kind_display()})"

    def clean(self):
        # Checked here as well as by the constraint: PostgreSQL validates the constraint's sum with the values
        # as int4 parameters, which overflow above 2,147,483,647 đồng, and Django then lets the row through.
        parts = (self.funding_enterprise_vnd, self.support_vnd, self.funding_other_vnd)
        if self.investment_vnd is not None and None not in parts and sum(parts) > self.investment_vnd:
            raise ValidationError({"investment_vnd": _("Tổng các nguồn vốn không được vượt tổng vốn đầu tư.")})
        if self.started_on and self.completed_on and self.completed_on < self.started_on:
            raise ValidationError({"completed_on": _("Ngày hoàn thành không được trước ngày bắt đầu.")})
        if self.status == self.Status.COMPLETED and not self.completed_on:
            raise ValidationError({"completed_on": _("Dự án đã hoàn thành cần ngày hoàn thành.")})
