"""A page's text as it is seen: visual rows of segments, left to right, from where each line was drawn.

A PDF's text layer follows the order the page was drawn in, not the order it is read in: a report printed
from a spreadsheet draws its labels first and its amounts last (``1. งบบุคลากร บาท`` near the top of the
text, ``5,716,350`` at its end), though both sit on one line of the page. The readers give each line of a
page's raw text its box (:class:`~parsers.text.linebox.LineBox`); here the lines whose boxes share a
band of the page are put back in one :class:`Row`, ordered by their left edge, each line a
:class:`Segment` whose span is in the document's normalised text, so that whatever is read from a
row keeps its provenance. Plain text has no geometry: each of its lines is a row of its own
(:func:`parsers.text.linebox.text_boxes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parsers.text.linebox import LineBox, text_boxes
from parsers.text.textmap import MappedText

#: two lines are on one row when their boxes overlap by at least this share of the lower one's height
SAME_ROW_OVERLAP = 0.5


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text drawn in one place: its span in the document's normalised text and its box."""

    start: int
    end: int
    left: float
    right: float
    top: float
    bottom: float
    #: the line it was drawn as, with its gaps (:attr:`LineBox.gaps`); None for plain text
    box: LineBox | None = None


@dataclass(frozen=True, slots=True)
class Row:
    """Segments a page draws side by side, left to right."""

    page: int  # 0-based
    segments: tuple[Segment, ...]
    top: float
    bottom: float

    @property
    def start(self) -> int:
        return min(s.start for s in self.segments)

    @property
    def end(self) -> int:
        return max(s.end for s in self.segments)


def page_rows(
    mapped: MappedText, lines: Sequence[LineBox], page: int = 0, base: int = 0, geometry: bool = True
) -> list[Row]:
    """The visual rows of one page, top to bottom. ``mapped``: the page's normalised text and the way
    back to its raw text, where ``lines`` point; ``base``: where the page starts in the document's text,
    added to every span. ``geometry`` False (plain text): every line is a row of its own."""
    boxes = lines if lines and geometry else text_boxes(mapped.raw)
    segments: list[Segment] = []
    text = mapped.text
    for box in boxes:
        start, end = mapped.text_span(box.start, box.end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end and box.bottom > box.top:
            segments.append(
                Segment(
                    base + start,
                    base + end,
                    box.left,
                    box.right,
                    box.top,
                    box.bottom,
                    box if lines and geometry else None,
                )
            )
    if not geometry or not lines:
        return [Row(page, (s,), s.top, s.bottom) for s in segments]
    return _bands(segments, page)


def _bands(segments: list[Segment], page: int) -> list[Row]:
    """Segments grouped by the band of the page they are drawn in (by vertical overlap), each row left to
    right; a segment joins the row whose band it overlaps most."""
    rows: list[list[Segment]] = []
    bands: list[tuple[float, float]] = []
    for seg in sorted(segments, key=lambda s: (s.top + s.bottom) / 2):
        height = seg.bottom - seg.top
        best, best_overlap = -1, 0.0
        for i in range(len(bands) - 1, max(-1, len(bands) - 4), -1):  # the last few bands only
            top, bottom = bands[i]
            overlap = min(bottom, seg.bottom) - max(top, seg.top)
            if overlap >= SAME_ROW_OVERLAP * min(height, bottom - top) and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best < 0:
            rows.append([seg])
            bands.append((seg.top, seg.bottom))
        else:
            rows[best].append(seg)
            top, bottom = bands[best]
            bands[best] = (min(top, seg.top), max(bottom, seg.bottom))
    return [
        Row(page, tuple(sorted(row, key=lambda s: s.left)), top, bottom)
        for row, (top, bottom) in zip(rows, bands, strict=True)
    ]
