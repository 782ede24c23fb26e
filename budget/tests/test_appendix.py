"""Every figure of the appendix, through the selector and through the API, against the table in DOMAIN.md."""

import pytest
from rest_framework.test import APIClient

from budget.selectors import appendix_table, line_for_kind, quota_for, unit_price_vnd
from budget.tests.appendix_figures import (
    GRAND_TOTAL,
    LINE_YEAR_CASES,
    LINES,
    SECTION_YEAR_CASES,
    SECTIONS,
    YEAR_CASES,
)

pytestmark = pytest.mark.django_db


def _table():
    table = appendix_table()
    lines = {line["code"]: line for s in table["sections"] for line in s["lines"]}
    sections = {s["code"]: s for s in table["sections"]}
    return table, lines, sections


def _api_lines():
    body = APIClient().get("/api/v1/budget/lines/?page_size=100").json()
    return {line["code"]: line for line in body["results"]}


def _api_summary():
    return APIClient().get("/api/v1/budget/summary/").json()


@pytest.mark.parametrize("code,year,quantity,amount_vnd", LINE_YEAR_CASES)
def test_the_selector_gives_each_line_year_amount_of_the_appendix(plan_loaded, code, year, quantity, amount_vnd):
    _t, lines, _s = _table()
    cell = next(y for y in lines[code]["years"] if y["year"] == year)
    assert (cell["quantity"], cell["amount_vnd"]) == (quantity, amount_vnd)


@pytest.mark.parametrize("code,year,quantity,amount_vnd", LINE_YEAR_CASES)
def test_the_api_gives_each_line_year_amount_of_the_appendix(plan_loaded, code, year, quantity, amount_vnd):
    line = _api_lines()[code]
    assert {"year": year, "quantity": quantity, "amount_vnd": amount_vnd} in line["years"]


@pytest.mark.parametrize("code,year,amount_vnd", SECTION_YEAR_CASES)
def test_the_selector_gives_each_section_year_subtotal(plan_loaded, code, year, amount_vnd):
    _t, _l, sections = _table()
    assert next(y["amount_vnd"] for y in sections[code]["years"] if y["year"] == year) == amount_vnd


@pytest.mark.parametrize("code,year,amount_vnd", SECTION_YEAR_CASES)
def test_the_api_summary_gives_each_section_year_subtotal(plan_loaded, code, year, amount_vnd):
    section = next(s for s in _api_summary()["sections"] if s["code"] == code)
    assert next(y["amount_vnd"] for y in section["years"] if y["year"] == year) == amount_vnd


@pytest.mark.parametrize("year,amount_vnd", YEAR_CASES)
def test_the_selector_gives_each_yearly_total(plan_loaded, year, amount_vnd):
    table, _l, _s = _table()
    assert {"year": year, "amount_vnd": amount_vnd} in table["years_total"]


@pytest.mark.parametrize("year,amount_vnd", YEAR_CASES)
def test_the_api_summary_gives_each_yearly_total(plan_loaded, year, amount_vnd):
    assert {"year": year, "amount_vnd": amount_vnd} in _api_summary()["years"]


def test_the_grand_total_is_17_7_billion_dong_through_selector_and_api(plan_loaded):
    table, _l, _s = _table()
    assert table["total_vnd"] == GRAND_TOTAL * 1000 == 17_700_000_000
    assert _api_summary()["total_vnd"] == 17_700_000_000


def test_line_and_section_totals_unit_prices_and_sections_match_the_appendix(plan_loaded):
    _t, lines, sections = _table()
    api = _api_lines()
    assert list(lines) == list(LINES) == list(api)
    for code, (section, price, _q, _a, total) in LINES.items():
        assert (lines[code]["unit_price_vnd"], lines[code]["total_vnd"]) == (price * 1000, total * 1000)
        assert (api[code]["section"], api[code]["unit_price_vnd"], api[code]["total_vnd"]) == (
            section, price * 1000, total * 1000)
        assert [y["year"] for y in api[code]["years"]] == [2016, 2017, 2018, 2019, 2020]
    summary = {s["code"]: s["total_vnd"] for s in _api_summary()["sections"]}
    for code, (_amounts, total) in SECTIONS.items():
        assert sections[code]["total_vnd"] == summary[code] == total * 1000


def test_one_line_reads_by_its_code(plan_loaded):
    body = APIClient().get("/api/v1/budget/lines/I.3a/").json()
    assert (body["unit"], body["total_vnd"]) == ("Phóng sự", 880_000_000)


def test_quotas_are_the_planned_quantities_by_kind(plan_loaded):
    assert [quota_for(activity_kind="cp_assessment", year=y) for y in range(2016, 2021)] == [18, 23, 25, 25, 30]
    assert [quota_for(activity_kind="investment_support", year=y) for y in range(2016, 2021)] == [2, 3, 4, 5, 5]
    assert quota_for(activity_kind="training_class", year=2021) == 0
    assert line_for_kind("cp_assessment").code == "IV.1"
    assert line_for_kind("article").code == "I.3b"
    assert unit_price_vnd("I.1") == 150_000_000


def test_the_appendix_selector_runs_a_fixed_number_of_queries(plan_loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        appendix_table()
