"""Registry figures that prefill a district report. The enterprises app's selectors plug in here."""

from importlib import import_module
from importlib.util import find_spec

from reports.models import FigureCode


def _enterprise_selectors():
    try:
        if find_spec("enterprises.selectors") is None:
            return None
        return import_module("enterprises.selectors")
    except ImportError:  # the registry app is not there (or half-built): no prefill, not an error
        return None


def _figures(counts: dict) -> dict[str, int | None]:
    from reports.indicators import _summary

    counts = _summary(counts)
    return {FigureCode.FACILITIES: counts["active"], FigureCode.AWARE: counts["aware"],
            FigureCode.APPLYING: counts["applying"], FigureCode.CP_OFFICER: counts["officer"],
            FigureCode.LARGE: counts["large"], FigureCode.LARGE_TRAINED: counts["large_trained"],
            FigureCode.ASSESSMENTS: counts["assessments"], FigureCode.SAVINGS_8PCT: counts["savings_8pct"]}


def registry_figures(*, district, period) -> dict[str, int | None]:
    """Every figure code → the registry's count for `district` as of the period's end, or None if unknown.

    Counted by the indicator engine (reports.indicators.district_counts): four queries.
    """
    if _enterprise_selectors() is None:
        return {code: None for code in FigureCode.values}
    from reports.indicators import _empty, district_counts

    counts = district_counts(as_of=period.end, district_id=district.pk, with_assessments=True)
    return _figures(counts.get(district.pk, _empty()))


def registry_figures_by_district(*, period) -> dict[int, dict[str, int | None]]:
    """{district id: figures} for every district with facilities or boards, as registry_figures gives them,
    in four grouped queries for all districts together (the demo data prefills hundreds of reports with it)."""
    if _enterprise_selectors() is None:
        return {}
    from reports.indicators import district_counts

    return {key: _figures(counts) for key, counts in
            district_counts(as_of=period.end, with_assessments=True).items()}


def registry_figures_empty() -> dict[str, int | None]:
    """The figures of a district without any facility (0 everywhere), or all None without the registry."""
    if _enterprise_selectors() is None:
        return {code: None for code in FigureCode.values}
    return {code: 0 for code in FigureCode.values}
