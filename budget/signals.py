"""Every write to the budget's inputs moves the summary snapshot's version once the writer's transaction commits.

Connected for saves and deletions (a queryset's delete() sends them too) of plans, sections, lines, planned
quantities, estimates and expenditures. The version moves on commit, not inside the writer's transaction: a
writer then never holds the snapshot's row while it waits for another row, so two writers cannot deadlock on
it. A summary computed while the write was in flight is stored with the version read before computing, which
the commit moves past, so it is computed again on the next read (budget.selectors.summary_snapshot).

`Expenditure.all_objects...update()` sends nothing: the one place that uses it (the admin's correction) saves
the correcting expenditure in the same transaction. A load that bypasses the ORM must call `summary_changed()`
(none does today: the budget's demo data is saved through the ORM).
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save


def summary_changed() -> None:
    """Move the version now: the stored summary is computed again on the next read."""
    from budget.models import SummarySnapshot

    SummarySnapshot.objects.filter(pk=SummarySnapshot.KEY).update(version=F("version") + 1)


def _written(**_kwargs) -> None:
    transaction.on_commit(summary_changed)


def connect() -> None:
    from budget.models import BudgetLine, BudgetSection, Estimate, Expenditure, PlannedQuantity
    from plan.models import Plan

    for model in (Plan, BudgetSection, BudgetLine, PlannedQuantity, Estimate, Expenditure):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(_written, sender=model, dispatch_uid=f"budget-summary-{model.__name__}-{name}")
