"""The indicator engine: T1–T5 as of a reporting period's end, and the appendix's output targets.

Definitions (DOMAIN.md II):
- T1 aware ÷ active facilities; T2 applying ÷ active facilities; T4 large enterprises with a staff member who
  completed a CP class ÷ active large enterprises.
- T5 (facilities with a CP officer in post + management boards of KCN, export zones, CCN and industrial points
  with a board CP officer) ÷ (active facilities + those boards). Boards carry no dates: they count as they are now.
- T3 numerator = applying facilities whose saving per unit of product is ≥ 8%, denominator = applying facilities
  with consumption data, value = that share (%). Its status follows the MEDIAN saving of those facilities
  (`median_saving`, %): met when the median is ≥ 8% (the low end of the 8–13% target).
Status: "met" when the value (T3: the median saving) reaches the target; "on_track" when the linear trend from
the plan's start (1/1/2016, taken at the value of the earliest reporting period) to this period's end, projected
to 31/12/2020, reaches it; "off_track" otherwise (also when there is no value).

Every count is one aggregate query (grouped by district for the district table), so the number of queries
does not depend on the number of facilities or districts.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from enterprises import selectors as registry
from enterprises.models import Enterprise, IndustrialArea
from plan.models import ReportingPeriod, Target
from plan.selectors import plan_current

TARGET_CODES = ["T1", "T2", "T3", "T4", "T5"]
PLAN_START = datetime.date(2016, 1, 1)
PLAN_END = datetime.date(2020, 12, 31)
BOARD_KINDS = [IndustrialArea.Kind.KCN, IndustrialArea.Kind.EXPORT_ZONE, IndustrialArea.Kind.CCN,
               IndustrialArea.Kind.INDUSTRIAL_POINT]
STATUS_LABELS = {"met": _("đạt"), "on_track": _("đúng tiến độ"), "off_track": _("chậm tiến độ")}


def _trained_exists(as_of):
    """A staff member of the enterprise completed a CP class by as_of (T4); None when training is absent."""
    try:
        from training.models import Registration
    except ImportError:  # pragma: no cover - the training app is part of the portal
        return None
    return Exists(Registration.objects.filter(participant__enterprise=OuterRef("pk"), completed=True,
                                              completed_on__lte=as_of))


def _pct(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _median(values) -> Decimal | None:
    values = sorted(values)
    if not values:
        return None
    mid = len(values) // 2
    m = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
    return (m * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _empty():
    return {"active": 0, "aware": 0, "applying": 0, "officer": 0, "large": 0, "large_trained": 0,
            "boards": 0, "boards_officer": 0, "savings": []}


def snapshot(*, as_of: datetime.date, by_district: bool = False, district_id: int | None = None) -> dict:
    """The raw counts as of a date: {key: counts} where key is a district id (by_district) or None (one scope).

    Three to four queries whatever the number of facilities: facility counts, boards, savings (+ districts).
    """
    facilities = Enterprise.objects.active_as_of(as_of)
    boards = IndustrialArea.objects.filter(kind__in=BOARD_KINDS)
    if district_id is not None:
        facilities, boards = facilities.filter(district_id=district_id), boards.filter(district_id=district_id)
    trained = _trained_exists(as_of)
    large = Q(size=Enterprise.Size.LARGE)
    counts = {
        "active": Count("pk"),
        "aware": Count("pk", filter=Q(registry.aware_exists(as_of))),
        "applying": Count("pk", filter=Q(registry.applying_exists(as_of))),
        "officer": Count("pk", filter=Q(registry.officer_exists(as_of))),
        "large": Count("pk", filter=large),
    }
    if trained is not None:
        counts["large_trained"] = Count("pk", filter=large & Q(trained))
    board_counts = {"boards": Count("pk"), "boards_officer": Count("pk", filter=~Q(cp_officer_name=""))}
    result: dict = {}
    if by_district:
        for row in facilities.order_by().values("district_id").annotate(**counts):
            result.setdefault(row.pop("district_id"), _empty()).update(row)
        for row in boards.order_by().values("district_id").annotate(**board_counts):
            result.setdefault(row.pop("district_id"), _empty()).update(row)
    else:
        data = _empty()
        data.update(facilities.aggregate(**counts))
        data.update(boards.aggregate(**board_counts))
        result[None] = data
    savings = registry.savings_per_unit(as_of=as_of, district_id=district_id, applying_only=True)["facilities"]
    if by_district:
        ids = [f["enterprise_id"] for f in savings]
        district_of = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "district_id")) if ids else {}
        for f in savings:
            result.setdefault(district_of[f["enterprise_id"]], _empty())["savings"].append(f["saving"])
    else:
        result[None]["savings"] = [f["saving"] for f in savings]
    return result


def _raw_items(counts: dict, targets: dict) -> dict[str, dict]:
    """counts → {code: {numerator, denominator, value, metric}} (metric: what the status compares)."""
    savings = counts["savings"]
    saving_target = Decimal("0.08")
    t3 = {"numerator": sum(1 for s in savings if s >= saving_target), "denominator": len(savings)}
    t3["value"] = _pct(t3["numerator"], t3["denominator"])
    t3["median_saving"] = t3["metric"] = _median(savings)
    items = {
        "T1": {"numerator": counts["aware"], "denominator": counts["active"]},
        "T2": {"numerator": counts["applying"], "denominator": counts["active"]},
        "T3": t3,
        "T4": {"numerator": counts["large_trained"], "denominator": counts["large"]},
        "T5": {"numerator": counts["officer"] + counts["boards_officer"],
               "denominator": counts["active"] + counts["boards"]},
    }
    for code, item in items.items():
        if code != "T3":
            item["value"] = item["metric"] = _pct(item["numerator"], item["denominator"])
    return items


def _status(metric, start_metric, target_value, as_of, start_date=PLAN_START, end_date=PLAN_END) -> str:
    if metric is None or target_value is None:
        return "off_track"
    if metric >= target_value:
        return "met"
    base = start_metric if start_metric is not None else metric
    elapsed = (as_of - start_date).days
    if elapsed <= 0:
        return "off_track"
    slope = (metric - base) / Decimal(elapsed)
    projected = metric + slope * Decimal((end_date - as_of).days)
    return "on_track" if projected >= target_value else "off_track"


def projection(metric, start_metric, as_of) -> Decimal | None:
    """The value the linear trend reaches on 31/12/2020 (see the module's docstring)."""
    if metric is None:
        return None
    base = start_metric if start_metric is not None else metric
    elapsed = (as_of - PLAN_START).days
    if elapsed <= 0:
        return metric
    slope = (metric - base) / Decimal(elapsed)
    return (metric + slope * Decimal((PLAN_END - as_of).days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _targets() -> dict[str, Target]:
    plan = plan_current()
    if plan is None:
        return {}
    return {t.code: t for t in plan.targets.all()}


def _earliest_period():
    return ReportingPeriod.objects.order_by("end", "start").first()


def _items(now: dict, start: dict | None, targets: dict, as_of) -> list[dict]:
    raw_now = _raw_items(now, targets)
    raw_start = _raw_items(start, targets) if start is not None else {}
    items = []
    for code in TARGET_CODES:
        item, target = raw_now[code], targets.get(code)
        start_metric = raw_start.get(code, {}).get("metric")
        target_value = target.target_value if target else None
        status = _status(item["metric"], start_metric, target_value, as_of)
        projected = projection(item["metric"], start_metric, as_of)
        if projected is not None and code != "T3":  # a share cannot pass 100% or fall below 0%
            projected = min(max(projected, Decimal(0)), Decimal(100))
        out = {
            "target": code, "numerator": item["numerator"], "denominator": item["denominator"],
            "value": item["value"], "target_value": target_value, "status": status,
            "status_label": str(STATUS_LABELS[status]), "projection": projected,
        }
        if code == "T3":
            out["target_value_max"] = target.target_value_max if target else None
            out["median_saving"] = item["median_saving"]
        items.append(out)
    return items


def indicator_values(*, period, district=None) -> list[dict]:
    """T1–T5 as of the period's end for the city (district None) or one district, one item per target:
    {target, numerator, denominator, value (%, 1 place, None when the denominator is 0), target_value
    (T3 also target_value_max and median_saving), status (met / on_track / off_track), status_label, projection}.
    A fixed number of queries (about ten) whatever the number of facilities."""
    targets = _targets()
    district_id = district.pk if district is not None else None
    as_of = period.end
    now = snapshot(as_of=as_of, district_id=district_id)[None]
    earliest = _earliest_period()
    start = None
    if earliest is not None and earliest.end < as_of:
        start = snapshot(as_of=earliest.end, district_id=district_id)[None]
    return _items(now, start, targets, as_of)


def indicator_values_by_district(*, period, districts) -> list[dict]:
    """[{"district", "items": [...T1–T5]}] for every district given, computed with grouped queries (constant count)."""
    targets = _targets()
    as_of = period.end
    now = snapshot(as_of=as_of, by_district=True)
    earliest = _earliest_period()
    start = snapshot(as_of=earliest.end, by_district=True) if earliest is not None and earliest.end < as_of else {}
    rows = []
    for district in districts:
        rows.append({"district": district,
                     "items": _items(now.get(district.pk, _empty()), start.get(district.pk) if start else None,
                                     targets, as_of)})
    return rows


# --- output targets of the appendix ------------------------------------------------------------------------------


def _done_counts() -> dict[tuple[str, int], int]:
    """(activity kind, year) → activities done, from the apps that hold them (a few grouped queries)."""
    done: dict[tuple[str, int], int] = {}
    try:
        from outreach import selectors as outreach
    except ImportError:  # pragma: no cover
        outreach = None
    if outreach is not None and hasattr(outreach, "activities_done_by_kind_and_year"):
        for row in outreach.activities_done_by_kind_and_year():
            done[(row["kind"], row["year"])] = row["count"]
    try:
        from training import selectors as training
    except ImportError:  # pragma: no cover
        training = None
    if training is not None and hasattr(training, "classes_done_by_year"):
        for row in training.classes_done_by_year():
            done[("training_class", row["year"])] = row["count"]
    for year, n in registry.assessments_done_by_year().items():
        done[("cp_assessment", year)] = n
    for year, n in registry.investment_supports_by_year().items():
        done[("investment_support", year)] = n
    return done


def output_targets(*, year: int | None = None, until_year: int | None = None) -> list[dict]:
    """Per appendix line and year: {code, name, unit, kind, year, planned_quantity, done_quantity, planned_vnd,
    estimate_vnd, spent_vnd, quantity_rate, money_rate}. Done = outreach activities, classes held, assessments or
    investment supports of that kind and year; for other kinds the activities that posted a cost."""
    from budget import selectors as budget
    from budget.models import BudgetLine

    rows = budget.spent_by_kind_and_year()
    names = {code: (title, unit) for code, title, unit in
             BudgetLine.objects.filter(code__in={r["line_code"] for r in rows}).values_list("code", "title", "unit")}
    done = _done_counts()
    result = []
    for row in rows:
        if year is not None and row["year"] != year:
            continue
        if until_year is not None and row["year"] > until_year:
            continue
        done_quantity = done.get((row["kind"], row["year"]), row["activities_posted"])
        title, unit = names.get(row["line_code"], ("", ""))
        result.append({
            "code": row["line_code"], "name": title, "unit": unit, "kind": row["kind"], "year": row["year"],
            "planned_quantity": row["quantity"], "done_quantity": done_quantity,
            "planned_vnd": row["planned_vnd"], "estimate_vnd": row["estimate_vnd"], "spent_vnd": row["spent_vnd"],
            "quantity_rate": _pct(done_quantity, row["quantity"]), "money_rate": _pct(row["spent_vnd"], row["planned_vnd"]),
        })
    return result


def budget_execution(*, until_year: int | None = None) -> list[dict]:
    """Per appendix line: planned money, approved estimate and spent over the plan's years up to until_year."""
    totals: dict[str, dict] = {}
    for row in output_targets(until_year=until_year):
        line = totals.setdefault(row["code"], {"code": row["code"], "name": row["name"], "planned": 0,
                                               "estimate": 0, "spent": 0})
        line["planned"] += row["planned_vnd"]
        line["estimate"] += row["estimate_vnd"]
        line["spent"] += row["spent_vnd"]
    for line in totals.values():
        line["rate"] = _pct(line["spent"], line["planned"])
    return list(totals.values())
