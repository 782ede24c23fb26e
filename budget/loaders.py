"""Load the appendix of Decision 5768 (sections I–IV, 11 lines, planned quantities 2016–2020).

Idempotent: loading again updates rows in place. Every error names the file and the record, and the
whole load runs in one transaction, so nothing is half-loaded.
"""

from django.db import transaction

from budget.models import ActivityKind, BudgetLine, BudgetSection, PlannedQuantity
from plan.fixtures_io import FIXTURES_DIR, FixtureError, read_json, require, save_validated
from plan.models import Plan

APPENDIX_FILE = "appendix_5768.json"


def _whole_number(path, record, field, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FixtureError(path, record, f"{field} must be a whole number ≥ 0, got {value!r}")
    return value


def load_appendix(path):
    data = read_json(path)
    require(path, "appendix", data, "plan", "sections")
    plan = Plan.objects.filter(code=data["plan"]).first()
    if plan is None:
        raise FixtureError(path, "appendix", f"unknown plan {data['plan']!r} (load the plan first)")
    if not isinstance(data["sections"], list):
        raise FixtureError(path, "appendix", "expected a list under 'sections'")
    years = set(plan.years)
    line_codes = set()
    counts = {"sections": 0, "lines": 0}
    with transaction.atomic():
        for s_index, s in enumerate(data["sections"], start=1):
            s_record = f"section #{s_index} ({s.get('code', '?')})"
            require(path, s_record, s, "code", "title", "lines")
            section = save_validated(
                path, s_record, BudgetSection, {"plan": plan, "code": s["code"]},
                {"title": s["title"], "title_en": s.get("title_en", ""), "order": s.get("order", s_index)},
            )
            counts["sections"] += 1
            for l_index, row in enumerate(s["lines"], start=1):
                record = f"line #{l_index} ({row.get('code', '?')}) of {s_record}"
                require(path, record, row, "code", "title", "unit", "unit_price_vnd", "activity_kind", "quantities")
                if row["code"] in line_codes:
                    raise FixtureError(path, record, f"line code {row['code']!r} appears twice")
                line_codes.add(row["code"])
                if row["activity_kind"] not in ActivityKind.values:
                    raise FixtureError(path, record, f"unknown activity_kind {row['activity_kind']!r}; "
                                                     f"one of {', '.join(ActivityKind.values)}")
                price = _whole_number(path, record, "unit_price_vnd", row["unit_price_vnd"])
                quantities = row["quantities"]
                if not isinstance(quantities, dict):
                    raise FixtureError(path, record, "quantities must map year → quantity")
                given = set()
                for key in quantities:
                    if not (str(key).isascii() and str(key).isdigit()) or int(key) not in years:
                        raise FixtureError(path, record, f"year {key!r} is outside the plan "
                                                         f"({plan.start_year}–{plan.end_year})")
                    given.add(int(key))
                if given != years:
                    missing = ", ".join(str(y) for y in sorted(years - given))
                    raise FixtureError(path, record, f"quantities missing for year(s) {missing}")
                line = save_validated(
                    path, record, BudgetLine, {"section__plan": plan, "code": row["code"]}
                    if BudgetLine.objects.filter(section__plan=plan, code=row["code"]).exists()
                    else {"section": section, "code": row["code"]},
                    {
                        "section": section, "title": row["title"], "title_en": row.get("title_en", ""),
                        "unit": row["unit"], "unit_en": row.get("unit_en", ""), "unit_price_vnd": price,
                        "activity_kind": row["activity_kind"], "order": row.get("order", l_index),
                    },
                )
                counts["lines"] += 1
                for key, quantity in quantities.items():
                    save_validated(
                        path, f"{record}, year {key}", PlannedQuantity, {"line": line, "year": int(key)},
                        {"quantity": _whole_number(path, f"{record}, year {key}", "quantity", quantity)},
                    )
    return plan, counts


def load(fixtures_dir=FIXTURES_DIR, stdout=None):
    """Load this app's fixtures. Called by `manage.py load_plan` inside one transaction."""
    plan, counts = load_appendix(fixtures_dir / "budget" / APPENDIX_FILE)
    if stdout:
        stdout.write(f"budget: {counts['sections']} sections, {counts['lines']} lines of the appendix of {plan.code}")
