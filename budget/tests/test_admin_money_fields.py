"""The budget admin's money fields take an amount as a Vietnamese user writes it (found by a QA pass as DoIT staff):
"160.000.000", "160 000 000" and "160000000" are 160 million đồng; "160,5" or text is refused with a message naming
the field, and nothing is saved. A number box (type="number") took only "160000000"."""

import datetime
import re

import pytest

from budget.models import BudgetLine, Estimate, Expenditure
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db
EXPENDITURE_ADD = "/admin/budget/expenditure/add/"
ESTIMATE_ADD = "/admin/budget/estimate/add/"


def _expenditure(amount, **extra):
    return {"line": BudgetLine.objects.get(code="II.1").pk, "year": 2017, "date": "15/03/2017",
            "amount_vnd": amount, "description": "Lớp tập huấn", "voucher_number": "", **extra}


def _estimate(amount):
    return {"line": BudgetLine.objects.get(code="II.1").pk, "year": 2017, "quantity": 2, "amount_vnd": amount,
            "decision_number": "12/QĐ-UBND", "decision_date": "10/12/2016"}


@pytest.mark.parametrize("written", ["160.000.000", "160 000 000", "160\u00a0000\u00a0000", "160000000"])
def test_an_expenditure_and_an_estimate_take_160_million_as_it_is_written(client_as, written):
    client = client_as("doit_staff")
    response = client.post(EXPENDITURE_ADD, _expenditure(written))
    assert response.status_code == 302, re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', response.content.decode())
    assert Expenditure.objects.get().amount_vnd == 160_000_000
    response = client.post(ESTIMATE_ADD, _estimate(written))
    assert response.status_code == 302
    assert Estimate.objects.get().amount_vnd == 160_000_000


@pytest.mark.parametrize(("written", "why"), [
    ("160,5", "“160,5” không phải là số nguyên."),
    ("160.5", "“160.5” không phải là số nguyên."),
    ("một trăm triệu", "“một trăm triệu” không phải là số."),
    ("160.000 000", "“160.000 000” không phải là số."),
    ("-5", "Không được âm (-5)."),
])
def test_a_fraction_or_text_is_refused_naming_the_field_and_nothing_is_saved(client_as, written, why):
    client = client_as("doit_staff")
    for url, data in ((EXPENDITURE_ADD, _expenditure(written)), (ESTIMATE_ADD, _estimate(written))):
        response = client.post(url, data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["amount_vnd"] == [f"Số tiền (đồng): {why} Hãy viết số đồng nguyên, ví dụ 160.000.000, "
                                        "160 000 000 hoặc 160000000."]
    assert not Expenditure.all_objects.exists() and not Estimate.objects.exists()


def test_the_money_boxes_are_text_boxes_a_browser_lets_one_write_dots_in(client_as):
    client = client_as("doit_staff")
    for url in (EXPENDITURE_ADD, ESTIMATE_ADD):
        html = client.get(url).content.decode()
        box = re.search(r'<input[^>]*name="amount_vnd"[^>]*>', html).group(0)
        assert 'type="text"' in box, box


def test_a_correction_takes_the_amount_as_written_too(client_as, personas):
    from budget import services

    old = services.expenditure_save(line=BudgetLine.objects.get(code="II.1"), year=2017,
                                    date=datetime.date(2017, 3, 10), amount_vnd=170_000_000, description="Đợt 1",
                                    user=personas["doit_staff"])
    response = client_as("doit_staff").post(f"{EXPENDITURE_ADD}?corrects={old.pk}", _expenditure("165.500.000"))
    assert response.status_code == 302
    assert list(Expenditure.objects.values_list("amount_vnd", flat=True)) == [165_500_000]


def test_a_lines_unit_price_takes_the_amount_as_written(client_as):
    line = BudgetLine.objects.get(code="IV.1")
    url = f"/admin/budget/budgetline/{line.pk}/change/"
    client = client_as("doit_staff")
    data = admin_form_data(client.get(url))
    response = client.post(url, {**data, "unit_price_vnd": "52.500.000"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    line.refresh_from_db()
    assert line.unit_price_vnd == 52_500_000
    response = client.post(url, {**data, "unit_price_vnd": "52,5"})
    assert response.context["adminform"].form.errors["unit_price_vnd"][0].startswith("Đơn giá (đồng): “52,5”")
    line.refresh_from_db()
    assert line.unit_price_vnd == 52_500_000
