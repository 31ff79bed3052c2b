"""Spreadsheet cells from user data stay text: the OWASP CSV-injection rule, in one place.

A citizen's name, an address or a procedure text that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one of them) is read by Excel and LibreOffice as a formula —
``=HYPERLINK(...)`` becomes a live link in the office's own report. Every workbook the counter and the
hub write goes through :func:`keep_text` just before it is saved; a CSV writer would use
:func:`csv_text`.

- In XLSX the text is kept exactly as typed: the cell is stored as a string (``data_type = "s"``, never
  ``"f"``) and marked ``quotePrefix``, Excel's own "this is text" flag, so editing the cell later does not
  turn it into a formula either, and nothing is added to what the reader sees.
- CSV has no cell types, so the OWASP prefix is used there: a leading ``'``.

Numbers, dates and empty cells are left as they are. No framework is imported: :func:`keep_text` takes
an openpyxl workbook by its duck type (``worksheets``, ``iter_rows``).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r")  # OWASP: what makes a spreadsheet evaluate a cell


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as the start of a formula."""
    return text[:1] in FORMULA_STARTS


def csv_text(text: str) -> str:
    """``text`` for a CSV cell: prefixed with ``'`` when it would start a formula (OWASP)."""
    return "'" + text if starts_formula(text) else text


def keep_text(workbook: Any) -> int:
    """Make every string cell of an openpyxl ``workbook`` that a spreadsheet would evaluate plain text,
    keeping its characters; the number of cells changed. Call it last, just before saving."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or starts_formula(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed
