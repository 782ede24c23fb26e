import django_filters
from django import forms
from django.db.models import Q

from plan.models import AdministrativeUnit, ReportingPeriod


class AdministrativeUnitFilter(django_filters.FilterSet):
    active_on = django_filters.DateFilter(method="filter_active_on", label="active on (YYYY-MM-DD)")

    class Meta:
        model = AdministrativeUnit
        fields = ["type"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )


class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number (a `0.0` or `2017.5` is a clear 400, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class ReportingPeriodFilter(django_filters.FilterSet):
    year = YearFilter(field_name="start__year", label="year")

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "plan"]
