"""Tables found on PDF and OCR pages from where their text was drawn: columns of aligned pieces.

A page's visual rows (:mod:`parsers.layout.rows`) are cut into *pieces* at the wide gaps of their lines
(:attr:`~parsers.text.linebox.LineBox.gaps`: a gap of at least :data:`GAP_EM` of the line's height,
about three word spaces), and the lines drawn side by side on a row are pieces too. A run of rows
with two pieces or more is a table when its pieces fall into at least two columns that line up:

* **columns** are the union of the overlapping x-extents of the pieces of the table's fullest rows
  (those with at least the median number of pieces), so that a heading over several columns does
  not glue them together; a piece of another row that overlaps no column adds one, and a piece over
  several columns spans them;
* **rows**: one per visual row; a row of one piece may sit between rows of several (a label's second
  line, a section heading), at most :data:`MAX_LONE` in a row;
* **not a table**: prose (its word gaps are narrow: one piece a line), a list, a form's
  ``label : value`` lines (the value begins or the label ends with ``:``), fewer than
  :data:`MIN_ROWS` rows of two columns or more;
* **caption**: the row of one piece just above the table;
* **page breaks**: the last table of a page and the first of the next one with as many columns, lined
  up column by column, are one table; the next page's copy of its header row is left out.

Cell spans are in the document's normalised text, so Thai repair applies to cells as to the page.
Plain text has no geometry and gets no tables here. The parts: :mod:`~parsers.tables.pieces` (rows cut
into pieces), :mod:`~parsers.tables.building` (a table's lines of cells while it is built),
:mod:`~parsers.tables.ruled` (tables the page's rules bound, found first), :mod:`~parsers.tables.breaks`
(joins over page breaks); this module finds the aligned tables and puts them together.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from typing import Final

from parsers.document.doctext import DocText
from parsers.layout.rows import SAME_ROW_OVERLAP, Row
from parsers.tables.breaks import join_breaks
from parsers.tables.building import (
    BuildCell,
    Found,
    Line,
    caption_of,
    copy_cell,
    copy_line,
    first_text,
    furniture,
    join_wrapped,
    label_lines_before,
    words,
)
from parsers.tables.grid import grids
from parsers.tables.model import CellDraft, TableDraft
from parsers.tables.pieces import GAP_EM, Piece, row_pieces
from parsers.tables.records import value_like
from parsers.tables.ruled import row_in, ruled_table
from parsers.text.linebox import LineBox
from schemas.enums import TableMethod

#: rows of one piece allowed between two rows of a table
MAX_LONE: Final = 2


#: a table has at least this many rows with cells in two columns or more
MIN_ROWS: Final = 3


#: rows further apart than this many line heights are not one table
ROW_GAP_EM: Final = 2.0


def find_tables(doc: DocText) -> list[TableDraft]:
    """The aligned tables of every page of ``doc`` that has geometry, in page order, joined over page
    breaks."""
    found: list[Found] = []
    for index in range(len(doc.pages)):
        lines = doc.lines[index] if index < len(doc.lines) else ()
        rules = doc.rules[index] if index < len(doc.rules) else ()
        if not rules and not _may_hold_table(lines):
            continue
        found += page_tables(doc, index)
    return [f.draft for f in join_breaks(found)]


def _may_hold_table(lines: Sequence[LineBox]) -> bool:
    """Whether a page without rules has at least :data:`MIN_ROWS` lines of two pieces or more: a line
    with a wide gap, or a line drawn beside another. Most pages of prose have none, and are passed over
    without building their rows (a quarter of a millisecond a page)."""
    split = 0
    for box in lines:
        g, wide = box.gaps, GAP_EM * (box.bottom - box.top)
        if any(g[i + 3] - g[i + 2] >= wide for i in range(0, len(g) - 3, 4)):
            split += 1
            if split >= MIN_ROWS:
                return True
    inked = sorted((b for b in lines if b.bottom > b.top), key=lambda b: b.top)
    beside = 0
    for a, b in itertools.pairwise(inked):
        overlap = min(a.bottom, b.bottom) - b.top
        if overlap >= SAME_ROW_OVERLAP * min(a.bottom - a.top, b.bottom - b.top):
            beside += 1
            if split + beside >= MIN_ROWS:
                return True
    return False


def page_tables(doc: DocText, index: int) -> list[Found]:
    """The tables of page ``index`` (0-based): those its rules bound, then the aligned ones among the
    rows left."""
    rows = doc.rows(index)
    pieces = [row_pieces(doc, row) for row in rows]
    out: list[Found] = []
    for grid in grids(doc.rules[index] if index < len(doc.rules) else ()):
        inner = [i for i, row in enumerate(rows) if row_in(grid, row)]
        table = ruled_table(doc, index, rows, pieces, grid, inner) if inner else None
        if table is not None:
            out.append(table)
            for i in inner:
                pieces[i] = []  # taken: no aligned table reads them again
    for first, last in _blocks(rows, pieces):
        table = _table(doc, index, rows, pieces, first, last)
        if table is not None:
            out.append(table)
    out.sort(key=lambda f: f.draft.box[1] if f.draft.box else 0.0)
    return out


def _blocks(rows: Sequence[Row], pieces: Sequence[list[Piece]]) -> list[tuple[int, int]]:
    """Runs of rows (first and last index) that may be a table: rows of several pieces, close together,
    with at most :data:`MAX_LONE` rows of one piece between two of them."""
    blocks: list[tuple[int, int]] = []
    first = last = -1
    lone = 0
    for i, row in enumerate(rows):
        multi = len(pieces[i]) >= 2
        if first >= 0:
            height = max(row.bottom - row.top, 1e-6)
            near = row.top - rows[i - 1].bottom <= ROW_GAP_EM * height
            if near and (multi or lone < MAX_LONE):
                lone = 0 if multi else lone + 1
                if multi:
                    last = i
                continue
            blocks.append((first, last))
            first = last = -1
        if multi:
            first = last = i
            lone = 0
    if first >= 0:
        blocks.append((first, last))
    return blocks


def _columns(rows: Sequence[list[Piece]]) -> list[tuple[float, float]]:
    """Column extents: the union of the overlapping pieces of the fullest rows, then the pieces of the
    others that overlap none."""
    counts = [len(r) for r in rows if len(r) >= 2]
    dense = max(2, int(statistics.median(counts)))
    columns: list[tuple[float, float]] = []
    for p in sorted((p for r in rows if len(r) >= dense for p in r), key=lambda p: p.left):
        if columns and p.left <= columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], p.right))
        else:
            columns.append((p.left, p.right))
    for r in rows:
        for p in r:
            if not any(p.left <= right and left <= p.right for left, right in columns):
                columns.append((p.left, p.right))
    return sorted(columns)


#: a header line further below the line above than the header lines' median gap plus this many line
#: heights begins a new header row
HEADER_BREAK_EM: Final = 0.25


def _table(
    doc: DocText, index: int, rows: Sequence[Row], pieces: Sequence[list[Piece]], first: int, last: int
) -> Found | None:
    block = [pieces[i] for i in range(first, last + 1)]
    if sum(len(r) >= 2 for r in block) < MIN_ROWS:
        return None
    text = doc.text
    columns = _columns(block)
    body = _first_body(text, block)
    if body < len(block):
        columns = _heading_columns_joined(columns, block[body:])
    if len(columns) < 2:
        return None
    grid = [_place(r, columns) for r in block]
    if sum(len(cells) >= 2 for cells in grid) < MIN_ROWS or _form_lines(text, grid):
        return None
    bands = [(rows[i].top, rows[i].bottom) for i in range(first, last + 1)]
    head = min(body, label_lines_before(grid, body))
    grid, bands, n_head = _merge_header(grid, bands, head)
    grid = join_wrapped(text, grid, bands, n_head)
    drafts = tuple(
        CellDraft(r, c, cell.spans[0][0], cell.spans[0][1], col_span=cell.span, more=tuple(cell.spans[1:]))
        for r, cells in enumerate(grid)
        for c, cell in sorted(cells.items())
    )
    top, bottom = rows[first].top, rows[last].bottom
    box = (columns[0][0], top, max(right for _, right in columns), bottom)
    draft = TableDraft(
        TableMethod.ALIGNED,
        index,
        index,
        len(grid),
        len(columns),
        drafts,
        box=box,
        caption=caption_of(rows, pieces, first),
        n_header_rows=n_head if n_head else None,
    )
    heading = tuple(
        tuple(" ".join(text[s:e] for s, e in cell.spans) for _, cell in sorted(cells.items()))
        for cells in grid[:n_head]
    )
    above = tuple(words(text[p.start : p.end]) for r in pieces[:first] for p in r)
    below = all(furniture(text, r) for r in pieces[last + 1 :])
    return Found(draft, tuple(columns), heading, above, below)


def _first_body(text: str, block: Sequence[list[Piece]]) -> int:
    """The first row of the table's body: the first with a value (a number that is not a year, or a dash)
    in at least half of its pieces; ``len(block)`` when there is none."""
    for i, r in enumerate(block):
        values = sum(value_like(text[p.start : p.end]) for p in r)
        if values and values * 2 >= len(r):
            return i
    return len(block)


def _heading_columns_joined(
    columns: list[tuple[float, float]], body: Sequence[list[Piece]]
) -> list[tuple[float, float]]:
    """A column no piece of the body falls in is a heading centred over a wider cell (a label column's
    heading when its labels are short): it joins the nearer of its neighbours."""
    used = [any(p.left <= right and left <= p.right for r in body for p in r) for left, right in columns]
    if all(used) or not any(used):
        return columns
    out = list(columns)
    for i in reversed(range(len(out))):
        if used[i] or len(out) < 2:
            continue
        left, right = out[i]
        gap_left = left - out[i - 1][1] if i > 0 else float("inf")
        gap_right = out[i + 1][0] - right if i + 1 < len(out) else float("inf")
        j = i - 1 if gap_left <= gap_right else i + 1
        out[j] = (min(out[j][0], left), max(out[j][1], right))
        del out[i]
    return out


def _place(r: Sequence[Piece], columns: Sequence[tuple[float, float]]) -> Line:
    """A row's pieces in the columns they overlap (the nearest when between two)."""
    cells: Line = {}
    for p in r:
        over = [c for c, (left, right) in enumerate(columns) if p.left <= right and left <= p.right]
        if not over:  # between columns: the nearest
            middle = (p.left + p.right) / 2
            over = [min(range(len(columns)), key=lambda c: abs(sum(columns[c]) / 2 - middle))]
        col, span = over[0], len(over)
        if col in cells:
            cell = cells[col]  # two pieces of one row in one column: one cell, read left to right
            cell.spans.append((p.start, p.end))
            cell.span = max(cell.span, span)
        else:
            cells[col] = BuildCell([(p.start, p.end)], span)
    return cells


def _merge_header(
    grid: list[Line], bands: list[tuple[float, float]], head: int
) -> tuple[list[Line], list[tuple[float, float]], int]:
    """The header's lines merged into header rows, each cell with its whole heading. A line begins a new
    header row when it is further below the line above than the header's lines are from each other
    (:data:`HEADER_BREAK_EM`), or when it puts a narrower heading under a wider one (``ผลผลิต`` under
    ``ผลการใช้จ่ายเงินปีปัจจุบัน``: a sub-heading, not the rest of a wrapped one)."""
    if head < 2:
        return grid, bands, head
    gaps = [max(0.0, bands[i][0] - bands[i - 1][1]) for i in range(1, head)]
    height = statistics.median(b - t for t, b in bands[:head])
    limit = statistics.median(gaps) + HEADER_BREAK_EM * height
    merged: list[Line] = [copy_line(grid[0])]
    merged_bands = [bands[0]]
    for i in range(1, head):
        current = merged[-1]
        narrower = any(
            cover.span > cell.span
            for col, cell in grid[i].items()
            for start, cover in current.items()
            if start <= col < start + cover.span
        )
        if gaps[i - 1] > limit or narrower:
            merged.append(copy_line(grid[i]))
            merged_bands.append(bands[i])
            continue
        for col, cell in grid[i].items():
            if col in current:
                current[col].spans += cell.spans
                current[col].span = max(current[col].span, cell.span)
            else:
                current[col] = copy_cell(cell)
        top, bottom = merged_bands[-1]
        merged_bands[-1] = (min(top, bands[i][0]), max(bottom, bands[i][1]))
    return merged + grid[head:], merged_bands + bands[head:], len(merged)


def _form_lines(text: str, grid: Sequence[Line]) -> bool:
    """Whether the rows are a form's ``label : value`` lines: in most rows of two cells or more, a
    cell ends or the next begins with a colon."""
    spread = [cells for cells in grid if len(cells) >= 2]
    colon = 0
    for cells in spread:
        texts = [first_text(text, cell) for _, cell in sorted(cells.items())]
        colon += any(t.rstrip().endswith(":") for t in texts[:-1]) or any(
            t.lstrip().startswith(":") for t in texts[1:]
        )
    return colon * 2 > len(spread)
