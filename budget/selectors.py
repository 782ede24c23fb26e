"""Reads of the budget: the appendix, the planned quantities (output targets), estimates and spending.

Every sum is computed by the database (quantity × unit price, SUM … GROUP BY); Python only places the
summed figures in a table. Each function runs a fixed number of queries whatever the number of rows.

Spending is read through `Expenditure.objects`, which holds only the current rows (not superseded by a
correction, not a withdrawal): a corrected expenditure counts once, with its latest amount. Never sum
`Expenditure.all_objects` (the whole correction history).
"""

import json
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _g

from budget.models import BudgetLine, BudgetSection, Estimate, Expenditure, PlannedQuantity, SummarySnapshot
from plan.models import Plan

# quantity × unit price, in whole đồng, computed by the database
PLANNED_AMOUNT = ExpressionWrapper(F("quantity") * F("line__unit_price_vnd"), output_field=BigIntegerField())

# the grouping levels of every table: cell, section-year, year, line, section, whole plan
_PATHS = {"line": "line_id", "section": "line__section_id", "year": "year"}
_LEVELS = [("line", "year"), ("section", "year"), ("year",), ("line",), ("section",), ()]


def _current_plan_pk():
    return Subquery(Plan.objects.order_by("-start_year").values("pk")[:1])


def plan_for_budget() -> Plan | None:
    """The plan whose appendix the portal shows (the latest loaded)."""
    return Plan.objects.order_by("-start_year").first()


def line_by_code(line_code: str, *, plan: Plan | None = None) -> BudgetLine | None:
    lines = BudgetLine.objects.select_related("section__plan").filter(code=line_code)
    lines = lines.filter(section__plan=plan) if plan else lines.filter(section__plan=_current_plan_pk())
    return lines.first()


def line_for_kind(activity_kind: str) -> BudgetLine | None:
    """The first line of the current plan that pays for this kind of activity (CP assessment → IV.1)."""
    return (
        BudgetLine.objects.select_related("section__plan")
        .filter(activity_kind=activity_kind, section__plan=_current_plan_pk())
        .order_by("section__order", "order")
        .first()
    )


def unit_price_vnd(line_code: str) -> int:
    """The unit price of a line of the current plan, in whole đồng."""
    price = (
        BudgetLine.objects.filter(code=line_code, section__plan=_current_plan_pk())
        .values_list("unit_price_vnd", flat=True)
        .first()
    )
    if price is None:
        raise ValidationError({"line_code": _g("Không có dòng kinh phí mã %(code)s.") % {"code": line_code}})
    return int(price)


def quota_for(*, activity_kind: str, year: int) -> int:
    """Planned quantity of the lines of that kind in that year (CP assessments 2016: 18)."""
    total = PlannedQuantity.objects.filter(
        line__activity_kind=activity_kind, year=year, line__section__plan=_current_plan_pk()
    ).aggregate(total=Sum("quantity"))["total"]
    return int(total or 0)


def _rollup(queryset, **expressions) -> dict:
    """{name: {(level, key): total}} for every level of _LEVELS, from ONE query grouped by line and year.

    The database sums each expression per (line, year); Python adds those cells up to section-year, year,
    line, section and the whole plan. The cells are bounded by the appendix (lines × years, 55 for the
    2016–2020 plan), not by the number of estimates or expenditures summed.
    """
    result = {name: {} for name in expressions}
    rows = (
        queryset.order_by()
        .values(k_line=F(_PATHS["line"]), k_section=F(_PATHS["section"]), k_year=F(_PATHS["year"]))
        .annotate(**{f"s_{name}": Sum(expression) for name, expression in expressions.items()})
    )
    for row in rows:
        parts = {"line": row["k_line"], "section": row["k_section"], "year": row["k_year"]}
        for name in expressions:
            value = int(row[f"s_{name}"] or 0)
            totals = result[name]
            for level in _LEVELS:
                key = (level, tuple(parts[part] for part in level))
                totals[key] = totals.get(key, 0) + value
    return result


def _lines(plan):
    return list(BudgetLine.objects.filter(section__plan=plan).select_related("section").order_by("section__order", "order"))


def _pct(numerator: int, denominator: int):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def appendix_table(plan: Plan | None = None, *, execution: bool = False) -> dict:
    """The appendix as the decision prints it, amounts in whole đồng.

    {"plan", "years", "sections": [{"section", "code", "title", "years": [{"year", "amount_vnd"}], "total_vnd",
    "lines": [{"line", "code", …, "years": [{"year", "quantity", "amount_vnd"}], "total_quantity", "total_vnd"}]}],
    "years_total": [{"year", "amount_vnd"}], "total_vnd"}. With execution=True each year cell, line, section
    and total also carries estimate_vnd, spent_vnd, remainder_vnd, rate (% of estimate), over_estimate.
    """
    plan = plan or plan_for_budget()
    if plan is None:
        return {"plan": None, "years": [], "sections": [], "years_total": [], "total_vnd": 0}
    years = plan.years
    planned_qs = PlannedQuantity.objects.filter(line__section__plan=plan)
    planned_sums = _rollup(planned_qs, amount=PLANNED_AMOUNT, quantity=F("quantity"))
    planned, quantities = planned_sums["amount"], planned_sums["quantity"]
    estimates = spent = estimate_qty = {}
    if execution:
        estimate_sums = _rollup(Estimate.objects.filter(line__section__plan=plan),
                                amount=F("amount_vnd"), quantity=F("quantity"))
        estimates, estimate_qty = estimate_sums["amount"], estimate_sums["quantity"]
        spent = _rollup(Expenditure.objects.filter(line__section__plan=plan), amount=F("amount_vnd"))["amount"]

    def cell(level, key, with_quantity=False):
        data = {"amount_vnd": planned.get((level, key), 0)}
        if with_quantity:
            data["quantity"] = quantities.get((level, key), 0)
        if execution:
            est, out = estimates.get((level, key), 0), spent.get((level, key), 0)
            data.update(
                estimate_vnd=est, spent_vnd=out, remainder_vnd=est - out, rate=_pct(out, est),
                rate_planned=_pct(out, data["amount_vnd"]), over_estimate=out > est,
            )
            if with_quantity:
                data["estimate_quantity"] = estimate_qty.get((level, key), 0)
        return data

    sections = {}
    for line in _lines(plan):
        section = sections.get(line.section_id)
        if section is None:
            s = line.section
            section = sections[s.pk] = {
                "section": s, "code": s.code, "title": s.title_display, "lines": [],
                "years": [{"year": y, **cell(("section", "year"), (s.pk, y))} for y in years],
                **{k if k != "amount_vnd" else "total_vnd": v for k, v in cell(("section",), (s.pk,)).items()},
            }
        line_total = cell(("line",), (line.pk,), with_quantity=True)
        section["lines"].append({
            "line": line, "code": line.code, "title": line.title_display, "unit": line.unit_display,
            "unit_price_vnd": line.unit_price_vnd, "activity_kind": line.activity_kind,
            "years": [{"year": y, **cell(("line", "year"), (line.pk, y), with_quantity=True)} for y in years],
            "total_quantity": line_total.pop("quantity"),
            **{k if k != "amount_vnd" else "total_vnd": v for k, v in line_total.items()},
        })
    grand = cell((), ())
    return {
        "plan": plan,
        "years": years,
        "sections": list(sections.values()),
        "years_total": [{"year": y, **cell(("year",), (y,))} for y in years],
        **{k if k != "amount_vnd" else "total_vnd": v for k, v in grand.items()},
    }


def section_summary(plan: Plan | None = None, *, execution: bool = False) -> dict:
    """appendix_table's section and year figures alone (what /api/v1/budget/summary/ gives), without its lines:
    the same sums (_rollup, one query per source), placed by section and year only.

    {"plan", "years", "sections": [{"section", "years": [cell], **cell of the section}], "years_total": [cell],
    **cell of the plan}, a cell being {"amount_vnd"} and, with execution=True, estimate_vnd, spent_vnd,
    remainder_vnd and over_estimate, as in appendix_table.
    """
    plan = plan or plan_for_budget()
    if plan is None:
        return {"plan": None, "years": [], "sections": [], "years_total": [], "amount_vnd": 0}
    years = plan.years
    sources = {"amount_vnd": _rollup(PlannedQuantity.objects.filter(line__section__plan=plan),
                                     amount=PLANNED_AMOUNT)["amount"]}
    if execution:
        sources["estimate_vnd"] = _rollup(Estimate.objects.filter(line__section__plan=plan),
                                          amount=F("amount_vnd"))["amount"]
        sources["spent_vnd"] = _rollup(Expenditure.objects.filter(line__section__plan=plan),
                                       amount=F("amount_vnd"))["amount"]
    sections = list(BudgetSection.objects.filter(plan=plan, lines__isnull=False).distinct().order_by("order", "code"))

    def cell(level, key) -> dict:
        data = {name: totals.get((level, key), 0) for name, totals in sources.items()}
        if execution:
            data["remainder_vnd"] = data["estimate_vnd"] - data["spent_vnd"]
            data["over_estimate"] = data["spent_vnd"] > data["estimate_vnd"]
        return data

    return {
        "plan": plan,
        "years": years,
        "sections": [{"section": section,
                      "years": [{"year": y, **cell(("section", "year"), (section.pk, y))} for y in years],
                      **cell(("section",), (section.pk,))} for section in sections],
        "years_total": [{"year": y, **cell(("year",), (y,))} for y in years],
        **cell((), ()),
    }


# What only city-wide readers see beside the planned amounts in the summary.
STAFF_FIGURES = ("estimate_vnd", "spent_vnd", "remainder_vnd", "over_estimate")


def summary_figures() -> dict:
    """The budget summary as /api/v1/budget/summary/ gives it to city-wide readers: planned, estimate, spent,
    remainder and over-estimate by year, by section (with its years) and in total (`public_summary` strips it)."""
    table = section_summary(execution=True)
    if table["plan"] is None:
        return {"plan": None, "years": [], "sections": [], "total_vnd": 0}

    def cell(data: dict, amount: str = "amount_vnd") -> dict:
        figures = {"amount_vnd": data["amount_vnd"], **{key: data[key] for key in STAFF_FIGURES}}
        figures[amount] = figures.pop("amount_vnd")  # a total comes last, named total_vnd
        return figures

    return {
        "plan": table["plan"].code,
        "years": [{"year": y["year"], **cell(y)} for y in table["years_total"]],
        "sections": [{"code": s["section"].code, "title": s["section"].title,
                      "years": [{"year": y["year"], **cell(y)} for y in s["years"]], **cell(s, "total_vnd")}
                     for s in table["sections"]],
        **cell(table, "total_vnd"),
    }


def public_summary(summary: dict) -> dict:
    """summary_figures without what only city-wide readers see."""
    def strip(data: dict) -> dict:
        return {key: value for key, value in data.items() if key not in STAFF_FIGURES}

    return {**strip(summary), "years": [strip(y) for y in summary["years"]],
            "sections": [{**strip(s), "years": [strip(y) for y in s["years"]]} for s in summary["sections"]]}


def summary_snapshot() -> dict:
    """summary_figures, read from the stored SummarySnapshot when it was computed from the current version of
    the budget (one query); otherwise computed, and stored only if no write moved the version meanwhile."""
    row = SummarySnapshot.objects.filter(pk=SummarySnapshot.KEY).values_list(
        "version", "computed_version", "data").first()
    if row is not None and row[1] == row[0] and row[2]:
        return json.loads(row[2])
    summary = summary_figures()
    if row is None:  # the row is made by the migration; after a flush, from the next read on
        SummarySnapshot.objects.get_or_create(pk=SummarySnapshot.KEY)
    else:
        SummarySnapshot.objects.filter(pk=SummarySnapshot.KEY, version=row[0]).update(
            data=json.dumps(summary, ensure_ascii=False), computed_version=row[0], computed_at=timezone.now())
    return summary


def execution_table(plan: Plan | None = None) -> dict:
    """appendix_table with, beside the planned amounts, the approved estimate, what was spent, the remainder,
    the execution rate (spent ÷ estimate, %) and the over-estimate flag, per line, section, year and in total."""
    return appendix_table(plan, execution=True)


def spent_by_kind_and_year(*, activity_kind: str | None = None, plan: Plan | None = None):
    """Per line and year (one query): planned quantity and money, approved estimate, spent, and the number of
    activities that posted a cost (`activities_posted`). Rows are dicts, ordered by line and year."""
    estimate = Estimate.objects.filter(line=OuterRef("line"), year=OuterRef("year"))
    spending = (
        Expenditure.objects.filter(line=OuterRef("line"), year=OuterRef("year"))
        .order_by().values("line").annotate(total=Sum("amount_vnd"))
    )
    posted = (
        Expenditure.objects.filter(line=OuterRef("line"), year=OuterRef("year"), source_type__isnull=False)
        .order_by().values("line").annotate(n=Count("pk"))
    )
    rows = PlannedQuantity.objects.filter(line__section__plan=plan or _current_plan_pk())
    if activity_kind:
        rows = rows.filter(line__activity_kind=activity_kind)
    rows = rows.annotate(
        line_code=F("line__code"),
        kind=F("line__activity_kind"),
        planned_vnd=PLANNED_AMOUNT,
        estimate_quantity=Subquery(estimate.values("quantity")[:1]),
        estimate_vnd=Coalesce(Subquery(estimate.values("amount_vnd")[:1]), Value(0), output_field=BigIntegerField()),
        spent_vnd=Coalesce(Subquery(spending.values("total")[:1]), Value(0), output_field=BigIntegerField()),
        activities_posted=Coalesce(Subquery(posted.values("n")[:1]), Value(0)),
    ).order_by("line__section__order", "line__order", "year")
    money = ("planned_vnd", "estimate_vnd", "spent_vnd")  # SUM(bigint) is numeric on PostgreSQL: hand back ints
    return [
        {**row, **{key: int(row[key]) for key in money}}
        for row in rows.values("line_code", "kind", "year", "quantity", "planned_vnd", "estimate_quantity",
                               "estimate_vnd", "spent_vnd", "activities_posted")
    ]


def expenditures_with_flags(queryset=None):
    """Expenditures annotated with `running_spent_vnd` (the line-year's spending up to and including this one,
    by date then id), `estimate_vnd` and, through is_over_estimate, the flag: true when this expenditure took
    its line-year past the approved estimate (no estimate counts as 0). Correlated subqueries rather than a
    window, so the figures stay right when the list is filtered or one row is fetched; one query. The running
    total counts current rows only, also when `queryset` includes superseded rows (the history)."""
    queryset = Expenditure.objects.all() if queryset is None else queryset
    estimate = Estimate.objects.filter(line=OuterRef("line"), year=OuterRef("year")).values("amount_vnd")[:1]
    running = (
        Expenditure.objects.filter(line=OuterRef("line"), year=OuterRef("year"))
        .filter(Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lte=OuterRef("pk")))
        .order_by().values("line").annotate(total=Sum("amount_vnd")).values("total")[:1]
    )
    return queryset.annotate(
        running_spent_vnd=Coalesce(Subquery(running), Value(0), output_field=BigIntegerField()),
        estimate_vnd=Coalesce(Subquery(estimate), Value(0), output_field=BigIntegerField()),
    )


def is_over_estimate(expenditure) -> bool:
    return int(expenditure.running_spent_vnd) > int(expenditure.estimate_vnd)


def over_estimate_line_years(plan: Plan | None = None):
    """(line code, year) pairs whose spending exceeds the approved estimate; one query."""
    estimate = Estimate.objects.filter(line=OuterRef("line"), year=OuterRef("year")).values("amount_vnd")[:1]
    rows = (
        Expenditure.objects.filter(line__section__plan=plan or _current_plan_pk())
        .order_by().values("line__code", "year")
        .annotate(spent=Sum("amount_vnd"), estimate=Coalesce(Subquery(estimate), Value(0),
                                                             output_field=BigIntegerField()))
        .filter(spent__gt=F("estimate"))
    )
    return [(row["line__code"], row["year"]) for row in rows]

