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
Plain text has no geometry and gets no tables here.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from parsers.document.doctext import DocText
from parsers.layout.rows import Row
from parsers.tables.model import CellDraft, TableDraft
from schemas.enums import TableMethod

#: a gap inside a line at least this share of the line's height parts two cells
GAP_EM: Final = 0.8
#: rows of one piece allowed between two rows of a table
MAX_LONE: Final = 2
#: a table has at least this many rows with cells in two columns or more
MIN_ROWS: Final = 3
#: rows further apart than this many line heights are not one table
ROW_GAP_EM: Final = 2.0
#: a caption at most this many line heights above its table
CAPTION_EM: Final = 3.0
#: columns of two tables line up when they overlap by this share of the narrower
ALIGN_SHARE: Final = 0.5


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a row's text between wide gaps: its span in the document's text and its x-extent."""

    start: int
    end: int
    left: float
    right: float


@dataclass(frozen=True)
class _Found:
    draft: TableDraft
    columns: tuple[tuple[float, float], ...]
    first_row: tuple[str, ...]


def find_tables(doc: DocText) -> list[TableDraft]:
    """The aligned tables of every page of ``doc`` that has geometry, in page order, joined over page
    breaks."""
    found: list[_Found] = []
    for index in range(len(doc.pages)):
        lines = doc.lines[index] if index < len(doc.lines) else ()
        if not any(box.gaps for box in lines):
            continue  # no line with a gap: no two pieces side by side within a line
        found += page_tables(doc, index)
    return [f.draft for f in _join_breaks(found)]


def page_tables(doc: DocText, index: int) -> list[_Found]:
    """The tables of page ``index`` (0-based)."""
    rows = doc.rows(index)
    pieces = [row_pieces(doc, row) for row in rows]
    out: list[_Found] = []
    for first, last in _blocks(rows, pieces):
        table = _table(doc, index, rows, pieces, first, last)
        if table is not None:
            out.append(table)
    return out


def row_pieces(doc: DocText, row: Row) -> list[Piece]:
    """A row cut at the wide gaps of its lines, left to right; pieces of separate lines that nearly
    touch and follow each other in the text are one."""
    out: list[Piece] = []
    text = doc.text
    for seg in row.segments:
        box = seg.box
        height = seg.bottom - seg.top
        if box is None or not box.gaps:
            out.append(Piece(seg.start, seg.end, seg.left, seg.right))
            continue
        page = doc.page_of(seg.start)
        mapped, base = doc.pages[page].mapped, doc.offsets[page]
        start, left = box.start, box.left
        g = box.gaps
        cuts: list[tuple[int, int, float, float]] = []
        for i in range(0, len(g) - 3, 4):
            if g[i + 3] - g[i + 2] >= GAP_EM * height:
                cuts.append((start, int(g[i]), left, g[i + 2]))
                start, left = int(g[i + 1]), g[i + 3]
        cuts.append((start, box.end, left, box.right))
        for s, e, lft, rgt in cuts:
            a, b = mapped.text_span(s, e)
            a, b = base + a, base + b
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                out.append(Piece(a, b, min(lft, rgt), max(lft, rgt)))
    out.sort(key=lambda p: p.left)
    merged: list[Piece] = []
    for p in out:
        last = merged[-1] if merged else None
        if (
            last is not None
            and p.left - last.right < GAP_EM * (row.bottom - row.top) / 2
            and last.end <= p.start
            and not text[last.end : p.start].strip()
        ):
            merged[-1] = Piece(last.start, p.end, last.left, max(last.right, p.right))
        else:
            merged.append(p)
    return merged


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


def _table(
    doc: DocText, index: int, rows: Sequence[Row], pieces: Sequence[list[Piece]], first: int, last: int
) -> _Found | None:
    block = [pieces[i] for i in range(first, last + 1)]
    if sum(len(r) >= 2 for r in block) < MIN_ROWS:
        return None
    columns = _columns(block)
    if len(columns) < 2:
        return None
    text = doc.text
    grid: list[dict[int, tuple[int, int, int]]] = []  # per row: column → (start, end, span)
    spread = 0
    for r in block:
        cells: dict[int, tuple[int, int, int]] = {}
        for p in r:
            over = [c for c, (left, right) in enumerate(columns) if p.left <= right and left <= p.right]
            if not over:  # between columns: the nearest
                middle = (p.left + p.right) / 2
                over = [min(range(len(columns)), key=lambda c: abs(sum(columns[c]) / 2 - middle))]
            col, span = over[0], len(over)
            if col in cells:
                s, e, sp = cells[col]
                cells[col] = (min(s, p.start), max(e, p.end), max(sp, span))
            else:
                cells[col] = (p.start, p.end, span)
        spread += len(cells) >= 2
        grid.append(cells)
    if spread < MIN_ROWS or _form_lines(text, grid):
        return None
    drafts = tuple(
        CellDraft(r, c, s, e, col_span=span)
        for r, cells in enumerate(grid)
        for c, (s, e, span) in sorted(cells.items())
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
        caption=_caption(rows, pieces, first),
    )
    head = tuple(text[s:e] for s, e, _ in (grid[0].get(c, (0, 0, 1)) for c in range(len(columns))))
    return _Found(draft, tuple(columns), head)


def _form_lines(text: str, grid: Sequence[dict[int, tuple[int, int, int]]]) -> bool:
    """Whether the rows are a form's ``label : value`` lines: in most rows of two cells or more, a
    cell ends or the next begins with a colon."""
    spread = [cells for cells in grid if len(cells) >= 2]
    colon = 0
    for cells in spread:
        texts = [text[s:e] for _, (s, e, _) in sorted(cells.items())]
        colon += any(t.rstrip().endswith(":") for t in texts[:-1]) or any(
            t.lstrip().startswith(":") for t in texts[1:]
        )
    return colon * 2 > len(spread)


def _caption(rows: Sequence[Row], pieces: Sequence[list[Piece]], first: int) -> tuple[int, int] | None:
    if first == 0 or len(pieces[first - 1]) != 1:
        return None
    above, row = rows[first - 1], rows[first]
    if row.top - above.bottom > CAPTION_EM * (row.bottom - row.top):
        return None
    return pieces[first - 1][0].start, pieces[first - 1][0].end


def _aligned(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> bool:
    if len(a) != len(b):
        return False
    for (l1, r1), (l2, r2) in zip(a, b, strict=True):
        overlap = min(r1, r2) - max(l1, l2)
        if overlap < ALIGN_SHARE * min(r1 - l1, r2 - l2):
            return False
    return True


def _join_breaks(found: Sequence[_Found]) -> list[_Found]:
    """Tables continued over a page break joined: the last of a page and the first of the next with
    columns that line up. A repeated header row is dropped from the continuation."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        d = f.draft
        if (
            prev is not None
            and d.page == prev.draft.page_end + 1
            and all(o.draft.page != d.page for o in out)
            and _aligned(prev.columns, f.columns)
        ):
            skip = 1 if f.first_row == prev.first_row else 0
            base = prev.draft.n_rows
            cells = [
                CellDraft(c.row - skip + base, c.col, c.start, c.end, c.row_span, c.col_span)
                for c in d.cells
                if c.row >= skip
            ]
            joined = TableDraft(
                prev.draft.method,
                prev.draft.page,
                d.page_end,
                base + d.n_rows - skip,
                prev.draft.n_cols,
                (*prev.draft.cells, *cells),
                box=prev.draft.box,
                caption=prev.draft.caption,
            )
            out[-1] = _Found(joined, prev.columns, prev.first_row)
        else:
            out.append(f)
    return out
