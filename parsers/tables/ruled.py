"""Tables whose cells are bounded by the page's drawn rules (:mod:`parsers.tables.grid`): each piece of text
in the cell its nearest rules enclose, a heading without an inner rule spanning the columns it covers, a
ruled band one row (but a band of several lines of values, a row each)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from parsers.document.doctext import DocText
from parsers.layout.rows import Row
from parsers.tables.building import (
    BuildCell,
    Found,
    Line,
    caption_of,
    furniture,
    join_wrapped,
    label_lines_before,
    values_in,
    words,
)
from parsers.tables.grid import Grid, Place
from parsers.tables.model import CellDraft, TableDraft
from parsers.tables.pieces import Piece, cut
from parsers.tables.records import value_like
from schemas.enums import TableMethod

#: a ruled band with this many lines of values holds a row each (a body ruled only around its edge)
BAND_VALUE_LINES: Final = 2


#: a ruled table has at least this many rows with cells in two columns or more
MIN_RULED_ROWS: Final = 2


def row_in(grid: Grid, row: Row) -> bool:
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
        for p in cut(doc, seg, 0.0):
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


def ruled_table(
    doc: DocText, index: int, rows: Sequence[Row], pieces: Sequence[list[Piece]], grid: Grid, inner: list[int]
) -> Found | None:
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
    table: list[Line] = [{} for _ in range(n_rows)]
    for k, line in enumerate(placed):
        for p, place in line:
            r = row_of[place.band, k]
            col = used.index(place.col)
            span = sum(place.col <= c < place.col_end for c in used)
            ends = [band_rows[b][1] for b in band_rows if place.band <= b < place.band_end]
            down = max(ends) - r if len(ends) > 1 else 1
            cell = table[r].get(col)
            if cell is None:
                table[r][col] = BuildCell([(p.start, p.end)], span, down)
            else:
                cell.spans.append((p.start, p.end))
    if sum(len(cells) >= 2 for cells in table) < MIN_RULED_ROWS:
        return None
    for a, b in reversed(split):
        joined = join_wrapped(text, [table[r] for r in range(a, b)], bands[a:b], 0)
        table[a:b] = joined
    body = next(
        (
            r
            for r, cells in enumerate(table)
            if values_in(text, cells) * 2 >= len(cells) and values_in(text, cells)
        ),
        len(table),
    )
    head = min(body, label_lines_before(table, body)) if body < len(table) else 0
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
        caption=caption_of(rows, pieces, inner[0]),
        n_header_rows=head if head else None,
    )
    heading = tuple(
        tuple(" ".join(text[s:e] for s, e in cell.spans) for _, cell in sorted(cells.items()))
        for cells in table[:head]
    )
    above = tuple(words(text[p.start : p.end]) for r in pieces[: inner[0]] for p in r)
    below = all(furniture(text, r) for r in pieces[inner[-1] + 1 :])
    return Found(draft, columns, heading, above, below)
