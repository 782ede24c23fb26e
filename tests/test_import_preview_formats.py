"""The admin imports' previews (the table shown before "Xác nhận nhập") write dates and numbers as the pages do, for
every resource, by one rule (plan.imports.PreviewDiff on the shared AllOrNothingResource): a date 10/05/2017, an
amount 12.500.000.000 (12,500,000,000 in English), a decimal 1.250,5, a year and an id as written (2017). Found by
QA: the registry's preview wrote "12500000000" and left out the size and status; a resource on the shared base with
import-export's own widgets wrote "2017-05-10" and "1250.500" (the budget's previews were fixed first, on their
own). The exported files keep their values and formats, so that they import back."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.utils import translation

from enterprises.imports import COLUMNS
from enterprises.models import ConsumptionRecord, Enterprise
from outreach.models import OutreachActivity
from outreach.resources import OutreachActivityResource
from plan.imports import AllOrNothingResource, preview_value
from tests.test_library_vietnamese import visible_text
from tests.test_qa_cosmetic_formats import _preview
from training.models import Participant

pytestmark = pytest.mark.django_db

GROUPED = {"vi": ("12.500.000.000", "3.000.000.000", "10.000.000.000"),
           "en": ("12,500,000,000", "3,000,000,000", "10,000,000,000")}


# --- the registry (enterprises) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_registry_import_preview_groups_amounts_and_names_the_size_and_status(doit_in, personas, language):
    headers = [header for _field, header in COLUMNS]
    rows = [headers,
            ["0314409058-002", "Công ty A", "Số 1", "001", "10", "", "nhỏ", 50, 12_500_000_000, 3_000_000_000, "",
             "", "", ""],
            ["0100109106", "Công ty Persona Ba Đình", "", "001", "10", "", "nhỏ", 60, 10_000_000_000, None, "", "",
             "", ""]]  # the persona's facility: an update, its saved figures on the left
    text = _preview(doit_in(language), Enterprise, rows)
    for amount in GROUPED[language]:
        assert amount in text, text
    assert "12500000000" not in text and "10000000000" not in text and "None" not in text, text
    assert "0314409058-002" in text and " 001 " in text  # codes stay as written
    with translation.override(language):
        size, status = str(Enterprise.Size.SMALL.label), str(Enterprise.Status.ACTIVE.label)
    assert text.count(f" {size} ") == 2 and text.count(f" {status}") == 2, text  # as the export writes them
    assert not Enterprise.objects.filter(tax_code="0314409058-002").exists()  # a preview saves nothing
    assert Enterprise.objects.get(tax_code="0100109106").workers == 50


# --- outreach activities ------------------------------------------------------------------------------------


OUTREACH_HEADERS = [f.column_name for f in OutreachActivityResource().get_import_fields()]


def _activity_row(**values):
    row = dict.fromkeys(OUTREACH_HEADERS)
    row.update({OUTREACH_HEADERS[1]: "workshop", "Tên hoạt động": "Hội thảo SXSH ngành dệt may",
                "Ngày": datetime.datetime(2017, 5, 10), "Đến ngày": datetime.date(2017, 5, 11), "Năm kế hoạch": 2017,
                "Kinh phí (đồng)": 80_000_000, "Địa điểm": "Hà Nội", **values})
    return [row[header] for header in OUTREACH_HEADERS]


@pytest.mark.parametrize(("language", "amount"), [("vi", "80.000.000"), ("en", "80,000,000")])
def test_the_outreach_import_preview_writes_dates_day_first_and_amounts_grouped(doit_in, plan_loaded, language,
                                                                               amount):
    saved = OutreachActivity.objects.create(kind="workshop", title="Hội thảo cũ", date=datetime.date(2017, 4, 2),
                                            year=2017, cost_vnd=0)
    OutreachActivity.objects.filter(pk=saved.pk).update(id=1234)
    text = _preview(doit_in(language), OutreachActivity, [
        OUTREACH_HEADERS, _activity_row(),
        _activity_row(**{"Mã": 1234, "Tên hoạt động": "Hội thảo cũ", "Ngày": "03/04/2017", "Đến ngày": None,
                         "Kinh phí (đồng)": 0})])
    assert "10/05/2017" in text and "11/05/2017" in text and amount in text, text
    assert "2017-05-10" not in text and "2017-04-02" not in text and "80000000" not in text, text
    assert " 1234 " in text and " 2017 " in text, text  # an id and a year as written
    assert "1.234" not in text and "1,234" not in text and "2.017" not in text and "2,017" not in text, text
    assert "None" not in text, text
    assert list(OutreachActivity.objects.values_list("id", flat=True)) == [1234]


# --- training participants ----------------------------------------------------------------------------------


def test_the_participant_import_preview_shows_each_cell_as_written(doit_in, personas):
    """Participants have no date and no amount: codes and telephone numbers are text, never grouped."""
    text = _preview(doit_in("vi"), Participant, [
        ["Họ tên", "Chức vụ", "Mã số thuế cơ sở", "Cơ quan, đơn vị", "Thư điện tử", "Điện thoại"],
        ["Nguyễn Văn An", "Kỹ sư", "0100109106", None, "an@example.vn", "0912345678"]])
    assert "Nguyễn Văn An Kỹ sư 0100109106 an@example.vn 0912345678" in text, text
    assert "None" not in text and "912.345.678" not in text, text
    assert not Participant.objects.exists()


# --- the shared rule ----------------------------------------------------------------------------------------


class ConsumptionWithDefaultWidgets(AllOrNothingResource):
    """A resource on the shared base with import-export's own widgets for each field (a decimal's DecimalWidget)."""

    id_column_optional = True

    class Meta:
        model = ConsumptionRecord
        fields = ("id", "enterprise", "year", "resource", "unit", "quantity", "output_quantity", "product_unit")


class EnterpriseWithDefaultWidgets(AllOrNothingResource):
    """Another, with a date (import-export's DateWidget writes it as settings.DATE_INPUT_FORMATS[0]: ISO)."""

    class Meta:
        model = Enterprise
        fields = ("tax_code", "name", "district", "sector", "size", "workers", "revenue_vnd", "registered_on")
        import_id_fields = ("tax_code",)


def _dry_run_text(resource, dataset) -> str:
    result = resource.import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors(), [
        row.error_dict for row in result.invalid_rows]
    return visible_text("".join(cell for row in result.rows for cell in row.diff))


@pytest.mark.parametrize(("language", "quantity", "output"), [("vi", "1.250,5", "2.000"), ("en", "1,250.5", "2,000")])
def test_any_resource_on_the_shared_base_previews_decimals_and_dates_as_the_pages_do(personas, language, quantity,
                                                                                   output):
    enterprise = Enterprise.objects.get(tax_code="0100109106")
    with translation.override(language):
        text = _dry_run_text(ConsumptionWithDefaultWidgets(), tablib.Dataset(
            [enterprise.pk, 2017, "electricity", "kWh", 1250.5, 2000, "tấn"],  # number cells
            headers=["enterprise", "year", "resource", "unit", "quantity", "output_quantity", "product_unit"]))
        assert f" {quantity} " in f" {text} " and f" {output} " in f" {text} ", text
        assert "1250.5" not in text and "2.017" not in text and "2,017" not in text, text
        dated = _dry_run_text(EnterpriseWithDefaultWidgets(), tablib.Dataset(
            ["0314409058-002", "Công ty A", enterprise.district_id, enterprise.sector_id, "small", 50,
             "12500000000", "2026-03-15"],
            headers=["tax_code", "name", "district", "sector", "size", "workers", "revenue_vnd", "registered_on"]))
    assert "15/03/2026" in dated and "2026-03-15" not in dated, dated
    assert GROUPED[language][0] in dated, dated
    assert not ConsumptionRecord.objects.exists() and not Enterprise.objects.filter(name="Công ty A").exists()


def test_preview_value_writes_each_kind_of_value_in_the_active_language():
    moment = datetime.datetime(2026, 3, 15, 8, 30, tzinfo=datetime.UTC)  # 15:30 in Hà Nội
    with translation.override("vi"):
        assert preview_value(datetime.date(2026, 3, 15)) == "15/03/2026"
        assert preview_value(moment) == "15:30 15/03/2026"
        assert preview_value(17_700_000) == "17.700.000" and preview_value(2019, plain=True) == "2019"
        assert preview_value(Decimal("1050.000")) == "1.050" and preview_value(Decimal("0.125")) == "0,125"
        assert preview_value(1250.5) == "1.250,5" and preview_value(None) == ""
        assert preview_value("2026-03-15") == "2026-03-15"  # text is the file's own: as written
        assert preview_value(True) is True
    with translation.override("en"):
        assert preview_value(Decimal("1250.500")) == "1,250.5" and preview_value(17_700_000) == "17,700,000"
        assert preview_value(datetime.date(2026, 3, 15)) == "15/03/2026"
    assert preview_value(10**20, plain=True) == "1" + "0" * 20
    with translation.override("vi"):
        assert preview_value(1e30) == "1" + ".000" * 10  # no exponent, whatever the size
