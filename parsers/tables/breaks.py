"""Tables continued over a page break joined: the last table of a page and the first of the next one, when
the first runs to the foot of its page and the next begins its page with the same columns (a page number and
a repeated title between them allowed); the next page's copy of the header rows is left out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from parsers.tables.building import FURNITURE_CHARS, Found
from parsers.tables.model import CellDraft, TableDraft

#: columns of two tables line up when they overlap by this share of the narrower
ALIGN_SHARE: Final = 0.5


def columns_aligned(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> bool:
    if len(a) != len(b):
        return False
    for (l1, r1), (l2, r2) in zip(a, b, strict=True):
        overlap = min(r1, r2) - max(l1, l2)
        if overlap < ALIGN_SHARE * min(r1 - l1, r2 - l2):
            return False
    return True


def join_breaks(found: Sequence[Found]) -> list[Found]:
    """Tables continued over a page break joined: the last of a page, when nothing but a page number
    follows it there, and the first of the next page, when nothing comes before it there but what came
    before the first one on its own page (a repeated title) or a page number, with as many columns lined
    up. The continuation's copy of the header rows is left out."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        d = f.draft
        if (
            prev is not None
            and d.page == prev.draft.page_end + 1
            and all(o.draft.page != d.page for o in out)
            and prev.last_on_page
            and _first_on_page(f, prev)
            and columns_aligned(prev.columns, f.columns)
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
            out[-1] = Found(joined, prev.columns, prev.heading, prev.above, f.last_on_page)
        else:
            out.append(f)
    return out


def _first_on_page(f: Found, prev: Found) -> bool:
    """Whether nothing on ``f``'s page comes before it but a page number or what came before ``prev`` on
    its first page."""
    repeated = set(prev.above)
    return all(len(t) <= FURNITURE_CHARS or t in repeated for t in f.above)
