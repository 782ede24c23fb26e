"""Registry figures that prefill a district report. The enterprises app's selectors plug in here."""

from importlib import import_module
from importlib.util import find_spec

from reports.models import FigureCode

# figure code → name of the selector in enterprises.selectors (keyword args: as_of, district_id).
REGISTRY_SELECTORS = {
    FigureCode.FACILITIES: "facilities_active_count",
    FigureCode.AWARE: "facilities_aware_count",
    FigureCode.APPLYING: "facilities_applying_count",
    FigureCode.CP_OFFICER: "facilities_with_cp_officer_count",
    FigureCode.LARGE: "large_enterprises_count",
}


def _enterprise_selectors():
    try:
        if find_spec("enterprises.selectors") is None:
            return None
        return import_module("enterprises.selectors")
    except ImportError:  # the registry app is not there (or half-built): no prefill, not an error
        return None


def registry_figures(*, district, period) -> dict[str, int | None]:
    """Every figure code → the registry's count for `district` as of the period's end, or None if unknown.

    Large enterprises with trained staff, assessed facilities and facilities saving ≥ 8% come from the
    indicator engine (reports.indicators) and the registry.
    """
    selectors = _enterprise_selectors()
    result: dict[str, int | None] = {code: None for code in FigureCode.values}
    if selectors is None:
        return result
    for code, name in REGISTRY_SELECTORS.items():
        selector = getattr(selectors, name, None)
        if selector is not None:
            result[code] = selector(as_of=period.end, district_id=district.pk)
    result.update(_engine_figures(selectors, district=district, as_of=period.end))
    return result


def _engine_figures(selectors, *, district, as_of) -> dict[str, int | None]:
    """large_trained, assessments and savings_8pct for the district as of the date (each one query or two)."""
    from django.db.models import Exists, OuterRef

    from enterprises.models import Assessment, Enterprise
    from reports.indicators import _trained_exists

    active = Enterprise.objects.active_as_of(as_of).filter(district_id=district.pk)
    figures: dict[str, int | None] = {}
    trained = _trained_exists(as_of)
    if trained is not None:
        figures[FigureCode.LARGE_TRAINED] = active.filter(size=Enterprise.Size.LARGE).filter(trained).count()
    figures[FigureCode.ASSESSMENTS] = active.filter(Exists(Assessment.objects.filter(
        request__enterprise=OuterRef("pk"), date__lte=as_of))).count()
    if hasattr(selectors, "savings_per_unit"):
        figures[FigureCode.SAVINGS_8PCT] = selectors.savings_per_unit(
            as_of=as_of, district_id=district.pk)["at_least_target"]
    return figures
