"""District reports to DoIT and their review, the districts' own CP plans, and the city's PDF report jobs."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan.display import QuickChoiceDisplay
from plan.roles import district_ids_of, reads_city_wide


class DistrictScopedQuerySet(models.QuerySet):
    """Rows that belong to one district: city-wide roles read all, a district official only their own."""

    district_field = "district"

    def visible_to(self, user):
        if reads_city_wide(user):
            return self
        ids = district_ids_of(user)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.district_field}_id__in": ids})


class FigureCode(models.TextChoices):
    """The registry figures a district report carries (codes are stable: the API and diffs use them)."""

    FACILITIES = "facilities", _("Số cơ sở sản xuất công nghiệp đang hoạt động")
    AWARE = "aware", _("Số cơ sở nhận thức được lợi ích của SXSH")
    APPLYING = "applying", _("Số cơ sở áp dụng SXSH")
    CP_OFFICER = "cp_officer", _("Số cơ sở có cán bộ hướng dẫn SXSH")
    LARGE = "large", _("Số doanh nghiệp lớn")
    LARGE_TRAINED = "large_trained", _("Số doanh nghiệp lớn có cán bộ được đào tạo SXSH")
    ASSESSMENTS = "assessments", _("Số cơ sở được đánh giá nhanh SXSH")
    SAVINGS_8PCT = "savings_8pct", _("Số cơ sở tiết kiệm từ 8% trở lên")


# Which figure a figure must not exceed (a share's denominator).
FIGURE_DENOMINATORS = {
    FigureCode.AWARE: FigureCode.FACILITIES,
    FigureCode.APPLYING: FigureCode.FACILITIES,
    FigureCode.CP_OFFICER: FigureCode.FACILITIES,
    FigureCode.LARGE: FigureCode.FACILITIES,
    FigureCode.LARGE_TRAINED: FigureCode.LARGE,
    FigureCode.ASSESSMENTS: FigureCode.FACILITIES,
    FigureCode.SAVINGS_8PCT: FigureCode.APPLYING,
}


class PeriodClosure(models.Model):
    """DoIT closes a reporting period: from then on no district report of that period can be changed."""

    period = models.OneToOneField("plan.ReportingPeriod", on_delete=models.CASCADE, related_name="closure",
                                  verbose_name=_("kỳ báo cáo"))
    closed_at = models.DateTimeField(_("đóng lúc"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("người đóng kỳ"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo đã đóng")
        verbose_name_plural = _("kỳ báo cáo đã đóng")

    def __str__(self):
        return str(self.period)


class DistrictReport(QuickChoiceDisplay, models.Model):
    """A district's six-month, annual or whole-period report to DoIT (section VI.5 of the plan)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    period = models.ForeignKey("plan.ReportingPeriod", on_delete=models.PROTECT, related_name="district_reports",
                               verbose_name=_("kỳ báo cáo"))
    district = models.ForeignKey("plan.AdministrativeUnit", on_delete=models.PROTECT,
                                 related_name="district_reports", verbose_name=_("quận, huyện, thị xã"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1,
                                          help_text=_("Tăng mỗi lần lưu; dùng để phát hiện sửa đồng thời."))
    # What the district did with its own money.
    classes_count = models.PositiveIntegerField(_("số lớp tập huấn"), default=0)
    classes_participants = models.PositiveIntegerField(_("số người dự lớp tập huấn"), default=0)
    classes_cost = models.PositiveBigIntegerField(_("kinh phí lớp tập huấn (đồng)"), default=0)
    workshops_count = models.PositiveIntegerField(_("số hội thảo"), default=0)
    workshops_participants = models.PositiveIntegerField(_("số người dự hội thảo"), default=0)
    workshops_cost = models.PositiveBigIntegerField(_("kinh phí hội thảo (đồng)"), default=0)
    media_count = models.PositiveIntegerField(_("số tin, bài, phóng sự"), default=0)
    media_participants = models.PositiveIntegerField(_("số người được tiếp cận qua truyền thông"), default=0)
    media_cost = models.PositiveBigIntegerField(_("kinh phí truyền thông (đồng)"), default=0)
    budget_planned = models.PositiveBigIntegerField(_("kinh phí khuyến công SXSH kế hoạch (đồng)"), default=0)
    budget_spent = models.PositiveBigIntegerField(_("kinh phí khuyến công SXSH đã chi (đồng)"), default=0)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    attachment = models.FileField(_("bản ký, đóng dấu (PDF)"), upload_to="reports/district/%Y/", blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("người gửi"))
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người xem xét"))
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    history = HistoricalRecords()
    objects = DistrictScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của quận, huyện")
        verbose_name_plural = _("báo cáo của quận, huyện")
        ordering = ["period__end", "district__code"]
        constraints = [
            models.UniqueConstraint(fields=["period", "district"], name="district_report_unique_per_period",
                                    violation_error_message=_("Quận, huyện này đã có báo cáo cho kỳ này.")),
            models.CheckConstraint(condition=Q(budget_spent__gte=0) & Q(budget_planned__gte=0),
                                   name="district_report_budget_not_negative",
                                   violation_error_message=_("Kinh phí không được âm.")),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="district_report_returned_has_reason",
                violation_error_message=_("Báo cáo bị trả lại phải có lý do.")),
        ]

    def __str__(self):
        return f"{self.district} · {self.period}"

    @property
    def activity_cost(self) -> int:
        return self.classes_cost + self.workshops_cost + self.media_cost


class DistrictReportFigure(QuickChoiceDisplay, models.Model):
    """One figure of a district report: the registry's value, the district's own and why they differ."""

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="figures",
                               verbose_name=_("báo cáo"))
    code = models.CharField(_("chỉ số"), max_length=20, choices=FigureCode.choices)
    registry_value = models.PositiveIntegerField(_("số liệu từ cơ sở dữ liệu"), null=True, blank=True)
    district_value = models.PositiveIntegerField(_("số liệu của quận, huyện"), null=True, blank=True)
    reason = models.TextField(_("lý do khác số liệu cơ sở dữ liệu"), blank=True)
    denominator_code = models.CharField(_("chỉ số mẫu số"), max_length=20, choices=FigureCode.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu báo cáo của quận, huyện")
        verbose_name_plural = _("số liệu báo cáo của quận, huyện")
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="district_figure_unique_per_report",
                                    violation_error_message=_("Chỉ số này đã có trong báo cáo.")),
            models.CheckConstraint(
                condition=Q(district_value__isnull=True) | Q(registry_value__isnull=True)
                | Q(district_value=F("registry_value")) | ~Q(reason=""),
                name="district_figure_difference_explained",
                violation_error_message=_("Số liệu của quận, huyện khác cơ sở dữ liệu thì phải nêu lý do.")),
        ]

    def __str__(self):
        return f"{self.get_code_display()}: {self.value}"

    @property
    def value(self) -> int | None:
        """The figure the report stands for: the district's own where given, else the registry's."""
        return self.district_value if self.district_value is not None else self.registry_value


class DistrictReportSubmission(models.Model):
    """A snapshot of a report as it was submitted, so DoIT sees what changed between submissions."""

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="submissions",
                               verbose_name=_("báo cáo"))
    number = models.PositiveIntegerField(_("lần gửi"))
    submitted_at = models.DateTimeField(_("gửi lúc"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     related_name="+", verbose_name=_("người gửi"))
    data = models.JSONField(_("nội dung đã gửi"))

    class Meta:
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("lần gửi báo cáo")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="district_submission_number_unique",
                                    violation_error_message=_("Lần gửi này đã được ghi.")),
        ]

    def __str__(self):
        return f"{self.report} #{self.number}"


class DistrictPlan(QuickChoiceDisplay, models.Model):
    """A district's own CP action plan, for 2016–2020 (year empty) or one year; DoIT approves it.

    The planned activities carry counts and money (from the district's khuyến công budget) so that the
    district's reports of the same year show planned against done.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    district = models.ForeignKey("plan.AdministrativeUnit", on_delete=models.PROTECT, related_name="cp_plans",
                                 verbose_name=_("quận, huyện, thị xã"))
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True,
                                            help_text=_("Để trống cho kế hoạch cả giai đoạn 2016–2020."))
    targets = models.TextField(_("mục tiêu"), blank=True)
    planned_activities = models.TextField(_("hoạt động dự kiến"), blank=True)
    classes_planned = models.PositiveIntegerField(_("số lớp tập huấn dự kiến"), default=0)
    classes_budget = models.PositiveBigIntegerField(_("kinh phí lớp tập huấn dự kiến (đồng)"), default=0)
    workshops_planned = models.PositiveIntegerField(_("số hội thảo dự kiến"), default=0)
    workshops_budget = models.PositiveBigIntegerField(_("kinh phí hội thảo dự kiến (đồng)"), default=0)
    media_planned = models.PositiveIntegerField(_("số tin, bài, phóng sự dự kiến"), default=0)
    media_budget = models.PositiveBigIntegerField(_("kinh phí truyền thông dự kiến (đồng)"), default=0)
    budget_planned = models.PositiveBigIntegerField(_("kinh phí khuyến công dự kiến (đồng)"), default=0)
    cp_staff = models.TextField(_("cán bộ phụ trách SXSH"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("người duyệt"))
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)

    history = HistoricalRecords()
    objects = DistrictScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch SXSH của quận, huyện")
        verbose_name_plural = _("kế hoạch SXSH của quận, huyện")
        ordering = ["district__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="district_plan_unique_per_year",
                                    violation_error_message=_("Quận, huyện đã có kế hoạch cho năm này.")),
            models.UniqueConstraint(fields=["district"], condition=Q(year__isnull=True),
                                    name="district_plan_unique_whole_period",
                                    violation_error_message=_("Quận, huyện đã có kế hoạch cả giai đoạn.")),
            models.CheckConstraint(condition=Q(year__isnull=True) | (Q(year__gte=2016) & Q(year__lte=2020)),
                                   name="district_plan_year_in_plan",
                                   violation_error_message=_("Năm của kế hoạch phải từ 2016 đến 2020.")),
            models.CheckConstraint(
                condition=Q(budget_planned__gte=F("classes_budget") + F("workshops_budget") + F("media_budget")),
                name="district_plan_activities_within_budget",
                violation_error_message=_("Tổng kinh phí các hoạt động dự kiến không được vượt kinh phí khuyến công "
                                          "dự kiến.")),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""), name="district_plan_returned_has_reason",
                violation_error_message=_("Kế hoạch bị trả lại phải có lý do.")),
        ]

    def __str__(self):
        return f"{self.district} · {self.year or '2016–2020'}"

    @property
    def activities_budget(self) -> int:
        return self.classes_budget + self.workshops_budget + self.media_budget


class CityReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        if reads_city_wide(user):
            return self
        ids = district_ids_of(user)
        if not ids:
            return self.none()
        return self.filter(district_id__in=ids)


class CityReportJob(QuickChoiceDisplay, models.Model):
    """One request for a PDF report (the city's, or one district's), generated by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    period = models.ForeignKey("plan.ReportingPeriod", on_delete=models.PROTECT, related_name="report_jobs",
                               verbose_name=_("kỳ báo cáo"))
    district = models.ForeignKey("plan.AdministrativeUnit", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="report_jobs", verbose_name=_("quận, huyện (để trống: toàn thành phố)"))
    kind = models.CharField(_("loại báo cáo"), max_length=15, choices=[
        ("six_month", _("6 tháng")), ("annual", _("năm")), ("whole_period", _("cả giai đoạn"))])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                     related_name="+", verbose_name=_("người yêu cầu"))
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(_("tệp PDF"), upload_to="reports/city/%Y/", blank=True)
    xlsx = models.FileField(_("tệp Excel"), upload_to="reports/city/%Y/", blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    duration = models.DurationField(_("thời gian tạo"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    task_id = models.CharField(_("mã tác vụ Celery"), max_length=64, blank=True,
                               help_text=_("Tác vụ đang tạo báo cáo; nếu tác vụ này được giao lại (tiến trình bị dừng "
                                           "giữa chừng) thì tiến trình mới làm tiếp."))

    history = HistoricalRecords()
    objects = CityReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu tạo báo cáo")
        verbose_name_plural = _("yêu cầu tạo báo cáo")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | ~Q(pdf=""), name="city_report_done_has_pdf",
                                   violation_error_message=_("Báo cáo đã xong phải có tệp PDF.")),
        ]

    def __str__(self):
        scope = self.district.full_name if self.district_id else _("Thành phố Hà Nội")
        return f"{scope} · {self.period}"


class IndicatorSnapshot(models.Model):
    """The raw counts behind T1–T5 for one reporting period and one district (district empty: the whole city),
    as computed at `computed_at`. The dashboard and the indicators API read these instead of counting the registry
    on every request; `reports.services.indicator_snapshots_refresh` recomputes them (after a district report is
    approved, after seed_demo, and nightly by Celery beat). Derived data: no history is kept."""

    period = models.ForeignKey("plan.ReportingPeriod", on_delete=models.CASCADE, related_name="indicator_snapshots",
                               verbose_name=_("kỳ báo cáo"))
    district = models.ForeignKey("plan.AdministrativeUnit", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="indicator_snapshots", verbose_name=_("quận, huyện, thị xã"))
    active = models.PositiveIntegerField(_("số cơ sở đang hoạt động"), default=0)
    aware = models.PositiveIntegerField(_("số cơ sở nhận thức về SXSH"), default=0)
    applying = models.PositiveIntegerField(_("số cơ sở áp dụng SXSH"), default=0)
    officer = models.PositiveIntegerField(_("số cơ sở có cán bộ SXSH"), default=0)
    large = models.PositiveIntegerField(_("số doanh nghiệp lớn"), default=0)
    large_trained = models.PositiveIntegerField(_("số doanh nghiệp lớn có cán bộ được đào tạo"), default=0)
    boards = models.PositiveIntegerField(_("số ban quản lý khu, cụm công nghiệp"), default=0)
    boards_officer = models.PositiveIntegerField(_("số ban quản lý có cán bộ SXSH"), default=0)
    savings_count = models.PositiveIntegerField(_("số cơ sở áp dụng có số liệu tiêu hao"), default=0)
    savings_8pct = models.PositiveIntegerField(_("số cơ sở tiết kiệm từ 8% trở lên"), default=0)
    median_saving = models.DecimalField(_("mức tiết kiệm trung vị (%)"), max_digits=8, decimal_places=1,
                                        null=True, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("ảnh chụp chỉ số")
        verbose_name_plural = _("ảnh chụp chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["period", "district"], name="indicator_snapshot_unique",
                                    violation_error_message=_("Kỳ báo cáo và quận, huyện này đã có ảnh chụp chỉ số.")),
            models.UniqueConstraint(fields=["period"], condition=Q(district__isnull=True),
                                    name="indicator_snapshot_city_unique",
                                    violation_error_message=_("Kỳ báo cáo này đã có ảnh chụp chỉ số của thành phố.")),
        ]

    def __str__(self):
        return f"{self.district or _('Hà Nội')} · {self.period}"
