"""Grids of drawn rules: which rules of a page bound table cells, and which cell a point of text is in.

The reader hands a page's rules flat (:func:`pipeline.read.pdf_rules.read_rules`: ``x0, y0, x1, y1``
per rule, in the seen page's frame, y down; a horizontal rule has ``y0 == y1``). Rules that touch or
cross (within :data:`TOUCH`) are one grid; a grid with at least three vertical and two horizontal
positions (two columns, one row) may bound a table. Its **columns** are between its vertical rules'
positions and its **bands** between its horizontal ones. A point's cell is found from the rules around
it that pass it: the nearest vertical rule on each side that reaches its height, the nearest horizontal
rule above and below that reaches across it. A heading cell whose rules leave out the columns' inner
rules (``งบประมาณ`` over ``2566 | 2567``) so covers several columns, a label whose cell has no rule
under it several bands.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

#: rules this close (pt) touch; positions this close are one
TOUCH: Final = 2.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: its position across (y of a horizontal rule, x of a vertical one) and its extent along."""

    at: float
    start: float
    end: float

    def reaches(self, along: float) -> bool:
        return self.start - TOUCH <= along <= self.end + TOUCH


@dataclass(frozen=True, slots=True)
class Place:
    """Where a point of text is in a grid: the columns and bands of its cell (first and one past last)."""

    col: int
    col_end: int
    band: int
    band_end: int


@dataclass(frozen=True)
class Grid:
    """Rules that touch one another: the positions of their columns' and bands' edges, and the rules."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    across: tuple[Rule, ...]  # horizontal rules
    down: tuple[Rule, ...]  # vertical rules

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def inside(self, x: float, y: float) -> bool:
        return self.xs[0] < x < self.xs[-1] and self.ys[0] < y < self.ys[-1]

    def place(self, x: float, y: float) -> Place | None:
        """The cell around the point ``(x, y)``; None when a side of it has no rule."""
        left = max((r.at for r in self.down if r.at <= x and r.reaches(y)), default=None)
        right = min((r.at for r in self.down if r.at > x and r.reaches(y)), default=None)
        top = max((r.at for r in self.across if r.at <= y and r.reaches(x)), default=None)
        bottom = min((r.at for r in self.across if r.at > y and r.reaches(x)), default=None)
        if left is None or right is None or top is None or bottom is None:
            return None
        return Place(
            _index(self.xs, left), _index(self.xs, right), _index(self.ys, top), _index(self.ys, bottom)
        )


def _index(positions: Sequence[float], at: float) -> int:
    """The index of the position ``at`` is one of (within :data:`TOUCH`)."""
    i = bisect_left(positions, at - TOUCH)
    return min(i, len(positions) - 1)


def grids(flat: Sequence[float]) -> list[Grid]:
    """The grids of a page's rules (see the module), top to bottom; only those that may bound a table."""
    across: list[Rule] = []
    down: list[Rule] = []
    for k in range(0, len(flat) - 3, 4):
        x0, y0, x1, y1 = flat[k : k + 4]
        if y0 == y1:
            across.append(Rule(y0, min(x0, x1), max(x0, x1)))
        elif x0 == x1:
            down.append(Rule(x0, min(y0, y1), max(y0, y1)))
    if len(across) < 2 or len(down) < 3:
        return []
    # rules that touch: union-find over horizontal (0 … n-1) and vertical (n …) rules
    parent = list(range(len(across) + len(down)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if h.reaches(v.at) and v.reaches(h.at):
                parent[root(i)] = root(len(across) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(across):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        groups.setdefault(root(len(across) + j), ([], []))[1].append(v)
    out: list[Grid] = []
    for hs, vs in groups.values():
        xs, ys = _positions(v.at for v in vs), _positions(h.at for h in hs)
        if len(xs) >= 3 and len(ys) >= 2:
            out.append(Grid(xs, ys, tuple(hs), tuple(vs)))
    return sorted(out, key=lambda g: g.ys[0])


def _positions(values: Iterable[float]) -> tuple[float, ...]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= TOUCH:
            continue
        out.append(v)
    return tuple(out)
