"""One page as read (text file, PDF text layer or OCR), before any repair: what the readers hand the parsers.

Apart from :mod:`parsers.document.pages` (which prepares these pages, with the repair chain and its
dictionary) so that code that only carries pages as read (the run state, the readers) does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.text.linebox import LineBox
from schemas.enums import TableMethod, TextSource


@dataclass(frozen=True, slots=True)
class WordConfidence:
    """An OCR word: its span in the page's raw text and the engine's confidence (0–100)."""

    start: int
    end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class CellInput:
    """A cell of a table the source itself holds (a Word table, an Excel sheet): where its text is in the
    page's raw text, and the value as the source typed it."""

    row: int  # 0-based
    col: int
    start: int  # span of the cell's text in the page's raw text
    end: int
    row_span: int = 1
    col_span: int = 1
    header: bool | None = None  # the source marks it a header (a Word table's header row); None: unsaid
    number: float | None = None  # a number cell's value as stored (an Excel number, not its display)
    day: str | None = None  # a date cell's day, ISO 8601 (Excel stores dates as numbers)


@dataclass(frozen=True, slots=True)
class TableInput:
    """A table the source itself holds, over the text of one page (a sheet of a workbook is a page)."""

    method: TableMethod
    n_rows: int
    n_cols: int
    cells: tuple[CellInput, ...]
    caption: str | None = None  # a sheet's name; a Word table's caption when it has one


@dataclass(frozen=True, slots=True)
class PageInput:
    """One page as read: its raw text, where the text came from and, for OCR, the confidences."""

    raw: str
    source: TextSource = TextSource.PLAIN
    confidence: float | None = None  # OCR: the page's mean word confidence
    words: tuple[WordConfidence, ...] = ()  # OCR: every word, in the order of the raw text
    #: where each line of ``raw`` was drawn (PDF text layers, OCR); empty when the source has no geometry
    lines: tuple[LineBox, ...] = ()
    #: the PDF page's text layer when ``raw`` is not it (it lied, or OCR read better); None otherwise
    layer: str | None = None
    #: the tables the source holds on this page (Word, Excel); tables of PDF and OCR pages are found from
    #: their geometry by the parsers instead
    tables: tuple[TableInput, ...] = ()
    #: the rules drawn on a PDF page, in the frame of ``lines``: four numbers a rule (``x0, y0, x1, y1``;
    #: ``y0 == y1`` across, ``x0 == x1`` down), flat; empty for other sources (:mod:`parsers.tables.grid`)
    rules: tuple[float, ...] = ()
