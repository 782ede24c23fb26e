"""xlsx / csv import and export of the budget (django-import-export), with Vietnamese column headers.

Related lines are found by their code ("IV.1"). A bad row is reported with its number and the field; the
real import runs in one transaction and is rolled back when any row is bad (all or nothing).
"""

import datetime
import math
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from import_export import fields, resources, widgets

from budget.models import BudgetLine, Estimate, Expenditure, PlannedQuantity
from budget.services import check_correctable
from plan.exports import SafeExportMixin
from plan.imports import AllOrNothingResource as BaseAllOrNothingResource

H_LINE = "Mã dòng"
H_YEAR = "Năm"
# 160.000.000 or 160 000 000 (a space, a no-break space…), as Vietnamese officials write it; one separator throughout.
GROUPED = re.compile(r"^-?\d{1,3}(?:(?:\.\d{3})+|(?:\s\d{3})+)$")
NUMBER = re.compile(r"^(-?\d+)(?:([.,])(\d+))?$")
MAX_DIGITS = 19  # past any column's range (the largest, a big integer, has 19 digits)


def whole_number(value) -> int | None:
    """A whole number ≥ 0 as officials write it: 160000000, 160.000.000 or 160 000 000 (a spreadsheet's cell may also
    be a number). None for an empty cell. A ValueError in Vietnamese for text, a fraction ("160,5", "160.5") or a
    negative. The imports (WholeNumberWidget) and the budget admin's money fields (budget.admin.WholeDongField)
    read numbers through it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_g("“%(value)s” không phải là số.") % {"value": value})
    if isinstance(value, int):
        number = value
    elif isinstance(value, (float, Decimal)):
        if not math.isfinite(value):
            raise ValueError(_g("“%(value)s” không phải là số.") % {"value": value})
        if value != int(value):
            raise ValueError(_g("“%(value)s” không phải là số nguyên.") % {"value": value})
        number = int(value)
    else:
        text = str(value).strip()
        if GROUPED.match(text):
            text = re.sub(r"[.\s]", "", text)
        match = NUMBER.match(text)
        if match is None:
            raise ValueError(_g("“%(value)s” không phải là số.") % {"value": value})
        whole, separator, fraction = match.groups()
        # "160,5" is 160.5 to a Vietnamese reader, and "1,000" is 1000 to an English one: a comma is never read.
        if fraction and (separator == "," or fraction.strip("0")):
            raise ValueError(_g("“%(value)s” không phải là số nguyên.") % {"value": value})
        if len(whole.lstrip("-")) > MAX_DIGITS:
            raise ValueError(_g("“%(value)s” quá lớn.") % {"value": value})
        number = int(whole)
    if number < 0:
        raise ValueError(_g("Không được âm (%(value)s).") % {"value": value})
    return number


class WholeNumberWidget(widgets.Widget):
    """A whole number ≥ 0 (money in đồng, a quantity, a year): whole_number; text or a fraction is refused in
    Vietnamese."""

    def clean(self, value, row=None, **kwargs):
        return whole_number(value)

    def render(self, value, obj=None, **kwargs):
        return value


class LineCodeWidget(widgets.ForeignKeyWidget):
    """A budget line by its code, in the current plan."""

    def __init__(self):
        super().__init__(BudgetLine, "code")

    def get_queryset(self, value, row, *args, **kwargs):
        from budget.selectors import plan_for_budget

        return BudgetLine.objects.filter(section__plan=plan_for_budget())

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            raise ValueError(_g("Thiếu mã dòng kinh phí."))
        line = self.get_queryset(value, row).select_related("section__plan").filter(code=code).first()
        if line is None:
            raise ValueError(_g("Không có dòng kinh phí mã %(code)s.") % {"code": code})
        return line


class DayWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format="%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(_g("“%(value)s” không phải là ngày (dd/mm/yyyy).") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value


class AllOrNothingResource(BaseAllOrNothingResource):
    """The shared all-or-nothing import (its preview written as the pages write: plan.imports.PreviewDiff); a bad
    value in a key column is reported with its column."""

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ValidationError):
            return None  # the bad value is reported, with its column, when the row's fields are read


class EstimateResource(AllOrNothingResource):
    line = fields.Field(attribute="line", column_name=H_LINE, widget=LineCodeWidget())
    line_title = fields.Field(attribute="line__title", column_name="Nội dung", readonly=True)
    year = fields.Field(attribute="year", column_name=H_YEAR, widget=WholeNumberWidget())
    quantity = fields.Field(attribute="quantity", column_name="Số lượng", widget=WholeNumberWidget())
    amount_vnd = fields.Field(attribute="amount_vnd", column_name="Số tiền (đồng)", widget=WholeNumberWidget())
    decision_number = fields.Field(attribute="decision_number", column_name="Số quyết định")
    decision_date = fields.Field(attribute="decision_date", column_name="Ngày quyết định", widget=DayWidget())

    class Meta:
        model = Estimate
        fields = ("line", "line_title", "year", "quantity", "amount_vnd", "decision_number", "decision_date")
        import_id_fields = ("line", "year")
        skip_unchanged = True  # a file exported and imported back writes nothing (no empty change in the history)
        clean_model_instances = True

    def get_export_queryset(self, request=None, **kwargs):
        return Estimate.objects.select_related("line").order_by("year", "line__section__order", "line__order")

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None and getattr(user, "is_authenticated", False):
            instance.created_by = user


# What a row of the expenditure file carries, compared with the saved row its ID names.
FIGURES = ("line", "year", "date", "amount_vnd", "description", "voucher_number")
MAX_ID = 2**63 - 1  # the id column's range: past it SQLite fails on the look-up


def _figure(name, value) -> str:
    if value is None or value == "":
        return "—"
    if name == "line":
        return value.code
    if name == "date":
        return value.strftime("%d/%m/%Y")
    if name == "amount_vnd":
        return f"{value:,}".replace(",", ".")
    if name in ("description", "voucher_number"):
        return f"“{value if len(value) <= 60 else value[:59] + '…'}”"
    return str(value)


class ExpenditureResource(AllOrNothingResource):
    """Expenditures by ID: a row without an ID is a new expenditure; a row whose ID names a saved one (the admin's
    export writes the ID, and the whole history: corrected rows, withdrawals, rows an activity posted) is skipped
    when its figures are those saved, and refused, naming its line in the file, when they differ: a saved
    expenditure is never changed in place, only corrected by a new row (budget.services.expenditure_save, the
    admin's "Sửa bằng bản ghi điều chỉnh"). So a file just exported imports back without error and changes
    nothing."""

    id = fields.Field(attribute="id", column_name="ID", widget=WholeNumberWidget(), readonly=True)
    line = fields.Field(attribute="line", column_name=H_LINE, widget=LineCodeWidget())
    year = fields.Field(attribute="year", column_name=H_YEAR, widget=WholeNumberWidget())
    date = fields.Field(attribute="date", column_name="Ngày chi", widget=DayWidget())
    amount_vnd = fields.Field(attribute="amount_vnd", column_name="Số tiền (đồng)", widget=WholeNumberWidget())
    description = fields.Field(attribute="description", column_name="Nội dung chi")
    voucher_number = fields.Field(attribute="voucher_number", column_name="Số chứng từ")
    recorded_by = fields.Field(attribute="recorded_by__username", column_name="Người ghi", readonly=True)

    class Meta:
        model = Expenditure
        fields = ("id", "line", "year", "date", "amount_vnd", "description", "voucher_number", "recorded_by")
        import_id_fields = ("id",)
        skip_unchanged = False  # skip_row below decides
        clean_model_instances = True

    def get_export_queryset(self, request=None, **kwargs):
        return Expenditure.objects.select_related("line", "recorded_by").order_by("year", "date", "id")

    def get_queryset(self):
        # The whole history: an exported row corrected since is found by its ID, not taken for a new expenditure.
        return Expenditure.all_objects.select_related("line")

    def before_import(self, dataset, **kwargs):
        if "ID" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="ID")  # new expenditures need no ID column

    _file_line = "?"

    def before_import_row(self, row, **kwargs):
        self._file_line = kwargs.get("row_number", 0) + 1  # as the admin's import page numbers it (header = 1)

    def get_instance(self, instance_loader, row):
        try:
            pk = self.fields["id"].clean(row)
        except ValueError:
            return None  # reported under the ID column by import_instance
        if pk is None or pk > MAX_ID:
            return None
        return self.get_queryset().filter(pk=pk).first()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute in ("voucher_number", "description") and row.get(field.column_name) is None:
            row[field.column_name] = ""
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        cell = row.get("ID")
        if instance.pk is None and cell is not None and str(cell).strip():
            try:
                pk = self.fields["id"].clean(row)
            except ValueError as exc:
                errors["id"] = [str(exc)]
            else:  # a number, but no saved expenditure has it: not taken for a new one (that is a row without ID)
                errors["id"] = [_g("Dòng %(line)s: không có khoản chi ID %(id)s; để trống cột ID để ghi một khoản chi "
                                   "mới.") % {"line": self._file_line, "id": pk}]
        if errors:
            raise ValidationError(errors)

    def _differences(self, saved, instance) -> list[str]:
        """"label: saved → in the file" for each figure of the row that differs from the saved expenditure."""
        out = []
        for name in FIGURES:
            old, new = getattr(saved, name), getattr(instance, name)
            if name == "voucher_number":
                old, new = (old or "").strip(), (new or "").strip()
            if name == "line":
                old, new = saved.line_id, instance.line_id
                if old != new:
                    out.append(f"{Expenditure._meta.get_field(name).verbose_name}: {_figure(name, saved.line)} → "
                               f"{_figure(name, instance.line)}")
                continue
            if old != new:
                out.append(f"{Expenditure._meta.get_field(name).verbose_name}: {_figure(name, old)} → "
                           f"{_figure(name, new)}")
        return out

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row naming a saved expenditure with the figures saved is skipped (a file exported and imported back)."""
        if original is None or original.pk is None or import_validation_errors:
            return False
        return not self._differences(original, instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk:  # a saved expenditure is never changed in place (audit): correct it in the admin
            saved = Expenditure.all_objects.select_related("line").get(pk=instance.pk)
            differences = self._differences(saved, instance)
            if differences:
                try:
                    check_correctable(saved)
                    how = _g("Hãy sửa bằng bản ghi điều chỉnh (“Sửa bằng bản ghi điều chỉnh” ở trang của khoản chi "
                             "trong trang quản trị), hoặc để trống cột ID để ghi một khoản chi mới.")
                except ValidationError as exc:  # an activity posted it, it was corrected since, or a withdrawal
                    how = " ".join(exc.messages)
                errors["id"] = ValidationError(" ".join([_g(
                    "Dòng %(line)s: khoản chi ID %(id)s đã ghi khác với tệp (%(differences)s); khoản chi đã ghi chỉ "
                    "xem được, không sửa được bằng tệp nhập.") % {
                        "line": self._file_line, "id": instance.pk, "differences": "; ".join(differences)}, how]))
        if isinstance(instance.voucher_number, str):
            instance.voucher_number = instance.voucher_number.strip()
        super().validate_instance(instance, errors, validate_unique)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None and getattr(user, "is_authenticated", False):
            instance.recorded_by = user


class BudgetLineResource(SafeExportMixin, resources.ModelResource):
    """Export only: the lines of the appendix."""

    section = fields.Field(attribute="section__code", column_name="Mục", readonly=True)
    code = fields.Field(attribute="code", column_name=H_LINE)
    title = fields.Field(attribute="title", column_name="Nội dung")
    unit = fields.Field(attribute="unit", column_name="Đơn vị tính")
    unit_price_vnd = fields.Field(attribute="unit_price_vnd", column_name="Đơn giá (đồng)",
                                  widget=WholeNumberWidget())
    activity_kind = fields.Field(attribute="activity_kind", column_name="Loại hoạt động")

    class Meta:
        model = BudgetLine
        fields = ("section", "code", "title", "unit", "unit_price_vnd", "activity_kind")

    def get_export_queryset(self, request=None, **kwargs):
        return BudgetLine.objects.select_related("section").order_by("section__order", "order")


class PlannedQuantityResource(SafeExportMixin, resources.ModelResource):
    """Export only: quantity and amount of each line and year (amount computed, never stored)."""

    line = fields.Field(attribute="line__code", column_name=H_LINE, readonly=True)
    year = fields.Field(attribute="year", column_name=H_YEAR, widget=WholeNumberWidget())
    quantity = fields.Field(attribute="quantity", column_name="Số lượng", widget=WholeNumberWidget())
    amount_vnd = fields.Field(attribute="amount_vnd", column_name="Thành tiền (đồng)", readonly=True,
                              widget=WholeNumberWidget())

    class Meta:
        model = PlannedQuantity
        fields = ("line", "year", "quantity", "amount_vnd")

    def get_export_queryset(self, request=None, **kwargs):
        return PlannedQuantity.objects.select_related("line").order_by(
            "line__section__order", "line__order", "year")
