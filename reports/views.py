from django.shortcuts import render

from plan.selectors import plan_current


def home(request):
    """The portal's home: the plan, its objective and its five targets, and a panel for the user's role."""
    return render(request, "home.html", {"plan": plan_current()})
