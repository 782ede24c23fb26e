"""An expenditure's voucher is a scan or an office document, checked by its content: a program (v.exe) or a
program named .pdf is refused under `attachment`, through the API and the admin, and nothing is saved (found by QA:
an .exe was stored and then served as application/x-msdos-program)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget.models import Expenditure

pytestmark = pytest.mark.django_db

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BODY = {"line": "I.2", "year": 2017, "date": "2017-04-02", "amount_vnd": 80_000_000, "description": "Chi in tờ rơi"}


@pytest.mark.parametrize("name, content", [("v.exe", PROGRAM), ("chung-tu.pdf", PROGRAM), ("script.html", b"<html>")])
def test_the_api_refuses_a_voucher_that_is_no_scan_or_document(api_as, plan_loaded, name, content):
    before = Expenditure.all_objects.count()
    response = api_as("doit_staff").post("/api/v1/budget/expenditures/",
                                         {**BODY, "attachment": SimpleUploadedFile(name, content)}, format="multipart")
    assert response.status_code == 400 and "attachment" in response.json(), response.json()
    assert name in " ".join(response.json()["attachment"])
    assert Expenditure.all_objects.count() == before


def test_a_pdf_voucher_is_kept(api_as, plan_loaded):
    response = api_as("doit_staff").post("/api/v1/budget/expenditures/",
                                         {**BODY, "attachment": SimpleUploadedFile("chung-tu.pdf", PDF)}, format="multipart")
    assert response.status_code == 201, response.json()
    assert Expenditure.objects.get(pk=response.json()["id"]).attachment.name.endswith(".pdf")


def test_the_admin_refuses_a_program_as_voucher(client_as, plan_loaded):
    from budget.models import BudgetLine

    before = Expenditure.all_objects.count()
    response = client_as("doit_staff").post("/admin/budget/expenditure/add/", {
        "line": BudgetLine.objects.get(code="I.2").pk, "year": 2017, "date": "02/04/2017", "amount_vnd": 80_000_000,
        "description": "Chi in", "voucher_number": "", "attachment": SimpleUploadedFile("v.exe", PROGRAM)})
    assert response.status_code == 200 and "v.exe" in response.content.decode()
    assert Expenditure.all_objects.count() == before


def test_estimates_and_expenditures_filter_by_the_line_code(api_as, plan_loaded):
    from budget.tests.factories import EstimateFactory, ExpenditureFactory, line

    EstimateFactory(line=line("IV.1"), year=2017)
    EstimateFactory(line=line("I.2"), year=2017)
    ExpenditureFactory(line=line("IV.1"), year=2017)
    ExpenditureFactory(line=line("I.2"), year=2017)
    api = api_as("doit_staff")
    for url in ("/api/v1/budget/estimates/", "/api/v1/budget/expenditures/"):
        rows = api.get(url, {"line": "IV.1"}).json()["results"]
        assert rows and {row["line"] for row in rows} == {"IV.1"}, (url, rows)
        assert len(api.get(url).json()["results"]) > len(rows)
