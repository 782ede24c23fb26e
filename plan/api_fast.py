"""API lists read with `QuerySet.values()`: the same JSON as the serializer, without a model instance per row.

A page of 50 facilities built 200 model instances (the facility, its district, sector and area) and then read
them back field by field through DRF: about 6 ms of the list's time, against 1 ms for the SQL. For a serializer
whose every field is a plain column of the model, or a foreign key shown by its id or by one column of the
related row (`PrimaryKeyRelatedField`, `SlugRelatedField`), `ValuesListMixin.list` reads just those columns and
hands each value to the field's own `to_representation`, so the output is the serializer's to the byte
(`plan/tests/test_api_fast.py` compares both on every such list). Any other serializer (a method field, a
nested one, a dotted source, its own `to_representation`) is listed the ordinary way.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from rest_framework import relations, serializers
from rest_framework.response import Response

# Fields whose output depends on the value alone (not on the request: a FileField writes an absolute URL).
PLAIN_FIELDS = (serializers.CharField, serializers.IntegerField, serializers.FloatField, serializers.DecimalField,
                serializers.BooleanField, serializers.DateField, serializers.DateTimeField, serializers.TimeField,
                serializers.DurationField, serializers.ChoiceField, serializers.UUIDField, serializers.JSONField,
                serializers.ReadOnlyField)
NOT_PLAIN_FIELDS = (serializers.MultipleChoiceField, serializers.FilePathField)


class _Plan:
    __slots__ = ("lookups", "columns")

    def __init__(self, columns):
        self.columns = columns  # (output name, values() lookup, function or None for the value as is)
        self.lookups = [lookup for _name, lookup, _fn in columns]

    def row(self, values: dict) -> dict:
        out = {}
        for name, lookup, fn in self.columns:
            value = values[lookup]
            out[name] = value if value is None or fn is None else fn(value)
        return out


def _column(model, field):
    """(values() lookup, converter) for one serializer field, or None when it is not a plain column."""
    source = field.source
    if not source or "." in source or source == "*":
        return None
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        return None
    if not model_field.concrete or model_field.many_to_many:
        return None
    if isinstance(field, relations.SlugRelatedField):
        return (f"{source}__{field.slug_field}", None) if model_field.many_to_one else None
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return (model_field.attname, None) if model_field.many_to_one and field.pk_field is None else None
    if model_field.is_relation or not isinstance(field, PLAIN_FIELDS) or isinstance(field, NOT_PLAIN_FIELDS):
        return None
    if type(field).get_attribute is not serializers.Field.get_attribute:
        return None
    return model_field.attname, field.to_representation


@cache
def values_plan(serializer_class) -> _Plan | None:
    """How to list rows of this serializer from values(), or None if it cannot be done faithfully."""
    if serializer_class.to_representation is not serializers.Serializer.to_representation:
        return None
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    if model is None:
        return None
    try:
        fields = serializer_class().fields
    except Exception:  # noqa: BLE001 - a serializer that needs its context to build its fields: the ordinary way
        return None
    columns = []
    for name, field in fields.items():
        if field.write_only:
            continue
        column = _column(model, field)
        if column is None:
            return None
        columns.append((name, *column))
    return _Plan(columns)


class ValuesListMixin:
    """For a ModelViewSet or ReadOnlyModelViewSet: `list` through values() when the serializer allows it."""

    def list(self, request, *args, **kwargs):
        plan = values_plan(self.get_serializer_class())
        if plan is None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        if hasattr(self.paginator, "values"):  # LargeTablePagination: it counts the model's rows by key alone
            self.paginator.values = plan.lookups
            rows = queryset
        else:
            rows = queryset.values(*plan.lookups)
        page = self.paginate_queryset(rows)
        if page is None:
            return Response([plan.row(values) for values in queryset.values(*plan.lookups)])
        return self.get_paginated_response([plan.row(values) for values in page])
