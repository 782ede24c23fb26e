"""xlsx/csv import and export of participants, Vietnamese columns, enterprises by tax code (all or nothing)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from training.models import Participant


class ParticipantResource(resources.ModelResource):
    full_name = fields.Field("full_name", "Họ tên")
    position = fields.Field("position", "Chức vụ")
    enterprise = fields.Field("enterprise", "Mã số thuế cơ sở", widget=ForeignKeyWidget("enterprises.Enterprise",
                                                                                       "tax_code"))
    agency = fields.Field("agency", "Cơ quan, đơn vị")
    email = fields.Field("email", "Thư điện tử")
    phone = fields.Field("phone", "Điện thoại")

    class Meta:
        model = Participant
        fields = ("full_name", "position", "enterprise", "agency", "email", "phone")
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        if row.get("Thư điện tử"):
            row["Thư điện tử"] = str(row["Thư điện tử"]).strip().lower()
