import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator

from plan.models import AdministrativeUnit, ReportingPeriod


class _ListedModelChoiceIterator(ModelChoiceIterator):
    """The choices read in one ordinary query. Django's iterator() opens a server-side cursor on PostgreSQL
    (DECLARE, FETCH, CLOSE: three round trips) to stream what is here a list of some tens of districts,
    sectors or industrial areas."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _ListedFilterChoiceIterator(FilterModelChoiceIterator, _ListedModelChoiceIterator):
    """django-filter's iterator (its "null" choice) over the listed one."""


class _ListedModelChoiceField(FilterModelChoiceField):
    iterator = _ListedFilterChoiceIterator


class ListedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """ModelChoiceFilter for a short reference list (districts, sectors, areas): choices in one plain query."""

    field_class = _ListedModelChoiceField


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
