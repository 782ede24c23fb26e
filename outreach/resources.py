"""xlsx/csv import and export of outreach activities (Vietnamese columns); each imported activity posts its
cost once to its line, and a line of another kind is a row error (the whole file is then refused)."""

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.widgets import DateWidget, ForeignKeyWidget, IntegerWidget

from outreach.models import OutreachActivity


class OutreachActivityResource(resources.ModelResource):
    id = fields.Field("id", "Mã", widget=IntegerWidget())
    kind = fields.Field("kind", "Loại (media_campaign, workshop, reportage, article, handbook, database, "
                                "einfo_upkeep)")
    title = fields.Field("title", "Tên hoạt động")
    date = fields.Field("date", "Ngày", widget=DateWidget("%d/%m/%Y"))
    year = fields.Field("year", "Năm kế hoạch", widget=IntegerWidget())
    budget_line_code = fields.Field("budget_line_code", "Dòng kinh phí")
    cost_vnd = fields.Field("cost_vnd", "Kinh phí (đồng)", widget=IntegerWidget())
    venue = fields.Field("venue", "Địa điểm")
    broadcaster = fields.Field("broadcaster", "Đài phát sóng")
    air_date = fields.Field("air_date", "Ngày phát sóng", widget=DateWidget("%d/%m/%Y"))
    outlet = fields.Field("outlet", "Báo, tạp chí")
    link = fields.Field("link", "Đường dẫn")
    sector = fields.Field("sector", "Mã ngành", widget=ForeignKeyWidget("enterprises.Sector", "code"))

    class Meta:
        model = OutreachActivity
        fields = ("id", "kind", "title", "date", "year", "budget_line_code", "cost_vnd", "venue", "broadcaster",
                  "air_date", "outlet", "link", "sector")
        import_id_fields = ("id",)
        clean_model_instances = True
        use_transactions = True

    def after_save_instance(self, instance, row, **kwargs):
        from outreach.services import activity_cost_post

        try:
            activity_cost_post(activity=instance, user=kwargs.get("user"))
        except ValidationError as exc:
            raise ValidationError({"budget_line_code": exc.messages}) from exc
