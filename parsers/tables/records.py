"""Table drafts (:mod:`parsers.tables.model`) to rows of ``tables`` and ``cells``: each cell's text,
value, unit and headers, read the same way whatever found the table.

* **Header rows** are the rows at the top in which no cell holds a number but a year (``2566``,
  ``ปี 2566``), up to the first row that does: a table that holds no number anywhere has its first
  row as its header. A source that marks its header rows (a Word table) is believed.
* **Label columns** are the columns at the left whose body cells mostly hold no number: they head
  their rows; a cell's ``row_header`` is their text in its row, joined with `` › ``.
* **Values**: a cell whose whole text is one number (``1,646``, ``93.40 %``, ``ร้อยละ 80``,
  ``(1,200)``, Thai digits too) has it as ``value``; a dash (``-``, ``–``) is an empty value, not a
  zero. A cell's unit is its own, else the unit its column's header names (``(บาท)``, ``ร้อยละ``,
  ``%``), else the row's cell under a header ``หน่วย…`` (``หน่วยนับ``: คน, ราย).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Final

from parsers.document.doctext import DocText
from parsers.tables.model import CellDraft, TableDraft
from parsers.thai.dates import parse_date_expression
from parsers.thai.lexicon import COUNT_UNITS, PERCENT_WORD
from parsers.thai.numbers import NUMBER, parse_number
from schemas.enums import DateKind
from schemas.records import Cell, Table

HEADER_JOIN: Final = " › "
#: at most this many rows head a table's columns
MAX_HEADER_ROWS: Final = 4

_UNITS = "|".join(re.escape(u) for u in sorted({"บาท", "ล้านบาท", *COUNT_UNITS}, key=len, reverse=True))
#: a cell that is one number: its sign, the number, its unit
_VALUE: Final = re.compile(
    rf"(?:(?P<pct>{PERCENT_WORD})\s*)?(?P<open>\()?(?P<sign>[-−])?\s*(?P<n>{NUMBER})(?(open)\))"
    rf"\s*(?P<unit>%|\(?{PERCENT_WORD}\)?|{_UNITS})?\.?"
)
_DASH: Final = re.compile(r"[-–—−.\s]+")
#: a year in a header: 2566, ปี 2566, พ.ศ. 2566, งบประมาณปี 2565
_YEAR: Final = re.compile(r"(?:(?:ปี|พ\.ศ\.|ปีงบประมาณ)\s*)?(?P<y>2[45]\d\d|[๒][๔๕][๐-๙][๐-๙])")
#: a unit named in a column header: (บาท), หน่วย : บาท, ร้อยละ, %
_HEADER_UNIT: Final = re.compile(
    rf"(?P<pct>%|{PERCENT_WORD})|\(\s*(?P<u>{_UNITS})\s*\)|หน่วย\s*:?\s*(?P<v>{_UNITS})"
)
_UNIT_COLUMN: Final = re.compile(r"หน่วย")


def cell_value(text: str) -> tuple[float, str | None] | None:
    """The number a cell holds, and its unit as written; None when the cell is not one number.

    >>> cell_value("1,646"), cell_value("ร้อยละ 93.40"), cell_value("(1,200) บาท"), cell_value("ปี 2566")
    ((1646.0, None), (93.4, '%'), (-1200.0, 'บาท'), None)
    """
    m = _VALUE.fullmatch(text.strip())
    if m is None:
        return None
    value = parse_number(m.group("n"))
    if m.group("sign") or m.group("open"):
        value = -value
    unit = m.group("unit")
    if m.group("pct") or (unit and (unit == "%" or PERCENT_WORD in unit)):
        return value, "%"
    if unit == "ล้านบาท":
        return value * 1_000_000, "บาท"
    return value, unit


def _year_only(text: str) -> bool:
    m = _YEAR.fullmatch(text.strip())
    return m is not None


def value_like(text: str) -> bool:
    """Whether a cell's text reads as a body's value: a number that is not a year, or a dash.

    >>> value_like("1,646"), value_like("-"), value_like("ปี 2566"), value_like("ครั้ง")
    (True, True, False, False)
    """
    t = text.strip()
    if not t:
        return False
    return _DASH.fullmatch(t) is not None or (cell_value(t) is not None and not _year_only(t))


def _day(text: str) -> date | None:
    """The day a cell's whole text writes (``31 ธ.ค. 2567``, ``2025-01-06``); None for anything else."""
    if not text.strip() or cell_value(text) is not None:
        return None
    reading = parse_date_expression(text)
    if reading is not None and reading.kind is DateKind.DAY and reading.raw.strip() == text.strip():
        return reading.value
    return None


def _empty(text: str) -> bool:
    return not text.strip() or _DASH.fullmatch(text) is not None


class _Grid:
    def __init__(self, draft: TableDraft, texts: Sequence[str]) -> None:
        self.draft = draft
        self.texts = list(texts)
        # a year is a heading, not a value, whether written (ปี 2566) or typed (an Excel 2566)
        self.numeric = [
            (c.number is not None or cell_value(t) is not None) and not _year_only(t)
            for c, t in zip(draft.cells, texts, strict=True)
        ]
        #: a date is a value, not a row's label (a column of report dates)
        self.dated = [
            c.day is not None or _day(t) is not None for c, t in zip(draft.cells, texts, strict=True)
        ]

    def header_rows(self) -> int:
        d = self.draft
        if d.n_header_rows is not None:
            return d.n_header_rows
        marked = {c.row for c, _ in zip(d.cells, self.texts, strict=True) if c.header}
        if marked:
            n = 0
            while n in marked:
                n += 1
            return n
        rows_with_numbers = {c.row for c, numeric in zip(d.cells, self.numeric, strict=True) if numeric}
        if not rows_with_numbers:
            return 1 if d.n_rows > 1 else 0
        first = min(rows_with_numbers)
        return min(first, MAX_HEADER_ROWS, max(0, d.n_rows - 1))

    def label_columns(self, header_rows: int) -> int:
        """How many columns at the left hold mostly no numbers in the body."""
        d = self.draft
        n = 0
        for col in range(d.n_cols):
            body = [
                numeric or dated
                for c, numeric, dated, text in zip(d.cells, self.numeric, self.dated, self.texts, strict=True)
                if c.col == col and c.row >= header_rows and not _empty(text)
            ]
            if not body or sum(body) * 2 >= len(body):
                break
            n += 1
        return min(n, max(0, d.n_cols - 1))


def table_rows(
    doc_id: str, doc: DocText, drafts: Sequence[TableDraft], first_no: int = 1
) -> tuple[list[Table], list[Cell]]:
    """The ``tables`` and ``cells`` rows of a document's tables, numbered from ``first_no``."""
    tables: list[Table] = []
    cells: list[Cell] = []
    for no, draft in enumerate(drafts, start=first_no):
        texts = [_cell_text(doc.text, c) for c in draft.cells]
        grid = _Grid(draft, texts)
        n_head = grid.header_rows()
        n_label = grid.label_columns(n_head)
        col_headers = _column_headers(draft, texts, n_head)
        units = _column_units(col_headers)
        unit_col = _unit_column(col_headers, n_label)
        by_place = {(c.row, c.col): t for c, t in zip(draft.cells, texts, strict=True)}
        caption = draft.caption_text
        if caption is None and draft.caption is not None:
            caption = doc.text[draft.caption[0] : draft.caption[1]].strip() or None
        left, top, right, bottom = draft.box if draft.box is not None else (None, None, None, None)
        tables.append(
            Table(
                doc_id=doc_id,
                table_no=no,
                page=draft.page + 1,
                page_end=draft.page_end + 1,
                method=draft.method,
                n_rows=draft.n_rows,
                n_cols=draft.n_cols,
                n_header_rows=n_head,
                left=left,
                top=top,
                right=right,
                bottom=bottom,
                caption=caption,
            )
        )
        for cell, text in zip(draft.cells, texts, strict=True):
            if not text:
                continue
            cells.append(
                _cell(doc_id, no, doc, cell, text, n_head, n_label, col_headers, units, unit_col, by_place)
            )
    return tables, cells


def _cell(
    doc_id: str,
    no: int,
    doc: DocText,
    cell: CellDraft,
    text: str,
    n_head: int,
    n_label: int,
    col_headers: dict[int, str],
    units: dict[int, str],
    unit_col: int | None,
    by_place: dict[tuple[int, int], str],
) -> Cell:
    header = cell.row < n_head or cell.col < n_label
    # a header's typed value (an Excel year over its column) is its heading, not a value
    value: float | None = None if header else cell.number
    unit: str | None = None
    day: date | None = None if header else cell.day
    if value is not None:
        read = cell_value(text)  # the unit the typed number is shown with (81.25%)
        unit = read[1] if read is not None else None
    elif day is None and not header:
        read = cell_value(text)
        if read is not None:
            value, unit = read
        elif not _empty(text):
            day = _day(text)
    if value is not None and unit is None:
        unit = units.get(cell.col)
        if unit is None and unit_col is not None and cell.col != unit_col:
            unit = by_place.get((cell.row, unit_col)) or None
    row_header = None
    if cell.row >= n_head and cell.col >= n_label and n_label:
        labels = [by_place.get((cell.row, c), "") for c in range(n_label) if c != unit_col]
        row_header = HEADER_JOIN.join(t for t in labels if t) or None
    # the document's span of the cell (its first line's), without the spaces around its text
    written = doc.text[cell.start : cell.end]
    start = cell.start + len(written) - len(written.lstrip())
    pos = doc.locate(start, start + len(written.strip()))
    return Cell(
        doc_id=doc_id,
        table_no=no,
        row=cell.row,
        col=cell.col,
        row_span=cell.row_span,
        col_span=cell.col_span,
        text=text,
        is_header=header,
        value=value,
        unit=unit,
        date_value=day,
        row_header=row_header,
        col_header=None if cell.row < n_head else col_headers.get(cell.col),
        **pos.span(),
        raw=pos.raw,
    )


def _cell_text(text: str, cell: CellDraft) -> str:
    """A cell's text: its span, then its further lines' (:attr:`CellDraft.more`), joined by a space."""
    first = text[cell.start : cell.end].strip()
    if not cell.more:
        return first
    return " ".join(t for t in (first, *(text[s:e].strip() for s, e in cell.more)) if t)


def _column_headers(draft: TableDraft, texts: Sequence[str], n_head: int) -> dict[int, str]:
    """Each column's header path: the header cells over it, top row first."""
    parts: dict[int, list[str]] = {}
    for cell, text in sorted(zip(draft.cells, texts, strict=True), key=lambda ct: (ct[0].row, ct[0].col)):
        if cell.row >= n_head or not text:
            continue
        for col in range(cell.col, cell.col + cell.col_span):
            column = parts.setdefault(col, [])
            if not column or column[-1] != text:
                column.append(text)
    return {col: HEADER_JOIN.join(p) for col, p in parts.items()}


def _column_units(headers: dict[int, str]) -> dict[int, str]:
    units: dict[int, str] = {}
    for col, header in headers.items():
        m = _HEADER_UNIT.search(header)
        if m is None:
            continue
        if m.group("pct"):
            units[col] = "%"
        else:
            unit = m.group("u") or m.group("v")
            units[col] = "บาท" if unit == "ล้านบาท" else unit
    return units


def _unit_column(headers: dict[int, str], n_label: int) -> int | None:
    """The column headed หน่วย… (หน่วยนับ: a row's unit), when there is one among or just after the labels."""
    for col in range(min(n_label + 1, max(headers, default=-1) + 1)):
        if _UNIT_COLUMN.search(headers.get(col, "")):
            return col
    return None
