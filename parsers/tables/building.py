"""A table while it is built, whichever way found it (aligned columns, ruled cells): its lines of cells, the
wrapped labels joined to their row of values, its caption, what a page's furniture is, and the table found
with what joining it over a page break needs (:class:`Found`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from parsers.layout.rows import Row
from parsers.tables.model import TableDraft
from parsers.tables.pieces import Piece
from parsers.tables.records import value_like

#: a caption at most this many line heights above its table
CAPTION_EM: Final = 3.0


@dataclass(frozen=True)
class Found:
    """A table found on a page, with what joining it to the next page's first table needs."""

    draft: TableDraft
    columns: tuple[tuple[float, float], ...]
    heading: tuple[tuple[str, ...], ...]  # the texts of its header rows
    above: tuple[str, ...]  # the texts of its page above it
    last_on_page: bool  # nothing but a page number below it


#: a wrapped label's line is nearer one side when its gap there is below this share of the other gap
#: (ktltc_o15's Word tables: 4.8–5.0 pt to its row, 5.3 pt to the next; a section heading 5.3 / 5.4)
WRAP_NEAR: Final = 0.96


#: a line of a page this short, alone on its row (a page number, ``- 3 -``), is no content between tables
FURNITURE_CHARS: Final = 8


#: a numbering that begins a label: 1. 1.2. 2.2 . (1) ก.
_NUMBERED: Final = re.compile(r"\s*(?:\(?[0-9๐-๙]+(?:\s*\.\s*[0-9๐-๙]+)*\s*[.)]|[ก-ฮ]\s*[.)])")


@dataclass(slots=True)
class BuildCell:
    spans: list[tuple[int, int]]
    span: int  # columns it covers
    rows: int = 1  # rows it covers (a ruled cell over several bands)


Line = dict[int, BuildCell]  # column → cell, one visual row of the table


def words(text: str) -> str:
    return " ".join(text.split())


def furniture(text: str, pieces: Sequence[Piece]) -> bool:
    """Whether a row is a page's furniture (a page number), not content."""
    return len(pieces) == 1 and len(text[pieces[0].start : pieces[0].end].strip()) <= FURNITURE_CHARS


def label_lines_before(grid: Sequence[Line], body: int) -> int:
    """Where the header ends: before the lines just above the body that hold only a first-column piece
    (a section's heading, the first lines of a wrapped label)."""
    head = body
    while head > 0 and set(grid[head - 1]) == {0}:
        head -= 1
    return head


def copy_line(line: Line) -> Line:
    return {c: copy_cell(cell) for c, cell in line.items()}


def copy_cell(cell: BuildCell) -> BuildCell:
    return BuildCell(list(cell.spans), cell.span, cell.rows)


def join_wrapped(text: str, grid: list[Line], bands: list[tuple[float, float]], head: int) -> list[Line]:
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
        can_up = up >= head and 0 in grid[up] and not _NUMBERED.match(first_text(text, grid[a][0]))
        can_down = (
            down < len(grid) and 0 in grid[down] and not _NUMBERED.match(first_text(text, grid[down][0]))
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


def first_text(text: str, cell: BuildCell) -> str:
    s, e = cell.spans[0]
    return text[s:e]


def caption_of(rows: Sequence[Row], pieces: Sequence[list[Piece]], first: int) -> tuple[int, int] | None:
    if first == 0 or len(pieces[first - 1]) != 1:
        return None
    above, row = rows[first - 1], rows[first]
    if row.top - above.bottom > CAPTION_EM * (row.bottom - row.top):
        return None
    return pieces[first - 1][0].start, pieces[first - 1][0].end


def values_in(text: str, cells: Line) -> int:
    """How many cells of a row read as values."""
    return sum(value_like(" ".join(text[s:e] for s, e in cell.spans)) for cell in cells.values())
