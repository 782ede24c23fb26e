"""The budget of the plan: the appendix of Decision 5768 (sections, lines, planned quantities per year),
the annual estimates (dự toán) and what was actually spent.

Money is whole đồng. Amounts are quantity × unit price and every subtotal or total is summed by the
database (see selectors.py). Only the API's summary is kept, as SummarySnapshot, and used only while no
write to the budget has happened since it was computed.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plan.display import QuickChoiceDisplay
from plan.i18n import localized
from plan.models import Plan
from plan.roles import reads_city_wide
from plan.uploads import validate_voucher_file


class ActivityKind(models.TextChoices):
    """What a budget line pays for; later apps post the cost of their activities by kind."""

    MEDIA_CAMPAIGN = "media_campaign", _("truyền thông, nâng cao nhận thức")
    WORKSHOP = "workshop", _("hội nghị, hội thảo")
    REPORTAGE = "reportage", _("phóng sự")
    ARTICLE = "article", _("bài viết")
    TRAINING_CLASS = "training_class", _("lớp đào tạo")
    DATABASE = "database", _("cơ sở dữ liệu")
    NORM_STUDY = "norm_study", _("định mức tiêu hao")
    EINFO_UPKEEP = "einfo_upkeep", _("duy trì chuyên mục thông tin điện tử")
    CP_ASSESSMENT = "cp_assessment", _("đánh giá nhanh SXSH")
    HANDBOOK = "handbook", _("sổ tay kỹ thuật SXSH")
    INVESTMENT_SUPPORT = "investment_support", _("hỗ trợ dự án đầu tư SXSH")


class PublicQuerySet(models.QuerySet):
    """The appendix is public: every visitor reads it."""

    def visible_to(self, user):
        return self


class CityWideQuerySet(models.QuerySet):
    """Estimates and spending: DoIT staff, department viewers and API clients read them; nobody else."""

    def visible_to(self, user):
        return self if reads_city_wide(user) else self.none()


def _check_year_in_plan(plan: Plan | None, year, field="year"):
    if plan is None or year is None:
        return
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            {field: _("Năm %(year)s nằm ngoài kế hoạch (%(start)s–%(end)s).")
             % {"year": year, "start": plan.start_year, "end": plan.end_year}}
        )


class BudgetSection(models.Model):
    """A section of the appendix (I–IV), e.g. "Tuyên truyền, nâng cao nhận thức"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_sections",
                             verbose_name=_("kế hoạch"))
    code = models.CharField(_("mã mục"), max_length=8)
    title = models.CharField(_("tên mục"), max_length=300)
    title_en = models.CharField(_("tên mục (tiếng Anh)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục kinh phí")
        verbose_name_plural = _("mục kinh phí")
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], name="budget_section_code_unique_in_plan",
                violation_error_message=_("Mã mục đã có trong kế hoạch này."),
            )
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    @property
    def title_display(self) -> str:
        return localized(self, "title")


class BudgetLine(QuickChoiceDisplay, models.Model):
    """A line of the appendix (I.1 … IV.3): unit, unit price in whole đồng, and the kind of activity it pays."""

    section = models.ForeignKey(BudgetSection, on_delete=models.CASCADE, related_name="lines",
                                verbose_name=_("mục"))
    code = models.CharField(_("mã dòng"), max_length=8)
    title = models.CharField(_("nội dung"), max_length=300)
    title_en = models.CharField(_("nội dung (tiếng Anh)"), max_length=300, blank=True)
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=40, blank=True)
    unit_price_vnd = models.PositiveBigIntegerField(_("đơn giá (đồng)"))
    activity_kind = models.CharField(_("loại hoạt động"), max_length=30, choices=ActivityKind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["section__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "code"], name="budget_line_code_unique_in_section",
                violation_error_message=_("Mã dòng đã có trong mục này."),
            ),
            models.CheckConstraint(
                condition=Q(unit_price_vnd__gte=0), name="budget_line_price_not_negative",
                violation_error_message=_("Đơn giá không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title_display(self) -> str:
        return localized(self, "title")

    @property
    def unit_display(self) -> str:
        return localized(self, "unit")


class PlannedQuantity(models.Model):
    """The appendix's quantity of a line in one year (also the plan's output target for that year)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="planned",
                             verbose_name=_("dòng kinh phí"))
    year = models.PositiveSmallIntegerField(_("năm"))
    quantity = models.PositiveIntegerField(_("số lượng"), default=0)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("số lượng kế hoạch")
        verbose_name_plural = _("số lượng kế hoạch")
        ordering = ["line__section__order", "line__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year"], name="planned_quantity_one_per_line_year",
                violation_error_message=_("Dòng này đã có số lượng kế hoạch cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="planned_quantity_not_negative",
                violation_error_message=_("Số lượng không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.line.code} {self.year}: {self.quantity}"

    @property
    def amount_vnd(self) -> int:
        """quantity × unit price for one row (display only; totals are summed in the database)."""
        return self.quantity * self.line.unit_price_vnd

    def clean(self):
        if self.line_id:
            _check_year_in_plan(self.line.section.plan, self.year)


class Estimate(models.Model):
    """The approved annual estimate (dự toán) of one line in one year, with the approving decision."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="estimates",
                             verbose_name=_("dòng kinh phí"))
    year = models.PositiveSmallIntegerField(_("năm"))
    quantity = models.PositiveIntegerField(_("số lượng"), default=0)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người nhập"))

    history = HistoricalRecords()
    objects = CityWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("dự toán")
        verbose_name_plural = _("dự toán")
        ordering = ["year", "line__section__order", "line__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year"], name="estimate_one_per_line_year",
                violation_error_message=_("Dòng này đã có dự toán cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0) & Q(amount_vnd__gte=0), name="estimate_not_negative",
                violation_error_message=_("Số lượng và số tiền dự toán không được âm."),
            ),
        ]

    def __str__(self):
        return f"{self.line.code} {self.year}: {self.amount_vnd}"

    def clean(self):
        if self.line_id:
            _check_year_in_plan(self.line.section.plan, self.year)


class ExpenditureQuerySet(CityWideQuerySet):
    """Expenditures; `current()` keeps the rows that count (neither superseded nor a withdrawal)."""

    def current(self):
        return self.filter(superseded=False, withdrawn=False)


class CurrentExpenditureManager(models.Manager.from_queryset(ExpenditureQuerySet)):
    """`Expenditure.objects`: only the current rows, so that every sum counts a corrected expenditure once."""

    def get_queryset(self):
        return super().get_queryset().current()


class Expenditure(models.Model):
    """Money actually spent on a line in a year.

    An activity of a later app (a class, a workshop, an assessment…) posts its cost through
    `budget.services.activity_cost_post`; `source` links the expenditure to it, once.

    Once saved, an expenditure is never changed or deleted (audit): a change is a NEW row whose `corrects`
    points to the row it replaces, and the replaced row gets `superseded=True` (the only field ever
    updated, in the same transaction). A chain therefore reads old → correction → correction…, and only its
    head (superseded=False) counts. Removing an expenditure (an activity withdrawn or its cost set to 0, or
    DoIT staff withdrawing a typed one) is a correction too: a *withdrawal* row with `withdrawn=True`,
    `amount_vnd=0` and no voucher number, which heads the chain and counts for nothing. Only a withdrawal
    may carry 0 (it must correct something); every other row is more than 0 đồng.

    Managers: `Expenditure.objects` reads the current rows only (not superseded, not a withdrawal) and is
    what every sum uses; `Expenditure.all_objects` reads the whole history (admin, API with
    ?include_superseded=1, backups). An activity has at most one non-superseded row (unique among
    non-superseded rows), and a row is corrected at most once.
    """

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="expenditures",
                             verbose_name=_("dòng kinh phí"))
    year = models.PositiveSmallIntegerField(_("năm"))
    date = models.DateField(_("ngày chi"))
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    description = models.CharField(_("nội dung chi"), max_length=500)
    voucher_number = models.CharField(_("số chứng từ"), max_length=60, blank=True)
    attachment = models.FileField(_("tệp đính kèm"), upload_to="budget/expenditures/%Y/", blank=True,
                                  validators=[validate_voucher_file])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("người ghi"))
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("loại hoạt động nguồn"))
    source_id = models.PositiveBigIntegerField(_("mã hoạt động nguồn"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections", verbose_name=_("điều chỉnh khoản chi"))
    superseded = models.BooleanField(_("đã được điều chỉnh"), default=False, db_index=True)
    withdrawn = models.BooleanField(_("rút khoản chi"), default=False)
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    history = HistoricalRecords()
    all_objects = ExpenditureQuerySet.as_manager()
    objects = CurrentExpenditureManager()

    class Meta:
        verbose_name = _("khoản chi")
        verbose_name_plural = _("khoản chi")
        ordering = ["year", "date", "id"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        indexes = [models.Index(fields=["line", "year"], name="expenditure_line_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn=False, amount_vnd__gt=0)
                | Q(withdrawn=True, amount_vnd=0, corrects__isnull=False, voucher_number=""),
                name="expenditure_amount_positive",
                violation_error_message=_("Số tiền chi phải lớn hơn 0."),
            ),
            models.UniqueConstraint(
                fields=["voucher_number"], condition=~Q(voucher_number="") & Q(superseded=False),
                name="expenditure_voucher_unique",
                violation_error_message=_("Số chứng từ này đã được dùng cho một khoản chi khác."),
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"], condition=Q(superseded=False),
                name="expenditure_one_per_source",
                violation_error_message=_("Hoạt động này đã ghi chi phí."),
            ),
            models.UniqueConstraint(
                fields=["corrects"], name="expenditure_corrected_once",
                violation_error_message=_("Khoản chi này đã được điều chỉnh."),
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="expenditure_source_complete",
                violation_error_message=_("Hoạt động nguồn phải có cả loại và mã."),
            ),
        ]

    def __str__(self):
        return f"{self.line.code} {self.date}: {self.amount_vnd}"

    def clean(self):
        if self.line_id:
            _check_year_in_plan(self.line.section.plan, self.year)
        if not self.withdrawn and self.amount_vnd is not None and self.amount_vnd <= 0:
            # Checked here too: a form without the withdrawn field skips the constraint, and the database refused
            # the row with a 500.
            raise ValidationError({"amount_vnd": _("Số tiền chi phải lớn hơn 0; để bỏ một khoản chi đã ghi, dùng "
                                                   "hành động “Rút khoản chi”.")})
        self.voucher_number = (self.voucher_number or "").strip()
        if self.voucher_number:
            clash = Expenditure.all_objects.filter(voucher_number=self.voucher_number, superseded=False)
            if self.corrects_id:
                clash = clash.exclude(pk=self.corrects_id)
            clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"voucher_number": _(
                    "Số chứng từ %(number)s đã được dùng cho một khoản chi khác.") % {"number": self.voucher_number}})


class SummarySnapshot(models.Model):
    """The budget summary (/api/v1/budget/summary/) as last computed, and the version of the budget it was computed
    from. One row (key "summary"), made by the migration.

    Every save or deletion of a section, line, planned quantity, estimate, expenditure or plan adds 1 to `version`
    when the writer's transaction commits (budget.signals). A reader uses `data` (JSON text) only when `computed_version` equals
    `version`; otherwise it computes the summary and stores it with the version it read before computing, and only
    if `version` has not moved meanwhile (budget.selectors.summary_snapshot). Derived data: no history is kept."""

    KEY = "summary"

    key = models.CharField(primary_key=True, max_length=20, default=KEY)
    version = models.BigIntegerField(default=0)
    computed_version = models.BigIntegerField(null=True, blank=True)
    data = models.TextField(blank=True, default="")  # JSON text: jsonb would reorder the keys
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bản tổng hợp kinh phí đã tính")
        verbose_name_plural = _("bản tổng hợp kinh phí đã tính")

    def __str__(self):
        return f"{self.key} v{self.version}"
