"""xlsx/csv import and export of outreach activities (Vietnamese columns); each imported activity posts its
cost once to its line. A bad row (unknown line, a line of another kind, a negative cost, text in a number column,
an end before the start…) is reported with its number in the dry run, and the real run is all or nothing."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import DateWidget

from budget.resources import DayWidget
from outreach.models import OutreachActivity
from training.resources import AllOrNothingResource, CodeForeignKeyWidget, WholeNumberWidget


def line_error(line_code: str, kind: str) -> str | None:
    """Why `line_code` cannot pay an activity of `kind`, or None when it can."""
    from budget.models import BudgetLine

    line = BudgetLine.objects.filter(code=line_code).order_by("-section__plan__start_year").first()
    if line is None:
        return _("Không có dòng kinh phí %(code)s.") % {"code": line_code}
    if line.activity_kind != kind:
        return (_("Dòng %(code)s dùng cho “%(kind)s”, không phải cho hoạt động này.")
                % {"code": line_code, "kind": line.get_activity_kind_display()})
    return None


class Day(DayWidget):
    """A date as the budget's imports read it (dd/mm/yyyy, and a Vietnamese message naming the value when it is no
    date: "31/02/2018" gave django-import-export's English "Value could not be parsed"), written dd/mm/yyyy."""

    render = DateWidget.render


class PlainNumber(WholeNumberWidget):
    """A year or an id: read as a whole number, written as it is (2017) in a csv export, never grouped like an
    amount ("2.017"); an xlsx cell stays a number. (The import's preview writes it so too, by the shared rule of
    plan.imports.is_plain_number.)"""

    def render(self, value, obj=None, **kwargs):
        if self.coerce_to_string and not kwargs.get("force_native_type") and isinstance(value, int) \
                and not isinstance(value, bool):
            return str(value)
        return super().render(value, obj, **kwargs)


# Keyed by the activity's fields, so a refused row names its column: a year outside the plan under "Năm kế hoạch".
COST_FIELDS = {"line_code": "budget_line_code", "year": "year", "amount_vnd": "cost_vnd", "activity_kind": "kind"}


class OutreachActivityResource(AllOrNothingResource):
    id = fields.Field("id", "Mã", widget=PlainNumber())
    kind = fields.Field("kind", "Loại (media_campaign, workshop, reportage, article, handbook, database, "
                                "einfo_upkeep)")
    title = fields.Field("title", "Tên hoạt động")
    date = fields.Field("date", "Ngày", widget=Day())
    end_date = fields.Field("end_date", "Đến ngày", widget=Day())
    year = fields.Field("year", "Năm kế hoạch", widget=PlainNumber())
    budget_line_code = fields.Field("budget_line_code", "Dòng kinh phí")
    cost_vnd = fields.Field("cost_vnd", "Kinh phí (đồng)", widget=WholeNumberWidget())
    venue = fields.Field("venue", "Địa điểm")
    broadcaster = fields.Field("broadcaster", "Đài phát sóng")
    air_date = fields.Field("air_date", "Ngày phát sóng", widget=Day())
    outlet = fields.Field("outlet", "Báo, tạp chí")
    link = fields.Field("link", "Đường dẫn")
    sector = fields.Field("sector", "Mã ngành", widget=CodeForeignKeyWidget("enterprises.Sector", "code"))

    class Meta:
        model = OutreachActivity
        fields = ("id", "kind", "title", "date", "end_date", "year", "budget_line_code", "cost_vnd", "venue",
                  "broadcaster", "air_date", "outlet", "link", "sector")
        import_id_fields = ("id",)
        clean_model_instances = True
        use_transactions = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        from outreach.services import activity_cost_check

        errors = {}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique=validate_unique)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # checked before saving, so a refused row never reaches the database, even inside the dry run
        if "budget_line_code" not in errors and "kind" not in errors and instance.kind \
                and (instance.budget_line_code or (instance.cost_vnd or 0) > 0):
            reason = line_error(instance.line_code, instance.kind)
            if reason:
                errors["budget_line_code"] = [reason]
        if not errors:  # what posting the cost refuses (a year outside the plan), under its own column
            try:
                activity_cost_check(activity=instance)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        from outreach.services import activity_cost_post

        try:
            activity_cost_post(activity=instance, user=kwargs.get("user"))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise ValidationError({"budget_line_code": exc.messages}) from exc
            raise ValidationError({COST_FIELDS.get(field, "budget_line_code"): [m for e in errors for m in e.messages]
                                   for field, errors in exc.error_dict.items()}) from exc
