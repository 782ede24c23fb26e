"""The admin's expenditures: a 0-đồng amount is refused under its field (it was a 500, new or as a correction), a
stale correction is refused instead of saved as a second expenditure (money counted twice), and a typed
expenditure is withdrawn by an action (found by a QA pass as DoIT staff)."""

import datetime

import pytest

from budget import services
from budget.models import BudgetLine, Expenditure

pytestmark = pytest.mark.django_db
ADD = "/admin/budget/expenditure/add/"


def _form(**extra):
    return {"line": BudgetLine.objects.get(code="II.1").pk, "year": 2017, "date": "15/03/2017",
            "amount_vnd": 160_000_000, "description": "Lớp tập huấn", "voucher_number": "", **extra}


def _typed(personas, amount=170_000_000):
    return services.expenditure_save(line=BudgetLine.objects.get(code="II.1"), year=2017,
                                     date=datetime.date(2017, 3, 10), amount_vnd=amount, description="Đợt 1",
                                     user=personas["doit_staff"])


def test_an_expenditure_of_nothing_is_refused_under_its_amount(client_as, personas):
    client = client_as("doit_staff")
    response = client.post(ADD, _form(amount_vnd=0))
    assert response.status_code == 200 and "Số tiền chi phải lớn hơn 0" in response.content.decode()
    old = _typed(personas)
    response = client.post(f"{ADD}?corrects={old.pk}", _form(amount_vnd=0))
    assert response.status_code == 200 and "Số tiền chi phải lớn hơn 0" in response.content.decode()
    assert Expenditure.all_objects.count() == 1 and not Expenditure.all_objects.get().superseded


def test_a_stale_correction_is_refused_not_added_beside(client_as, personas):
    client = client_as("doit_staff")
    old = _typed(personas)
    client.post(f"{ADD}?corrects={old.pk}", _form())
    assert Expenditure.objects.get().amount_vnd == 160_000_000  # the correction, the only current row
    page = client.get(f"{ADD}?corrects={old.pk}").content.decode()
    assert "đã được điều chỉnh bằng một bản ghi khác" in page
    response = client.post(f"{ADD}?corrects={old.pk}", _form(amount_vnd=1000, voucher_number="QA-X-2"))
    assert response.status_code == 200 and "đã được điều chỉnh bằng một bản ghi khác" in response.content.decode()
    assert list(Expenditure.objects.values_list("amount_vnd", flat=True)) == [160_000_000]
    assert client.post(f"{ADD}?corrects=999999", _form()).status_code == 200
    assert Expenditure.objects.count() == 1


def test_a_typed_expenditure_is_withdrawn_by_the_action(client_as, personas):
    old = _typed(personas)
    client_as("doit_staff").post("/admin/budget/expenditure/", {"action": "withdraw_expenditures",
                                                                 "_selected_action": [str(old.pk)]})
    assert not Expenditure.objects.exists()  # no current row: the money no longer counts
    withdrawal = Expenditure.all_objects.get(corrects=old)
    assert withdrawal.withdrawn and withdrawal.amount_vnd == 0


def test_a_saved_expenditures_page_has_no_save_button_and_a_post_changes_nothing(client_as, personas):
    old = _typed(personas)
    client = client_as("doit_staff")
    page = client.get(f"/admin/budget/expenditure/{old.pk}/change/").content.decode()
    assert 'name="_save"' not in page and f"?corrects={old.pk}" in page  # the correction link stays
    response = client.post(f"/admin/budget/expenditure/{old.pk}/change/", _form(amount_vnd=1))
    assert response.status_code == 403
    old.refresh_from_db()
    assert old.amount_vnd == 170_000_000
