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
to 31/12/2020, reaches it; "off_track" otherwise; "no_data" when there is no value to judge (no facility in the
denominator, or for T3 no facility with consumption data).

Every count is one aggregate query (grouped by district for the district table), so the number of queries
does not depend on the number of facilities or districts.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, Q, Subquery
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
STATUS_LABELS = {"met": _("đạt"), "on_track": _("đúng tiến độ"), "off_track": _("chậm tiến độ"),
                 "no_data": _("chưa có số liệu")}


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
            "boards": 0, "boards_officer": 0, "assessments": 0, "savings": []}


def _savings_by_facility(as_of, district_id):
    """(district id, saving) of every facility applying CP by as_of with consumption data: one query. The saving is
    computed exactly as enterprises.selectors.savings_per_unit computes it (energy saving, else the resources' mean,
    rounded to 4 places in the database)."""
    from django.db.models import Avg, Case, F, FloatField, Sum, Value, When
    from django.db.models.functions import Coalesce

    rows = registry._savings_rows(as_of=as_of, district_id=district_id, applying_only=True)
    per_facility = (rows.values("enterprise_id", "enterprise__district_id")
                    .annotate(base_mj_sum=Sum("base_mj"), now_mj_sum=Sum("now_mj"), mean=Avg("ratio"))
                    .annotate(energy_f=Case(When(base_mj_sum__gt=0,
                                                 then=Value(1.0) - F("now_mj_sum") / F("base_mj_sum")),
                                            default=None, output_field=FloatField()))
                    .annotate(saving_f=Coalesce("energy_f", "mean", output_field=FloatField()))
                    .filter(saving_f__isnull=False)
                    .annotate(saving=registry._rounded(F("saving_f"), 4))
                    .order_by())
    return per_facility.values_list("enterprise__district_id", "saving")


def district_counts(*, as_of: datetime.date, district_id: int | None = None,
                    with_assessments: bool = False) -> dict[int, dict]:
    """The raw counts as of a date per district: {district id: counts}, in three queries (four with the
    assessed facilities) whatever the number of facilities or districts: one pass over the facilities with
    conditional counts grouped by district, the boards grouped by district, the per-facility savings."""
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
    if with_assessments:
        from enterprises.models import Assessment

        counts["assessments"] = Count("pk", filter=Q(Exists(Assessment.objects.filter(
            request__enterprise=OuterRef("pk"), date__lte=as_of))))
    board_counts = {"boards": Count("pk"), "boards_officer": Count("pk", filter=~Q(cp_officer_name=""))}
    result: dict = {}
    for row in facilities.order_by().values("district_id").annotate(**counts):
        result.setdefault(row.pop("district_id"), _empty()).update(row)
    for row in boards.order_by().values("district_id").annotate(**board_counts):
        result.setdefault(row.pop("district_id"), _empty()).update(row)
    for key, saving in _savings_by_facility(as_of, district_id):
        result.setdefault(key, _empty())["savings"].append(saving)
    return result


def _merge(parts) -> dict:
    total = _empty()
    for part in parts:
        for key, value in part.items():
            total[key] = total[key] + value
    return total


def snapshot(*, as_of: datetime.date, by_district: bool = False, district_id: int | None = None) -> dict:
    """The raw counts as of a date: {key: counts} where key is a district id (by_district) or None (one scope).

    Three queries whatever the number of facilities (see district_counts); the city is the sum of its districts."""
    per_district = district_counts(as_of=as_of, district_id=district_id)
    if by_district:
        return per_district
    return {None: _merge(per_district.values())}


def _summary(counts: dict) -> dict:
    """counts with the savings list replaced by what T3 needs: savings_count, savings_8pct, median_saving."""
    if "savings" not in counts:
        return counts
    savings = counts["savings"]
    out = {key: value for key, value in counts.items() if key != "savings"}
    out["savings_count"] = len(savings)
    out["savings_8pct"] = sum(1 for s in savings if s >= Decimal("0.08"))
    out["median_saving"] = _median(savings)
    return out


def _raw_items(counts: dict, targets: dict) -> dict[str, dict]:
    """counts → {code: {numerator, denominator, value, metric}} (metric: what the status compares)."""
    counts = _summary(counts)
    t3 = {"numerator": counts["savings_8pct"], "denominator": counts["savings_count"]}
    t3["value"] = _pct(t3["numerator"], t3["denominator"])
    t3["median_saving"] = t3["metric"] = counts["median_saving"]
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
    if metric is None:
        return "no_data"  # nothing to judge: not "behind"
    if target_value is None:
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


def _targets(plan=None) -> dict[str, Target]:
    """The current plan's targets by code; `plan`: the current plan when the caller has read it already."""
    plan = plan if plan is not None else plan_current()
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


class _PeriodKey(NamedTuple):
    """A period as the dashboard reads it (its key and end), when read along with another query."""

    pk: int
    end: datetime.date


def _start_period(as_of, earliest=None):
    """The earliest period, the trend's start, if it ended before `as_of`; `earliest`: that period when the caller
    has read it already."""
    earliest = earliest if earliest is not None else _earliest_period()
    return earliest if earliest is not None and earliest.end < as_of else None


def indicator_values(*, period, district=None) -> list[dict]:
    """T1–T5 as of the period's end for the city (district None) or one district, one item per target:
    {target, numerator, denominator, value (%, 1 place, None when the denominator is 0), target_value
    (T3 also target_value_max and median_saving), status (met / on_track / off_track / no_data), status_label, projection}.
    Computed live from the registry: a fixed number of queries (about ten) whatever the number of facilities."""
    targets = _targets()
    district_id = district.pk if district is not None else None
    as_of = period.end
    now = snapshot(as_of=as_of, district_id=district_id)[None]
    start_period = _start_period(as_of)
    start = snapshot(as_of=start_period.end, district_id=district_id)[None] if start_period else None
    return _items(now, start, targets, as_of)


def _rows_by_district(now: dict, start: dict | None, districts, targets, as_of) -> list[dict]:
    return [{"district": d, "items": _items(now.get(d.pk, _empty()), start.get(d.pk, _empty()) if start else None,
                                            targets, as_of)}
            for d in districts]


def indicator_values_by_district(*, period, districts) -> list[dict]:
    """[{"district", "items": [...T1–T5]}] for every district given, computed live with grouped queries
    (constant count)."""
    targets = _targets()
    as_of = period.end
    now = snapshot(as_of=as_of, by_district=True)
    start_period = _start_period(as_of)
    start = snapshot(as_of=start_period.end, by_district=True) if start_period else None
    return _rows_by_district(now, start, districts, targets, as_of)


# --- snapshots: the counts per (period, district) stored, so that reading them is a single small query -------


SNAPSHOT_FIELDS = ["active", "aware", "applying", "officer", "large", "large_trained", "boards", "boards_officer",
                   "savings_count", "savings_8pct", "median_saving"]


def snapshot_counts(*, period) -> dict:
    """{district id or None (the city): summarized counts} for the period, computed live: three to four queries.
    What reports.services.indicator_snapshots_refresh stores."""
    per_district = district_counts(as_of=period.end)
    result = {key: _summary(counts) for key, counts in per_district.items()}
    result[None] = _summary(_merge(per_district.values()))
    return result


def _stored(period_ids) -> dict:
    from reports.models import IndicatorSnapshot

    rows = IndicatorSnapshot.objects.filter(period_id__in=period_ids).values("period_id", "district_id",
                                                                             "computed_at", *SNAPSHOT_FIELDS)
    stored: dict = {}
    for row in rows:
        stored.setdefault(row.pop("period_id"), {})[row.pop("district_id")] = row
    return stored


def dashboard(*, period, district=None, districts=(), plan=None, earliest=None) -> dict:
    """What the indicator dashboard and the indicators API show: {"items": T1–T5 of the city or the district,
    "by_district": rows as indicator_values_by_district's (city only, else None), "computed_at": when the stored
    snapshot was computed, or None when it was computed live now}.

    Reads the stored snapshot of the period (and of the earliest period, for the trend) in one query; only when
    the period has none yet (a new database, before the first refresh) does it count the registry live, with
    one grouped pass per date for the city and all its districts together. `plan`: the current plan, when the
    caller has read it already; `earliest`: the earliest period (the trend's start), likewise."""
    targets = _targets(plan)
    as_of = period.end
    start_period = _start_period(as_of, earliest)
    stored = _stored([period.pk] + ([start_period.pk] if start_period else []))
    key = district.pk if district is not None else None

    def counts(of_period):
        rows = stored.get(of_period.pk, {})
        if None in rows and key in rows:
            return rows, rows[None]["computed_at"]
        per_district = district_counts(as_of=of_period.end, district_id=key)
        live = {k: _summary(v) for k, v in per_district.items()}
        live[None] = _summary(_merge(per_district.values()))
        return live, None

    now, computed_at = counts(period)
    start = counts(start_period)[0] if start_period else None
    blank = _summary(_empty())
    items = _items(now.get(key, blank), start.get(key, blank) if start is not None else None, targets, as_of)
    by_district = None
    if district is None:
        by_district = [{"district": d, "items": _items(now.get(d.pk, blank),
                                                       start.get(d.pk, blank) if start is not None else None,
                                                       targets, as_of)} for d in districts]
    return {"items": items, "by_district": by_district, "computed_at": computed_at}


def latest_progress(*, today, plan=None) -> dict | None:
    """The city's T1–T5 as of the latest period ended by `today` whose snapshot is stored (the home page):
    {"period", "items" (as dashboard's), "computed_at"}; None while none is stored (before the first refresh), so
    that the home page never counts the registry live. Two small queries when given the current plan (the latest
    snapshot reads the earliest period along), four without."""
    from reports.models import IndicatorSnapshot

    earliest = ReportingPeriod.objects.order_by("end", "start")
    latest = (IndicatorSnapshot.objects.filter(district__isnull=True, period__end__lte=today)
              .select_related("period")
              .annotate(earliest_pk=Subquery(earliest.values("pk")[:1]), earliest_end=Subquery(earliest.values("end")[:1]))
              .order_by("-period__end", "-period__start").first())
    if latest is None:
        return None
    result = dashboard(period=latest.period, plan=plan, earliest=_PeriodKey(latest.earliest_pk, latest.earliest_end))
    return {"period": latest.period, "items": result["items"], "computed_at": result["computed_at"]}


# --- output targets of the appendix ------------------------------------------------------------------------------


def _done_counts(as_of: datetime.date | None = None) -> tuple[dict[tuple[str, int], int], set[str]]:
    """((activity kind, year) → activities done, the kinds counted), from the apps that hold them (one grouped
    query each). `as_of` (a report's period end): only what was done on or before that day — outreach activities
    by their date, classes held by their end date, assessments by their date, investment supports by the date of
    their posting on IV.3 (the project's start date, else 31/12 of its year) — so that a six-month report does not
    count the second half of its year; without it, everything recorded so far. A counted kind with no entry for a
    year did nothing that year; output_targets counts the kinds no app holds by the activities that posted a cost."""
    done: dict[tuple[str, int], int] = {}
    counted: set[str] = set()
    try:
        from outreach import selectors as outreach
        from outreach.models import OutreachActivity
    except ImportError:  # pragma: no cover
        outreach = None
    if outreach is not None and hasattr(outreach, "activities_done_by_kind_and_year"):
        rows = (outreach.activities_done_by_kind_and_year() if as_of is None
                else outreach.activities_done_by_kind_and_year(until=as_of))
        for row in rows:
            done[(row["kind"], row["year"])] = row["count"]
        counted.update(OutreachActivity.Kind.values)
    try:
        from training import selectors as training
    except ImportError:  # pragma: no cover
        training = None
    if training is not None and hasattr(training, "classes_done_by_year"):
        for row in training.classes_done_by_year(until=as_of):
            done[("training_class", row["year"])] = row["count"]
        counted.add("training_class")
    for year, n in registry.assessments_done_by_year(until=as_of).items():
        done[("cp_assessment", year)] = n
    for year, n in registry.investment_supports_by_year(until=as_of).items():
        done[("investment_support", year)] = n
    counted.update(("cp_assessment", "investment_support"))
    return done, counted


def _spent_by_date(*, plan, as_of: datetime.date) -> dict[tuple[str, int], dict]:
    """(line code, year) → {"spent_vnd", "activities_posted"} of the plan's expenditures dated on or before as_of:
    one grouped query over the current rows (a corrected expenditure counts once, with its latest amount)."""
    from django.db.models import Sum

    from budget.models import Expenditure

    rows = (Expenditure.objects.filter(line__section__plan=plan, date__lte=as_of).order_by()
            .values("line__code", "year")
            .annotate(spent=Sum("amount_vnd"), posted=Count("pk", filter=Q(source_type__isnull=False))))
    return {(row["line__code"], row["year"]): {"spent_vnd": int(row["spent"] or 0), "activities_posted": row["posted"]}
            for row in rows}


def output_targets(*, year: int | None = None, until_year: int | None = None,
                   as_of: datetime.date | None = None) -> list[dict]:
    """Per appendix line and year: {code, name, unit, kind, year, planned_quantity, done_quantity, planned_vnd,
    estimate_vnd, spent_vnd, quantity_rate, money_rate}. Done = outreach activities, classes held, assessments or
    investment supports of that kind and year; for other kinds the activities that posted a cost.

    `as_of` (a report's period end): the activities done, the spending and the activities that posted a cost, dated
    on or before that day only (see _done_counts), so a six-month report counts its half-year; without it,
    everything recorded so far (what the budget pages show)."""
    from budget import selectors as budget
    from budget.models import BudgetLine

    plan = budget.plan_for_budget() if as_of is not None else None
    rows = budget.spent_by_kind_and_year(plan=plan)
    if as_of is not None:
        by_date = _spent_by_date(plan=plan, as_of=as_of)
        nothing = {"spent_vnd": 0, "activities_posted": 0}
        rows = [{**row, **by_date.get((row["line_code"], row["year"]), nothing)} for row in rows]
    names = {line.code: (line.title_display, line.unit) for line in  # the page's language (the PDF's: Vietnamese)
             BudgetLine.objects.filter(code__in={r["line_code"] for r in rows}).only("code", "title", "title_en", "unit")}
    done, counted = _done_counts(as_of)
    result = []
    for row in rows:
        if year is not None and row["year"] != year:
            continue
        if until_year is not None and row["year"] > until_year:
            continue
        # An activity an app holds is done when that app says so (a cost posted early does not make it done).
        done_quantity = done.get((row["kind"], row["year"]),
                                 0 if row["kind"] in counted else row["activities_posted"])
        title, unit = names.get(row["line_code"], ("", ""))
        result.append({
            "code": row["line_code"], "name": title, "unit": unit, "kind": row["kind"], "year": row["year"],
            "planned_quantity": row["quantity"], "done_quantity": done_quantity,
            "planned_vnd": row["planned_vnd"], "estimate_vnd": row["estimate_vnd"], "spent_vnd": row["spent_vnd"],
            "quantity_rate": _pct(done_quantity, row["quantity"]), "money_rate": _pct(row["spent_vnd"], row["planned_vnd"]),
        })
    return result


def budget_execution(*, until_year: int | None = None, as_of: datetime.date | None = None) -> list[dict]:
    """Per appendix line: planned money, approved estimate and spent over the plan's years up to until_year
    (spent: by `as_of` when given, see output_targets)."""
    totals: dict[str, dict] = {}
    for row in output_targets(until_year=until_year, as_of=as_of):
        line = totals.setdefault(row["code"], {"code": row["code"], "name": row["name"], "planned": 0,
                                               "estimate": 0, "spent": 0})
        line["planned"] += row["planned_vnd"]
        line["estimate"] += row["estimate_vnd"]
        line["spent"] += row["spent_vnd"]
    for line in totals.values():
        line["rate"] = _pct(line["spent"], line["planned"])
    return list(totals.values())
