"""Dates and numbers as Vietnamese pages write them (found by a QA pass): the budget's import previews showed
"2019-06-15" and "1000000" (now 15/06/2019 and 1.000.000; a year stays 2019), an assessment's label ended
"– 2018-09-01" (now dd/mm/yyyy in both languages) and a consumption norm's read "1050.000 kWh/tấn" (now
"1.050 kWh/tấn", the active language's format)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from budget.models import Estimate, Expenditure
from tests.test_library_vietnamese import _xlsx, visible_text

pytestmark = pytest.mark.django_db

ESTIMATE_HEADERS = ["Mã dòng", "Năm", "Số lượng", "Số tiền (đồng)", "Số quyết định", "Ngày quyết định"]
EXPENDITURE_HEADERS = ["Mã dòng", "Năm", "Ngày chi", "Số tiền (đồng)", "Nội dung chi", "Số chứng từ"]


def _preview(client, model, rows) -> str:
    """The text of the import's preview table (the confirm form is there: the file is good)."""
    opts = model._meta
    formats = admin.site._registry[model].get_import_formats()
    xlsx = next(i for i, f in enumerate(formats) if f().get_title() == "xlsx")
    response = client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
                           {"import_file": SimpleUploadedFile("tep.xlsx", _xlsx(rows)), "format": str(xlsx)})
    assert response.status_code == 200
    assert response.context.get("confirm_form") is not None, visible_text(response.content.decode())[-2000:]
    table = re.search(r'<table class="import-preview">.*?</table>', response.content.decode(), re.S)
    assert table, "no preview table"
    return visible_text(table.group(0))


@pytest.mark.parametrize(("language", "amount"), [("vi", "1.000.000"), ("en", "1,000,000")])
def test_the_estimate_import_preview_writes_the_date_and_the_amount_as_the_pages_do(doit_in, language, amount):
    rows = [ESTIMATE_HEADERS, ["IV.1", 2019, 1200, 1_000_000, "12/QĐ-UBND", datetime.date(2019, 6, 15)],
            ["IV.3", 2019, 2, 5_000, "12/QĐ-UBND", None]]
    text = _preview(doit_in(language), Estimate, rows)
    assert "15/06/2019" in text and amount in text, text
    assert "2019-06-15" not in text and "1000000" not in text, text
    assert " 2019 " in f" {text} " and "2.019" not in text and "2,019" not in text, text  # the year as written
    assert "None" not in text, text  # the second row's empty decision date
    assert ("1.200" if language == "vi" else "1,200") in text  # a quantity is grouped too
    assert not Estimate.objects.exists()  # a preview saves nothing


@pytest.mark.parametrize(("language", "amount"), [("vi", "1.000.000"), ("en", "1,000,000")])
def test_the_expenditure_import_preview_writes_the_date_and_the_amount_as_the_pages_do(doit_in, language, amount):
    rows = [EXPENDITURE_HEADERS, ["II.1", 2019, datetime.date(2019, 6, 15), 1_000_000, "Lớp tập huấn", "PC-9"]]
    text = _preview(doit_in(language), Expenditure, rows)
    assert "15/06/2019" in text and amount in text, text
    assert "2019-06-15" not in text and "1000000" not in text and "None" not in text, text
    assert "2.019" not in text and "2,019" not in text, text
    assert not Expenditure.objects.exists()


def test_the_table_of_refused_rows_shows_each_cell_as_the_file_has_it(doit_in):
    """A refused row's cells (the file's own) are never localized into "2.019" nor given a time "00:00"."""
    rows = [EXPENDITURE_HEADERS, ["IX.9", 2019, datetime.date(2019, 6, 15), 1_000_000, "Lớp tập huấn", "PC-9"]]
    opts = Expenditure._meta
    formats = admin.site._registry[Expenditure].get_import_formats()
    xlsx = next(i for i, f in enumerate(formats) if f().get_title() == "xlsx")
    response = doit_in("vi").post(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"),
                                  {"import_file": SimpleUploadedFile("tep.xlsx", _xlsx(rows)), "format": str(xlsx)})
    assert response.context.get("confirm_form") is None
    table = re.search(r'<table class="import-preview">.*?</table>', response.content.decode(), re.S)
    text = visible_text(table.group(0))
    assert "Không có dòng kinh phí mã IX.9." in text, text
    assert "IX.9 2019 15/06/2019 1000000 Lớp tập huấn PC-9" in text, text
    assert "2.019" not in text and "00:00" not in text, text


def test_the_exported_file_keeps_dates_and_numbers_as_values(personas):
    """Only the preview's text is formatted: the export still writes a date and a number a spreadsheet can sum."""
    from budget.resources import ExpenditureResource
    from budget.services import expenditure_save
    from budget.tests.factories import line

    expenditure_save(line=line("II.1"), year=2019, date=datetime.date(2019, 6, 15), amount_vnd=1_000_000,
                     description="Lớp tập huấn", voucher_number="PC-9", user=personas["doit_staff"])
    row = ExpenditureResource().export().dict[0]
    assert row["Ngày chi"] == datetime.date(2019, 6, 15) and row["Số tiền (đồng)"] == 1_000_000


@pytest.fixture
def norm_and_assessment():
    from enterprises.models import ConsumptionNorm, Sector
    from enterprises.tests.factories import AssessmentFactory

    norm = ConsumptionNorm.objects.create(sector=Sector.objects.get(code="10"), product="Bia", resource="electricity",
                                          unit="kWh/tấn", norm_per_unit=Decimal("1050.000"),
                                          source_document="TT 19/2016/TT-BCT", valid_from_year=2016)
    return norm, AssessmentFactory(date=datetime.date(2018, 9, 1))


def test_an_assessments_label_writes_its_date_day_first_in_both_languages(norm_and_assessment):
    _norm, assessment = norm_and_assessment
    for language in ("vi", "en"):
        with translation.override(language):
            assert str(assessment) == f"{assessment.request.enterprise} – 01/09/2018"


def test_a_consumption_norms_label_writes_the_norm_without_trailing_zeros_in_the_languages_format(
        norm_and_assessment):
    norm, _assessment = norm_and_assessment
    norm.refresh_from_db()  # as the database gives it: Decimal("1050.000")
    with translation.override("vi"):
        assert str(norm) == "Bia: 1.050 kWh/tấn (TT 19/2016/TT-BCT)"
        norm.norm_per_unit = Decimal("0.125")
        assert str(norm) == "Bia: 0,125 kWh/tấn (TT 19/2016/TT-BCT)"
        norm.norm_per_unit = Decimal("1250.500")
        assert str(norm) == "Bia: 1.250,5 kWh/tấn (TT 19/2016/TT-BCT)"
    with translation.override("en"):
        assert str(norm) == "Bia: 1,250.5 kWh/tấn (TT 19/2016/TT-BCT)"
        norm.norm_per_unit = Decimal("1050.000")
        assert str(norm) == "Bia: 1,050 kWh/tấn (TT 19/2016/TT-BCT)"
