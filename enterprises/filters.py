"""One FilterSet per listed model: the registry page, the API and the exports share EnterpriseFilter."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import (
    AssessmentRequest,
    ConsumptionNorm,
    ConsumptionRecord,
    Enterprise,
    IndustrialArea,
    Sector,
)
from enterprises.selectors import applying_exists, aware_exists
from plan.filters import ListedModelChoiceFilter, PortalFilterSet, StrictBooleanFilter, YearFilter
from plan.models import AdministrativeUnit
from plan.widgets import QuickNullBooleanSelect, QuickSelect


class CPStatus:
    NONE = "none"
    REQUESTED = "requested"
    ASSESSED = "assessed"
    APPLYING = "applying"
    CHOICES = [(NONE, _("chưa tham gia")), (REQUESTED, _("đã đăng ký đánh giá")), (ASSESSED, _("đã được đánh giá")),
               (APPLYING, _("đã áp dụng SXSH"))]


def _today():
    return timezone.localdate()


class EnterpriseFilter(PortalFilterSet):
    district = ListedModelChoiceFilter(
        field_name="district", to_field_name="code", label=_("quận, huyện (mã)"),
        queryset=AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY), widget=QuickSelect)
    sector = ListedModelChoiceFilter(field_name="sector", to_field_name="code", label=_("ngành (mã VSIC)"),
                                              queryset=Sector.objects.all(), widget=QuickSelect)
    industrial_area = ListedModelChoiceFilter(label=_("khu, cụm công nghiệp"),
                                                       queryset=IndustrialArea.objects.all(), widget=QuickSelect)
    size = django_filters.ChoiceFilter(choices=Enterprise.Size.choices, label=_("quy mô"), widget=QuickSelect)
    status = django_filters.ChoiceFilter(choices=Enterprise.Status.choices, label=_("tình trạng"), widget=QuickSelect)
    cp_status = django_filters.ChoiceFilter(choices=CPStatus.CHOICES, method="filter_cp_status",
                                            label=_("tình trạng SXSH"), widget=QuickSelect)
    aware = StrictBooleanFilter(method="filter_aware", label=_("đã nhận thức về SXSH"))
    tax_code = django_filters.CharFilter(field_name="tax_code", lookup_expr="startswith", label=_("mã số thuế"))
    q = django_filters.CharFilter(method="filter_text", label=_("tìm kiếm"))

    class Meta:
        model = Enterprise
        fields = ["district", "industrial_area", "sector", "size", "status", "cp_status", "aware", "tax_code", "q"]

    @property
    def form(self):
        """The filter form as the registry page shows it: Bootstrap's full-width small controls."""
        form = super().form
        for field in form.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, QuickSelect | QuickNullBooleanSelect) \
                else "form-control form-control-sm"
            field.widget.attrs.setdefault("class", css)
        return form

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(tax_code__icontains=value) | Q(address__icontains=value)
                               | Q(contact_person__icontains=value))

    def filter_aware(self, queryset, name, value):
        exists = aware_exists(_today())
        return queryset.filter(exists) if value else queryset.exclude(exists)

    def filter_cp_status(self, queryset, name, value):
        today = _today()
        applying = applying_exists(today)
        if value == CPStatus.APPLYING:
            return queryset.filter(applying)
        assessed = Q(assessment_requests__assessment__isnull=False)
        if value == CPStatus.ASSESSED:
            return queryset.filter(assessed).exclude(applying).distinct()
        requested = Q(assessment_requests__isnull=False)
        if value == CPStatus.REQUESTED:
            return queryset.filter(requested).exclude(assessed).exclude(applying).distinct()
        return queryset.exclude(requested)


class AssessmentRequestFilter(PortalFilterSet):
    district = django_filters.CharFilter(field_name="enterprise__district__code", label=_("quận, huyện (mã)"))

    class Meta:
        model = AssessmentRequest
        fields = ["kind", "status", "year", "enterprise", "district"]


class ConsumptionRecordFilter(PortalFilterSet):
    is_baseline = StrictBooleanFilter(label=_("năm cơ sở"))

    class Meta:
        model = ConsumptionRecord
        fields = ["enterprise", "year", "half", "resource", "is_baseline"]


class ConsumptionNormFilter(PortalFilterSet):
    sector = django_filters.CharFilter(field_name="sector__code", label=_("ngành (mã VSIC)"))
    year = YearFilter(method="filter_year", label=_("năm áp dụng"))

    class Meta:
        model = ConsumptionNorm
        fields = ["sector", "resource", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(valid_from_year__lte=value).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=value))


class IndustrialAreaFilter(PortalFilterSet):
    district = django_filters.CharFilter(field_name="district__code", label=_("quận, huyện (mã)"))

    class Meta:
        model = IndustrialArea
        fields = ["kind", "district"]


__all__ = ["EnterpriseFilter", "CPStatus", "datetime"]
