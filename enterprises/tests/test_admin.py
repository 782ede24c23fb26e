"""The admin: the registry's xlsx/csv resource (the rules of imports.py) and the request actions."""

import io

import openpyxl
import pytest
import tablib

from enterprises.models import AssessmentRequest, Enterprise
from enterprises.resources import EnterpriseResource
from enterprises.tests.factories import EnterpriseFactory, RequestFactory, valid_tax_code

pytestmark = pytest.mark.django_db
HEADERS = ["Mã số thuế", "Tên cơ sở", "Mã quận huyện", "Mã ngành VSIC", "Quy mô", "Số lao động", "Doanh thu (đồng)"]


def _import(rows, personas, dry_run):
    return EnterpriseResource().import_data(tablib.Dataset(*rows, headers=HEADERS), dry_run=dry_run,
                                            user=personas["doit_staff"])


def _errors(result):
    return {(row.number, field) for row in result.invalid_rows for field in row.error_dict}


def test_the_resource_reports_every_bad_row_with_the_import_rules_and_saves_all_or_nothing(personas):
    good = valid_tax_code(950)
    rows = [(good, "A", 1, "10", "nhỏ", 50, 1_000_000_000),          # a district code typed as a number
            ("0101234567", "B", "001", "10", "nhỏ", 50, 1),           # wrong check digit
            (good, "C", "999", "99", "siêu nhỏ", "abc", 1),          # duplicate, unknown codes, not a number
            (valid_tax_code(951), "D", "001", "10", "siêu nhỏ", 50, 1)]  # size contradicts the workers
    result = _import(rows, personas, dry_run=True)
    assert {(2, "tax_code"), (3, "tax_code"), (3, "district"), (3, "sector"), (3, "workers"), (4, "size")} <= \
        _errors(result)
    messages = " ".join(m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms)
    assert "chữ số kiểm tra" in messages and "Trùng mã số thuế với dòng 2" in messages
    _import(rows, personas, dry_run=False)
    assert not Enterprise.objects.filter(tax_code=good).exists()
    ok = _import([rows[0]], personas, dry_run=False)
    assert not ok.has_validation_errors() and not ok.has_errors()
    assert Enterprise.objects.get(tax_code=good).district.code == "001"
    again = _import([(good, "A mới", "001", "10", "nhỏ", 60, 1_000_000_000)], personas, dry_run=False)
    assert again.totals["update"] == 1 and Enterprise.objects.get(tax_code=good).workers == 60


def test_the_admin_import_is_written_in_bulk_with_history_and_its_queries_do_not_grow_with_rows(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(start, count):
        return [(valid_tax_code(start + i), f"Cơ sở {start + i}", "001", "10", "nhỏ", 50, 1_000_000_000)
                for i in range(count)]

    existing = EnterpriseFactory(tax_code=valid_tax_code(2_000), workers=12)
    with CaptureQueriesContext(connection) as few:
        small = _import(rows(1_000, 3), personas, dry_run=False)
    many_rows = rows(1_100, 60) + [(existing.tax_code, "Đổi tên", "001", "10", "nhỏ", 55, 1_000_000_000)]
    with CaptureQueriesContext(connection) as many:
        big = _import(many_rows, personas, dry_run=False)
    assert not small.has_errors() and not small.has_validation_errors()
    assert (big.totals["new"], big.totals["update"]) == (60, 1), big.totals
    # one lookup of the file's tax codes and batches of inserts (SQLite caps a statement's parameters), the
    # update in its batch and the history rows in theirs: a few queries more, not one or more per row
    assert len(many.captured_queries) <= len(few.captured_queries) + 8, [q["sql"][:80] for q in many.captured_queries]
    existing.refresh_from_db()
    assert (existing.name, existing.workers) == ("Đổi tên", 55)
    assert Enterprise.objects.filter(tax_code__in=[r[0] for r in many_rows]).count() == 61
    created = Enterprise.objects.get(tax_code=valid_tax_code(1_100))
    assert created.history.get().history_user == personas["doit_staff"]
    assert existing.history.latest().history_type == "~"


def test_the_resource_refuses_a_sheet_without_the_required_columns(personas):
    result = EnterpriseResource().import_data(tablib.Dataset(("0100109106", "A"), headers=HEADERS[:2]),
                                              dry_run=True, user=personas["doit_staff"])
    assert result.has_errors() and "Mã quận huyện" in str(result.base_errors[0].error)


def test_the_xlsx_export_has_vietnamese_headers_codes_and_number_cells(plan_loaded):
    EnterpriseFactory(workers=42, revenue_vnd=7_000_000_000)
    book = openpyxl.load_workbook(io.BytesIO(EnterpriseResource().export().xlsx))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Mã số thuế", "Tên cơ sở", "Địa chỉ", "Mã quận huyện", "Mã ngành VSIC")
    row = next(r for r in rows[1:] if r[7] == 42)
    assert row[3] == "001" and row[4] == "10" and row[6] == "nhỏ" and row[8] == 7_000_000_000


def test_the_admin_opens_the_import_and_export_pages(client_as):
    client = client_as("doit_staff")
    assert client.get("/admin/enterprises/enterprise/import/").status_code == 200
    assert client.get("/admin/enterprises/enterprise/export/").status_code == 200


def test_admin_actions_accept_and_decline_requests_through_the_services(client_as):
    client = client_as("doit_staff")
    first, second, done = RequestFactory(), RequestFactory(), RequestFactory(status="done")
    url = "/admin/enterprises/assessmentrequest/"
    response = client.post(url, {"action": "accept_requests", "_selected_action": [first.pk, done.pk]}, follow=True)
    text = response.content.decode()
    assert "Đã cập nhật 1 yêu cầu." in text and "không thể chuyển" in text
    first.refresh_from_db()
    assert first.status == "accepted"
    form = client.post(url, {"action": "decline_requests", "_selected_action": [second.pk]})
    assert form.status_code == 200 and "reason" in form.content.decode()
    empty = client.post(url, {"action": "decline_requests", "_selected_action": [second.pk], "apply": "1",
                              "reason": ""})
    assert empty.status_code == 200
    second.refresh_from_db()
    assert second.status == "requested"
    client.post(url, {"action": "decline_requests", "_selected_action": [second.pk], "apply": "1",
                      "reason": "Ngoài phạm vi hỗ trợ"})
    second.refresh_from_db()
    assert second.status == AssessmentRequest.Status.DECLINED and second.decline_reason == "Ngoài phạm vi hỗ trợ"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("order", ["", "?o=3.4", "?o=-7"])
def test_the_registry_changelist_fetches_only_the_fields_its_rows_show_and_never_one_more(
        client_as, language, order):
    """EnterpriseAdmin.list_only: the page's rows are read in one query, whatever their number, the language (a
    sector's English name) or the sort; a field left out of list_only would be read again for every row."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("doit_staff")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    EnterpriseFactory()
    url = f"/admin/enterprises/enterprise/{order}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    from enterprises.models import Sector
    from plan.models import AdministrativeUnit

    # each row with a district and a sector of its own, as str() shows them: a field of theirs left out would be
    # read again for each of them
    districts = list(AdministrativeUnit.objects.exclude(type="city").order_by("code")[:24])
    sectors = list(Sector.objects.order_by("code")[:24])
    for number in range(24):
        EnterpriseFactory(district=districts[number % len(districts)], sector=sectors[number % len(sectors)])
    with CaptureQueriesContext(connection) as many:
        again = client.get(url)
    assert page.status_code == again.status_code == 200
    shown = page.content.decode().count('class="action-select"')
    assert shown >= 1 and again.content.decode().count('class="action-select"') == shown + 24
    assert len(many.captured_queries) == len(one.captured_queries), [q["sql"][:90] for q in many.captured_queries]
    rows = [q["sql"] for q in many.captured_queries if 'FROM "enterprises_enterprise"' in q["sql"]
            and "LIMIT" in q["sql"]]
    assert rows and '"enterprises_enterprise"."address"' not in rows[0]  # a field the rows do not show


def test_a_changelist_redirect_is_passed_on_as_it_is(client_as):
    """A changelist view that answers with a redirect (an unknown filter: Django's ?e=1) is not a page whose object
    tools could be written."""
    response = client_as("doit_staff").get("/admin/enterprises/enterprise/?nonsense=1")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
