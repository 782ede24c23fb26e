"""Demo registry: facilities across the 30 districts, areas, awareness, officers, requests, assessments,
options and consumption. Deterministic (random_seed) and idempotent (keyed by tax code)."""

import datetime
import random

from stdnum.vn import mst

from enterprises.models import (
    Assessment,
    AssessmentRequest,
    AwarenessRecord,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    Enterprise,
    IndustrialArea,
    Sector,
)
from enterprises.validators import size_class_for
from plan.models import AdministrativeUnit

AREAS = [("kcn", "Thăng Long", "017"), ("kcn", "Bắc Thăng Long", "017"), ("kcn", "Nội Bài", "016"),
         ("kcn", "Nam Thăng Long", "021"), ("kcn", "Sài Đồng B", "004"), ("kcn", "Quang Minh", "250"),
         ("kcn", "Thạch Thất – Quốc Oai", "276"), ("kcn", "Phú Nghĩa", "277"), ("ccn", "Ngọc Hồi", "020"),
         ("craft_village", "Bát Tràng", "018")]


def _tax_code(n):
    """A valid, unique 10-digit tax code for demo facility n (1 ≤ n < 5,000,000)."""
    prefix = f"05{n * 2:07d}"
    if mst.calc_check_digit(prefix) == "10":
        prefix = f"05{n * 2 + 1:07d}"
    return prefix + mst.calc_check_digit(prefix)


def seed(*, stdout=None, facilities=None, random_seed=5768):
    rng = random.Random(random_seed)
    districts = list(AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY).order_by("code"))
    sectors = list(Sector.objects.all())
    if not districts or not sectors:
        return {}
    by_code = {d.code: d for d in districts}
    areas = [IndustrialArea.objects.get_or_create(kind=k, name=n, district=by_code[c],
                                                  defaults={"management_board": "Ban quản lý các KCN và CX Hà Nội"})[0]
             for k, n, c in AREAS if c in by_code]
    if facilities is not None:
        # Large data sets: rows loaded in bulk, without history (enterprises.bulk); tops the demo registry up to N.
        from enterprises.bulk import generate

        generate(facilities=facilities, random_seed=random_seed, stdout=stdout, tax_code=_tax_code)
        _link_demo_user()
        if stdout:
            stdout.write(f"enterprises: {Enterprise.objects.count()} facilities")
        return {}
    count = 300
    for i in range(count):
        district = districts[i % len(districts)] if i else by_code.get("001", districts[0])
        workers = rng.choice([5, 30, 80, 150, 400])
        revenue = rng.choice([2, 30, 150, 500]) * 1_000_000_000
        tax_code = _tax_code(i + 1)
        local_areas = [a for a in areas if a.district_id == district.pk]
        e, created = Enterprise.objects.get_or_create(tax_code=tax_code, defaults={
            "name": f"Cơ sở sản xuất {i + 1:03d} – {district.name}", "district": district,
            "industrial_area": rng.choice(local_areas) if local_areas and rng.random() < 0.6 else None,
            "sector": rng.choice(sectors), "workers": workers, "revenue_vnd": revenue,
            "size": size_class_for(workers=workers, revenue_vnd=revenue, capital_vnd=None),
            "registered_on": datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1200)),
            "address": f"Số {i + 1}, {district.full_name}", "contact_person": "Nguyễn Văn Minh"})
        if not created:
            rng.random()
            continue
        year = rng.choice([2016, 2017, 2018, 2019, 2020])
        if rng.random() < 0.7:
            AwarenessRecord.objects.create(enterprise=e, date=datetime.date(year, 5, 15), kind=rng.choice(
                AwarenessRecord.Kind.values))
        if rng.random() < 0.5:
            CPOfficer.objects.create(enterprise=e, name="Trần Thị Hoa", position="Phó giám đốc",
                                     since=datetime.date(year, 3, 1))
        if rng.random() < 0.3:
            r = AssessmentRequest.objects.create(enterprise=e, kind="rapid_assessment", year=year, status="done")
            a = Assessment.objects.create(request=r, date=datetime.date(year, 9, 1), consultant="Trung tâm TKNL Hà Nội",
                                          consultancy_cost_vnd=100_000_000, support_vnd=50_000_000)
            implemented = rng.random() < 0.6
            CPOption.objects.create(assessment=a, category=rng.choice(CPOption.Category.values),
                                    description="Thu hồi nước ngưng, bảo ôn đường hơi", investment_vnd=80_000_000,
                                    yearly_saving_vnd=40_000_000, status="implemented" if implemented else "identified",
                                    implemented_on=datetime.date(year, 12, 1) if implemented else None)
            for y, factor in ((year - 1, 1), (year + 1, rng.choice([0.85, 0.9, 0.95]))):
                ConsumptionRecord.objects.create(enterprise=e, year=y, resource="electricity", unit="kWh",
                                                 quantity=round(500_000 * factor), output_quantity=1000,
                                                 product_unit="tấn", is_baseline=y == year - 1)
        elif rng.random() < 0.2:
            AssessmentRequest.objects.create(enterprise=e, kind="rapid_assessment", year=year)
    _link_demo_user()
    if stdout:
        stdout.write(f"enterprises: {Enterprise.objects.count()} facilities")
    return {}


def _link_demo_user():
    """The demo enterprise user (dn.demo) works for the first demo facility."""
    from django.contrib.auth import get_user_model

    demo = Enterprise.objects.filter(tax_code=_tax_code(1)).first()
    user = get_user_model().objects.filter(username="dn.demo").first()
    if demo and user:
        demo.users.add(user)
