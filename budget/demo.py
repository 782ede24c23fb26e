"""Demo data: approved estimates for 2016–2018 and, once the activities have posted their costs, the rest of the
spending (one line-year goes past its estimate)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum

from budget.models import Estimate, Expenditure, PlannedQuantity
from budget.selectors import PLANNED_AMOUNT

# Illustrative decision numbers (not real decisions), marked as such.
DECISIONS = {2016: ("DEMO-2016/QĐ-UBND", datetime.date(2015, 12, 10)),
             2017: ("DEMO-2017/QĐ-UBND", datetime.date(2016, 12, 9)),
             2018: ("DEMO-2018/QĐ-UBND", datetime.date(2017, 12, 11))}


@transaction.atomic
def seed(*, stdout=None, facilities=None, random_seed=5768):
    user = get_user_model().objects.filter(username="sct.canbo").first()
    planned = (
        PlannedQuantity.objects.filter(year__in=DECISIONS, quantity__gt=0)
        .select_related("line").annotate(amount=PLANNED_AMOUNT).order_by("line__section__order", "line__order", "year")
    )
    estimates = 0
    for row in planned:
        number, date = DECISIONS[row.year]
        Estimate.objects.update_or_create(
            line=row.line, year=row.year,
            defaults={"quantity": row.quantity, "amount_vnd": int(row.amount), "decision_number": number,
                      "decision_date": date, "created_by": user},
        )
        estimates += 1
    if stdout:
        stdout.write(f"budget: {estimates} estimates (2016–2018)")
    return {"estimates": estimates, "expenditures": 0}


@transaction.atomic
def seed_last(*, stdout=None, random_seed=5768, **_kwargs):
    """Spending, once every app has posted what its demo activities cost (classes, workshops, assessments…): up to
    three vouchers per line-year for the rest of most of the estimate, never on top of the activities' own
    postings (the 2017 lines were counted twice, 135 % of the estimates); II.1 in 2018 goes past its estimate."""
    rng = random.Random(random_seed)
    user = get_user_model().objects.filter(username="sct.canbo").first()
    spent = 0
    posted_by = {(row["line_id"], row["year"]): row["posted"] for row in Expenditure.objects.filter(
        year__in=DECISIONS, source_type__isnull=False).values("line_id", "year").annotate(posted=Sum("amount_vnd"))}
    for estimate in Estimate.objects.filter(year__in=DECISIONS).select_related("line").order_by(
            "line__section__order", "line__order", "year"):
        line, year = estimate.line, estimate.year
        share = 1.08 if (line.code, year) == ("II.1", 2018) else rng.choice([0.6, 0.8, 0.95, 1.0])
        posted = posted_by.get((line.pk, year)) or 0
        total = (int(estimate.amount_vnd * share) - posted) // 1000 * 1000
        if total <= 0:
            continue
        parts = min(3, max(1, estimate.quantity))
        for index in range(parts):
            amount = total // parts if index < parts - 1 else total - (total // parts) * (parts - 1)
            if amount <= 0:
                continue
            Expenditure.objects.get_or_create(  # a saved expenditure is never rewritten (audit)
                voucher_number=f"PC-{year}-{line.code}-{index + 1}",
                defaults={"line": line, "year": year, "amount_vnd": amount, "recorded_by": user,
                          "date": datetime.date(year, 3 + 3 * index, 15),
                          "description": f"{line.title[:80]} — đợt {index + 1}"},
            )
            spent += 1
    if stdout:
        stdout.write(f"budget: {spent} expenditures besides the activities' own")
    return {"expenditures": spent}
