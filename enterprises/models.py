"""The registry: sectors, industrial areas, enterprises (facilities), awareness records and CP officers.

Assessments, consumption and best practices live in models_cp.py, models_consumption.py and
models_practice.py and are re-exported here so that `enterprises.models.X` names every model.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.validators import size_class_for, size_matches_workers, tax_code_normalize, validate_tax_code
from plan.display import QuickChoiceDisplay
from plan.i18n import localized
from plan.models import AdministrativeUnit, PublicQuerySet
from plan.roles import Role, district_ids_of, reads_city_wide, role_of
from plan.validators import validate_phone


class Sector(models.Model):
    """A VSIC 2018 manufacturing division (section C, codes 10–33)."""

    code = models.CharField(_("mã ngành VSIC"), max_length=4, unique=True)
    name = models.CharField(_("tên ngành"), max_length=200)
    name_en = models.CharField(_("tên ngành (tiếng Anh)"), max_length=200, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.name_display}"

    @property
    def name_display(self) -> str:
        return localized(self, "name")


class IndustrialArea(QuickChoiceDisplay, models.Model):
    """An industrial zone, export-processing zone, cluster, industrial point or craft village."""

    class Kind(models.TextChoices):
        KCN = "kcn", _("khu công nghiệp")
        EXPORT_ZONE = "export_zone", _("khu chế xuất")
        CCN = "ccn", _("cụm công nghiệp")
        INDUSTRIAL_POINT = "industrial_point", _("điểm công nghiệp")
        CRAFT_VILLAGE = "craft_village", _("làng nghề")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="industrial_areas",
                                 verbose_name=_("quận, huyện"))
    management_board = models.CharField(_("ban quản lý"), max_length=200, blank=True)
    cp_officer_name = models.CharField(_("cán bộ SXSH của ban quản lý"), max_length=120, blank=True)
    cp_officer_position = models.CharField(_("chức vụ cán bộ SXSH"), max_length=120, blank=True)

    history = HistoricalRecords()
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("khu, cụm công nghiệp")
        verbose_name_plural = _("khu, cụm công nghiệp")
        ordering = ["district__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "district"], name="industrial_area_unique",
                                    violation_error_message=_("Khu, cụm công nghiệp này đã có.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display().capitalize()} {self.name}"


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City-wide roles: all; district officials: their districts; enterprise users: their own."""
        role = role_of(user)
        if role is None:
            return self.none()
        if reads_city_wide(user):
            return self
        if role == Role.DISTRICT_OFFICIAL:
            return self.filter(district_id__in=district_ids_of(user))
        if role == Role.ENTERPRISE_USER:
            return self.filter(users=user)
        return self.none()

    def active_as_of(self, date: datetime.date):
        """Registered on or before the date and not closed by then."""
        return self.filter(registered_on__lte=date).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=date))


class Enterprise(QuickChoiceDisplay, models.Model):
    """An industrial production facility: an enterprise, a branch or a household business."""

    class Size(models.TextChoices):
        MICRO = "micro", _("siêu nhỏ")
        SMALL = "small", _("nhỏ")
        MEDIUM = "medium", _("vừa")
        LARGE = "large", _("lớn")

    class Status(models.TextChoices):
        ACTIVE = "active", _("đang hoạt động")
        CLOSED = "closed", _("đã ngừng hoạt động")

    tax_code = models.CharField(_("mã số thuế"), max_length=14, unique=True, validators=[validate_tax_code],
                                error_messages={"unique": _("Mã số thuế này đã có trong cơ sở dữ liệu.")})
    name = models.CharField(_("tên cơ sở"), max_length=255)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    district = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="enterprises",
                                 verbose_name=_("quận, huyện"))
    industrial_area = models.ForeignKey(IndustrialArea, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="enterprises", verbose_name=_("khu, cụm công nghiệp"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("ngành"))
    size = models.CharField(_("quy mô"), max_length=10, choices=Size.choices)
    workers = models.PositiveIntegerField(_("số lao động"), default=0)
    revenue_vnd = models.PositiveBigIntegerField(_("doanh thu năm (đồng)"), default=0)
    capital_vnd = models.PositiveBigIntegerField(_("tổng nguồn vốn (đồng)"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    registered_on = models.DateField(_("ngày đăng ký"), default=datetime.date(2016, 1, 1))
    closed_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField(_("thư điện tử"), blank=True)
    contact_person = models.CharField(_("người liên hệ"), max_length=120, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="enterprises",
                                   verbose_name=_("tài khoản doanh nghiệp"))
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[users])
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ sở sản xuất")
        verbose_name_plural = _("cơ sở sản xuất")
        ordering = ["name", "tax_code"]
        # Every filter of the registry page, the API and the as-of counts; the lists page by (name, tax_code).
        # tax_code's unique index (plus, on PostgreSQL, Django's varchar_pattern_ops twin) serves its prefix search.
        indexes = [
            models.Index(fields=["name", "tax_code"], name="enterprise_name_idx"),
            models.Index(fields=["district", "name", "tax_code"], name="enterprise_district_name_idx"),
            models.Index(fields=["sector", "name"], name="enterprise_sector_name_idx"),
            models.Index(fields=["size", "name"], name="enterprise_size_name_idx"),
            models.Index(fields=["status", "name"], name="enterprise_status_name_idx"),
            models.Index(fields=["registered_on", "closed_on"], name="enterprise_active_idx"),
            models.Index(fields=["closed_on"], name="enterprise_closed_on_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("registered_on")),
                name="enterprise_closed_after_registered",
                violation_error_message=_("Ngày ngừng hoạt động phải sau ngày đăng ký."),
            ),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False))
                | (Q(status="active") & Q(closed_on__isnull=True)),
                name="enterprise_status_matches_closed_on",
                violation_error_message=_("Cơ sở đã ngừng hoạt động cần ngày ngừng; cơ sở đang hoạt động thì không."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.tax_code})"

    def clean(self):
        self.tax_code = tax_code_normalize(self.tax_code)
        errors = {}
        if self.size and self.workers is not None and not size_matches_workers(self.size, self.workers):
            errors["size"] = _("Quy mô %(size)s mâu thuẫn với số lao động %(workers)s (Nghị định 80/2021/NĐ-CP).") % {
                "size": self.get_size_display(), "workers": self.workers}
        elif self.size and self.workers is not None:
            expected = size_class_for(workers=self.workers, revenue_vnd=self.revenue_vnd, capital_vnd=self.capital_vnd)
            if expected != self.size:
                errors["size"] = _(
                    "Quy mô %(size)s không khớp số lao động, doanh thu và nguồn vốn: theo Nghị định 80/2021/NĐ-CP "
                    "là %(expected)s."
                ) % {"size": self.get_size_display(), "expected": Enterprise.Size(expected).label}
        if self.district_id and self.district.type == AdministrativeUnit.Kind.CITY:
            errors["district"] = _("Chọn một quận, huyện, thị xã, không phải thành phố.")
        if self.industrial_area_id and self.district_id and self.industrial_area.district_id != self.district_id:
            errors["industrial_area"] = _("Khu, cụm công nghiệp không thuộc quận, huyện của cơ sở.")
        if errors:
            raise ValidationError(errors)


class ScopedByEnterpriseQuerySet(models.QuerySet):
    """Rows that belong to an enterprise, seen by whoever sees the enterprise."""

    enterprise_path = "enterprise"

    def visible_to(self, user):
        role = role_of(user)
        if role is None:
            return self.none()
        if reads_city_wide(user):
            return self
        if role == Role.DISTRICT_OFFICIAL:
            return self.filter(**{f"{self.enterprise_path}__district_id__in": district_ids_of(user)})
        if role == Role.ENTERPRISE_USER:
            return self.filter(**{f"{self.enterprise_path}__users": user})
        return self.none()


def scoped_manager(path: str = "enterprise"):
    queryset_class = type("ScopedQuerySet", (ScopedByEnterpriseQuerySet,), {"enterprise_path": path})
    return queryset_class.as_manager()


class AwarenessRecord(QuickChoiceDisplay, models.Model):
    """A dated sign that a facility knows CP: a survey answer, or attending a workshop or a training class."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("khảo sát")
        WORKSHOP = "workshop", _("hội thảo")
        TRAINING = "training", _("đào tạo")

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="awareness_records",
                                   verbose_name=_("cơ sở"))
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True,
                                    verbose_name=_("loại nguồn"))
    source_id = models.PositiveBigIntegerField(_("mã nguồn"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    history = HistoricalRecords()
    objects = scoped_manager()

    class Meta:
        verbose_name = _("ghi nhận nhận thức SXSH")
        verbose_name_plural = _("ghi nhận nhận thức SXSH")
        ordering = ["-date"]
        indexes = [models.Index(fields=["enterprise", "date"], name="awareness_enterprise_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "source_type", "source_id"], condition=Q(source_type__isnull=False),
                name="awareness_unique_per_source",
                violation_error_message=_("Cơ sở này đã được ghi nhận cho hoạt động này."),
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="awareness_source_complete",
                violation_error_message=_("Nguồn cần cả loại và mã."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.get_kind_display()} {self.date}"


class CPOfficer(models.Model):
    """The facility's designated CP guidance officer, for a period."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="cp_officers",
                                   verbose_name=_("cơ sở"))
    name = models.CharField(_("họ tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    since = models.DateField(_("từ ngày"))
    until = models.DateField(_("đến ngày"), null=True, blank=True)

    history = HistoricalRecords()
    objects = scoped_manager()

    class Meta:
        verbose_name = _("cán bộ phụ trách SXSH")
        verbose_name_plural = _("cán bộ phụ trách SXSH")
        ordering = ["-since"]
        indexes = [models.Index(fields=["enterprise", "since", "until"], name="cp_officer_period_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                   name="cp_officer_period_ordered",
                                   violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu.")),
        ]

    def __str__(self):
        return f"{self.name} ({self.position})"


from enterprises.models_consumption import ConsumptionNorm, ConsumptionRecord, EnergyFactor  # noqa: E402
from enterprises.models_cp import Assessment, AssessmentRequest, CPOption, InvestmentProject  # noqa: E402
from enterprises.models_practice import BatBep, CaseStudy  # noqa: E402

__all__ = [
    "Sector", "IndustrialArea", "Enterprise", "AwarenessRecord", "CPOfficer", "AssessmentRequest", "Assessment",
    "CPOption", "InvestmentProject", "ConsumptionRecord", "EnergyFactor", "ConsumptionNorm", "CaseStudy", "BatBep",
]
