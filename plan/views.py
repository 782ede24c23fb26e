from django.shortcuts import render

from plan.models import AdministrativeUnit
from plan.selectors import plan_current


def plan_detail(request):
    """The plan as decided: objective, the five targets, the reporting periods and the districts."""
    plan = plan_current()
    context = {
        "plan": plan,
        "periods": plan.periods.all() if plan else [],
        "districts": AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY),
    }
    return render(request, "plan/plan_detail.html", context)
