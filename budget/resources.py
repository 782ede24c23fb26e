"""xlsx / csv import and export of the budget (django-import-export), with Vietnamese column headers.

Related lines are found by their code ("IV.1"). A bad row is reported with its number and the field; the
real import runs in one transaction and is rolled back when any row is bad (all or nothing).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _g
from import_export import fields, resources, widgets

from budget.models import BudgetLine, Estimate, Expenditure, PlannedQuantity
from plan.exports import SafeExportMixin
from plan.imports import AllOrNothingResource as BaseAllOrNothingResource

H_LINE = "Mã dòng"
H_YEAR = "Năm"
GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


class WholeNumberWidget(widgets.Widget):
    """A whole number ≥ 0 (money in đồng, a quantity, a year); text or a fraction is refused in Vietnamese."""

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise ValueError(_g("“%(value)s” không phải là số.") % {"value": value})
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip().replace(" ", "")
            if isinstance(value, str) and GROUPED.match(text):
                text = text.replace(".", "")  # 1.500.000 as Vietnamese officials write it
            try:
                decimal = Decimal(text)
            except InvalidOperation:
                raise ValueError(_g("“%(value)s” không phải là số.") % {"value": value}) from None
            if decimal != decimal.to_integral_value():
                raise ValueError(_g("“%(value)s” không phải là số nguyên.") % {"value": value})
            number = int(decimal)
        if number < 0:
            raise ValueError(_g("Không được âm (%(value)s).") % {"value": value})
        return number

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
    """The shared all-or-nothing import; a bad value in a key column is reported with its column."""

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
        skip_unchanged = False
        clean_model_instances = True

    def get_export_queryset(self, request=None, **kwargs):
        return Estimate.objects.select_related("line").order_by("year", "line__section__order", "line__order")

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None and getattr(user, "is_authenticated", False):
            instance.created_by = user


class ExpenditureResource(AllOrNothingResource):
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
        skip_unchanged = False
        clean_model_instances = True

    def get_export_queryset(self, request=None, **kwargs):
        return Expenditure.objects.select_related("line", "recorded_by").order_by("year", "date", "id")

    def before_import(self, dataset, **kwargs):
        if "ID" not in (dataset.headers or []):
            dataset.append_col([""] * len(dataset), header="ID")  # new expenditures need no ID column

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "voucher_number" and row.get(field.column_name) is None:
            row[field.column_name] = ""
        if field.attribute == "description" and row.get(field.column_name) is None:
            row[field.column_name] = ""
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk and instance.source_type_id:
            errors["id"] = ValidationError(_g("Khoản chi này do một hoạt động ghi; hãy sửa ở hoạt động đó."))
        elif instance.pk:  # a saved expenditure is never changed in place (audit): correct it in the admin
            errors["id"] = ValidationError(_g(
                "Khoản chi %(id)s đã ghi không sửa được bằng tệp nhập; hãy để trống cột ID để ghi khoản chi mới "
                "hoặc sửa bằng bản ghi điều chỉnh.") % {"id": instance.pk})
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
