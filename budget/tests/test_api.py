import datetime

import pytest

from budget.models import Estimate, Expenditure
from budget.tests.factories import EstimateFactory, ExpenditureFactory, line

pytestmark = pytest.mark.django_db


def test_staff_see_estimate_and_spent_beside_planned_in_the_summary(api_as):
    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=600_000_000)
    ExpenditureFactory(line=line("II.1"), year=2016, amount_vnd=50_000_000)
    for role in ("doit_staff", "department_viewer", "api_client"):
        body = api_as(role).get("/api/v1/budget/summary/").json()
        assert (body["total_vnd"], body["estimate_vnd"], body["spent_vnd"]) == (17_700_000_000, 600_000_000, 50_000_000)
        y2016 = body["years"][0]
        assert (y2016["year"], y2016["amount_vnd"], y2016["estimate_vnd"], y2016["spent_vnd"]) == (
            2016, 3_010_000_000, 600_000_000, 50_000_000)
        section = next(s for s in body["sections"] if s["code"] == "II")
        assert (section["total_vnd"], section["estimate_vnd"], section["spent_vnd"]) == (
            3_200_000_000, 600_000_000, 50_000_000)
    for role in ("anonymous", "district_official", "enterprise_user"):
        body = api_as(role).get("/api/v1/budget/summary/").json()
        assert body["total_vnd"] == 17_700_000_000
        assert "spent_vnd" not in body and "spent_vnd" not in body["years"][0]
        assert "estimate_vnd" not in body["sections"][0]


def test_doit_staff_record_an_estimate_and_an_expenditure_that_is_flagged_past_it(api_as):
    api = api_as("doit_staff")
    created = api.post("/api/v1/budget/estimates/", {
        "line": "IV.1", "year": 2016, "quantity": 18, "amount_vnd": 100_000_000,
        "decision_number": "12/QĐ-UBND", "decision_date": "2015-12-10"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["line"] == "IV.1" and created.json()["section"] == "IV"
    first = api.post("/api/v1/budget/expenditures/", {
        "line": "IV.1", "year": 2016, "date": "2016-03-01", "amount_vnd": 90_000_000,
        "description": "Đánh giá 2 DN", "voucher_number": "PC-1"}, format="json")
    second = api.post("/api/v1/budget/expenditures/", {
        "line": "IV.1", "year": 2016, "date": "2016-04-01", "amount_vnd": 20_000_000,
        "description": "Đánh giá 1 DN", "voucher_number": "PC-2"}, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert (first.json()["over_estimate"], second.json()["over_estimate"]) == (False, True)
    listed = api.get("/api/v1/budget/expenditures/?year=2016").json()["results"]
    assert [(e["voucher_number"], e["over_estimate"]) for e in listed] == [("PC-1", False), ("PC-2", True)]
    assert Expenditure.objects.get(voucher_number="PC-2").recorded_by.username == "test.doit_staff"


@pytest.mark.parametrize("payload,field", [
    ({"amount_vnd": -1}, "amount_vnd"),
    ({"amount_vnd": "mười triệu"}, "amount_vnd"),
    ({"year": 2015}, "year"),
    ({"line": "V.1"}, "line"),
    ({"voucher_number": "PC-TAKEN"}, "voucher_number"),
])
def test_a_bad_expenditure_is_a_400_naming_the_field_and_nothing_is_saved(api_as, payload, field):
    ExpenditureFactory(voucher_number="PC-TAKEN")
    body = {"line": "II.1", "year": 2016, "date": "2016-05-01", "amount_vnd": 1_000_000, "description": "x",
            "voucher_number": "PC-NEW", **payload}
    response = api_as("doit_staff").post("/api/v1/budget/expenditures/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Expenditure.objects.count() == 1


@pytest.mark.parametrize("payload,field", [
    ({"quantity": -2}, "quantity"),
    ({"year": 2021}, "year"),
    ({"line": "I.3"}, "line"),
])
def test_a_bad_estimate_is_a_400_naming_the_field(api_as, payload, field):
    body = {"line": "II.1", "year": 2016, "quantity": 8, "amount_vnd": 1_000_000, **payload}
    response = api_as("doit_staff").post("/api/v1/budget/estimates/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Estimate.objects.exists()


def test_a_second_estimate_for_the_same_line_and_year_is_refused(api_as):
    EstimateFactory(line=line("II.1"), year=2016)
    response = api_as("doit_staff").post("/api/v1/budget/estimates/", {
        "line": "II.1", "year": 2016, "quantity": 8, "amount_vnd": 5}, format="json")
    assert response.status_code == 400
    assert Estimate.objects.count() == 1


def test_an_expenditure_posted_by_an_activity_cannot_be_changed_through_the_api(api_as, staff):
    from budget.services import activity_cost_post
    from plan.models import Target

    posted = activity_cost_post(source=Target.objects.get(code="T1"), activity_kind="workshop", line_code="I.2",
                                year=2016, date=datetime.date(2016, 5, 1), amount_vnd=70_000_000,
                                description="Hội thảo", user=staff)
    api = api_as("doit_staff")
    assert api.patch(f"/api/v1/budget/expenditures/{posted.pk}/", {"amount_vnd": 1}, format="json").status_code == 400
    assert api.delete(f"/api/v1/budget/expenditures/{posted.pk}/").status_code == 405
    body = api.get(f"/api/v1/budget/expenditures/{posted.pk}/").json()
    assert (body["source_type"], body["source_id"], body["amount_vnd"]) == ("plan.target", posted.source_id, 70_000_000)


def _many_expenditures(n, start=0):
    ExpenditureFactory.create_batch(n, line=line("II.1"), year=2016)
    ExpenditureFactory.create_batch(n, line=line("IV.1"), year=2017)


@pytest.mark.parametrize("url", ["/api/v1/budget/expenditures/", "/api/v1/budget/estimates/",
                                 "/api/v1/budget/summary/", "/api/v1/budget/lines/"])
def test_api_query_counts_do_not_grow_with_expenditures(api_as, django_assert_num_queries, url):
    api = api_as("doit_staff")
    EstimateFactory(line=line("II.1"), year=2016)
    _many_expenditures(2)
    api.get(url)  # warm the token and content-type caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from budget.signals import summary_changed

    summary_changed()  # the summary computed, not read from its stored snapshot: both times
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    _many_expenditures(25)
    EstimateFactory(line=line("IV.1"), year=2017)
    summary_changed()
    with django_assert_num_queries(len(few.captured_queries)):
        assert api.get(url).status_code == 200


def test_a_manual_expenditure_edited_through_the_api_is_a_new_linked_row(api_as):
    api = api_as("doit_staff")
    old = ExpenditureFactory(line=line("II.1"), year=2016, amount_vnd=30_000_000, voucher_number="PC-API")
    response = api.patch(f"/api/v1/budget/expenditures/{old.pk}/", {"amount_vnd": 35_000_000}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] != old.pk and (body["corrects"], body["amount_vnd"], body["voucher_number"]) == (
        old.pk, 35_000_000, "PC-API")
    old.refresh_from_db()
    assert old.superseded and old.amount_vnd == 30_000_000
    put = {"line": "II.1", "year": 2016, "date": "2016-02-02", "amount_vnd": 36_000_000, "description": "Lớp 1",
           "voucher_number": "PC-API"}
    third = api.put(f"/api/v1/budget/expenditures/{body['id']}/", put, format="json").json()
    assert third["corrects"] == body["id"]
    # the superseded row cannot be corrected again: the latest one must be
    again = api.patch(f"/api/v1/budget/expenditures/{old.pk}/", {"amount_vnd": 1}, format="json")
    assert again.status_code == 400 and "corrects" in again.json()
    listed = api.get("/api/v1/budget/expenditures/").json()["results"]
    assert [(r["id"], r["corrects"], r["superseded"]) for r in listed] == [(third["id"], body["id"], False)]
    chain = api.get("/api/v1/budget/expenditures/?include_superseded=1").json()["results"]
    assert sorted(r["id"] for r in chain) == sorted([old.pk, body["id"], third["id"]])
    assert api.get(f"/api/v1/budget/expenditures/{old.pk}/").json()["superseded"] is True
    summary = api.get("/api/v1/budget/summary/").json()
    assert summary["spent_vnd"] == 36_000_000


def test_deleting_an_expenditure_through_the_api_is_refused_in_vietnamese(api_as):
    spent = ExpenditureFactory()
    response = api_as("doit_staff").delete(f"/api/v1/budget/expenditures/{spent.pk}/")
    assert response.status_code == 405 and "không được xóa" in response.json()["detail"]
    assert Expenditure.objects.filter(pk=spent.pk).exists()


def test_the_admin_corrects_an_expenditure_by_a_new_row_and_never_deletes(client_as):
    spent = ExpenditureFactory(line=line("II.1"), year=2016, amount_vnd=20_000_000, voucher_number="PC-ADM")
    client = client_as("doit_staff")
    page = client.get(f"/admin/budget/expenditure/{spent.pk}/change/").content.decode()
    assert f"?corrects={spent.pk}" in page and 'name="amount_vnd"' not in page
    assert client.get(f"/admin/budget/expenditure/{spent.pk}/delete/").status_code == 403
    form = client.get(f"/admin/budget/expenditure/add/?corrects={spent.pk}")
    assert form.context["adminform"].form.initial["amount_vnd"] == 20_000_000
    response = client.post(f"/admin/budget/expenditure/add/?corrects={spent.pk}", {
        "line": spent.line_id, "year": 2016, "date": "2016-03-01", "amount_vnd": 25_000_000,
        "description": spent.description, "voucher_number": "PC-ADM"})
    assert response.status_code == 302
    new = Expenditure.objects.get()
    spent.refresh_from_db()
    assert (new.corrects_id, new.amount_vnd, spent.superseded, spent.amount_vnd) == (
        spent.pk, 25_000_000, True, 20_000_000)


def test_the_summary_sums_each_source_once_whatever_the_lines_and_years(api_as):
    """Planned amounts, estimates and spending are each one GROUP BY line and year; the section, year and plan
    totals are added up from those cells, so the summary stays a handful of queries (it was 35)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_as("doit_staff")
    EstimateFactory(line=line("II.1"), year=2016)
    _many_expenditures(3)
    api.get("/api/v1/budget/summary/")
    from budget.signals import summary_changed

    summary_changed()  # computed again, not read from the stored snapshot
    with CaptureQueriesContext(connection) as ctx:
        body = api.get("/api/v1/budget/summary/").json()
    sums = [q["sql"] for q in ctx.captured_queries if "SUM(" in q["sql"].upper()]
    assert len(sums) == 3, sums  # planned (amount and quantity together), estimates, spending
    # token, access, snapshot read, plan, three sums, sections, snapshot stored
    assert len(ctx.captured_queries) <= 9, [q["sql"] for q in ctx.captured_queries]
    assert body["total_vnd"] == 17_700_000_000


@pytest.mark.parametrize("execution", [False, True])
def test_the_section_summary_is_the_appendix_tables_section_and_year_figures(plan_loaded, execution):
    """selectors.section_summary (the API's summary) against appendix_table, which builds every line too."""
    from budget import selectors

    EstimateFactory(line=line("II.1"), year=2016, amount_vnd=600_000_000)
    EstimateFactory(line=line("IV.1"), year=2018, amount_vnd=5_000_000)
    ExpenditureFactory.create_batch(3, line=line("II.1"), year=2016, amount_vnd=250_000_000)  # over the estimate
    ExpenditureFactory(line=line("IV.1"), year=2017, amount_vnd=7_000_000)  # spent with no estimate
    keys = ["amount_vnd"] + (["estimate_vnd", "spent_vnd", "remainder_vnd", "over_estimate"] if execution else [])

    def figures(cell):
        return {key: cell[key] for key in keys}

    full = selectors.appendix_table(execution=execution)
    quick = selectors.section_summary(execution=execution)
    assert quick["years"] == full["years"]
    assert [figures(y) for y in quick["years_total"]] == [figures(y) for y in full["years_total"]]
    assert figures(quick) == figures({**full, "amount_vnd": full["total_vnd"]})
    assert [s["section"].code for s in quick["sections"]] == [s["code"] for s in full["sections"]]
    for mine, theirs in zip(quick["sections"], full["sections"], strict=True):
        assert [figures(y) for y in mine["years"]] == [figures(y) for y in theirs["years"]]
        assert figures(mine) == figures({**theirs, "amount_vnd": theirs["total_vnd"]})
    assert quick["amount_vnd"] == 17_700_000_000
    if execution:
        assert any(y["over_estimate"] for y in quick["years_total"]) and quick["spent_vnd"] == 757_000_000
