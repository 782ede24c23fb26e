"""A corpus of broken files sent through the admin import (django-import-export) of estimates, expenditures,
participants and outreach activities, as DoIT staff: each gets a clear message on the page (never a 500 or a
traceback) and leaves the model and its history exactly as they were."""

import io
import zipfile

import openpyxl
import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from budget.models import Estimate, Expenditure
from outreach.models import OutreachActivity
from training.models import Participant

pytestmark = pytest.mark.django_db

FORMULA = "=SUM(1,2)"
HUGE = "x" * 1_000_000

# model, headers, one row (its text column, where the formula and the huge cell go, is named by TEXT)
TARGETS = {
    "estimate": (Estimate, ["Mã dòng", "Năm", "Số lượng", "Số tiền (đồng)", "Số quyết định", "Ngày quyết định"],
                 ["IV.1", 2016, 18, 900_000_000, "12/QĐ-UBND", "10/12/2015"], "Số quyết định"),
    "expenditure": (Expenditure, ["Mã dòng", "Năm", "Ngày chi", "Số tiền (đồng)", "Nội dung chi", "Số chứng từ"],
                    ["II.1", 2016, "15/03/2016", 64_000_000, "Lớp tập huấn 1", "PC-100"], "Nội dung chi"),
    "participant": (Participant, ["Họ tên", "Chức vụ", "Mã số thuế cơ sở", "Cơ quan, đơn vị", "Thư điện tử",
                                  "Điện thoại"],
                    ["Nguyễn Văn An", "Kỹ sư", None, "UBND quận Ba Đình", "an@example.vn", "0912345678"], "Họ tên"),
    "outreach": (OutreachActivity, ["Mã", "Loại (media_campaign, workshop, reportage, article, handbook, database, "
                                    "einfo_upkeep)", "Tên hoạt động", "Ngày", "Năm kế hoạch", "Kinh phí (đồng)"],
                 [None, "article", "Bài báo sản xuất sạch hơn", "15/03/2016", 2016, 0], "Tên hoạt động"),
}


def _xlsx_bytes(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with(target, column, value):
    _model, headers, row, _text = TARGETS[target]
    return [value if header == column else cell for header, cell in zip(headers, row, strict=True)]


def _truncated(target):
    _model, headers, row, _text = TARGETS[target]
    data = _xlsx_bytes(headers, [row] * 50)
    return "xlsx", data[: len(data) // 2], None


def _zip_not_xlsx(target):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    return "xlsx", buffer.getvalue(), None


def _cp1252(target):
    _model, headers, row, text = TARGETS[target]
    lines = [",".join(headers), ",".join("" if v is None else str(v) for v in _with(target, text, "Café Crème"))]
    return "csv", ("\n".join(lines) + "\n").encode("utf-8").decode("utf-8").encode("cp1252", errors="replace"), None


def _empty_sheet(target):
    return "xlsx", _xlsx_bytes(None, []), None


def _header_only(target):
    _model, headers, _row, _text = TARGETS[target]
    return "xlsx", _xlsx_bytes(headers, []), None


def _missing_columns(target):
    _model, headers, row, _text = TARGETS[target]
    return "xlsx", _xlsx_bytes(headers[:1], [row[:1]]), None


def _formula(target):
    _model, headers, _row, text = TARGETS[target]
    return "xlsx", _xlsx_bytes(headers, [_with(target, text, FORMULA)]), escape(FORMULA)


def _huge_cell(target):
    _model, headers, _row, text = TARGETS[target]
    return "xlsx", _xlsx_bytes(headers, [_with(target, text, HUGE)]), None


CASES = {"truncated xlsx": _truncated, "zip not xlsx": _zip_not_xlsx, "csv in cp1252": _cp1252,
         "empty sheet": _empty_sheet, "header only": _header_only, "missing columns": _missing_columns,
         "formula cell": _formula, "1 MB cell": _huge_cell}

def _params():
    for target in TARGETS:
        for case in CASES:
            yield pytest.param(target, case, id=f"{target}-{case}")


def _state(model):
    return model.objects.count(), model.history.count()


def _post(client, model, kind, data):
    formats = admin.site._registry[model].get_import_formats()
    index = next(i for i, f in enumerate(formats) if f().get_title() == kind)
    opts = model._meta
    upload = SimpleUploadedFile(f"nhap.{kind}", data)
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
                       {"import_file": upload, "format": str(index)})


@pytest.mark.parametrize(("target", "case"), list(_params()))
def test_a_bad_file_gets_a_message_on_the_admin_import_page_and_changes_nothing(client_as, target, case):
    client = client_as("doit_staff")
    model = TARGETS[target][0]
    kind, data, shown = CASES[case](target)
    before = _state(model)
    response = _post(client, model, kind, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Traceback" not in html and "Exception Value" not in html
    assert _state(model) == before
    if shown:  # read as the text written in the cell, never evaluated (openpyxl stores no cached result)
        assert shown in html
    if case == "formula cell":
        return  # a formula is plain text: the dry run shows it as written, and saves nothing
    # a clear message: a form error, or the dry run refusing rows (so there is nothing to confirm)
    assert response.context.get("confirm_form") is None, f"{target}/{case} was accepted"
    form = response.context.get("form")
    result = response.context.get("result")
    assert (form is not None and form.errors) or (result is not None and (
        result.has_errors() or result.has_validation_errors())), html[:3000]


def test_a_file_of_new_activities_may_leave_out_the_id_column(client_as):
    client = client_as("doit_staff")
    _model, headers, row, _text = TARGETS["outreach"]
    media_campaign = ["media_campaign", *row[2:]]
    data = _xlsx_bytes(headers[1:], [media_campaign])  # no "Mã" column at all
    before = OutreachActivity.objects.count()
    response = _post(client, OutreachActivity, "xlsx", data)
    html = response.content.decode()
    assert "import_id_fields" not in html
    assert response.context.get("confirm_form") is not None, "a valid file of new rows must be accepted"
    assert OutreachActivity.objects.count() == before  # the dry run saves nothing
