"""The T3 savings and the norm flags are computed by the database: the figures, the buckets, the query counts."""

import datetime
from decimal import Decimal

import pytest

from enterprises import selectors
from enterprises.models import ConsumptionNorm, ConsumptionRecord, Sector
from enterprises.tests.factories import AssessmentFactory, EnterpriseFactory, OptionFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2018, 12, 31)


def _applying(e):
    OptionFactory(assessment__request__enterprise=e, status="implemented", implemented_on=datetime.date(2017, 2, 1))
    return e


def _pair(e, resource, unit, base, now, material_name=""):
    kw = dict(enterprise=e, resource=resource, unit=unit, product_unit="tấn", material_name=material_name)
    ConsumptionRecord.objects.create(year=2016, quantity=base, output_quantity=10, is_baseline=True, **kw)
    ConsumptionRecord.objects.create(year=2017, quantity=now, output_quantity=10, **kw)


def _four_facilities():
    exact = _applying(EnterpriseFactory())
    _pair(exact, "electricity", "kWh", 1000, 920)  # exactly 8 %: the target's lower edge, counted as reached
    mixed = _applying(EnterpriseFactory())
    _pair(mixed, "electricity", "kWh", 1000, 800)  # 360 → 288 MJ per tonne
    _pair(mixed, "coal", "kg", 100, 100)  # 251 → 251 MJ per tonne: energy 1 − 539/611
    worse = _applying(EnterpriseFactory())
    _pair(worse, "water", "m3", 50, 60)  # −20 %
    _pair(worse, "material", "tấn", 10, 9, material_name="bột mì")  # +10 %: mean −5 %
    not_applying = EnterpriseFactory()
    _pair(not_applying, "water", "m3", 100, 85)  # 15 %, but no CP option implemented
    no_later_figure = _applying(EnterpriseFactory())
    ConsumptionRecord.objects.create(enterprise=no_later_figure, year=2016, resource="water", unit="m3",
                                     quantity=5, output_quantity=1, product_unit="tấn", is_baseline=True)
    return exact, mixed, worse, not_applying


def test_savings_per_unit_computes_energy_means_and_buckets_in_the_database(plan_loaded):
    exact, mixed, worse, not_applying = _four_facilities()
    result = selectors.savings_per_unit(as_of=AS_OF)
    by_id = {f["enterprise_id"]: f for f in result["facilities"]}
    assert set(by_id) == {exact.pk, mixed.pk, worse.pk}
    assert by_id[exact.pk]["saving"] == Decimal("0.08") and by_id[exact.pk]["energy"] == Decimal("0.08")
    assert by_id[mixed.pk]["energy"] == Decimal("0.1178")
    assert by_id[mixed.pk]["resources"] == {"electricity": Decimal("0.2"), "coal": Decimal("0")}
    assert by_id[worse.pk]["energy"] is None and by_id[worse.pk]["saving"] == Decimal("-0.05")
    assert by_id[worse.pk]["resources"] == {"water": Decimal("-0.2"), "material:bột mì": Decimal("0.1")}
    assert result["distribution"] == {"below_0": 1, "0_8": 0, "8_13": 2, "13_up": 0}
    assert result["count"] == 3 and result["at_least_target"] == 2
    assert result["share_at_least_target"] == Decimal("66.7")
    everyone = selectors.savings_per_unit(as_of=AS_OF, applying_only=False)
    assert everyone["distribution"]["13_up"] == 1 and everyone["share_at_least_target"] == Decimal("75.0")
    assert selectors.savings_per_unit(as_of=datetime.date(2017, 6, 30))["count"] == 0  # 2017 not over yet


def test_savings_per_unit_query_count_does_not_grow_with_facilities(plan_loaded, django_assert_num_queries):
    _four_facilities()
    with django_assert_num_queries(3):
        selectors.savings_per_unit(as_of=AS_OF)
    with django_assert_num_queries(1):
        summary = selectors.savings_per_unit(as_of=AS_OF, with_facilities=False)
    assert summary["count"] == 3 and summary["facilities"] == []
    for _ in range(6):
        _pair(_applying(EnterpriseFactory()), "electricity", "kWh", 100, 90)
    with django_assert_num_queries(3):
        result = selectors.savings_per_unit(as_of=AS_OF)
    assert result["count"] == 9 and result["distribution"]["8_13"] == 8


PRODUCT = "giò chả"


def _norms():
    sector = Sector.objects.get(code="10")
    kw = dict(sector=sector, product=PRODUCT, valid_from_year=2016, valid_to_year=2020)
    ConsumptionNorm.objects.create(resource="electricity", unit="kWh/tấn", norm_per_unit=50, source_document="TEST-1",
                                   **kw)
    ConsumptionNorm.objects.create(resource="energy", unit="MJ/tấn", norm_per_unit=300, source_document="TEST-2", **kw)
    ConsumptionNorm.objects.create(resource="water", unit="m3/tấn", norm_per_unit=1, source_document="TEST-3",
                                   sector=sector, product=PRODUCT, valid_from_year=2016, valid_to_year=2017)


def _year(e, resource, unit, quantity, product=PRODUCT):
    ConsumptionRecord.objects.create(enterprise=e, year=2018, resource=resource, unit=unit, quantity=quantity,
                                     output_quantity=10, product=product, product_unit="tấn")


def _norm_facilities():
    _norms()
    a = EnterpriseFactory(name="A vượt điện")
    _year(a, "electricity", "kWh", 650)  # 65 kWh/t: 30 % above; energy 234 + 25.1 MJ/t, under 300
    _year(a, "coal", "kg", 10)
    _year(a, "water", "m3", 100)  # 10 m3/t, but the water norm expired in 2017
    b = EnterpriseFactory(name="B vượt năng lượng")
    _year(b, "electricity", "kWh", 450)  # 45 kWh/t: under the electricity norm
    _year(b, "coal", "kg", 200)  # 162 + 502 = 664 MJ/t: 121.3 % above the energy norm
    c = EnterpriseFactory(name="C đã đánh giá")
    _year(c, "electricity", "kWh", 1000)  # 100 %; energy 360 MJ/t: 20 %
    AssessmentFactory(request__enterprise=c)
    d = EnterpriseFactory(name="D sản phẩm khác")
    _year(d, "electricity", "kWh", 5000, product="bánh")  # no norm for this product
    return a, b, c, d


def test_facilities_above_norm_flags_each_resource_and_total_energy_worst_first(plan_loaded):
    a, b, c, d = _norm_facilities()
    rows = selectors.facilities_above_norm(year=2018)
    assert [(r["enterprise_id"], r["resource"], r["excess_pct"]) for r in rows] == [
        (b.pk, "energy", Decimal("121.3")), (c.pk, "electricity", Decimal("100.0")),
        (a.pk, "electricity", Decimal("30.0")), (c.pk, "energy", Decimal("20.0"))]
    assert rows[0]["actual"] == Decimal("664.00") and rows[0]["norm"] == Decimal("300")
    assert rows[0]["unit"] == "MJ/tấn" and rows[0]["source_document"] == "TEST-2"
    assert rows[0]["name"] == "B vượt năng lượng" and rows[0]["tax_code"] == b.tax_code
    assert selectors.facilities_above_norm(year=2021) == []  # the norms are no longer in force


def test_the_priority_list_leaves_out_assessed_and_closed_facilities(plan_loaded, django_assert_num_queries):
    a, b, c, d = _norm_facilities()
    with django_assert_num_queries(2):
        rows = selectors.assessment_priority_list(year=2018)
    assert [(r["enterprise_id"], r["resource"]) for r in rows] == [(b.pk, "energy"), (a.pk, "electricity")]
    b.status, b.closed_on = "closed", datetime.date(2019, 1, 1)
    b.save()
    for n in range(5):
        _year(EnterpriseFactory(name=f"E{n}"), "electricity", "kWh", 700)
    with django_assert_num_queries(2):
        rows = selectors.assessment_priority_list(year=2018)
    assert b.pk not in [r["enterprise_id"] for r in rows] and len(rows) == 6


def test_the_priority_page_lists_the_candidates_for_doit(client_as, django_assert_max_num_queries):
    a, b, c, d = _norm_facilities()
    client = client_as("doit_staff")
    client.get("/doanh-nghiep/uu-tien/?year=2018")
    with django_assert_max_num_queries(12) as few:
        response = client.get("/doanh-nghiep/uu-tien/?year=2018")
    text = response.content.decode()
    assert "B vượt năng lượng" in text and "A vượt điện" in text and "C đã đánh giá" not in text
    for n in range(5):
        _year(EnterpriseFactory(name=f"E{n}"), "electricity", "kWh", 700)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/doanh-nghiep/uu-tien/?year=2018").status_code == 200
