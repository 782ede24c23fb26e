"""The stored budget summary (budget.models.SummarySnapshot): read in one query, never older than the budget."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budget import selectors, services, signals
from budget.models import BudgetLine, Estimate, Expenditure, PlannedQuantity, SummarySnapshot
from budget.tests.factories import EstimateFactory, line
from plan.models import Plan

pytestmark = pytest.mark.django_db


def _summary(api):
    response = api.get("/api/v1/budget/summary/")
    assert response.status_code == 200
    return response.json()


def _live():
    return json.loads(json.dumps(selectors.summary_figures()))


def _stored():
    return SummarySnapshot.objects.get_or_create(pk=SummarySnapshot.KEY)[0]  # a flush (transactional test) drops it


def test_a_second_read_is_the_stored_summary_in_one_query_and_sums_nothing(api_as):
    api = api_as("doit_staff")
    _stored()  # the row the migration makes (a transactional test run before this one flushes it)
    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=600_000_000)
    first = _summary(api)
    assert _stored().computed_version == _stored().version
    with CaptureQueriesContext(connection) as ctx:
        second = _summary(api)
    assert second == first == _live()
    budget_queries = [q["sql"] for q in ctx.captured_queries if "budget_" in q["sql"]]
    assert len(budget_queries) == 1 and "SUM(" not in budget_queries[0].upper(), budget_queries
    assert second["estimate_vnd"] == 600_000_000 and second["total_vnd"] == 17_700_000_000


def _post_expenditure(staff):
    services.expenditure_save(line=line("IV.1"), year=2017, date=datetime.date(2017, 3, 1), amount_vnd=7_000_000,
                              description="Chi in tài liệu", user=staff)


def _correct_expenditure(staff):
    services.expenditure_save(line=line("IV.1"), year=2017, date=datetime.date(2017, 3, 1), amount_vnd=9_000_000,
                              description="Chi in tài liệu", user=staff, instance=Expenditure.objects.get())


def _withdraw_expenditure(staff):
    services.expenditure_withdraw(expenditure=Expenditure.objects.get(), user=staff)


def _save_estimate(staff):
    services.estimate_save(line=line("II.1"), year=2018, quantity=3, amount_vnd=90_000_000, user=staff)


def _make_an_estimate(staff):
    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=600_000_000)


def _delete_estimate(staff):
    Estimate.objects.all().delete()


def _change_planned_quantity(staff):
    planned = PlannedQuantity.objects.filter(quantity__gt=0).first()
    planned.quantity += 1
    planned.save()


def _change_unit_price(staff):
    budget_line = BudgetLine.objects.get(code="II.1")
    budget_line.unit_price_vnd += 1_000_000
    budget_line.save()


def _rename_the_plan(staff):
    plan = Plan.objects.get()
    plan.code = "5768/QĐ-UBND (sửa)"
    plan.save()


def _nothing(staff):
    """No setup."""


@pytest.mark.parametrize(("setup", "write"), [
    (_nothing, _post_expenditure), (_post_expenditure, _correct_expenditure),
    (_post_expenditure, _withdraw_expenditure), (_nothing, _save_estimate), (_make_an_estimate, _delete_estimate),
    (_nothing, _change_planned_quantity), (_nothing, _change_unit_price), (_nothing, _rename_the_plan),
], ids=lambda fn: fn.__name__.strip("_"))
def test_every_write_to_the_budget_shows_in_the_next_read(api_as, personas, setup, write,
                                                          django_capture_on_commit_callbacks):
    api = api_as("doit_staff")
    _stored()
    with django_capture_on_commit_callbacks(execute=True):
        setup(personas["doit_staff"])
    before = _summary(api)
    assert _stored().computed_version == _stored().version
    with django_capture_on_commit_callbacks(execute=True):  # as when the writer's transaction commits
        write(personas["doit_staff"])
    after = _summary(api)
    assert after == _live()
    assert after != before
    public = api_as("district_official").get("/api/v1/budget/summary/").json()
    assert public == json.loads(json.dumps(selectors.public_summary(_live())))
    assert "spent_vnd" not in public and "spent_vnd" not in public["years"][0]


def test_a_write_while_the_summary_is_computed_is_not_hidden_by_it(api_as, monkeypatch,
                                                                    django_capture_on_commit_callbacks):
    """The version is read before computing and the summary stored only if it has not moved: a summary computed
    while a write committed is used once, never stored as current."""
    api = api_as("doit_staff")
    _stored()
    compute = selectors.summary_figures

    def computed_while_a_write_lands():
        figures = compute()
        with django_capture_on_commit_callbacks(execute=True):  # the write commits: the version moves
            EstimateFactory(line=line("II.1"), year=2019, amount_vnd=123_000_000)
        return figures

    monkeypatch.setattr(selectors, "summary_figures", computed_while_a_write_lands)
    _summary(api)
    stored = _stored()
    assert stored.computed_version != stored.version
    monkeypatch.undo()
    assert _summary(api)["estimate_vnd"] == 123_000_000


def test_the_summary_is_computed_when_its_row_is_missing_and_stored_from_then_on(api_as):
    SummarySnapshot.objects.all().delete()
    api = api_as("doit_staff")
    assert _summary(api) == _live()
    assert _stored().computed_version is None
    _summary(api)
    assert _stored().computed_version == _stored().version


def test_summary_changed_moves_the_version_for_loads_that_bypass_the_orm():
    version = _stored().version
    signals.summary_changed()
    assert _stored().version == version + 1


def test_the_version_moves_when_the_writers_transaction_commits_not_before(plan_loaded,
                                                                         django_capture_on_commit_callbacks):
    version = _stored().version
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EstimateFactory(line=line("II.1"), year=2016)
        assert _stored().version == version  # no lock on the snapshot's row while the writer's work goes on
    assert callbacks == [signals.summary_changed]
    callbacks[0]()
    assert _stored().version == version + 1


@pytest.mark.django_db(transaction=True)
def test_an_expenditure_recorded_through_the_api_is_in_the_summary_at_once(plan_loaded, api_as):
    """Real commits, as in production: the recording request commits, the version moves, the next read
    computes the summary again."""
    api = api_as("doit_staff")
    before = _summary(api)
    _summary(api)  # stored
    response = api.post("/api/v1/budget/expenditures/", {
        "line": "IV.1", "year": 2017, "date": "2017-03-01", "amount_vnd": 7_000_000,
        "description": "Chi in tài liệu"}, format="json")
    assert response.status_code == 201, response.content
    after = _summary(api)
    assert after["spent_vnd"] == before["spent_vnd"] + 7_000_000 and after == _live()
