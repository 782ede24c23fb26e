"""Import of estimates and expenditures from xlsx/csv: dry run reports every bad row, the real run is all or nothing."""

import datetime
from io import BytesIO

import pytest
import tablib
from openpyxl import Workbook

from budget.models import Estimate, Expenditure
from budget.resources import EstimateResource, ExpenditureResource
from budget.tests.factories import EstimateFactory, ExpenditureFactory, line

pytestmark = pytest.mark.django_db

EXP_HEADERS = ["Mã dòng", "Năm", "Ngày chi", "Số tiền (đồng)", "Nội dung chi", "Số chứng từ"]
GOOD = ["II.1", 2016, "15/03/2016", 64_000_000, "Lớp tập huấn 1", "PC-100"]


def _dataset(headers, rows):
    return tablib.Dataset(*rows, headers=headers)


def _errors(result):
    """{row number: {field: messages}} of a result: validation errors and row errors."""
    errors = {row.number: {f: [str(m) for m in ms] for f, ms in row.error_dict.items()} for row in result.invalid_rows}
    for number, row_errors in result.row_errors():
        errors.setdefault(number, {})["__row__"] = [str(e.error) for e in row_errors]
    return errors


def test_a_good_file_imports_estimates_and_a_second_run_updates_them(staff):
    rows = [["IV.1", 2016, 18, 900_000_000, "12/QĐ-UBND", "10/12/2015"],
            ["IV.3", 2016, 2, "400.000.000", "12/QĐ-UBND", "2015-12-10"]]
    headers = ["Mã dòng", "Năm", "Số lượng", "Số tiền (đồng)", "Số quyết định", "Ngày quyết định"]
    result = EstimateResource().import_data(_dataset(headers, rows), dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Estimate.objects.get(line__code="IV.3", year=2016).amount_vnd == 400_000_000
    assert Estimate.objects.get(line__code="IV.1").decision_date == datetime.date(2015, 12, 10)
    rows[0][3] = 850_000_000
    EstimateResource().import_data(_dataset(headers, rows), dry_run=False, user=staff)
    assert Estimate.objects.count() == 2
    assert Estimate.objects.get(line__code="IV.1").amount_vnd == 850_000_000


def test_the_dry_run_reports_each_bad_row_with_its_number_and_field(staff):
    ExpenditureFactory(voucher_number="PC-OLD")
    rows = [
        GOOD,
        ["II.1", 2016, "16/03/2016", -5, "âm", "PC-101"],
        ["II.1", 2016, "17/03/2016", "mười triệu", "chữ", "PC-102"],
        ["IX.9", 2016, "18/03/2016", 1_000_000, "dòng lạ", "PC-103"],
        ["II.1", 2015, "19/03/2015", 1_000_000, "năm 2015", "PC-104"],
        ["II.1", 2016, "20/03/2016", 1_000_000, "trùng trong CSDL", "PC-OLD"],
        ["II.1", 2016, "21/03/2016", 1_000_000, "trùng trong tệp", "PC-100"],
    ]
    result = ExpenditureResource().import_data(_dataset(EXP_HEADERS, rows), dry_run=True, user=staff)
    errors = _errors(result)
    assert set(errors) == {2, 3, 4, 5, 6, 7}
    assert "amount_vnd" in errors[2] and "âm" in errors[2]["amount_vnd"][0]
    assert "amount_vnd" in errors[3] and "không phải là số" in errors[3]["amount_vnd"][0]
    assert "line" in errors[4] and "IX.9" in errors[4]["line"][0]
    assert "year" in errors[5] and "2015" in errors[5]["year"][0]
    assert "voucher_number" in errors[6] and "PC-OLD" in errors[6]["voucher_number"][0]
    assert "voucher_number" in errors[7]
    assert Expenditure.objects.count() == 1  # a dry run saves nothing


def test_the_real_run_saves_nothing_when_any_row_is_bad(staff):
    rows = [GOOD, ["II.1", 2016, "16/03/2016", 2_000_000, "tốt", "PC-200"],
            ["II.1", 2016, "17/03/2016", "abc", "xấu", "PC-201"]]
    result = ExpenditureResource().import_data(_dataset(EXP_HEADERS, rows), dry_run=False, user=staff)
    assert result.has_validation_errors()
    assert not Expenditure.objects.exists()


def test_a_good_xlsx_file_imports_expenditures_with_the_importing_user(staff):
    wb = Workbook()
    ws = wb.active
    ws.append(EXP_HEADERS)
    ws.append(["II.1", 2016, datetime.datetime(2016, 3, 15), 64_000_000, "Lớp 1", "PC-300"])
    ws.append(["II.1", 2016, datetime.datetime(2016, 4, 15), 64_000_000, "Lớp 2", None])
    buffer = BytesIO()
    wb.save(buffer)
    dataset = tablib.Dataset().load(buffer.getvalue(), format="xlsx")
    result = ExpenditureResource().import_data(dataset, dry_run=False, user=staff)
    assert not result.has_validation_errors() and not result.has_errors(), _errors(result)
    assert sorted(Expenditure.objects.values_list("voucher_number", flat=True)) == ["", "PC-300"]
    assert set(Expenditure.objects.values_list("recorded_by__username", flat=True)) == {"test.doit_staff"}


def test_exports_have_vietnamese_headers_and_line_codes(staff):
    EstimateFactory(line=line("IV.1"), year=2016, amount_vnd=900_000_000)
    ExpenditureFactory(line=line("IV.1"), year=2016, voucher_number="PC-1")
    estimates = EstimateResource().export()
    assert estimates.headers[:4] == ["Mã dòng", "Nội dung", "Năm", "Số lượng"]
    assert estimates.dict[0]["Mã dòng"] == "IV.1" and estimates.dict[0]["Số tiền (đồng)"] == 900_000_000
    spending = ExpenditureResource().export()
    assert "Số chứng từ" in spending.headers and spending.dict[0]["Mã dòng"] == "IV.1"
    assert isinstance(spending.dict[0]["Số tiền (đồng)"], int)


def test_the_admin_import_of_a_good_file_offers_the_confirmation(client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "\n".join([",".join(EXP_HEADERS), ",".join(str(v) for v in GOOD)]).encode("utf-8")
    response = client_as("doit_staff").post("/admin/budget/expenditure/import/", {
        "format": "0", "resource": "0", "import_file": SimpleUploadedFile("chi.csv", content, content_type="text/csv")})
    assert "process_import" in response.content.decode()
    assert not Expenditure.objects.exists()  # the dry run saved nothing


def test_the_admin_import_dry_run_lists_bad_rows_and_confirms_nothing(client_as):
    client = client_as("doit_staff")
    content = "\n".join([",".join(EXP_HEADERS), ",".join(str(v) for v in GOOD),
                         "II.1,2015,16/03/2015,-3,xấu,PC-9"]).encode("utf-8")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/admin/budget/expenditure/import/", {
        "format": "0", "resource": "0",
        "import_file": SimpleUploadedFile("chi.csv", content, content_type="text/csv")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không được âm" in html and "ngoài kế hoạch" in html
    assert "process_import" not in html  # no confirm form while a row is bad
    assert not Expenditure.objects.exists()


def test_an_import_row_naming_a_saved_expenditure_is_refused_and_changes_nothing(staff):
    spent = ExpenditureFactory(line=line("II.1"), year=2016, amount_vnd=10_000_000)
    dataset = _dataset(EXP_HEADERS + ["ID"], [["II.1", 2016, "15/03/2016", 99_000_000, "Sửa", "PC-777", spent.pk]])
    result = ExpenditureResource().import_data(dataset, dry_run=False, user=staff)
    assert "không sửa được bằng tệp nhập" in " ".join(_errors(result)[1]["id"])
    assert list(Expenditure.all_objects.values_list("pk", "amount_vnd")) == [(spent.pk, 10_000_000)]
