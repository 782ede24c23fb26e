"""PortalFilterSet filters and draws its form exactly as django-filter's own FilterSet does, for less."""

import copy

import django_filters
import pytest
from django.http import QueryDict
from django.utils import translation

from enterprises.filters import (
    AssessmentRequestFilter,
    ConsumptionNormFilter,
    ConsumptionRecordFilter,
    EnterpriseFilter,
    IndustrialAreaFilter,
)
from plan.filters import _FORM_CLASSES, AdministrativeUnitFilter, PortalFilterSet, ReportingPeriodFilter

pytestmark = pytest.mark.django_db


def _django_filter_way(filterset_class, data):
    """The same FilterSet made as django-filter makes it: every filter deep-copied, a new form class. Each copy
    leaves out a form field its declared filter may keep from an earlier read (the API schema reads them):
    django-filter would copy that field, its label and queryset frozen, into every FilterSet after it."""
    filterset = filterset_class(data)
    filterset.filters = copy.deepcopy(dict(filterset_class.base_filters))
    for filter_ in filterset.filters.values():
        filter_.__dict__.pop("_field", None)
        filter_.model = filterset_class._meta.model
        filter_.parent = filterset
    filterset.get_form_class = lambda: django_filters.FilterSet.get_form_class(filterset)
    return filterset


CASES = [
    (EnterpriseFilter, ""),
    (EnterpriseFilter, "district=001&size=large&status=active&aware=true&q=C%C3%B4ng&tax_code=01"),
    (EnterpriseFilter, "cp_status=applying&sector=10&aware=false"),
    (EnterpriseFilter, "district=999&size=huge&aware=maybe"),  # every value refused, each with its message
    (EnterpriseFilter, "industrial_area=null"),
    (AssessmentRequestFilter, "kind=assessment&status=new&year=2017&district=001"),
    (AssessmentRequestFilter, "year=abc&enterprise=0"),
    (ConsumptionRecordFilter, "year=2018&half=1&is_baseline=true"),
    (ConsumptionNormFilter, "year=2019&sector=10"),
    (IndustrialAreaFilter, "kind=park&district=001"),
    (AdministrativeUnitFilter, "type=district&active_on=2017-01-01"),
    (AdministrativeUnitFilter, "active_on=31/02/2017"),
    (ReportingPeriodFilter, "year=2017&kind=half"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("filterset_class", "query"), CASES)
def test_the_same_query_errors_and_form_as_django_filter(plan_loaded, filterset_class, query, language):
    assert issubclass(filterset_class, PortalFilterSet)
    data = QueryDict(query)
    with translation.override(language):
        ours, theirs = filterset_class(data), _django_filter_way(filterset_class, data)
        assert ours.is_valid() == theirs.is_valid()
        assert ours.errors == theirs.errors
        if ours.is_valid():
            assert str(ours.qs.query) == str(theirs.qs.query)
        assert str(ours.form) == str(theirs.form)


def test_a_field_read_from_a_declared_filter_does_not_freeze_the_forms_after_it(plan_loaded):
    """The API schema reads each declared filter's field; django-filter would copy it, and its label made with
    no model (the field's bare name, "Kind"), into every form after that."""
    AssessmentRequestFilter.base_filters["kind"].field  # noqa: B018 - read as the schema reads it
    with translation.override("en"):
        assert '<label for="id_kind">Request type:</label>' in str(AssessmentRequestFilter(QueryDict("")).form)


@pytest.mark.parametrize("kept", [False, True], ids=["no-form-class-kept", "form-class-kept"])
def test_each_filterset_has_filters_and_a_form_of_its_own(plan_loaded, kept):
    """Whether or not a form class is already kept for the FilterSet class (a test running first, or a
    request, may have made it): a filter changed on one FilterSet changes that FilterSet's form alone."""
    _FORM_CLASSES.clear()
    if kept:
        EnterpriseFilter(QueryDict("")).form  # noqa: B018 - makes and keeps the form class
    first, second = EnterpriseFilter(QueryDict("q=abc")), EnterpriseFilter(QueryDict("q=xyz"))
    assert first.filters["district"] is not second.filters["district"]
    assert first.filters["district"].extra is not second.filters["district"].extra
    first.filters["district"].extra["help_text"] = "changed"
    assert "help_text" not in EnterpriseFilter.base_filters["district"].extra
    assert "help_text" not in second.filters["district"].extra
    # a method= filter calls the method of its own FilterSet
    assert first.filters["q"].filter.f is first.filters["q"] and first.filters["q"].parent is first
    assert "abc" in str(first.qs.query) and "xyz" in str(second.qs.query)
    # the changed FilterSet draws its form from its own filters, as django-filter does; the others share the
    # kept form class, which the change never reaches, whichever FilterSet made it first
    assert first.form.fields["district"].help_text == "changed"
    assert second.form.fields["district"].help_text == ""
    third = EnterpriseFilter(QueryDict(""))
    assert type(second.form) is type(third.form) is not type(first.form)
    assert third.form.fields["district"].help_text == ""
    assert second.form.fields["district"] is not third.form.fields["district"]
    second.form.fields["district"].widget.attrs["data-x"] = "1"
    assert "data-x" not in third.form.fields["district"].widget.attrs


@pytest.mark.parametrize(
    "change",
    [
        lambda filter_: setattr(filter_, "label", "Khác"),
        lambda filter_: setattr(filter_, "queryset", filter_.queryset.none()),
        lambda filter_: filter_.extra.update(help_text="Khác"),
        lambda filter_: setattr(filter_, "lookup_expr", "in"),
    ],
    ids=["label", "queryset", "extra", "lookup"],
)
def test_a_filterset_whose_filter_was_changed_is_not_given_the_kept_form_class(plan_loaded, change):
    _FORM_CLASSES.clear()
    kept = type(EnterpriseFilter(QueryDict("")).form)
    changed = EnterpriseFilter(QueryDict(""))
    change(changed.filters["district"])
    assert type(changed.form) is not kept
    assert type(EnterpriseFilter(QueryDict("")).form) is kept


def test_the_form_is_drawn_in_the_language_of_the_request(plan_loaded):
    """A label django-filter derives from the model is translated when the form class is made: one per language."""
    with translation.override("vi"):
        vi = str(ConsumptionRecordFilter(QueryDict("")).form)
    with translation.override("en"):
        en = str(ConsumptionRecordFilter(QueryDict("")).form)
    with translation.override("vi"):
        assert str(ConsumptionRecordFilter(QueryDict("")).form) == vi
    assert vi != en


def test_a_queryset_chosen_per_request_still_gets_its_own_form_class(plan_loaded):
    from plan.models import AdministrativeUnit

    chosen = []

    def units(request):
        chosen.append(request)
        return AdministrativeUnit.objects.filter(code={"a": "001", "b": "002"}.get(request, "none"))

    class Scoped(PortalFilterSet):
        unit = django_filters.ModelChoiceFilter(field_name="pk", queryset=units, to_field_name="code")

        class Meta:
            model = AdministrativeUnit
            fields = ["unit"]

    assert list(Scoped.base_filters["unit"].field.queryset) == []  # as the API schema reads it, with no request
    first, second = Scoped(QueryDict("unit=001"), request="a"), Scoped(QueryDict("unit=002"), request="b")
    assert first.is_valid() and second.is_valid()
    assert not Scoped(QueryDict("unit=002"), request="a").is_valid()
    assert type(first.form) is not type(second.form)
    assert chosen == [None, "a", "b", "a"]


def test_the_api_s_filterset_fields_get_a_portal_filterset_made_once_that_filters_as_django_filter(plan_loaded):
    """Every API view with `filterset_fields`: PortalFilterBackend gives a PortalFilterSet, the same class on each
    request, with the filters, query and form of django-filter's own backend."""
    from django.contrib.auth import get_user_model
    from django_filters.rest_framework import DjangoFilterBackend
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from plan.filters import PortalFilterBackend
    from sxsh_portal.urls import router

    views = [viewset for _prefix, viewset, _basename in router.registry
             if getattr(viewset, "filterset_fields", None) and not getattr(viewset, "filterset_class", None)]
    assert len(views) >= 9  # the training classes have a FilterSet of their own (status as shown)
    ours, theirs = PortalFilterBackend(), DjangoFilterBackend()
    root = get_user_model().objects.create_superuser("root.filters", "root@example.vn", "pw-for-tests-1")
    for viewset in views:
        request = Request(APIRequestFactory().get("/"))
        request.user = root
        view = viewset(request=request, format_kwarg=None, action="list", kwargs={})
        queryset = view.get_queryset()
        made = ours.get_filterset_class(view, queryset)
        assert made is ours.get_filterset_class(view, queryset), viewset
        assert issubclass(made, PortalFilterSet)
        reference = theirs.get_filterset_class(view, queryset)
        assert list(made.base_filters) == list(reference.base_filters), viewset
        query = "&".join(f"{name}=1" for name in made.base_filters)
        request = APIRequestFactory().get(f"/?{query}")
        data = QueryDict(query)
        with translation.override("en"):
            mine, other = made(data, queryset=queryset, request=request), reference(data, queryset=queryset,
                                                                                      request=request)
            assert mine.is_valid() == other.is_valid(), viewset
            assert mine.errors == other.errors, viewset
            if mine.is_valid():
                assert str(mine.qs.query) == str(other.qs.query), viewset
            assert str(mine.form) == str(other.form), viewset
