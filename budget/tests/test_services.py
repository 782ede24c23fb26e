import datetime

import pytest
from django.core.exceptions import ValidationError

from budget.models import Expenditure
from budget.selectors import (
    execution_table,
    expenditures_with_flags,
    is_over_estimate,
    spent_by_kind_and_year,
)
from budget.services import activity_cost_post, activity_cost_withdraw, expenditure_save
from budget.tests.factories import EstimateFactory, ExpenditureFactory, line
from plan.models import Target

pytestmark = pytest.mark.django_db


def _post(source, staff, **overrides):
    args = {"source": source, "activity_kind": "cp_assessment", "line_code": "IV.1", "year": 2017,
            "date": datetime.date(2017, 5, 4), "amount_vnd": 48_000_000, "description": "Đánh giá nhanh", "user": staff}
    return activity_cost_post(**{**args, **overrides})


def test_an_activity_posts_its_cost_once_and_posting_again_corrects_it(staff):
    source = Target.objects.get(code="T1")  # any saved row stands for an activity of a later app
    first = _post(source, staff)
    second = _post(source, staff, amount_vnd=50_000_000, date=datetime.date(2017, 6, 1))
    assert first.pk != second.pk and second.corrects_id == first.pk
    assert Expenditure.objects.filter(source_id=source.pk).count() == 1
    chain = Expenditure.all_objects.filter(source_id=source.pk).order_by("pk")
    assert [(e.amount_vnd, e.superseded, e.corrects_id) for e in chain] == [
        (48_000_000, True, None), (50_000_000, False, first.pk)]
    assert (second.amount_vnd, second.source, second.recorded_by) == (50_000_000, source, staff)
    rows = spent_by_kind_and_year(activity_kind="cp_assessment")
    assert [(r["year"], r["quantity"], r["spent_vnd"], r["activities_posted"]) for r in rows if r["year"] == 2017] == [
        (2017, 23, 50_000_000, 1)]


def test_two_activities_post_two_expenditures(staff):
    _post(Target.objects.get(code="T1"), staff)
    _post(Target.objects.get(code="T2"), staff)
    assert Expenditure.objects.count() == 2


def test_an_amount_of_zero_or_a_withdrawal_removes_the_posting(staff):
    source = Target.objects.get(code="T1")
    _post(source, staff)
    assert _post(source, staff, amount_vnd=0) is None
    assert not Expenditure.objects.exists()
    _post(source, staff)
    activity_cost_withdraw(source=source, user=staff)
    assert not Expenditure.objects.exists()
    activity_cost_withdraw(source=source, user=staff)  # nothing posted: nothing to do
    assert _post(source, staff, amount_vnd=0) is None  # already withdrawn: nothing to do
    # nothing was deleted: post, withdraw, post again, withdraw — each a correction of the one before
    chain = list(Expenditure.all_objects.filter(source_id=source.pk).order_by("pk"))
    assert [(e.amount_vnd, e.withdrawn, e.superseded) for e in chain] == [
        (48_000_000, False, True), (0, True, True), (48_000_000, False, True), (0, True, False)]
    assert [e.corrects_id for e in chain] == [None] + [e.pk for e in chain[:-1]]
    assert spent_by_kind_and_year(activity_kind="cp_assessment")[1]["spent_vnd"] == 0


@pytest.mark.parametrize("overrides,field,words", [
    ({"activity_kind": "workshop"}, "line_code", "không khớp loại hoạt động"),
    ({"line_code": "IV.9"}, "line_code", "Không có dòng kinh phí mã IV.9"),
    ({"year": 2021}, "year", "ngoài kế hoạch"),
    ({"year": 2015}, "year", "ngoài kế hoạch"),
    ({"amount_vnd": -1}, "amount_vnd", "không được âm"),
    ({"activity_kind": "picnic"}, "activity_kind", "không tồn tại"),
])
def test_a_bad_posting_is_refused_naming_the_field_and_nothing_is_saved(staff, overrides, field, words):
    with pytest.raises(ValidationError) as caught:
        _post(Target.objects.get(code="T1"), staff, **overrides)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
    assert not Expenditure.objects.exists()


def test_an_unsaved_source_is_refused(staff):
    with pytest.raises(ValidationError):
        _post(Target(code="T9"), staff)


def test_an_expenditure_past_the_estimate_is_saved_but_flagged(staff):
    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=100_000_000)
    within = ExpenditureFactory(line=line("II.1"), year=2016, date=datetime.date(2016, 3, 1), amount_vnd=60_000_000)
    past = expenditure_save(line=line("II.1"), year=2016, date=datetime.date(2016, 4, 1), amount_vnd=50_000_000,
                            description="Lớp 2", voucher_number="PC-9", user=staff)
    flags = {e.pk: is_over_estimate(e) for e in expenditures_with_flags()}
    assert flags == {within.pk: False, past.pk: True}
    # the flag of one row does not change when it is read alone
    assert is_over_estimate(expenditures_with_flags(Expenditure.objects.filter(pk=past.pk)).get())
    table = execution_table()
    cell = next(y for s in table["sections"] for ln in s["lines"] if ln["code"] == "II.1" for y in ln["years"]
                if y["year"] == 2016)
    assert (cell["estimate_vnd"], cell["spent_vnd"], cell["remainder_vnd"], cell["over_estimate"]) == (
        100_000_000, 110_000_000, -10_000_000, True)
    assert str(cell["rate"]) == "110.0"
    assert table["spent_vnd"] == 110_000_000 and table["estimate_vnd"] == 100_000_000


def test_spending_without_an_estimate_is_flagged(staff):
    spent = ExpenditureFactory(line=line("I.2"), year=2019)
    assert is_over_estimate(expenditures_with_flags().get(pk=spent.pk))


@pytest.mark.parametrize("overrides,field", [
    ({"amount_vnd": -5}, "amount_vnd"),
    ({"amount_vnd": 0}, "amount_vnd"),
    ({"year": 2015}, "year"),
    ({"voucher_number": "PC-DUP"}, "voucher_number"),
])
def test_a_bad_expenditure_is_refused_naming_the_field(staff, overrides, field):
    ExpenditureFactory(voucher_number="PC-DUP")
    args = {"line": line("II.1"), "year": 2016, "date": datetime.date(2016, 5, 1), "amount_vnd": 1_000_000,
            "description": "x", "voucher_number": "PC-NEW", "user": staff}
    with pytest.raises(ValidationError) as caught:
        expenditure_save(**{**args, **overrides})
    assert field in caught.value.message_dict or field == "voucher_number" and "Số chứng từ" in str(caught.value)
    assert Expenditure.objects.count() == 1


def test_blank_voucher_numbers_may_repeat(staff):
    ExpenditureFactory(voucher_number="")
    ExpenditureFactory(voucher_number="")
    assert Expenditure.objects.count() == 2


def _spent_2017_iv1():
    rows = spent_by_kind_and_year(activity_kind="cp_assessment")
    return next((r["spent_vnd"], r["activities_posted"]) for r in rows if r["line_code"] == "IV.1" and r["year"] == 2017)


def _execution_cell(code, year):
    table = execution_table()
    cell = next(y for s in table["sections"] for ln in s["lines"] if ln["code"] == code for y in ln["years"]
                if y["year"] == year)
    return cell["spent_vnd"], table["spent_vnd"]


def test_a_posted_cost_changed_by_the_activity_is_a_linked_correction_and_counts_once(staff):
    source = Target.objects.get(code="T1")
    old = _post(source, staff)
    new = _post(source, staff, amount_vnd=52_000_000, description="Đánh giá nhanh (điều chỉnh)")
    rows = Expenditure.all_objects.filter(source_id=source.pk)
    assert rows.count() == 2
    old.refresh_from_db()
    assert old.superseded and old.amount_vnd == 48_000_000  # the posted row itself is unchanged
    assert new.corrects == old and not new.superseded and list(old.corrections.all()) == [new]
    assert _spent_2017_iv1() == (52_000_000, 1)
    assert _execution_cell("IV.1", 2017) == (52_000_000, 52_000_000)
    assert [e.pk for e in expenditures_with_flags()] == [new.pk]


def test_posting_the_same_values_again_adds_nothing(staff):
    source = Target.objects.get(code="T1")
    first = _post(source, staff)
    again = _post(source, staff)
    assert again.pk == first.pk and Expenditure.all_objects.count() == 1
    assert first.history.count() == again.history.count() == 1


def test_a_refused_correction_leaves_the_old_row_current_and_unchanged(staff):
    source = Target.objects.get(code="T1")
    first = _post(source, staff)
    with pytest.raises(ValidationError) as caught:  # refused by full_clean, after the old row was marked
        _post(source, staff, date=None)
    assert "date" in caught.value.message_dict
    assert list(Expenditure.all_objects.values_list("pk", "superseded")) == [(first.pk, False)]


def test_editing_a_manual_expenditure_through_the_service_creates_a_correction(staff):
    old = expenditure_save(line=line("II.1"), year=2016, date=datetime.date(2016, 4, 1), amount_vnd=50_000_000,
                           description="Lớp 2", voucher_number="PC-9", user=staff)
    new = expenditure_save(line=line("II.1"), year=2016, date=datetime.date(2016, 4, 1), amount_vnd=45_000_000,
                           description="Lớp 2", voucher_number="PC-9", user=staff, instance=old)
    old.refresh_from_db()
    assert (old.superseded, old.amount_vnd, new.corrects_id, new.voucher_number) == (True, 50_000_000, old.pk, "PC-9")
    assert list(Expenditure.objects.values_list("pk", flat=True)) == [new.pk]
    assert _execution_cell("II.1", 2016) == (45_000_000, 45_000_000)
    same = expenditure_save(line=line("II.1"), year=2016, date=datetime.date(2016, 4, 1), amount_vnd=45_000_000,
                            description="Lớp 2", voucher_number="PC-9", user=staff, instance=new)
    assert same.pk == new.pk and Expenditure.all_objects.count() == 2
    with pytest.raises(ValidationError) as caught:  # the old row was already corrected
        expenditure_save(line=line("II.1"), year=2016, date=datetime.date(2016, 4, 1), amount_vnd=1,
                         description="Lớp 2", user=staff, instance=old)
    assert "corrects" in caught.value.message_dict and Expenditure.all_objects.count() == 2


def test_withdrawing_a_manual_expenditure_keeps_it_and_frees_the_voucher(staff):
    from budget.services import expenditure_withdraw

    spent = ExpenditureFactory(voucher_number="PC-W")
    withdrawal = expenditure_withdraw(expenditure=spent, user=staff)
    assert (withdrawal.amount_vnd, withdrawal.withdrawn, withdrawal.corrects_id) == (0, True, spent.pk)
    assert not Expenditure.objects.exists() and Expenditure.all_objects.count() == 2
    with pytest.raises(ValidationError):
        expenditure_withdraw(expenditure=withdrawal, user=staff)
    ExpenditureFactory(voucher_number="PC-W")  # the number may be used again
