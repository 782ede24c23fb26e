import django_filters
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


class ReportingPeriodFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="start__year", label="year")

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "plan"]
