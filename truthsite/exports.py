"""CSV exports for editors that are safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by
Excel, LibreOffice and Google Sheets; such cells get a leading apostrophe, the
OWASP advice, so they show as the text that was typed.
"""

import csv
from datetime import datetime

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    """One cell's text, never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def from_formula_safe(cell):
    """A cell read back from such an export: the text as it was typed."""
    text = (cell or "").strip()
    if text.startswith("'") and text[1:2] and text[1] in "=+-@":
        return text[1:]
    return text


class _Echo:
    def write(self, value):
        return value


def csv_rows(header, records):
    """Lines of CSV (a UTF-8 byte-order mark first, for Excel) for StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([formula_safe(cell) for cell in header])
    for record in records:
        yield writer.writerow([formula_safe(cell) for cell in record])
