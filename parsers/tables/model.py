"""A table as the parsers find it, before it becomes rows of ``tables`` and ``cells``.

Every way of finding a table (a Word table or an Excel sheet the source holds, the aligned text or the
drawn rules of a PDF or OCR page) ends in a :class:`TableDraft`: a grid of cells whose spans are in the
document's normalised text, so that a cell's text, value and provenance are read the same way whatever
found it (:mod:`parsers.tables.records`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from schemas.enums import TableMethod


@dataclass(frozen=True, slots=True)
class CellDraft:
    """One cell: its place in the grid and the span of its text in the document's normalised text."""

    row: int  # 0-based
    col: int
    start: int
    end: int
    row_span: int = 1
    col_span: int = 1
    header: bool | None = None  # the source says it heads its column; None: decided from the content
    number: float | None = None  # the value as the source typed it (an Excel number); None: read the text
    day: date | None = None  # a date the source typed (an Excel date)
    #: the spans of the cell's further lines (a heading or a label written over several lines), read after
    #: ``start``–``end`` and joined to it with a space; its provenance is its first line's
    more: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class TableDraft:
    """A grid of cells on one page, or over several when a table continues across a page break."""

    method: TableMethod
    page: int  # 0-based page it starts on
    page_end: int  # 0-based page it ends on
    n_rows: int
    n_cols: int
    cells: tuple[CellDraft, ...]
    box: tuple[float, float, float, float] | None = None  # left, top, right, bottom on its first page
    caption: tuple[int, int] | None = None  # the span of its caption or heading in the normalised text
    caption_text: str | None = None  # a caption the source names that is not in the text (a sheet's name)
    n_header_rows: int | None = None  # None: decided from the content
