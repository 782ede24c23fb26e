"""Load Decision 5768: the plan, T1–T5, Hanoi and its 30 districts, and the reporting periods."""

import datetime
from decimal import Decimal, InvalidOperation

from plan.fixtures_io import FIXTURES_DIR, FixtureError, read_json, require, save_validated
from plan.models import AdministrativeUnit, Plan, ReportingPeriod, Target


def _date(path, record, value):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise FixtureError(path, record, f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _decimal(path, record, value):
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise FixtureError(path, record, f"{value!r} is not a number") from exc


def load_units(path):
    data = read_json(path)
    if not isinstance(data.get("units"), list):
        raise FixtureError(path, None, "expected a list under 'units'")
    by_code = {}
    for index, row in enumerate(data["units"], start=1):
        record = f"#{index} ({row.get('code', '?')})"
        require(path, record, row, "code", "name", "type")
        parent = None
        if row.get("parent"):
            parent = by_code.get(row["parent"]) or AdministrativeUnit.objects.filter(code=row["parent"]).first()
            if parent is None:
                raise FixtureError(path, record, f"unknown parent code {row['parent']!r}")
        unit = save_validated(
            path, record, AdministrativeUnit, {"code": row["code"]},
            {
                "name": row["name"],
                "type": row["type"],
                "parent": parent,
                "valid_from": _date(path, record, row.get("valid_from")),
                "valid_to": _date(path, record, row.get("valid_to")),
            },
        )
        by_code[unit.code] = unit
    return len(by_code)


def load_decision(path):
    data = read_json(path)
    require(path, "plan", data, "plan", "targets", "periods")
    p = data["plan"]
    require(path, "plan", p, "code", "title", "issuer", "decision_date", "start_year", "end_year", "objective")
    plan = save_validated(
        path, "plan", Plan, {"code": p["code"]},
        {
            "title": p["title"],
            "title_en": p.get("title_en", ""),
            "issuer": p["issuer"],
            "decision_date": _date(path, "plan", p["decision_date"]),
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "objective": p["objective"],
            "objective_en": p.get("objective_en", ""),
            "budget_source": p.get("budget_source", ""),
        },
    )
    for index, t in enumerate(data["targets"], start=1):
        record = f"target #{index} ({t.get('code', '?')})"
        require(path, record, t, "code", "text", "measure", "target_value")
        save_validated(
            path, record, Target, {"plan": plan, "code": t["code"]},
            {
                "order": t.get("order", index),
                "text": t["text"],
                "text_en": t.get("text_en", ""),
                "measure": t["measure"],
                "target_value": _decimal(path, record, t["target_value"]),
                "target_value_max": _decimal(path, record, t.get("target_value_max")),
                "unit": t.get("unit", "%"),
                "measurement": t.get("measurement", ""),
                "measurement_en": t.get("measurement_en", ""),
            },
        )
    for index, r in enumerate(data["periods"], start=1):
        record = f"period #{index} ({r.get('code', '?')})"
        require(path, record, r, "code", "kind", "start", "end", "due")
        save_validated(
            path, record, ReportingPeriod, {"code": r["code"]},
            {
                "plan": plan,
                "kind": r["kind"],
                "start": _date(path, record, r["start"]),
                "end": _date(path, record, r["end"]),
                "due": _date(path, record, r["due"]),
            },
            keep=("due",),
        )
    return plan


def load(fixtures_dir=FIXTURES_DIR, stdout=None):
    """Load this app's fixtures. Called by `manage.py load_plan` inside one transaction."""
    units = load_units(fixtures_dir / "plan" / "administrative_units.json")
    plan = load_decision(fixtures_dir / "plan" / "decision_5768.json")
    if stdout:
        stdout.write(
            f"plan: {plan.code}, {plan.targets.count()} targets, {units} administrative units, "
            f"{plan.periods.count()} reporting periods"
        )
