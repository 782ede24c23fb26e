"""Select widgets rendered in Python: the same HTML as Django's, without a template render per <option>.

Django renders each <option> through `django/forms/widgets/select_option.html`; a filter form with a few
hundred options (districts, sectors, industrial areas) spent most of the registry page's time there. These
widgets build the same markup with `format_html` (every value and label escaped), so list pages render in a
few milliseconds whatever the number of choices.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: in the given order, True as a bare name, False left out."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False))


class QuickSelectMixin:
    """render() for a single-choice select: one <option> per choice, <optgroup> for grouped choices."""

    def _option(self, value, label, selected: set[str]) -> str:
        value = "" if value is None else str(value)
        if value in selected:
            return format_html('<option value="{}" selected>{}</option>', value, label)
        return format_html('<option value="{}">{}</option>', value, label)

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        formatted = self.format_value(value)  # a list for Select, one string for NullBooleanSelect
        selected = {formatted} if isinstance(formatted, str) else {str(v) for v in formatted}
        parts = [format_html("<select name=\"{}\"{}>", name, _attrs(final_attrs))]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts += [self._option(v, label, selected) for v, label in option_label]
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))


class QuickSelect(QuickSelectMixin, forms.Select):
    """forms.Select, rendered in Python."""


class QuickNullBooleanSelect(QuickSelectMixin, forms.NullBooleanSelect):
    """forms.NullBooleanSelect (yes / no / unknown), rendered in Python."""
