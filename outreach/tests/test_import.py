"""The admin import of outreach activities (xlsx): each bad row named in the dry run, the real run all or nothing."""

import datetime

import pytest

from budget.models import Expenditure
from outreach.models import OutreachActivity
from outreach.resources import OutreachActivityResource
from training.tests.factories import admin_import, invalid_rows, xlsx_upload

pytestmark = pytest.mark.django_db

HEADERS = [f.column_name for f in OutreachActivityResource().get_import_fields()]
D = datetime.datetime


def row(**values):
    base = {"Mã": None, "Tên hoạt động": "Hội thảo SXSH ngành dệt may", "Ngày": D(2017, 5, 10), "Đến ngày": None,
            "Năm kế hoạch": 2017, "Dòng kinh phí": None, "Kinh phí (đồng)": 80_000_000, "Địa điểm": "Hà Nội",
            "Đài phát sóng": None, "Ngày phát sóng": None, "Báo, tạp chí": None, "Đường dẫn": None, "Mã ngành": None}
    base[HEADERS[1]] = "workshop"
    base.update({HEADERS[1] if k == "kind" else k: v for k, v in values.items()})
    return [base[h] for h in HEADERS]


def test_a_dry_run_lists_every_bad_activity_row_with_its_reason_and_saves_nothing(client_as, plan_loaded):
    upload = xlsx_upload(HEADERS, [
        row(),                                                          # 1: good
        row(**{"Dòng kinh phí": "IX.9"}),                               # 2: unknown line
        row(**{"Dòng kinh phí": "II.1"}),                               # 3: a training line for a workshop
        row(**{"Kinh phí (đồng)": -5}),                                 # 4: negative cost
        row(**{"Kinh phí (đồng)": "tám mươi triệu"}),                   # 5: text in a number column
        row(**{"Đến ngày": D(2017, 5, 1)}),                             # 6: ends before it starts
        row(**{"Năm kế hoạch": "hai nghìn"}),                           # 7: text in the year
        row(**{"Ngày": "31/02/2018"}),                                  # 8: no such day
    ])
    rows = invalid_rows(admin_import(client_as("doit_staff"), OutreachActivity, upload))
    assert set(rows) == {2, 3, 4, 5, 6, 7, 8}, rows
    assert "“31/02/2018” không phải là ngày (dd/mm/yyyy)" in rows[8]  # not "Value could not be parsed…"
    assert "IX.9" in rows[2]
    assert "II.1" in rows[3] and "lớp đào tạo" in rows[3]
    assert "0" in rows[4] and rows[5].count("số nguyên") == 1
    assert "tám mươi triệu" in rows[5] and "số nguyên" in rows[5]
    assert "Ngày kết thúc" in rows[6]
    assert "hai nghìn" in rows[7]
    assert not OutreachActivity.objects.exists()
    assert not Expenditure.objects.exists()


def test_a_clean_activity_file_imports_every_row_and_posts_each_cost_once(client_as, plan_loaded):
    upload = xlsx_upload(HEADERS, [
        row(),
        row(kind="media_campaign", **{"Tên hoạt động": "Chiến dịch truyền thông 2017", "Kinh phí (đồng)": 150_000_000,
                                      "Địa điểm": None}),
        row(kind="article", **{"Tên hoạt động": "Bài báo SXSH", "Báo, tạp chí": "Hà Nội Mới", "Kinh phí (đồng)": 0,
                               "Đường dẫn": "https://hanoimoi.vn/sxsh"}),
    ])
    response = admin_import(client_as("doit_staff"), OutreachActivity, upload, confirm=True)
    assert response.status_code == 302
    assert OutreachActivity.objects.count() == 3
    assert sorted(Expenditure.objects.values_list("line__code", "amount_vnd")) == [("I.1", 150_000_000),
                                                                                   ("I.2", 80_000_000)]


def test_an_activity_file_with_one_bad_row_among_good_ones_saves_none(plan_loaded):
    import tablib

    dataset = tablib.Dataset(row(), row(**{"Dòng kinh phí": "II.1"}), row(), headers=HEADERS)
    result = OutreachActivityResource().import_data(dataset, dry_run=False)
    assert [r.number for r in result.invalid_rows] == [2]
    assert not OutreachActivity.objects.exists()
    assert not Expenditure.objects.exists()


def test_the_refused_rows_are_numbered_as_lines_of_the_file_and_named_in_vietnamese(client_as, plan_loaded):
    """The admin's table of refused rows counted data rows from 1 (the file's line 3 was "2"), named fields by their
    Python names ("cost_vnd") and showed empty cells as "None" (found by QA)."""
    from outreach.models import OutreachActivity as Activity

    upload = xlsx_upload(HEADERS, [row(), row(**{"Kinh phí (đồng)": -5})])  # lines 2 and 3 of the file
    page = admin_import(client_as("doit_staff"), OutreachActivity, upload).content.decode()
    label = str(Activity._meta.get_field("cost_vnd").verbose_name)
    assert "<td>3 </td>" in page and "<td>2 </td>" not in page
    assert f'validation-error-field-label">{label[0].upper()}{label[1:]}</span>' in page
    assert "cost_vnd</span>" not in page and "<td>None</td>" not in page


def test_a_year_outside_the_plan_is_refused_under_the_year_column(client_as, plan_loaded):
    """It was reported under "Dòng kinh phí" (the cost posting's refusal, put on the line column)."""
    upload = xlsx_upload(HEADERS, [row(**{"Năm kế hoạch": 2026})])
    response = admin_import(client_as("doit_staff"), OutreachActivity, upload)
    [refused] = response.context["result"].invalid_rows
    assert list(refused.field_specific_errors) == ["year"]
    assert "2026" in " ".join(refused.field_specific_errors["year"])
    page = response.content.decode()
    assert 'validation-error-field-label">Năm kế hoạch</span>' in page
    assert 'validation-error-field-label">Dòng kinh phí</span>' not in page
    assert not OutreachActivity.objects.exists() and not Expenditure.objects.exists()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_import_preview_writes_years_and_ids_plainly(client_as, plan_loaded, language):
    from django.conf import settings

    existing = OutreachActivity.objects.create(kind="workshop", title="Hội thảo cũ", date=datetime.date(2017, 5, 1),
                                               year=2017, cost_vnd=0)
    OutreachActivity.objects.filter(pk=existing.pk).update(id=1234)
    client = client_as("doit_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    grouped = {"vi": ("2.017", "2.026", "1.234"), "en": ("2,017", "2,026", "1,234")}[language]
    valid = admin_import(client, OutreachActivity, xlsx_upload(HEADERS, [row(**{"Mã": 1234})])).content.decode()
    assert "<span>2017</span>" in valid and "<span>1234</span>" in valid  # an update of saved row 1234
    refused = admin_import(client, OutreachActivity, xlsx_upload(HEADERS, [row(**{"Mã": 1234, "Năm kế hoạch": 2026})]))
    page = refused.content.decode()
    assert "<td>2026</td>" in page and "<td>1234</td>" in page and "<td>10/05/2017</td>" in page
    for number in grouped:
        assert number not in valid and number not in page, number
