"""Reads of the plan that pages, other apps and the reports share."""

from plan.models import AdministrativeUnit, Plan


def plan_current() -> Plan | None:
    """The plan the portal runs (the latest loaded), with its targets."""
    return Plan.objects.prefetch_related("targets").order_by("-start_year").first()


def districts_of_plan() -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.exclude(type=AdministrativeUnit.Kind.CITY).order_by("code"))
