"""Spreadsheet exports that a spreadsheet will not run: cells escaped against formula injection.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel or
LibreOffice as a formula (`=HYPERLINK(...)`, `+cmd|...`). `safe_cell` prefixes such text with a single
quote, which the spreadsheet shows as text. Numbers, dates and booleans stay what they are, and so does a
text that is only a number ("-5", "+84 24 3825 1234" is *not* only a number and is escaped).

Every xlsx/csv export of the portal goes through `safe_cell`/`safe_row`, or, for django-import-export,
through `SafeExportMixin` on the resource (page exports and the admin's export alike).
"""

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def safe_cell(value):
    """The value, with a leading `'` if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(values):
    """A row (any iterable of cells) with every cell passed through `safe_cell`."""
    return [safe_cell(value) for value in values]


class SafeExportMixin:
    """For django-import-export resources: every exported cell passes through `safe_cell`.

    Put it before `resources.ModelResource` in the bases. It covers the admin's export action and any
    page that calls `resource.export()`; headers come from the code and are not escaped.
    """

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))
