"""Money as the appendix prints it: nghìn đồng with Vietnamese grouping (150.000)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def nghin_dong(value):
    """Whole đồng → nghìn đồng, grouped by the active locale (150000000 → "150.000"); fractions kept to 3 places."""
    if value is None or value == "":
        return ""
    thousands = Decimal(int(value)) / 1000
    places = 0 if thousands == thousands.to_integral_value() else 3
    text = number_format(thousands, decimal_pos=places, use_l10n=True, force_grouping=True)
    if places:
        text = text.rstrip("0")
    return text


@register.filter
def percent(value):
    if value is None:
        return "—"
    return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True) + "%"
