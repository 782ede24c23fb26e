"""The base of every admin import (django-import-export): the whole file or nothing.

Each app's resources.py subclasses AllOrNothingResource and adds only its own widgets and rules.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from import_export import resources
from import_export.exceptions import FieldError
from import_export.results import Error

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


class AllOrNothingResource(SafeExportMixin, resources.ModelResource):
    """One transaction for the whole file: any bad row rolls the real run back; a file without its key
    columns gets one clear message; a text cell the export escaped is read as it was saved, and an empty text cell
as the column's blank. With
    `id_column_optional`, a file of new rows may leave out the id column (it is only there to update exported
    rows)."""

    id_column_optional = False

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
