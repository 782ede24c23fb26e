"""The base of every admin import (django-import-export): the whole file or nothing, and a preview written as
the pages write.

Each app's resources.py subclasses AllOrNothingResource and adds only its own widgets and rules.
"""

import datetime
import numbers
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.exceptions import FieldError
from import_export.resources import Diff
from import_export.results import Error

from plan.display import decimal_shown
from plan.exports import SafeExportMixin, safe_cell


class PageError(Error):
    """An import error shown on the admin page without its traceback (it stays in the debug log)."""

    traceback = ""


def missing_key_columns(resource, headers) -> list[str]:
    """The columns naming a row (import_id_fields, other than a plain "id") that the file lacks."""
    names = [name for name in resource.get_import_id_fields() if name != "id" and name in resource.fields]
    return [resource.fields[name].column_name for name in names
            if resource.fields[name].column_name not in (headers or [])]


def unescaped(value):
    """A text cell as it was before the export's formula escaping (plan.exports.safe_cell put a quote before
    "-đợt 2"): a file exported and imported back compares equal to what was saved."""
    if isinstance(value, str) and value.startswith("'") and safe_cell(value[1:]) == value:
        return value[1:]
    return value


# --- the preview ----------------------------------------------------------------------------------------------


def preview_value(value, *, plain: bool = False):
    """A date or number of the import's preview as the pages write it, in the active language: a date 15/03/2026
    (SHORT_DATE_FORMAT), an amount 1.000.000 and a decimal 1.250,5 in Vietnamese (1,000,000 and 1,250.5 in English),
    an empty cell empty (not "None"). `plain`: a whole number written as it is (a year 2019, an id 1234), never
    "2.019". Anything else is returned as it is. The files the resources export keep their own values and format."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (datetime.date, numbers.Number)):
        return value
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int):
        return str(value) if plain else formats.number_format(value, use_l10n=True, force_grouping=True)
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return decimal_shown(number) if number.is_finite() else str(value)


def _model_field(model, attribute: str):
    """The model field a resource field's attribute ("year", "line__code") ends on, or None."""
    field = None
    for name in attribute.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    return field


def is_plain_number(resource, field) -> bool:
    """Whether the preview writes a whole number of this column as it is: a year ("year", "start_year"), a primary
    key, a related row's id. Counts and amounts are grouped."""
    attribute = field.attribute or ""
    name = attribute.rsplit("__", 1)[-1]
    if name in ("id", "pk", "year") or name.endswith("_year"):
        return True
    model_field = _model_field(resource._meta.model, attribute) if attribute else None
    return model_field is not None and (model_field.primary_key or model_field.is_relation)


def _read(resource, field, instance, **kwargs):
    """The field's value as the export reads it (its dehydrate_ method, else its widget), without the export's
    formula escaping: the preview is a web page, not a spreadsheet."""
    method = field.get_dehydrate_method(resource.get_field_name(field))
    method = method if callable(method) else getattr(resource, method, None)
    if method is not None:
        return method(instance)
    return field.export(instance, **kwargs)


def preview_cell(resource, field, instance):
    """One cell of the preview: a date or number read as its value (force_native_type), then written by
    preview_value; any other value as the widget writes it."""
    if instance is None:  # a deleted row's right-hand side
        return ""
    value = _read(resource, field, instance, force_native_type=True)
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, bool) or not isinstance(value, (datetime.date, numbers.Number)):
        return _read(resource, field, instance)
    return preview_value(value, plain=is_plain_number(resource, field))


class PreviewDiff(Diff):
    """django-import-export's preview of a row (the saved values and the file's, compared as text), each cell
    written by preview_cell. (Diff reads both sides through Diff._read_field_values, named by its class: overriding
    that would not do.)"""

    def __init__(self, resource, instance, new):  # Diff's own reading of the left side is not done twice
        self.left = self._cells(resource, instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._cells(resource, instance)

    @staticmethod
    def _cells(resource, instance) -> list:
        return [preview_cell(resource, field, instance) for field in resource.get_import_fields()]


# --- the resource -------------------------------------------------------------------------------------------


class AllOrNothingResource(SafeExportMixin, resources.ModelResource):
    """One transaction for the whole file: any bad row rolls the real run back; a file without its key
    columns gets one clear message; a text cell the export escaped is read as it was saved, and an empty text cell
    as the column's blank; the preview writes dates and numbers as the pages do (PreviewDiff). With
    `id_column_optional`, a file of new rows may leave out the id column (it is only there to update exported
    rows)."""

    id_column_optional = False

    def get_diff_class(self):
        return PreviewDiff

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in row:
            value = unescaped(row[field.column_name])
            if value is None and field.attribute and self._blank_text(field.attribute):
                value = ""  # an empty cell of a text column is its blank, not NULL (a database error)
            row[field.column_name] = value
        return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def _blank_text(self, attribute) -> bool:
        """Whether the model's field of that name is a text field that stores "" (not NULL) when empty."""
        try:
            model_field = self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return False
        return isinstance(model_field, (models.CharField, models.TextField)) and not model_field.null

    def get_error_result_class(self):
        return PageError

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=True, **kwargs):
        id_field = self.fields.get("id")
        if self.id_column_optional and "id" in self.get_import_id_fields() and id_field is not None \
                and dataset.headers is not None and id_field.column_name not in dataset.headers:
            dataset.append_col([None] * dataset.height, header=id_field.column_name)
        missing = missing_key_columns(self, dataset.headers)
        if missing:  # one message, not import-export's FieldError with a traceback
            result = self.get_result_class()()
            self.handle_import_error(result, FieldError(_("Tệp thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}),
                                     raise_errors=raise_errors)
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
                                   collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
                                   **kwargs)
