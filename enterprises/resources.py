"""xlsx / csv import and export of the registry in the admin (django-import-export), with Vietnamese headers.

The columns and every rule of a row are those of enterprises/imports.py (the page import): `row_check` checks
the row, `row_apply` copies it onto the facility. Districts and sectors are given by their codes, rows are
matched by tax code (a re-import updates), numbers stay numbers in xlsx, and the real run is all or nothing.

The admin's preview writes numbers as the pages do (12.500.000.000; plan.imports.PreviewDiff), and the size and
status by their labels, as the export writes them.

Written in bulk as the page import is: the facilities of the file are looked up in one query per
LOOKUP_BATCH tax codes, each row is cleaned without per-row queries (`imports.row_clean`), and rows are saved
in batches with their history rows by the page import's writers (`create_with_history`, `update_with_history`).
"""

import datetime

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from enterprises.imports import (
    BATCH_SIZE,
    COLUMNS,
    HEADER_OF,
    REQUIRED,
    ImportContext,
    create_with_history,
    row_apply,
    row_check,
    row_clean,
    scope_error,
    update_with_history,
)
from enterprises.models import Enterprise, Sector
from enterprises.validators import tax_code_normalize
from plan.imports import AllOrNothingResource, unescaped
from plan.models import AdministrativeUnit

_NUMBER = widgets.IntegerWidget(coerce_to_string=False)
LOOKUP_BATCH = 5_000  # tax codes per lookup query


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an xlsx number cell: 1.0 is the district code 1
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


class EnterpriseResource(AllOrNothingResource):
    tax_code = fields.Field(attribute="tax_code", column_name=HEADER_OF["tax_code"])
    name = fields.Field(attribute="name", column_name=HEADER_OF["name"])
    address = fields.Field(attribute="address", column_name=HEADER_OF["address"])
    district = fields.Field(attribute="district", column_name=HEADER_OF["district"],
                            widget=widgets.ForeignKeyWidget(AdministrativeUnit, "code"))
    sector = fields.Field(attribute="sector", column_name=HEADER_OF["sector"],
                          widget=widgets.ForeignKeyWidget(Sector, "code"))
    industrial_area = fields.Field(column_name=HEADER_OF["industrial_area"])
    size = fields.Field(column_name=HEADER_OF["size"])
    workers = fields.Field(attribute="workers", column_name=HEADER_OF["workers"], widget=_NUMBER)
    revenue_vnd = fields.Field(attribute="revenue_vnd", column_name=HEADER_OF["revenue_vnd"], widget=_NUMBER)
    capital_vnd = fields.Field(attribute="capital_vnd", column_name=HEADER_OF["capital_vnd"], widget=_NUMBER)
    status = fields.Field(column_name=HEADER_OF["status"])
    phone = fields.Field(attribute="phone", column_name=HEADER_OF["phone"])
    email = fields.Field(attribute="email", column_name=HEADER_OF["email"])
    contact_person = fields.Field(attribute="contact_person", column_name=HEADER_OF["contact_person"])

    class Meta:
        model = Enterprise
        fields = tuple(field for field, _header in COLUMNS)
        export_order = fields
        import_id_fields = ("tax_code",)
        skip_unchanged = False
        clean_model_instances = True
        use_bulk = True
        batch_size = BATCH_SIZE

    # --- export ---------------------------------------------------------------------------------------

    def get_export_queryset(self, request=None, **kwargs):
        return Enterprise.objects.select_related("district", "sector", "industrial_area").order_by("name", "pk")

    def dehydrate_industrial_area(self, enterprise):
        return enterprise.industrial_area.name if enterprise.industrial_area_id else ""

    def dehydrate_size(self, enterprise):
        return str(enterprise.get_size_display())

    def dehydrate_status(self, enterprise):
        return str(enterprise.get_status_display())

    # --- import: the rules of enterprises.imports --------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        missing = [HEADER_OF[f] for f in REQUIRED if HEADER_OF[f] not in (dataset.headers or [])]
        if missing:
            from django.utils.translation import gettext as _

            raise ValidationError(_("Thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)})
        self._context = ImportContext(kwargs.get("user"))
        self._user = kwargs.get("user")
        codes = sorted({code for code in (tax_code_normalize(_cell_text(row.get(HEADER_OF["tax_code"])))
                                          for row in dataset.dict) if code})
        self._existing = {}
        for start in range(0, len(codes), LOOKUP_BATCH):
            # with the related rows the preview names (a district's code): no query per updated row
            self._existing.update((e.tax_code, e) for e in Enterprise.objects.select_related(
                "district", "sector", "industrial_area").filter(tax_code__in=codes[start:start + LOOKUP_BATCH]))

    def get_instance(self, instance_loader, row):
        tax_code = tax_code_normalize(_cell_text(row.get(HEADER_OF["tax_code"])))
        if not tax_code:
            return None
        existing = getattr(self, "_existing", None)
        if existing is None:  # called outside import_data
            return Enterprise.objects.filter(tax_code=tax_code).first()
        return existing.get(tax_code)

    def init_instance(self, row=None):
        return Enterprise(tax_code=tax_code_normalize(_cell_text((row or {}).get(HEADER_OF["tax_code"]))))

    def import_instance(self, instance, row, **kwargs):
        context = getattr(self, "_context", None) or ImportContext(kwargs.get("user"))
        values = {field: unescaped(row.get(header)) for field, header in COLUMNS if header in row}
        cells = {field: _cell_text(value) for field, value in values.items()}
        number = kwargs.get("row_number", 0) + 1  # the spreadsheet's row: its header is row 1
        _tax_code, errors, checked = row_check(number=number, cells=cells, values=values, context=context)
        message = scope_error(instance, context)
        if message:
            errors.append(("tax_code", message))
        if errors:
            by_field: dict[str, list[str]] = {}
            for field, text in errors:
                by_field.setdefault(field, []).append(text)
            raise ValidationError(by_field)
        row_apply(instance, checked)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:  # the row's own errors; the half-filled facility is not cleaned too
            raise ValidationError(import_validation_errors)
        # Unique tax codes are checked within the file (row_check) and against the database (one lookup per
        # LOOKUP_BATCH codes); the constraints in Python: no query per row.
        errors = row_clean(instance)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Like import-export's, with a history row for each created facility (the page import's writer)."""
        if self.create_instances and (using_transactions or not dry_run):
            try:
                create_with_history(self.create_instances, user=getattr(self, "_user", None))
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The page import's batched UPDATE, and a history row ("~") for each changed facility."""
        if self.update_instances and (using_transactions or not dry_run):
            try:
                update_with_history(self.update_instances, user=getattr(self, "_user", None))
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.update_instances.clear()

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if getattr(user, "is_authenticated", False):
            instance._history_user = user
