"""Consumption per facility and year, energy conversion factors, and the sectors' consumption norms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enterprise, Sector, scoped_manager
from plan.display import QuickChoiceDisplay, decimal_shown
from plan.models import PublicQuerySet


class Resource(models.TextChoices):
    ELECTRICITY = "electricity", _("điện")
    COAL = "coal", _("than")
    OIL = "oil", _("dầu")
    GAS = "gas", _("khí đốt")
    WATER = "water", _("nước")
    MATERIAL = "material", _("nguyên vật liệu")


ENERGY_RESOURCES = (Resource.ELECTRICITY, Resource.COAL, Resource.OIL, Resource.GAS)


FIRST_CONSUMPTION_YEAR = 2000  # a baseline may be years before the plan; a record of 1900 or 2099 is a typo


class ConsumptionRecord(QuickChoiceDisplay, models.Model):
    """What a facility consumed of one resource in a year (or half-year), and what it produced."""

    Resource = Resource

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="consumption_records",
                                   verbose_name=_("cơ sở"))
    year = models.PositiveSmallIntegerField(_("năm"))
    half = models.PositiveSmallIntegerField(_("nửa năm"), null=True, blank=True, choices=[(1, _("6 tháng đầu năm")),
                                                                                        (2, _("6 tháng cuối năm"))])
    resource = models.CharField(_("loại tài nguyên"), max_length=12, choices=Resource.choices)
    material_name = models.CharField(_("tên nguyên vật liệu"), max_length=120, blank=True)
    unit = models.CharField(_("đơn vị tiêu thụ"), max_length=20)
    quantity = models.DecimalField(_("lượng tiêu thụ"), max_digits=18, decimal_places=3)
    product = models.CharField(_("sản phẩm"), max_length=120, blank=True)
    output_quantity = models.DecimalField(_("sản lượng"), max_digits=18, decimal_places=3)
    product_unit = models.CharField(_("đơn vị sản phẩm"), max_length=20)
    is_baseline = models.BooleanField(_("năm cơ sở"), default=False)
    baseline_reason = models.CharField(_("lý do điều chỉnh năm cơ sở"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = scoped_manager()

    class Meta:
        verbose_name = _("số liệu tiêu thụ")
        verbose_name_plural = _("số liệu tiêu thụ")
        ordering = ["enterprise", "resource", "year", "half"]
        indexes = [models.Index(fields=["enterprise", "resource", "year"], name="consumption_ent_res_year_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="consumption_quantity_non_negative",
                                   violation_error_message=_("Lượng tiêu thụ không được âm.")),
            models.CheckConstraint(condition=Q(output_quantity__gte=0), name="consumption_output_non_negative",
                                   violation_error_message=_("Sản lượng không được âm.")),
            models.CheckConstraint(condition=Q(output_quantity__gt=0) | Q(quantity=0),
                                   name="consumption_output_with_quantity",
                                   violation_error_message=_("Sản lượng bằng 0 mà có tiêu thụ: không tính được "
                                                             "tiêu hao trên đơn vị sản phẩm.")),
            models.CheckConstraint(condition=~Q(resource="material") | ~Q(material_name=""),
                                   name="consumption_material_named",
                                   violation_error_message=_("Nguyên vật liệu cần có tên.")),
            models.UniqueConstraint(fields=["enterprise", "resource", "material_name"], condition=Q(is_baseline=True),
                                    name="consumption_one_baseline",
                                    violation_error_message=_("Mỗi cơ sở chỉ có một năm cơ sở cho mỗi loại tài nguyên.")),
            models.UniqueConstraint(fields=["enterprise", "year", "resource", "material_name"],
                                    condition=Q(half__isnull=True), name="consumption_unique_year",
                                    violation_error_message=_("Đã có số liệu năm này cho tài nguyên này.")),
            models.UniqueConstraint(fields=["enterprise", "year", "half", "resource", "material_name"],
                                    condition=Q(half__isnull=False), name="consumption_unique_half",
                                    violation_error_message=_("Đã có số liệu kỳ này cho tài nguyên này.")),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.get_resource_display()} {self.year}"

    def clean(self):
        if self.quantity is not None and self.output_quantity is not None and self.output_quantity == 0 \
                and self.quantity > 0:
            raise ValidationError({"output_quantity": _(
                "Sản lượng bằng 0 mà có tiêu thụ: không tính được tiêu hao trên đơn vị sản phẩm. "
                "Nhập sản lượng của kỳ này.")})
        if self.resource == Resource.MATERIAL and not self.material_name:
            raise ValidationError({"material_name": _("Nguyên vật liệu cần có tên.")})
        this_year = timezone.localdate().year
        if self.year is not None and not FIRST_CONSUMPTION_YEAR <= self.year <= this_year:
            raise ValidationError({"year": _("Năm %(year)s không hợp lệ: số liệu tiêu thụ là của một năm từ %(first)s "
                                             "đến năm nay (%(this)s).") % {
                "year": self.year, "first": FIRST_CONSUMPTION_YEAR, "this": this_year}})

    @property
    def per_unit(self):
        if not self.output_quantity:
            return None
        return self.quantity / self.output_quantity


class EnergyFactor(QuickChoiceDisplay, models.Model):
    """How many MJ one unit of an energy resource holds (1 kWh = 3.6 MJ): data, never code."""

    resource = models.CharField(_("loại năng lượng"), max_length=12, choices=Resource.choices)
    unit = models.CharField(_("đơn vị"), max_length=20)
    mj_per_unit = models.DecimalField(_("MJ trên một đơn vị"), max_digits=12, decimal_places=4)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("hệ số quy đổi năng lượng")
        verbose_name_plural = _("hệ số quy đổi năng lượng")
        ordering = ["resource", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "unit"], name="energy_factor_unique",
                                    violation_error_message=_("Đã có hệ số cho loại năng lượng và đơn vị này.")),
            models.CheckConstraint(condition=Q(mj_per_unit__gt=0), name="energy_factor_positive",
                                   violation_error_message=_("Hệ số phải dương.")),
        ]

    def __str__(self):
        # "1 kWh điện = 3,6 MJ" (en: "3.6"), not the field's "3.6000"
        return f"1 {self.unit} {self.get_resource_display()} = {decimal_shown(self.mj_per_unit)} MJ"


class ConsumptionNorm(QuickChoiceDisplay, models.Model):
    """A sector's consumption norm for a product and resource ("energy" = total energy in MJ), with its source."""

    ENERGY = "energy"

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="norms", verbose_name=_("ngành"))
    product = models.CharField(_("sản phẩm"), max_length=160)
    resource = models.CharField(_("tài nguyên"), max_length=12,
                                choices=[*Resource.choices, ("energy", _("năng lượng (tổng, MJ)"))])
    unit = models.CharField(_("đơn vị định mức"), max_length=40)
    norm_per_unit = models.DecimalField(_("định mức trên đơn vị sản phẩm"), max_digits=14, decimal_places=3)
    source_document = models.CharField(_("văn bản ban hành"), max_length=120)
    valid_from_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    valid_to_year = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("định mức tiêu hao")
        verbose_name_plural = _("định mức tiêu hao")
        ordering = ["sector__code", "product", "valid_from_year"]
        constraints = [
            models.CheckConstraint(condition=Q(norm_per_unit__gt=0), name="norm_positive",
                                   violation_error_message=_("Định mức phải dương.")),
            models.CheckConstraint(condition=Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=F("valid_from_year")),
                                   name="norm_years_ordered",
                                   violation_error_message=_("Năm kết thúc phải không trước năm bắt đầu.")),
            models.UniqueConstraint(fields=["sector", "product", "resource", "valid_from_year"], name="norm_unique",
                                    violation_error_message=_("Định mức này đã có.")),
        ]

    def __str__(self):
        # "1.050 kWh/tấn" (en: "1,050"), not the field's "1050.000"
        return f"{self.product}: {decimal_shown(self.norm_per_unit)} {self.unit} ({self.source_document})"
