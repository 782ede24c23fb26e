import copy

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter

from plan.models import AdministrativeUnit, ReportingPeriod
from plan.widgets import QuickNullBooleanSelect


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


def _own_copy(filter_):
    """A filter for one FilterSet: its attributes shared with the declared filter, but for those the filter
    writes to, which are its own: `extra` (its `field` puts the queryset it uses there), its form field (made
    afresh: a declared filter keeps the field the API schema read from it, label and queryset made with no
    model or request, which django-filter's deepcopy hands on to every FilterSet), and the FilterMethod of a
    `method=` filter, bound to the copy (the method is looked up on the copy's FilterSet)."""
    clone = copy.copy(filter_)
    clone.extra = dict(filter_.extra)
    clone.__dict__.pop("_field", None)
    if isinstance(clone.__dict__.get("filter"), FilterMethod):
        clone.filter = FilterMethod(clone)
    return clone


class _DeclaredFilters(dict):
    """A FilterSet's base_filters: django-filter deep-copies them for every FilterSet made, each filter's
    querysets, choice lists and lazy labels included; here each gets _own_copy."""

    def __deepcopy__(self, memo):
        return {name: _own_copy(filter_) for name, filter_ in self.items()}


_FORM_CLASSES: dict = {}
_SET_ON_EACH_COPY = frozenset({"model", "parent", "_field", "filter"})  # by FilterSet.__init__ and _own_copy
_MISSING = object()


def _as_declared(filters, declared) -> bool:
    """Whether a FilterSet's filters are still the copies of its declared filters that FilterSet.__init__ left
    (each given its model and FilterSet): only then is the form class kept for the FilterSet's class its own
    form class too, whichever FilterSet made it first. A filter changed afterwards (its label, its queryset,
    a form field argument in `extra`) makes the FilterSet's form from its own filters, as django-filter does."""
    if filters.keys() != declared.keys():
        return False
    for name, filter_ in filters.items():
        original = declared[name]
        if type(filter_) is not type(original):
            return False
        mine, theirs = vars(filter_), vars(original)
        for key in mine.keys() | theirs.keys():
            if key in _SET_ON_EACH_COPY:
                continue
            value, declared_value = mine.get(key, _MISSING), theirs.get(key, _MISSING)
            if value is not declared_value and (key != "extra" or value != declared_value):
                return False
        if isinstance(mine.get("filter"), FilterMethod) != isinstance(theirs.get("filter"), FilterMethod):
            return False
    return True


class StrictNullBooleanField(forms.NullBooleanField):
    """A yes / no filter value that says when it is neither: true, 1, yes / false, 0, no (any case); empty or
    "unknown" (the select's "all") filters nothing; anything else is an error naming the value (?aware=zzz and
    ?aware=1 were ignored, so a client got every row without knowing)."""

    TRUE, FALSE, NOTHING = {"true", "1", "yes"}, {"false", "0", "no"}, {"", "unknown"}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.NOTHING:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(
            _("«%(value)s» không phải đúng hoặc sai: dùng true hoặc false (1 hoặc 0)."), code="invalid",
            params={"value": str(value)[:50]})

    def validate(self, value):
        """Nothing to add: to_python has refused what is neither yes nor no, and a filter is never required."""


class RawNullBooleanSelect(QuickNullBooleanSelect):
    """The yes / no / all select, which hands the field the value as sent (forms.NullBooleanSelect turns any
    unknown value into None, silently)."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", RawNullBooleanSelect)
        super().__init__(*args, **kwargs)


class PortalFilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, with the same filters and the same form, for a fifth of its cost per request
    (about 1 ms of a 5 ms API list at 100,000 facilities; a test compares queries, errors and forms with
    django-filter's own way):

    - the declared filters are copied shallowly for each FilterSet (_DeclaredFilters), not deep-copied;
    - the form class is made once per FilterSet class, model and language (a label django-filter derives
      from the model is translated when the class is made), not on every request. A FilterSet with a filter
      whose queryset is a callable (chosen per request), or whose filters were changed after they were copied
      (_as_declared), gets a new form class each time, as django-filter does.
    """

    @classmethod
    def get_filters(cls):
        return _DeclaredFilters(super().get_filters())

    def get_form_class(self):
        filters = self.filters
        if any(callable(getattr(filter_, "queryset", None)) for filter_ in filters.values()) or not _as_declared(
            filters, type(self).base_filters
        ):
            return super().get_form_class()
        key = (type(self), self.queryset.model, get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class


class PortalRestFilterSet(PortalFilterSet, RestFilterSet):
    """PortalFilterSet with django-filter's defaults for the API (what DjangoFilterBackend builds on)."""


_AUTO_FILTERSETS: dict = {}


class PortalFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose FilterSets for `filterset_fields` are PortalFilterSets too, each made once per
    model and fields: django-filter makes a new FilterSet class for such a view on every request (and the form
    classes PortalFilterSet keeps per class would then grow without end)."""

    filterset_base = PortalRestFilterSet

    def get_filterset_class(self, view, queryset=None):
        fields = getattr(view, "filterset_fields", None)
        if getattr(view, "filterset_class", None) or not fields or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (queryset.model, repr(fields))
        filterset_class = _AUTO_FILTERSETS.get(key)
        if filterset_class is None:
            filterset_class = _AUTO_FILTERSETS[key] = super().get_filterset_class(view, queryset)
        return filterset_class


class AdministrativeUnitFilter(PortalFilterSet):
    active_on = django_filters.DateFilter(method="filter_active_on", label="active on (YYYY-MM-DD)")

    class Meta:
        model = AdministrativeUnit
        fields = ["type"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )


@extend_schema_field(OpenApiTypes.INT)  # the API schema: an integer, not the number of a NumberFilter
class YearFilter(django_filters.NumberFilter):
    """A calendar year: a whole number (a `0.0` or `2017.5` is a clear 400, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class ReportingPeriodFilter(PortalFilterSet):
    year = YearFilter(field_name="start__year", label="year")

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "plan"]


class PortalSearchFilter(SearchFilter):
    """DRF's SearchFilter, whose refusal of a value (a NUL character) names the parameter, as every other refused
    query parameter does: {"search": ["…"]}, not DRF's bare list of messages."""

    def get_search_terms(self, request):
        try:
            return super().get_search_terms(request)
        except ValidationError as exc:
            raise ValidationError({self.search_param: exc.detail}) from exc
