"""xlsx/csv import and export of participants, Vietnamese columns, enterprises by tax code (all or nothing).

Every import goes through a dry run first (the admin shows each bad row with its number and reason); the real run
rolls back the whole file if any row is refused, so a file is imported entirely or not at all.
"""

from collections import Counter

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from import_export import fields
from import_export.widgets import ForeignKeyWidget, IntegerWidget

from plan.imports import AllOrNothingResource as BaseAllOrNothingResource
from training.models import Participant


class WholeNumberWidget(IntegerWidget):
    """An integer cell; text is refused with a Vietnamese message instead of a parser error."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ValueError, ArithmeticError) as exc:
            raise ValueError(_("“%(v)s” không phải là số nguyên.") % {"v": value}) from exc


class CodeForeignKeyWidget(ForeignKeyWidget):
    """A related row found by its code; an unknown code is a row error naming the code, not a crash.

    The model may be given as "app.Model" (resolved when used: the resource module is imported before apps load).
    """

    def __init__(self, model, field="pk", **kwargs):
        self._model = model
        super().__init__(model, field=field, **kwargs)

    @property
    def model(self):
        if isinstance(self._model, str):
            from django.apps import apps

            self._model = apps.get_model(self._model)
        return self._model

    @model.setter
    def model(self, value):
        self._model = value

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except ObjectDoesNotExist as exc:
            raise ValueError(_("Không có mã “%(v)s”.") % {"v": value}) from exc


class AllOrNothingResource(BaseAllOrNothingResource):
    """The shared all-or-nothing import (an empty text cell is its blank: plan.imports); here a new row may leave
    out the id column."""

    id_column_optional = True


class ParticipantResource(AllOrNothingResource):
    full_name = fields.Field("full_name", "Họ tên")
    position = fields.Field("position", "Chức vụ")
    enterprise = fields.Field("enterprise", "Mã số thuế cơ sở",
                              widget=CodeForeignKeyWidget("enterprises.Enterprise", "tax_code"))
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

    @staticmethod
    def _email(value) -> str:
        return str(value or "").strip().lower()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        column = "Thư điện tử"
        emails = [self._email(v) for v in dataset[column]] if column in (dataset.headers or []) else []
        counts = Counter(e for e in emails if e)
        self._first_row_of = {}  # e-mail -> the data row (1 = the row after the header) of its first copy
        for number, email in enumerate(emails, 1):
            if counts[email] > 1:
                self._first_row_of.setdefault(email, number)

    def before_import_row(self, row, **kwargs):
        if row.get("Thư điện tử") is not None:
            row["Thư điện tử"] = self._email(row["Thư điện tử"])
        email = row.get("Thư điện tử") or ""
        first = getattr(self, "_first_row_of", {}).get(email)
        if first is not None and first != kwargs.get("row_number"):
            # the same person twice in one file: the second row would silently overwrite the first. Rows are
            # counted from 1 after the header (row_number), lines in the file from the header's 1, as the import
            # page shows them: the first copy is on line first + 1.
            raise ValidationError({"email": _("Thư điện tử %(email)s trùng với dòng %(n)s trong tệp.")
                                   % {"email": email, "n": first + 1}})
