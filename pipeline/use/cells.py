"""Values as a spreadsheet is to show them: text that no spreadsheet runs as a formula, text that an
``.xlsx`` file can hold, and how each kind of value is written into a CSV cell.

A CSV cell has no type: Excel and LibreOffice run a cell that starts with ``=``, ``@``, a tab or a
carriage return as a formula, and one that starts with ``+`` or ``-`` too unless it is a number
(``- ร้อยละ 80`` is read as a formula and shows ``#NAME?``; ``=HYPERLINK(…)`` in a document's text would
be live). Such a cell is written with a leading apostrophe, the mark spreadsheets themselves use for
"this is text" (OWASP's advice for CSV injection); the Parquet tables keep the text as read.

An ``.xlsx`` cell is typed: a text cell is never run, but the library writes a Python string that starts
with ``=`` as a formula unless told it is text (:func:`xlsx_text` says which). XML cannot hold the
control characters U+0000–U+001F but tab and line breaks: each is written as its picture (U+2400 +
code, ``␌`` for a form feed), and a cell holds at most 32,767 characters (Excel's limit): longer text is
cut there with ``…`` at the end.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Final

#: characters a spreadsheet runs a cell from, whatever follows
_ALWAYS: Final = ("=", "@", "\t", "\r")
#: a sign that starts a number, not a formula (a lone sign is text)
_NUMBER: Final = re.compile(r"[+-](?:\d[\d,]*(?:\.\d+)?%?)?\Z")
#: the control characters XML 1.0 cannot hold
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Excel's most characters in a cell
XLSX_CELL_CHARS: Final = 32_767
#: rows on a sheet, its header included (Excel's limit)
XLSX_SHEET_ROWS: Final = 1_048_576


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet opening ``text`` from a CSV cell would run it as a formula."""
    if text.startswith(_ALWAYS):
        return True
    return text.startswith(("+", "-")) and _NUMBER.match(text) is None


def csv_text(text: str) -> str:
    """``text`` as a CSV cell: with a leading apostrophe when a spreadsheet would run it."""
    return "'" + text if runs_as_formula(text) else text


def csv_cell(value: object) -> str:
    """One value as CSV text: NULL empty, dates ISO 8601 (``2566-…`` never: the tables hold CE dates),
    lists joined by ``; ``, booleans ``true``/``false``, floats as Python writes them (no rounding)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return csv_text("; ".join(str(v) for v in value))
    return str(value)


def xlsx_text(text: str) -> tuple[str, bool]:
    """``text`` as an ``.xlsx`` cell can hold it, and whether it was cut to :data:`XLSX_CELL_CHARS`."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())), text)
    if len(text) > XLSX_CELL_CHARS:
        return text[: XLSX_CELL_CHARS - 1] + "…", True
    return text, False


def xlsx_number(value: float) -> float | str | None:
    """A float as an ``.xlsx`` cell: a number, or its text when it is not finite (Excel has no NaN)."""
    return value if math.isfinite(value) else str(value)
