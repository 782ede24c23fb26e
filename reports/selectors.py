"""Reads of the reports app: submission grid, review diffs, reminders and the data of the PDF reports.

Indicator figures (T1–T5 over the registry, the appendix's output targets, budget execution) come from the
indicator engine (reports.indicators) through the three functions below, which the PDF reports read.
"""

from datetime import timedelta

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from plan.models import AdministrativeUnit, ReportingPeriod
from plan.selectors import plan_current
from reports.models import DistrictReport, DistrictReportFigure, DistrictReportSubmission, FigureCode

SUBMITTED_STATUSES = [DistrictReport.Status.SUBMITTED, DistrictReport.Status.RETURNED, DistrictReport.Status.APPROVED]
MOVED_FLAG_RATIO = 0.5  # a figure that moved more than 50% from the previous period is flagged


# --- the indicator engine's figures, as the PDF reports read them -----------------------------------------------------


def indicators_for(*, period, district=None) -> dict[str, dict] | None:
    """T1–T5 as of the period's end: {"T1": {"numerator", "denominator", "value", "status", ...}}."""
    from reports.indicators import indicator_values

    return {item["target"]: item for item in indicator_values(period=period, district=district)}


# The money of the appendix's lines (the city's budget: its plan, estimates and spending), which a district's
# report leaves out: district officials may not see the city's budget execution.
CITY_MONEY_KEYS = ("planned_vnd", "estimate_vnd", "spent_vnd", "money_rate")


def output_targets_for(*, period, district=None) -> list[dict] | None:
    """The appendix's lines: planned quantity against done, per year, for the plan's years up to the period's,
    with what was done and spent by the period's end. In a district's report (`district` given) the lines carry
    no money: the appendix's budget is the city's."""
    from reports.indicators import output_targets

    rows = output_targets(until_year=period.end.year, as_of=period.end)
    if district is not None:
        rows = [{key: value for key, value in row.items() if key not in CITY_MONEY_KEYS} for row in rows]
    return rows


def budget_execution_for(*, period) -> list[dict] | None:
    """Budget lines: planned money, estimate and spent (by the period's end) for the plan's years up to the
    period's. The city's report only."""
    from reports.indicators import budget_execution

    return budget_execution(until_year=period.end.year, as_of=period.end)


# --- districts and periods ----------------------------------------------------------------------------------------


def districts_reporting(period=None):
    """The districts that report (not the city), valid during the period if one is given."""
    qs = AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY)
    if period is not None:
        qs = qs.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end),
                       Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    return qs.order_by("code")


def _timeliness():
    """An annotation: on_time / late / pending (not submitted, not yet due) / missing."""
    today = timezone.localdate()
    return Case(
        When(first_submitted_at__isnull=False, first_submitted_at__date__lte=F("period__due"),
             then=Value("on_time")),
        When(first_submitted_at__isnull=False, then=Value("late")),
        When(period__due__gte=today, then=Value("pending")),
        default=Value("missing"), output_field=CharField(),
    )


def submission_grid(*, periods=None) -> dict:
    """Districts × periods: each cell on_time / late / missing / pending, and per period the reporting and
    on-time rates (submitted ÷ districts, on time ÷ districts). Three queries whatever the number of reports."""
    today = timezone.localdate()
    periods = list(periods if periods is not None else ReportingPeriod.objects.order_by("end", "start"))
    districts = list(districts_reporting())
    period_ids = [p.pk for p in periods]
    cells = {
        (row["period_id"], row["district_id"]): row
        for row in DistrictReport.objects.filter(period_id__in=period_ids)
        .annotate(timeliness=_timeliness()).values("id", "period_id", "district_id", "status", "timeliness")
    }
    totals = {
        row["period_id"]: row
        for row in DistrictReport.objects.filter(period_id__in=period_ids).values("period_id").annotate(
            submitted=Count("id", filter=Q(first_submitted_at__isnull=False)),
            on_time=Count("id", filter=Q(first_submitted_at__isnull=False,
                                         first_submitted_at__date__lte=F("period__due"))),
        )
    }
    count = len(districts)
    rows = []
    for district in districts:
        row_cells = []
        for period in periods:
            cell = cells.get((period.pk, district.pk))
            timeliness = cell["timeliness"] if cell else ("pending" if period.due >= today else "missing")
            row_cells.append({"period": period, "report_id": cell["id"] if cell else None,
                              "status": cell["status"] if cell else None, "timeliness": timeliness})
        rows.append({"district": district, "cells": row_cells})
    columns = []
    for period in periods:
        t = totals.get(period.pk, {"submitted": 0, "on_time": 0})
        columns.append({
            "period": period, "submitted": t["submitted"], "on_time": t["on_time"], "districts": count,
            "reporting_rate": round(100 * t["submitted"] / count, 1) if count else None,
            "on_time_rate": round(100 * t["on_time"] / count, 1) if count else None,
        })
    return {"rows": rows, "columns": columns}


# --- review ---------------------------------------------------------------------------------------------------------


def previous_report(report) -> DistrictReport | None:
    """The same district's report of the previous period of the same kind."""
    return (DistrictReport.objects.filter(district_id=report.district_id, period__kind=report.period.kind,
                                          period__end__lt=report.period.end)
            .order_by("-period__end").prefetch_related("figures").first())


def submission_changes(report) -> list[dict]:
    """What changed between the last two submissions, field by field (figures by code)."""
    last_two = list(DistrictReportSubmission.objects.filter(report=report).order_by("-number")[:2])
    if len(last_two) < 2:
        return []
    new, old = last_two[0].data, last_two[1].data
    changes = []
    from reports.services import REPORT_FIELDS

    labels = {name: DistrictReport._meta.get_field(name).verbose_name for name in REPORT_FIELDS}
    for name in REPORT_FIELDS:
        if new.get(name) != old.get(name):
            changes.append({"field": labels[name], "old": old.get(name), "new": new.get(name)})
    figure_labels = dict(FigureCode.choices)
    for code in FigureCode.values:
        a, b = (old.get("figures") or {}).get(code, {}), (new.get("figures") or {}).get(code, {})
        for key, label in (("district_value", "số liệu"), ("reason", "lý do")):
            if a.get(key) != b.get(key):
                changes.append({"field": f"{figure_labels[code]} ({label})", "old": a.get(key), "new": b.get(key)})
    if new.get("attachment") != old.get("attachment"):
        changes.append({"field": DistrictReport._meta.get_field("attachment").verbose_name,
                        "old": old.get("attachment"), "new": new.get("attachment")})
    return changes


def figures_with_flags(report) -> list[dict]:
    """The report's figures with the previous period's value and a flag when one moved more than 50%."""
    previous = previous_report(report)
    before = {f.code: f.value for f in previous.figures.all()} if previous else {}
    rows = []
    for figure in report.figures.all():
        old, new = before.get(figure.code), figure.value
        moved = None
        if old not in (None, 0) and new is not None:
            moved = (new - old) / old
        rows.append({"figure": figure, "previous": old, "moved": moved,
                     "flagged": moved is not None and abs(moved) > MOVED_FLAG_RATIO})
    return rows


# --- reminders -------------------------------------------------------------------------------------------------------


def _emails_by_district(district_ids) -> dict[int, list[str]]:
    emails: dict[int, list[str]] = {}
    through = AdministrativeUnit.officials.through
    for row in through.objects.filter(administrativeunit_id__in=district_ids, user__is_active=True).exclude(
            user__email="").values("administrativeunit_id", "user__email"):
        emails.setdefault(row["administrativeunit_id"], []).append(row["user__email"])
    return emails


def _unsubmitted(periods) -> list[dict]:
    periods = list(periods)
    districts = {}
    result = []
    submitted = set(DistrictReport.objects.filter(period__in=periods, status__in=SUBMITTED_STATUSES)
                    .values_list("period_id", "district_id"))
    for period in periods:
        for district in districts.setdefault(period.pk, list(districts_reporting(period))):
            if (period.pk, district.pk) not in submitted:
                result.append({"period": period, "district": district})
    return result


def reports_due_soon(*, today, days_ahead=7) -> list[dict]:
    """Reports due within `days_ahead` days and not yet submitted, with the district officials' e-mails."""
    periods = ReportingPeriod.objects.filter(due__gte=today, due__lte=today + timedelta(days=days_ahead))
    items = _unsubmitted(periods)
    emails = _emails_by_district({item["district"].pk for item in items})
    for item in items:
        item["emails"] = emails.get(item["district"].pk, [])
    return items


def reports_overdue(*, today) -> list[dict]:
    """Reports past their due date and never submitted (periods whose districts still existed)."""
    return _unsubmitted(ReportingPeriod.objects.filter(due__lt=today))


# --- PDF report data ---------------------------------------------------------------------------------------------------


def city_report_data(*, period, district=None) -> dict:
    """Everything the city's (or a district's) PDF report shows. A fixed number of queries."""
    plan = plan_current()
    targets = list(plan.targets.all()) if plan else []
    # The same figures as the dashboard and the API: the stored values of the period (counted live only
    # when none are stored yet), for the city or the district and, in the city's report, every district.
    from reports.indicators import dashboard

    board = dashboard(period=period, district=district,
                      districts=list(districts_reporting(period)) if district is None else ())
    indicators = {item["target"]: item for item in board["items"]}
    target_rows = [{"target": t, "indicator": indicators.get(t.code)} for t in targets]
    district_indicators = board["by_district"]

    approved = DistrictReport.objects.filter(period=period, status=DistrictReport.Status.APPROVED)
    if district is not None:
        approved = approved.filter(district=district)
    approved_reports = list(approved.select_related("district").prefetch_related("figures").order_by("district__code"))
    figure_totals = {
        row["code"]: row["total"]
        for row in DistrictReportFigure.objects.filter(report__in=approved).values("code").annotate(
            total=Sum(Coalesce("district_value", "registry_value")))
    }
    activity_totals = approved.aggregate(
        classes=Coalesce(Sum("classes_count"), 0), classes_participants=Coalesce(Sum("classes_participants"), 0),
        workshops=Coalesce(Sum("workshops_count"), 0),
        workshops_participants=Coalesce(Sum("workshops_participants"), 0),
        media=Coalesce(Sum("media_count"), 0), budget_planned=Coalesce(Sum("budget_planned"), 0),
        budget_spent=Coalesce(Sum("budget_spent"), 0),
    )
    grid = submission_grid(periods=[period])
    rows = grid["rows"]
    if district is not None:
        rows = [r for r in rows if r["district"].pk == district.pk]
    # A district's report gives its own submission only, not the city-wide counts.
    completeness = {"column": grid["columns"][0] if district is None else None,
                    "rows": [{"district": r["district"], **r["cells"][0]} for r in rows]}
    return {
        "plan": plan, "period": period, "district": district,
        "target_rows": target_rows,
        "district_indicators": district_indicators,
        "indicators_computed_at": board["computed_at"],
        "chart": indicator_chart_svg(list(indicators.values())),
        "output_targets": output_targets_for(period=period, district=district),
        "budget_execution": budget_execution_for(period=period) if district is None else None,
        "figure_rows": [{"code": c, "label": label, "total": figure_totals.get(c)} for c, label in FigureCode.choices],
        "activity_totals": activity_totals,
        "completeness": completeness,
        "approved_reports": approved_reports,
        "plan_comparison": (district_plan_comparison(district=district, period=period)
                            if district is not None else None),
        "title": _report_title(period),
        "symbol": "BC-SCT" if district is None else "BC-UBND",
    }


def _report_title(period) -> str:
    return {
        ReportingPeriod.Kind.SIX_MONTH: f"6 tháng đầu năm {period.start.year}",
        ReportingPeriod.Kind.ANNUAL: f"năm {period.start.year}",
    }.get(period.kind, f"giai đoạn {period.start.year}–{period.end.year}")


def indicator_chart_svg(items: list[dict]) -> dict:
    """Bar geometry of T1–T5 (value against target, 0–100%) for an inline SVG in the PDF (no JavaScript)."""
    bar_width, gap, height = 28, 36, 160
    bars = []
    for i, item in enumerate(items):
        x = 40 + i * (2 * bar_width + gap)
        value = float(item["value"] or 0)
        target = float(item["target_value"] or 0)
        bars.append({
            "code": item["target"], "x": x, "x_target": x + bar_width, "label_x": x + bar_width,
            "value": item["value"], "target_value": item["target_value"],
            "value_h": round(min(value, 100) * height / 100, 1), "target_h": round(min(target, 100) * height / 100, 1),
        })
    for bar in bars:
        bar["value_y"] = round(20 + height - bar["value_h"], 1)
        bar["target_y"] = round(20 + height - bar["target_h"], 1)
    return {"bars": bars, "bar_width": bar_width, "height": height, "base_y": 20 + height,
            "width": 40 + len(bars) * (2 * bar_width + gap)}


# --- district CP plans: planned against done ---------------------------------------------------------------------


def district_plan_for(*, district, period):
    """The district's plan that a report of `period` answers to: the year's plan for six-month and annual
    periods, the 2016–2020 plan for the whole period (None when the district has not written it)."""
    from reports.models import DistrictPlan

    year = None if period.kind == ReportingPeriod.Kind.WHOLE_PERIOD else period.start.year
    return DistrictPlan.objects.filter(district=district, year=year).select_related("approved_by").first()


def plan_against_done(*, plan, report) -> list[dict]:
    """Rows of planned against done: classes, workshops, media (count and money) and the khuyến công budget.

    `report` is the district's report (what was done and spent), or None when there is none yet."""
    from django.utils.translation import gettext as _

    def done(name):
        return getattr(report, name) if report is not None else None

    return [
        {"label": _("Lớp tập huấn"), "planned": plan.classes_planned, "done": done("classes_count"),
         "planned_vnd": plan.classes_budget, "spent_vnd": done("classes_cost")},
        {"label": _("Hội thảo"), "planned": plan.workshops_planned, "done": done("workshops_count"),
         "planned_vnd": plan.workshops_budget, "spent_vnd": done("workshops_cost")},
        {"label": _("Tin, bài, phóng sự"), "planned": plan.media_planned, "done": done("media_count"),
         "planned_vnd": plan.media_budget, "spent_vnd": done("media_cost")},
        {"label": _("Kinh phí khuyến công SXSH"), "planned": None, "done": None,
         "planned_vnd": plan.budget_planned, "spent_vnd": done("budget_spent")},
    ]


def district_plan_comparison(*, district, period, report=None) -> dict | None:
    """{"plan", "rows"} for the district's plan of the period's year beside its report, or None without a plan."""
    plan = district_plan_for(district=district, period=period)
    if plan is None:
        return None
    if report is None:
        report = DistrictReport.objects.filter(district=district, period=period).first()
    return {"plan": plan, "rows": plan_against_done(plan=plan, report=report), "report": report}
