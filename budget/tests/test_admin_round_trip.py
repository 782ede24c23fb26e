"""The admin's export of expenditures imports back (found by a QA pass as DoIT staff): the export writes the ID
column and the whole history (corrected rows, withdrawals, rows an activity posted), and importing that file failed
(a corrected row was taken for a new one and clashed on its voucher number; every other row was refused). Now an
unchanged row is skipped, a row whose figures differ from the saved expenditure is refused naming its line in the
file, and a row without ID is a new expenditure. Estimates are exported without ID, by line and year: checked too."""

import csv
import datetime
import io

import pytest
import tablib
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget import services
from budget.models import BudgetLine, Estimate, Expenditure
from budget.resources import EstimateResource, ExpenditureResource
from budget.tests.factories import EstimateFactory, line
from plan.models import Target

pytestmark = pytest.mark.django_db


def _format(model, title, kind):
    model_admin = admin.site._registry[model]
    formats = model_admin.get_export_formats() if kind == "export" else model_admin.get_import_formats()
    return str(next(i for i, f in enumerate(formats) if f().get_title() == title))


def _export(client, model, resource, title) -> bytes:
    """The admin's export as a browser sends it: every column ticked (the form's default)."""
    opts = model._meta
    ticked = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_export"),
                           {"format": _format(model, title, "export"), "resource": "0", **ticked})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return response.content


def _import(client, model, title, content):
    opts = model._meta
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"), {
        "format": _format(model, title, "import"), "resource": "0",
        "import_file": SimpleUploadedFile(f"file.{title}", content)})


def _confirm(client, model, preview):
    form = preview.context.get("confirm_form")
    assert form is not None, preview.content.decode()[-3000:]
    opts = model._meta
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"),
                       {k: form.initial.get(k, "") for k in form.fields}, follow=True)


def _history(personas):
    """Every kind of row the export writes: typed and corrected, withdrawn, posted by an activity, a typed one whose
    description a spreadsheet would take for a formula (the export escapes it), one without voucher number."""
    staff = personas["doit_staff"]
    ii1 = BudgetLine.objects.get(code="II.1")
    first = services.expenditure_save(line=ii1, year=2017, date=datetime.date(2017, 3, 10), amount_vnd=170_000_000,
                                      description="Đợt 1", voucher_number="PC-1", user=staff)
    services.expenditure_save(line=ii1, year=2017, date=datetime.date(2017, 3, 10), amount_vnd=160_000_000,
                              description="Đợt 1", voucher_number="PC-1", user=staff, instance=first)
    gone = services.expenditure_save(line=ii1, year=2017, date=datetime.date(2017, 4, 2), amount_vnd=5_000_000,
                                     description="Đợt 2", voucher_number="PC-2", user=staff)
    services.expenditure_withdraw(expenditure=gone, user=staff)
    services.activity_cost_post(source=Target.objects.get(code="T1"), activity_kind="cp_assessment",
                                line_code="IV.1", year=2017, date=datetime.date(2017, 5, 4), amount_vnd=48_000_000,
                                description="Đánh giá nhanh", user=staff)
    services.expenditure_save(line=ii1, year=2018, date=datetime.date(2018, 1, 5), amount_vnd=1_500_000,
                              description="-chi phí in ấn", voucher_number="", user=staff)


def _saved():
    return sorted(Expenditure.all_objects.values_list(
        "pk", "line__code", "year", "date", "amount_vnd", "description", "voucher_number", "superseded", "withdrawn"))


@pytest.mark.parametrize("title", ["csv", "xlsx"])
def test_a_file_just_exported_imports_back_and_changes_nothing(client_as, personas, title):
    _history(personas)
    before = _saved()
    assert len(before) == 6
    client = client_as("doit_staff")
    content = _export(client, Expenditure, ExpenditureResource, title)
    preview = _import(client, Expenditure, title, content)
    assert preview.status_code == 200 and not preview.context["result"].has_validation_errors()
    done = _confirm(client, Expenditure, preview)
    assert "Đã nhập xong: thêm mới 0, cập nhật 0, xóa 0, bỏ qua 6" in done.content.decode()
    assert _saved() == before  # nothing added, nothing changed


def _id_error(row) -> str:
    """A refused row's message under the ID column."""
    return " ".join(str(message) for message in row.error_dict["id"])


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_a_changed_row_is_refused_naming_its_line_and_a_row_without_id_is_a_new_expenditure(client_as, personas):
    _history(personas)
    before = _saved()
    client = client_as("doit_staff")
    rows = _rows(_export(client, Expenditure, ExpenditureResource, "csv"))
    header = rows[0]
    at = {name: header.index(name) for name in ("ID", "Số tiền (đồng)", "Số chứng từ")}
    current = Expenditure.objects.get(voucher_number="PC-1")  # the correction, the row that counts
    line_of_current = next(n for n, row in enumerate(rows, start=1) if row[at["ID"]] == str(current.pk))
    new = ["" if name == "ID" else value for name, value in zip(header, rows[line_of_current - 1], strict=True)]
    new[at["Số chứng từ"]] = "PC-NEW"
    rows[line_of_current - 1][at["Số tiền (đồng)"]] = "99.000.000"
    rows.append(new)

    preview = _import(client, Expenditure, "csv", _csv(rows))
    assert preview.context.get("confirm_form") is None  # nothing to confirm while a row is refused
    refused = {row.number + 1: _id_error(row) for row in preview.context["result"].invalid_rows}
    assert list(refused) == [line_of_current]
    message = refused[line_of_current]
    assert f"Dòng {line_of_current}: khoản chi ID {current.pk}" in message
    assert "số tiền (đồng): 160.000.000 → 99.000.000" in message
    assert "không sửa được bằng tệp nhập" in message and "Sửa bằng bản ghi điều chỉnh" in message
    html = preview.content.decode()
    assert "Dòng trong tệp" in html and f"<td>{line_of_current} </td>" in html and message in html
    assert _saved() == before

    del rows[line_of_current - 1]  # the changed row left out: the file adds one expenditure and skips the rest
    done = _confirm(client, Expenditure, _import(client, Expenditure, "csv", _csv(rows)))
    assert "Đã nhập xong: thêm mới 1, cập nhật 0, xóa 0, bỏ qua 5" in done.content.decode()
    added = Expenditure.objects.get(voucher_number="PC-NEW")
    assert added.amount_vnd == 160_000_000 and added.recorded_by == personas["doit_staff"]
    assert _saved() == sorted([*before, (added.pk, "II.1", 2017, datetime.date(2017, 3, 10), 160_000_000, "Đợt 1",
                                         "PC-NEW", False, False)])


def test_a_changed_row_that_cannot_be_corrected_says_why_and_an_unknown_id_is_refused(staff, personas):
    _history(personas)
    old = Expenditure.all_objects.get(voucher_number="PC-1", superseded=True)
    posted = Expenditure.objects.get(source_type__isnull=False)
    headers = ["ID", "Mã dòng", "Năm", "Ngày chi", "Số tiền (đồng)", "Nội dung chi", "Số chứng từ"]
    dataset = tablib.Dataset(
        [old.pk, "II.1", 2017, "10/03/2017", 1_000, "Đợt 1", "PC-1"],
        [posted.pk, "IV.1", 2017, "04/05/2017", 48_000_000, "Đánh giá nhanh (sửa)", ""],
        [999_999, "II.1", 2017, "10/03/2017", 1_000, "Không có", "PC-9"],
        ["abc", "II.1", 2017, "10/03/2017", 1_000, "Chữ", "PC-10"],
        [10**30, "II.1", 2017, "10/03/2017", 1_000, "Quá lớn", "PC-11"],
        headers=headers)
    result = ExpenditureResource().import_data(dataset, dry_run=True, user=staff)
    errors = {row.number + 1: _id_error(row) for row in result.invalid_rows}
    assert "Dòng 2:" in errors[2] and "đã được điều chỉnh bằng một bản ghi khác" in errors[2]
    assert "Dòng 3:" in errors[3] and "do một hoạt động ghi; hãy sửa ở hoạt động đó" in errors[3]
    assert "nội dung chi: “Đánh giá nhanh” → “Đánh giá nhanh (sửa)”" in errors[3]
    assert errors[4] == "Dòng 4: không có khoản chi ID 999999; để trống cột ID để ghi một khoản chi mới."
    assert "“abc” không phải là số" in errors[5]
    assert errors[6].startswith("Dòng 6: không có khoản chi ID 1000000000000000000000000000000;")
    assert Expenditure.all_objects.count() == 6


def test_the_estimates_exported_import_back_and_change_nothing(client_as):
    EstimateFactory(line=line("IV.1"), year=2016, amount_vnd=900_000_000, decision_number="-12/QĐ-UBND")
    EstimateFactory(line=line("II.1"), year=2017, amount_vnd=640_000_000, decision_date=None)
    before = sorted(Estimate.objects.values_list("pk", "line__code", "year", "quantity", "amount_vnd",
                                                 "decision_number", "decision_date"))
    client = client_as("doit_staff")
    for title in ("csv", "xlsx"):
        preview = _import(client, Estimate, title, _export(client, Estimate, EstimateResource, title))
        assert not preview.context["result"].has_validation_errors(), preview.content.decode()[-3000:]
        done = _confirm(client, Estimate, preview)
        assert "Đã nhập xong: thêm mới 0, cập nhật 0, xóa 0, bỏ qua 2" in done.content.decode()
        assert sorted(Estimate.objects.values_list("pk", "line__code", "year", "quantity", "amount_vnd",
                                                   "decision_number", "decision_date")) == before


def test_an_empty_text_cell_is_the_columns_blank_not_a_database_error(plan_loaded):
    """An estimate row with no decision number: saved with "" (the column's blank); it was refused with the
    database's own "NOT NULL constraint failed: budget_estimate.decision_number"."""
    dataset = tablib.Dataset(headers=["Mã dòng", "Năm", "Số lượng", "Số tiền (đồng)", "Số quyết định",
                                      "Ngày quyết định"])
    dataset.append(["II.1", 2017, 2, 160_000_000, None, None])
    result = EstimateResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), [
        (row.number, row.error_dict) for row in result.invalid_rows]
    assert Estimate.objects.get(line__code="II.1", year=2017).decision_number == ""
