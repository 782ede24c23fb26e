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

    Figures the registry cannot give yet (large enterprises with trained staff, assessments, savings)
    stay None until the indicator engine provides them.
    """
    selectors = _enterprise_selectors()
    result: dict[str, int | None] = {code: None for code in FigureCode.values}
    if selectors is None:
        return result
    for code, name in REGISTRY_SELECTORS.items():
        selector = getattr(selectors, name, None)
        if selector is not None:
            result[code] = selector(as_of=period.end, district_id=district.pk)
    return result
