"""Reads the reports (T1–T5, output targets) and the pages build on. Counts are single aggregate queries.

Every count is "as of" a date: a facility counts when it was registered by then and not yet closed,
and a record counts when it is dated on or before that day.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from enterprises.models import (
    Assessment,
    AwarenessRecord,
    ConsumptionNorm,
    ConsumptionRecord,
    CPOfficer,
    CPOption,
    EnergyFactor,
    Enterprise,
    InvestmentProject,
)
from enterprises.models_consumption import ENERGY_RESOURCES

SAVING_TARGET = Decimal("0.08")


def _active(as_of: datetime.date, district_id: int | None):
    qs = Enterprise.objects.active_as_of(as_of)
    if district_id is not None:
        qs = qs.filter(district_id=district_id)
    return qs


def aware_exists(as_of: datetime.date):
    return Exists(AwarenessRecord.objects.filter(enterprise=OuterRef("pk"), date__lte=as_of))


def applying_exists(as_of: datetime.date):
    return Exists(CPOption.objects.filter(assessment__request__enterprise=OuterRef("pk"),
                                          status=CPOption.Status.IMPLEMENTED, implemented_on__lte=as_of))


def officer_exists(as_of: datetime.date):
    return Exists(CPOfficer.objects.filter(enterprise=OuterRef("pk"), since__lte=as_of).filter(
        Q(until__isnull=True) | Q(until__gte=as_of)))


def facilities_active_count(*, as_of: datetime.date, district_id: int | None = None) -> int:
    return _active(as_of, district_id).count()


def facilities_aware_count(*, as_of: datetime.date, district_id: int | None = None) -> int:
    """Active facilities with an awareness record (survey, workshop, training) dated on or before as_of (T1)."""
    return _active(as_of, district_id).filter(aware_exists(as_of)).count()


def facilities_applying_count(*, as_of: datetime.date, district_id: int | None = None) -> int:
    """Active facilities with at least one CP option implemented on or before as_of (T2)."""
    return _active(as_of, district_id).filter(applying_exists(as_of)).count()


def facilities_with_cp_officer_count(*, as_of: datetime.date, district_id: int | None = None) -> int:
    """Active facilities with a CP officer in post on as_of (T5)."""
    return _active(as_of, district_id).filter(officer_exists(as_of)).count()


def large_enterprises_count(*, as_of: datetime.date, district_id: int | None = None) -> int:
    """Active large enterprises: T4's denominator."""
    return _active(as_of, district_id).filter(size=Enterprise.Size.LARGE).count()


def assessments_done_by_year(*, district_id: int | None = None) -> dict[int, int]:
    """{year: number of assessments done that year} (year of the assessment's date)."""
    qs = Assessment.objects.all()
    if district_id is not None:
        qs = qs.filter(request__enterprise__district_id=district_id)
    rows = qs.annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id")).order_by("y")
    return {row["y"]: row["n"] for row in rows}


def investment_supports_by_year(*, district_id: int | None = None) -> dict[int, int]:
    """{year: number of CP investment projects supported by the city that year} (cancelled ones excluded)."""
    qs = InvestmentProject.objects.filter(support_vnd__gt=0).exclude(status=InvestmentProject.Status.CANCELLED)
    if district_id is not None:
        qs = qs.filter(enterprise__district_id=district_id)
    rows = qs.values("year").annotate(n=Count("id")).order_by("year")
    return {row["year"]: row["n"] for row in rows}


# --- consumption per unit of product (T3) ------------------------------------------------------------------


def known_by(as_of: datetime.date) -> Q:
    """Consumption records whose period (a year, or a half-year) had ended by as_of."""
    year_done = as_of.year if as_of >= datetime.date(as_of.year, 12, 31) else as_of.year - 1
    q = Q(year__lte=year_done)
    if as_of >= datetime.date(as_of.year, 6, 30):
        q |= Q(year=as_of.year, half=1)
    return q


def _factor(resource_ref: str, unit_ref: str):
    return Subquery(EnergyFactor.objects.filter(resource=OuterRef(resource_ref), unit=OuterRef(unit_ref))
                    .values("mj_per_unit")[:1])


def _ratio(now_per_unit: Decimal, base_per_unit: Decimal) -> Decimal | None:
    if not base_per_unit:
        return None
    return (1 - now_per_unit / base_per_unit).quantize(Decimal("0.0001"))


def savings_per_unit(*, as_of: datetime.date, district_id: int | None = None, applying_only: bool = True) -> dict:
    """Per facility: saving per unit of product against its baseline, per resource and for energy in total (MJ).

    saving = 1 − (latest consumption per unit known by as_of ÷ baseline consumption per unit).
    The facility's headline saving is its energy saving where it has energy data, else the mean of its
    resources'. With applying_only (T3), only facilities applying CP by as_of count.
    Returns {"facilities": [...], "count", "at_least_target", "share_at_least_target" (%), "distribution"}.
    """
    latest = (ConsumptionRecord.objects.filter(
        known_by(as_of), enterprise=OuterRef("enterprise"), resource=OuterRef("resource"),
        material_name=OuterRef("material_name"), is_baseline=False, year__gt=OuterRef("year"))
        .order_by("-year", Coalesce("half", Value(3)).desc()))
    enterprises = _active(as_of, district_id)
    if applying_only:
        enterprises = enterprises.filter(applying_exists(as_of))
    rows = (ConsumptionRecord.objects.filter(is_baseline=True, enterprise__in=enterprises)
            .filter(known_by(as_of))
            .annotate(now_q=Subquery(latest.values("quantity")[:1]), now_out=Subquery(latest.values("output_quantity")[:1]),
                      mj=_factor("resource", "unit"))
            .filter(now_q__isnull=False)
            .values("enterprise_id", "resource", "material_name", "quantity", "output_quantity", "now_q", "now_out",
                    "mj"))
    per_facility: dict[int, dict] = defaultdict(lambda: {"resources": {}, "base_mj": Decimal(0), "now_mj": Decimal(0)})
    for row in rows:  # one row per facility and resource: a per-facility figure, not a total
        if not row["output_quantity"] or not row["now_out"]:
            continue
        base = Decimal(row["quantity"]) / Decimal(row["output_quantity"])
        now = Decimal(row["now_q"]) / Decimal(row["now_out"])
        key = row["resource"] + (f":{row['material_name']}" if row["material_name"] else "")
        facility = per_facility[row["enterprise_id"]]
        facility["resources"][key] = _ratio(now, base)
        if row["resource"] in ENERGY_RESOURCES and row["mj"] is not None:
            facility["base_mj"] += base * Decimal(row["mj"])
            facility["now_mj"] += now * Decimal(row["mj"])
    facilities = []
    for enterprise_id, data in sorted(per_facility.items()):
        energy = _ratio(data["now_mj"], data["base_mj"]) if data["base_mj"] else None
        values = [v for v in data["resources"].values() if v is not None]
        headline = energy if energy is not None else (
            (sum(values) / len(values)).quantize(Decimal("0.0001")) if values else None)
        if headline is None:
            continue
        facilities.append({"enterprise_id": enterprise_id, "resources": data["resources"], "energy": energy,
                           "saving": headline})
    buckets = {"below_0": 0, "0_8": 0, "8_13": 0, "13_up": 0}
    for f in facilities:
        s = f["saving"]
        buckets["below_0" if s < 0 else "0_8" if s < SAVING_TARGET else "8_13" if s < Decimal("0.13") else "13_up"] += 1
    at_least = buckets["8_13"] + buckets["13_up"]
    share = (Decimal(100 * at_least) / len(facilities)).quantize(Decimal("0.1")) if facilities else None
    return {"facilities": facilities, "count": len(facilities), "at_least_target": at_least,
            "share_at_least_target": share, "distribution": buckets}


# --- consumption norms ---------------------------------------------------------------------------------------


def facilities_above_norm(*, year: int, district_id: int | None = None, enterprises=None) -> list[dict]:
    """Facilities whose consumption per unit in `year` exceeds their sector's norm for the product, worst first.

    A norm on one resource compares that resource's figure; an "energy" norm (MJ) compares the sum of
    electricity, coal, oil and gas converted with the energy factors.
    """
    records = ConsumptionRecord.objects.filter(year=year, half__isnull=True).exclude(product="")
    if enterprises is not None:
        records = records.filter(enterprise__in=enterprises)
    if district_id is not None:
        records = records.filter(enterprise__district_id=district_id)
    records = records.annotate(mj=_factor("resource", "unit")).values(
        "enterprise_id", "enterprise__name", "enterprise__tax_code", "enterprise__sector_id", "product", "resource",
        "quantity", "output_quantity", "mj")
    norms = defaultdict(list)
    for norm in ConsumptionNorm.objects.filter(valid_from_year__lte=year).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year)):
        norms[(norm.sector_id, norm.product)].append(norm)
    grouped: dict = defaultdict(lambda: {"energy_mj": Decimal(0), "output": None, "by_resource": {}})
    for r in records:
        g = grouped[(r["enterprise_id"], r["product"])]
        g.update(name=r["enterprise__name"], tax_code=r["enterprise__tax_code"], sector_id=r["enterprise__sector_id"])
        if r["output_quantity"]:
            g["output"] = Decimal(r["output_quantity"])
            g["by_resource"][r["resource"]] = Decimal(r["quantity"]) / Decimal(r["output_quantity"])
            if r["resource"] in ENERGY_RESOURCES and r["mj"] is not None:
                g["energy_mj"] += Decimal(r["quantity"]) * Decimal(r["mj"]) / Decimal(r["output_quantity"])
    flagged = []
    for (enterprise_id, product), g in grouped.items():
        for norm in norms.get((g["sector_id"], product), []):
            actual = g["energy_mj"] if norm.resource == ConsumptionNorm.ENERGY else g["by_resource"].get(norm.resource)
            if actual and actual > norm.norm_per_unit:
                flagged.append({"enterprise_id": enterprise_id, "name": g["name"], "tax_code": g["tax_code"],
                                "product": product, "resource": norm.resource, "unit": norm.unit,
                                "actual": actual.quantize(Decimal("0.01")), "norm": norm.norm_per_unit,
                                "excess_pct": ((actual / norm.norm_per_unit - 1) * 100).quantize(Decimal("0.1")),
                                "source_document": norm.source_document})
    flagged.sort(key=lambda row: -row["excess_pct"])
    return flagged


def assessment_priority_list(*, year: int, district_id: int | None = None) -> list[dict]:
    """Candidates for a rapid assessment: active facilities above a norm with no assessment yet, worst first."""
    candidates = Enterprise.objects.filter(status=Enterprise.Status.ACTIVE).exclude(
        assessment_requests__assessment__isnull=False)
    return facilities_above_norm(year=year, district_id=district_id, enterprises=candidates)
