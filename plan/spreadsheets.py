"""The xlsx format of every admin import: formulas are read as their text, never as a computed value.

django-import-export's own XLSX reads a formula cell's cached result (data_only=True): a file saved by
Excel imports whatever Excel computed, one saved by another program imports nothing. Reading the
formula as text makes the row fail validation visibly (a formula is not a number, a code or a date).
"""

from io import BytesIO

import openpyxl
import tablib
from django.conf import settings
from import_export.formats.base_formats import CSV, XLSX


class FormulaAsTextXLSX(XLSX):
    def create_dataset(self, in_stream):
        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=False)
        dataset = tablib.Dataset()
        rows = book.active.rows
        try:
            dataset.headers = [cell.value for cell in next(rows)]
        except StopIteration:  # an empty sheet: an empty dataset, which the import reports
            return dataset
        ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        for row in rows:
            values = [cell.value for cell in row]
            if ignore_blanks and all(value is None for value in values):
                continue
            dataset.append(values)
        return dataset


IMPORT_FORMATS = [CSV, FormulaAsTextXLSX]
