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

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from parsers.document.doctext import DocText
from parsers.layout.rows import Row, Segment
from parsers.tables.grid import Grid, Place, grids
from parsers.tables.model import CellDraft, TableDraft
from parsers.tables.records import value_like
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
    heading: tuple[tuple[str, ...], ...]  # the texts of its header rows
    above: tuple[str, ...]  # the texts of its page above it
    last_on_page: bool  # nothing but a page number below it


def find_tables(doc: DocText) -> list[TableDraft]:
    """The aligned tables of every page of ``doc`` that has geometry, in page order, joined over page
    breaks."""
    found: list[_Found] = []
    for index in range(len(doc.pages)):
        lines = doc.lines[index] if index < len(doc.lines) else ()
        rules = doc.rules[index] if index < len(doc.rules) else ()
        if not rules and not any(box.gaps for box in lines):
            continue  # no rules, no line with a gap: no two pieces side by side within a line
        found += page_tables(doc, index)
    return [f.draft for f in _join_breaks(found)]


def page_tables(doc: DocText, index: int) -> list[_Found]:
    """The tables of page ``index`` (0-based): those its rules bound, then the aligned ones among the
    rows left."""
    rows = doc.rows(index)
    pieces = [row_pieces(doc, row) for row in rows]
    out: list[_Found] = []
    for grid in grids(doc.rules[index] if index < len(doc.rules) else ()):
        inner = [i for i, row in enumerate(rows) if _row_in(grid, row)]
        table = _ruled_table(doc, index, rows, pieces, grid, inner) if inner else None
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


def row_pieces(doc: DocText, row: Row) -> list[Piece]:
    """A row cut at the wide gaps of its lines, left to right; pieces of separate lines that nearly
    touch and follow each other in the text are one."""
    out: list[Piece] = []
    text = doc.text
    for seg in row.segments:
        out += _cut(doc, seg, GAP_EM * (seg.bottom - seg.top))
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


def _cut(doc: DocText, seg: Segment, wide: float) -> list[Piece]:
    """A line's pieces between its gaps at least ``wide`` (pt) across."""
    box = seg.box
    if box is None or not box.gaps:
        return [Piece(seg.start, seg.end, seg.left, seg.right)]
    text = doc.text
    page = doc.page_of(seg.start)
    mapped, base = doc.pages[page].mapped, doc.offsets[page]
    start, left = box.start, box.left
    g = box.gaps
    cuts: list[tuple[int, int, float, float]] = []
    for i in range(0, len(g) - 3, 4):
        if g[i + 3] - g[i + 2] >= wide:
            cuts.append((start, int(g[i]), left, g[i + 2]))
            start, left = int(g[i + 1]), g[i + 3]
    cuts.append((start, box.end, left, box.right))
    out: list[Piece] = []
    for s, e, lft, rgt in cuts:
        a, b = mapped.text_span(s, e)
        a, b = base + a, base + b
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Piece(a, b, min(lft, rgt), max(lft, rgt)))
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
#: a wrapped label's line is nearer one side when its gap there is below this share of the other gap
#: (ktltc_o15's Word tables: 4.8–5.0 pt to its row, 5.3 pt to the next; a section heading 5.3 / 5.4)
WRAP_NEAR: Final = 0.96
#: a line of a page this short, alone on its row (a page number, ``- 3 -``), is no content between tables
FURNITURE_CHARS: Final = 8
#: a numbering that begins a label: 1. 1.2. 2.2 . (1) ก.
_NUMBERED: Final = re.compile(r"\s*(?:\(?[0-9๐-๙]+(?:\s*\.\s*[0-9๐-๙]+)*\s*[.)]|[ก-ฮ]\s*[.)])")


@dataclass(slots=True)
class _Cell:
    spans: list[tuple[int, int]]
    span: int  # columns it covers
    rows: int = 1  # rows it covers (a ruled cell over several bands)


_Line = dict[int, _Cell]  # column → cell, one visual row of the table


def _table(
    doc: DocText, index: int, rows: Sequence[Row], pieces: Sequence[list[Piece]], first: int, last: int
) -> _Found | None:
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
    head = min(body, _label_lines_before(grid, body))
    grid, bands, n_head = _merge_header(grid, bands, head)
    grid = _join_wrapped(text, grid, bands, n_head)
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
        caption=_caption(rows, pieces, first),
        n_header_rows=n_head if n_head else None,
    )
    heading = tuple(
        tuple(" ".join(text[s:e] for s, e in cell.spans) for _, cell in sorted(cells.items()))
        for cells in grid[:n_head]
    )
    above = tuple(_words(text[p.start : p.end]) for r in pieces[:first] for p in r)
    below = all(_furniture(text, r) for r in pieces[last + 1 :])
    return _Found(draft, tuple(columns), heading, above, below)


def _words(text: str) -> str:
    return " ".join(text.split())


def _furniture(text: str, pieces: Sequence[Piece]) -> bool:
    """Whether a row is a page's furniture (a page number), not content."""
    return len(pieces) == 1 and len(text[pieces[0].start : pieces[0].end].strip()) <= FURNITURE_CHARS


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


def _place(r: Sequence[Piece], columns: Sequence[tuple[float, float]]) -> _Line:
    """A row's pieces in the columns they overlap (the nearest when between two)."""
    cells: _Line = {}
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
            cells[col] = _Cell([(p.start, p.end)], span)
    return cells


def _label_lines_before(grid: Sequence[_Line], body: int) -> int:
    """Where the header ends: before the lines just above the body that hold only a first-column piece
    (a section's heading, the first lines of a wrapped label)."""
    head = body
    while head > 0 and set(grid[head - 1]) == {0}:
        head -= 1
    return head


def _merge_header(
    grid: list[_Line], bands: list[tuple[float, float]], head: int
) -> tuple[list[_Line], list[tuple[float, float]], int]:
    """The header's lines merged into header rows, each cell with its whole heading. A line begins a new
    header row when it is further below the line above than the header's lines are from each other
    (:data:`HEADER_BREAK_EM`), or when it puts a narrower heading under a wider one (``ผลผลิต`` under
    ``ผลการใช้จ่ายเงินปีปัจจุบัน``: a sub-heading, not the rest of a wrapped one)."""
    if head < 2:
        return grid, bands, head
    gaps = [max(0.0, bands[i][0] - bands[i - 1][1]) for i in range(1, head)]
    height = statistics.median(b - t for t, b in bands[:head])
    limit = statistics.median(gaps) + HEADER_BREAK_EM * height
    merged: list[_Line] = [_copy(grid[0])]
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
            merged.append(_copy(grid[i]))
            merged_bands.append(bands[i])
            continue
        for col, cell in grid[i].items():
            if col in current:
                current[col].spans += cell.spans
                current[col].span = max(current[col].span, cell.span)
            else:
                current[col] = _copy_cell(cell)
        top, bottom = merged_bands[-1]
        merged_bands[-1] = (min(top, bands[i][0]), max(bottom, bands[i][1]))
    return merged + grid[head:], merged_bands + bands[head:], len(merged)


def _copy(line: _Line) -> _Line:
    return {c: _copy_cell(cell) for c, cell in line.items()}


def _copy_cell(cell: _Cell) -> _Cell:
    return _Cell(list(cell.spans), cell.span, cell.rows)


def _join_wrapped(text: str, grid: list[_Line], bands: list[tuple[float, float]], head: int) -> list[_Line]:
    """A label written over several lines joined to its row: a run of body lines that hold only a
    first-column piece goes with the row of values above it (cells aligned to the top) or below it (to
    the bottom). The side is the nearer one when the gaps differ (:data:`WRAP_NEAR`), else the one the
    table's edges tell (a body that begins with such lines aligns to the bottom, one that ends with them
    to the top); never so that a numbered label (``2.1. …``) is not at the start of its label, and
    never when nothing tells."""
    lone = [i >= head and set(cells) == {0} for i, cells in enumerate(grid)]
    runs: list[tuple[int, int]] = []
    i = head
    while i < len(grid):
        if lone[i]:
            j = i
            while j + 1 < len(grid) and lone[j + 1]:
                j += 1
            runs.append((i, j))
            i = j + 1
        else:
            i += 1
    if not runs:
        return grid
    edge: str | None = None
    if runs[0][0] == head and runs[0][1] + 1 < len(grid):
        edge = "down"
    if runs[-1][1] == len(grid) - 1 and runs[-1][0] > head:
        edge = None if edge == "down" else "up"
    drop: set[int] = set()
    for a, b in runs:
        up, down = a - 1, b + 1
        can_up = up >= head and 0 in grid[up] and not _NUMBERED.match(_first_text(text, grid[a][0]))
        can_down = (
            down < len(grid) and 0 in grid[down] and not _NUMBERED.match(_first_text(text, grid[down][0]))
        )
        side: str | None = None
        if can_up or can_down:
            gap_up = bands[a][0] - bands[up][1] if up >= head else float("inf")
            gap_down = bands[down][0] - bands[b][1] if down < len(grid) else float("inf")
            if gap_up < WRAP_NEAR * gap_down:
                side = "up"
            elif gap_down < WRAP_NEAR * gap_up:
                side = "down"
            else:
                side = edge
        if side == "up" and can_up:
            cell = grid[up][0]
            for k in range(a, b + 1):
                cell.spans += grid[k][0].spans
            drop.update(range(a, b + 1))
        elif side == "down" and can_down:
            cell = grid[down][0]
            lines = [s for k in range(a, b + 1) for s in grid[k][0].spans]
            cell.spans[:0] = lines
            drop.update(range(a, b + 1))
    return [cells for k, cells in enumerate(grid) if k not in drop]


def _first_text(text: str, cell: _Cell) -> str:
    s, e = cell.spans[0]
    return text[s:e]


def _form_lines(text: str, grid: Sequence[_Line]) -> bool:
    """Whether the rows are a form's ``label : value`` lines: in most rows of two cells or more, a
    cell ends or the next begins with a colon."""
    spread = [cells for cells in grid if len(cells) >= 2]
    colon = 0
    for cells in spread:
        texts = [_first_text(text, cell) for _, cell in sorted(cells.items())]
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
    """Tables continued over a page break joined: the last of a page, when nothing but a page number
    follows it there, and the first of the next page, when nothing comes before it there but what came
    before the first one on its own page (a repeated title) or a page number, with as many columns lined
    up. The continuation's copy of the header rows is left out."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        d = f.draft
        if (
            prev is not None
            and d.page == prev.draft.page_end + 1
            and all(o.draft.page != d.page for o in out)
            and prev.last_on_page
            and _first_on_page(f, prev)
            and _aligned(prev.columns, f.columns)
        ):
            skip = len(f.heading) if f.heading == prev.heading else 0
            base = prev.draft.n_rows
            cells = [
                CellDraft(c.row - skip + base, c.col, c.start, c.end, c.row_span, c.col_span, more=c.more)
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
                n_header_rows=prev.draft.n_header_rows,
            )
            out[-1] = _Found(joined, prev.columns, prev.heading, prev.above, f.last_on_page)
        else:
            out.append(f)
    return out


def _first_on_page(f: _Found, prev: _Found) -> bool:
    """Whether nothing on ``f``'s page comes before it but a page number or what came before ``prev`` on
    its first page."""
    repeated = set(prev.above)
    return all(len(t) <= FURNITURE_CHARS or t in repeated for t in f.above)


#: a ruled band with this many lines of values holds a row each (a body ruled only around its edge)
BAND_VALUE_LINES: Final = 2
#: a ruled table has at least this many rows with cells in two columns or more
MIN_RULED_ROWS: Final = 2


def _row_in(grid: Grid, row: Row) -> bool:
    """Whether a visual row lies inside a grid: its middle between the grid's top and bottom rules, a
    line of it between its left and right ones."""
    y = (row.top + row.bottom) / 2
    return grid.ys[0] < y < grid.ys[-1] and any(grid.inside((s.left + s.right) / 2, y) for s in row.segments)


def _ruled_pieces(doc: DocText, row: Row, grid: Grid) -> list[tuple[Piece, Place]]:
    """A row's text in the cells of a grid: each line cut at every gap, then the runs of its pieces in
    one cell joined again (the text between them kept); text in no cell is left out."""
    out: list[tuple[Piece, Place]] = []
    for seg in row.segments:
        y = (seg.top + seg.bottom) / 2
        run: tuple[Piece, Place] | None = None
        for p in _cut(doc, seg, 0.0):
            place = grid.place((p.left + p.right) / 2, y)
            if place is None:
                continue
            if run is not None and run[1] == place:
                run = (Piece(run[0].start, p.end, run[0].left, p.right), place)
                continue
            if run is not None:
                out.append(run)
            run = (p, place)
        if run is not None:
            out.append(run)
    return out


def _ruled_table(
    doc: DocText, index: int, rows: Sequence[Row], pieces: Sequence[list[Piece]], grid: Grid, inner: list[int]
) -> _Found | None:
    """The table a grid of rules bounds: its columns are the grid's, its rows its bands (a band that
    holds several lines of values, a body ruled only around, a row per line, wrapped labels joined to
    theirs as in aligned tables); each piece of text goes in the cell whose rules enclose it, with the
    columns and bands that cell covers as its spans."""
    text = doc.text
    placed = [sorted(_ruled_pieces(doc, rows[i], grid), key=lambda pp: pp[0].left) for i in inner]
    lines_of: dict[int, list[int]] = {}  # band → its lines (indices into ``inner``)
    for k, line in enumerate(placed):
        for band in sorted({place.band for _, place in line}):
            lines_of.setdefault(band, []).append(k)
    row_of: dict[tuple[int, int], int] = {}  # (band, line) → output row
    band_rows: dict[int, tuple[int, int]] = {}  # band → its first output row, one past its last
    split: list[tuple[int, int]] = []
    bands: list[tuple[float, float]] = []
    n_rows = 0
    for band in sorted(lines_of):
        ks = lines_of[band]
        values = sum(
            len({place.col for _, place in placed[k]}) >= 2
            and any(value_like(text[p.start : p.end]) for p, place in placed[k] if place.band == band)
            for k in ks
        )
        first = n_rows
        if values >= BAND_VALUE_LINES:
            for k in ks:
                row_of[band, k] = n_rows
                bands.append((rows[inner[k]].top, rows[inner[k]].bottom))
                n_rows += 1
            split.append((first, n_rows))
        else:
            for k in ks:
                row_of[band, k] = n_rows
            bands.append((min(rows[inner[k]].top for k in ks), max(rows[inner[k]].bottom for k in ks)))
            n_rows += 1
        band_rows[band] = (first, n_rows)
    used = sorted({place.col for line in placed for _, place in line})
    if len(used) < 2:
        return None
    table: list[_Line] = [{} for _ in range(n_rows)]
    for k, line in enumerate(placed):
        for p, place in line:
            r = row_of[place.band, k]
            col = used.index(place.col)
            span = sum(place.col <= c < place.col_end for c in used)
            ends = [band_rows[b][1] for b in band_rows if place.band <= b < place.band_end]
            down = max(ends) - r if len(ends) > 1 else 1
            cell = table[r].get(col)
            if cell is None:
                table[r][col] = _Cell([(p.start, p.end)], span, down)
            else:
                cell.spans.append((p.start, p.end))
    if sum(len(cells) >= 2 for cells in table) < MIN_RULED_ROWS:
        return None
    for a, b in reversed(split):
        joined = _join_wrapped(text, [table[r] for r in range(a, b)], bands[a:b], 0)
        table[a:b] = joined
    body = next(
        (
            r
            for r, cells in enumerate(table)
            if _values(text, cells) * 2 >= len(cells) and _values(text, cells)
        ),
        len(table),
    )
    head = min(body, _label_lines_before(table, body)) if body < len(table) else 0
    drafts = tuple(
        CellDraft(
            r,
            c,
            cell.spans[0][0],
            cell.spans[0][1],
            row_span=max(1, min(cell.rows, len(table) - r)),
            col_span=cell.span,
            more=tuple(cell.spans[1:]),
        )
        for r, cells in enumerate(table)
        for c, cell in sorted(cells.items())
    )
    columns = tuple(
        (grid.xs[c], grid.xs[used[i + 1]] if i + 1 < len(used) else grid.xs[-1]) for i, c in enumerate(used)
    )
    draft = TableDraft(
        TableMethod.RULED,
        index,
        index,
        len(table),
        len(used),
        drafts,
        box=grid.box,
        caption=_caption(rows, pieces, inner[0]),
        n_header_rows=head if head else None,
    )
    heading = tuple(
        tuple(" ".join(text[s:e] for s, e in cell.spans) for _, cell in sorted(cells.items()))
        for cells in table[:head]
    )
    above = tuple(_words(text[p.start : p.end]) for r in pieces[: inner[0]] for p in r)
    below = all(_furniture(text, r) for r in pieces[inner[-1] + 1 :])
    return _Found(draft, columns, heading, above, below)


def _values(text: str, cells: _Line) -> int:
    """How many cells of a row read as values."""
    return sum(value_like(" ".join(text[s:e] for s, e in cell.spans)) for cell in cells.values())
