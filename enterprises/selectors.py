"""Reads the reports (T1–T5, output targets) and the pages build on. Counts are single aggregate queries.

Every count is "as of" a date: a facility counts when it was registered by then and not yet closed,
and a record counts when it is dated on or before that day.
"""

import datetime
import heapq
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Round

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
SAVING_HIGH = Decimal("0.13")  # the top of the plan's 8–13 % range


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


def assessments_done_by_year(*, district_id: int | None = None, until: datetime.date | None = None) -> dict[int, int]:
    """{year: number of assessments done that year} (year of the assessment's date); `until`: only those dated on
    or before that day (a report's period end). One grouped query."""
    qs = Assessment.objects.all()
    if until is not None:
        qs = qs.filter(date__lte=until)
    if district_id is not None:
        qs = qs.filter(request__enterprise__district_id=district_id)
    rows = qs.annotate(y=ExtractYear("date")).values("y").annotate(n=Count("id")).order_by("y")
    return {row["y"]: row["n"] for row in rows}


def investment_supports_by_year(*, district_id: int | None = None, until: datetime.date | None = None) -> dict[int, int]:
    """{year: number of CP investment projects supported by the city that year} (cancelled ones excluded).

    `until` (a report's period end): only the supports given by then. A project has no date of approval or
    disbursement; its support is dated as its posting on line IV.3 is (services.investment_project_record): the
    project's start date, or 31/12 of its year when it has none. One grouped query."""
    qs = InvestmentProject.objects.filter(support_vnd__gt=0).exclude(status=InvestmentProject.Status.CANCELLED)
    if until is not None:
        # 31/12 of the year is on or before `until` for the years before until's, and for until's own year on 31/12
        last_full_year = until.year if (until.month, until.day) == (12, 31) else until.year - 1
        qs = qs.filter(Q(started_on__lte=until) | Q(started_on__isnull=True, year__lte=last_full_year))
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


def _float(name: str):
    """A column as a float in the database: SQLite stores 1000.000 as the integer 1000 and would divide
    integers; ratios of consumption need no more than a double's precision."""
    return Cast(F(name), FloatField())


def _rounded(expression, places: int):
    """A float computed in the database, rounded there (so comparisons agree with what is shown), read as Decimal."""
    return Round(Cast(expression, DecimalField(max_digits=30, decimal_places=10)), places,
                 output_field=DecimalField(max_digits=30, decimal_places=places))


def _savings_rows(*, as_of: datetime.date, district_id: int | None, applying_only: bool):
    """One row per facility and resource: the baseline and the latest figure known by as_of, per unit, and the
    saving ratio (NULL when the baseline consumed nothing), all computed by the database."""
    latest = (ConsumptionRecord.objects.filter(
        known_by(as_of), enterprise=OuterRef("enterprise"), resource=OuterRef("resource"),
        material_name=OuterRef("material_name"), is_baseline=False, year__gt=OuterRef("year"))
        .order_by("-year", Coalesce("half", Value(3)).desc()))
    enterprises = _active(as_of, district_id)
    if applying_only:
        enterprises = enterprises.filter(applying_exists(as_of))
    energy = Q(resource__in=ENERGY_RESOURCES, mj__isnull=False)
    return (ConsumptionRecord.objects.filter(is_baseline=True, enterprise__in=enterprises, output_quantity__gt=0)
            .filter(known_by(as_of))
            .annotate(now_q=Subquery(latest.values("quantity")[:1]),
                      now_out=Subquery(latest.values("output_quantity")[:1]),
                      mj=_factor("resource", "unit"))
            .filter(now_q__isnull=False, now_out__gt=0)
            .annotate(base_pu=ExpressionWrapper(_float("quantity") / _float("output_quantity"), FloatField()),
                      now_pu=ExpressionWrapper(_float("now_q") / _float("now_out"), FloatField()))
            .annotate(ratio=Case(When(quantity__gt=0, then=Value(1.0) - F("now_pu") / F("base_pu")),
                                 default=None, output_field=FloatField()),
                      base_mj=Case(When(energy, then=F("base_pu") * _float("mj")), default=None,
                                   output_field=FloatField()),
                      now_mj=Case(When(energy, then=F("now_pu") * _float("mj")), default=None,
                                  output_field=FloatField())))


def savings_per_unit(*, as_of: datetime.date, district_id: int | None = None, applying_only: bool = True,
                     with_facilities: bool = True) -> dict:
    """Per facility: saving per unit of product against its baseline, per resource and for energy in total (MJ).

    saving = 1 − (latest consumption per unit known by as_of ÷ baseline consumption per unit).
    The facility's headline saving is its energy saving where it has energy data, else the mean of its
    resources'. With applying_only (T3), only facilities applying CP by as_of count.
    Returns {"facilities": [...], "count", "at_least_target", "share_at_least_target" (%), "distribution"}.
    The database computes every figure and counts the buckets: three queries, whatever the number of
    facilities (one without the facility list).
    """
    rows = _savings_rows(as_of=as_of, district_id=district_id, applying_only=applying_only)
    per_facility = (rows.values("enterprise_id")
                    .annotate(base_mj_sum=Sum("base_mj"), now_mj_sum=Sum("now_mj"), mean=Avg("ratio"))
                    .annotate(energy_f=Case(When(base_mj_sum__gt=0,
                                                 then=Value(1.0) - F("now_mj_sum") / F("base_mj_sum")),
                                            default=None, output_field=FloatField()))
                    .annotate(saving_f=Coalesce("energy_f", "mean", output_field=FloatField()))
                    .filter(saving_f__isnull=False)
                    .annotate(saving=_rounded(F("saving_f"), 4), energy=_rounded(F("energy_f"), 4))
                    .order_by("enterprise_id"))
    buckets = per_facility.aggregate(
        below_0=Count("enterprise_id", filter=Q(saving__lt=0)),
        **{"0_8": Count("enterprise_id", filter=Q(saving__gte=0, saving__lt=SAVING_TARGET))},
        **{"8_13": Count("enterprise_id", filter=Q(saving__gte=SAVING_TARGET, saving__lt=SAVING_HIGH))},
        **{"13_up": Count("enterprise_id", filter=Q(saving__gte=SAVING_HIGH))},
    )
    buckets = {key: buckets[key] or 0 for key in ("below_0", "0_8", "8_13", "13_up")}
    count = sum(buckets.values())
    at_least = buckets["8_13"] + buckets["13_up"]
    share = (Decimal(100 * at_least) / count).quantize(Decimal("0.1")) if count else None
    facilities = []
    if with_facilities:
        resources: dict[int, dict] = defaultdict(dict)
        for row in rows.annotate(saving=_rounded(F("ratio"), 4)).values(
                "enterprise_id", "resource", "material_name", "saving").order_by("enterprise_id", "resource"):
            key = row["resource"] + (f":{row['material_name']}" if row["material_name"] else "")
            resources[row["enterprise_id"]][key] = row["saving"]
        facilities = [{"enterprise_id": f["enterprise_id"], "resources": resources[f["enterprise_id"]],
                       "energy": f["energy"], "saving": f["saving"]}
                      for f in per_facility.values("enterprise_id", "energy", "saving")]
    return {"facilities": facilities, "count": count, "at_least_target": at_least,
            "share_at_least_target": share, "distribution": buckets}


# --- consumption norms ---------------------------------------------------------------------------------------


def _norms_in_force(year: int):
    return ConsumptionNorm.objects.filter(valid_from_year__lte=year).filter(
        Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))


def _norm_of(year: int, resource):
    """The norm in force for the outer row's sector and product (the latest adopted, if several)."""
    return _norms_in_force(year).filter(sector=OuterRef("enterprise__sector_id"), product=OuterRef("product"),
                                        resource=resource).order_by("-valid_from_year")


def _above(queryset, norm, actual):
    """Annotate the norm and the excess, keep the rows above it, worst first: shared by both comparisons."""
    return (queryset.annotate(norm=Subquery(norm.values("norm_per_unit")[:1]),
                              norm_unit=Subquery(norm.values("unit")[:1]),
                              norm_source=Subquery(norm.values("source_document")[:1]),
                              actual_f=actual)
            .filter(norm__isnull=False, actual_f__gt=_float("norm"))
            .annotate(actual=_rounded(F("actual_f"), 2),
                      excess_f=(F("actual_f") / _float("norm") - Value(1.0)) * Value(100.0))
            .annotate(excess_pct=_rounded(F("excess_f"), 1))
            .order_by("-excess_f", "enterprise_id"))


def facilities_above_norm(*, year: int, district_id: int | None = None, enterprises=None) -> list[dict]:
    """Facilities whose consumption per unit in `year` exceeds their sector's norm for the product, worst first.

    A norm on one resource compares that resource's figure; an "energy" norm (MJ) compares the sum of
    electricity, coal, oil and gas converted with the energy factors. Two queries, whatever the number of rows.
    """
    records = ConsumptionRecord.objects.filter(year=year, half__isnull=True, output_quantity__gt=0).exclude(product="")
    if enterprises is not None:
        records = records.filter(enterprise__in=enterprises)
    if district_id is not None:
        records = records.filter(enterprise__district_id=district_id)
    names = {"name": F("enterprise__name"), "tax_code": F("enterprise__tax_code")}
    by_resource = _above(records, _norm_of(year, OuterRef("resource")),
                         ExpressionWrapper(_float("quantity") / _float("output_quantity"), FloatField()))
    energy = (records.filter(resource__in=ENERGY_RESOURCES).annotate(mj=_factor("resource", "unit"))
              .filter(mj__isnull=False)
              .values("enterprise_id", "enterprise__sector_id", "product", **names))
    energy = _above(energy, _norm_of(year, ConsumptionNorm.ENERGY),
                    Sum(_float("quantity") * _float("mj") / _float("output_quantity"), output_field=FloatField()))
    fields = ["enterprise_id", "product", "actual", "norm", "norm_unit", "norm_source", "excess_pct"]
    rows = heapq.merge(
        by_resource.values(*fields, "resource", **names),
        ({**row, "resource": ConsumptionNorm.ENERGY} for row in energy.values(*fields, *names)),
        key=lambda row: -row["excess_pct"])
    return [{"enterprise_id": r["enterprise_id"], "name": r["name"], "tax_code": r["tax_code"],
             "product": r["product"], "resource": r["resource"], "unit": r["norm_unit"], "actual": r["actual"],
             "norm": r["norm"], "excess_pct": r["excess_pct"], "source_document": r["norm_source"]} for r in rows]


def demonstration_projects():
    """Demonstration models (not cancelled): public, so that other facilities can visit and copy them."""
    return InvestmentProject.objects.filter(model_kind=InvestmentProject.ModelKind.DEMONSTRATION).exclude(
        status=InvestmentProject.Status.CANCELLED)


def assessment_priority_list(*, year: int, district_id: int | None = None) -> list[dict]:
    """Candidates for a rapid assessment: active facilities above a norm with no assessment yet, worst first."""
    candidates = Enterprise.objects.filter(status=Enterprise.Status.ACTIVE).exclude(
        assessment_requests__assessment__isnull=False)
    return facilities_above_norm(year=year, district_id=district_id, enterprises=candidates)
