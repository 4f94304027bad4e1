"""A table row's pieces: a visual row cut at the wide gaps of its lines
(:attr:`~parsers.text.linebox.LineBox.gaps`), the lines drawn side by side on a row pieces too; what both
ways of finding tables start from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from parsers.document.doctext import DocText
from parsers.layout.rows import Row, Segment

#: a gap inside a line at least this share of the line's height parts two cells
GAP_EM: Final = 0.8


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a row's text between wide gaps: its span in the document's text and its x-extent."""

    start: int
    end: int
    left: float
    right: float


def row_pieces(doc: DocText, row: Row) -> list[Piece]:
    """A row cut at the wide gaps of its lines, left to right; pieces of separate lines that nearly
    touch and follow each other in the text are one."""
    out: list[Piece] = []
    text = doc.text
    for seg in row.segments:
        out += cut(doc, seg, GAP_EM * (seg.bottom - seg.top))
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


def cut(doc: DocText, seg: Segment, wide: float) -> list[Piece]:
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
