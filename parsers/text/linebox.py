"""Where each line of a page was drawn: what a PDF text layer or an OCR engine knows about its lines.

A reader that knows the geometry of a page (PDFium's character boxes, tesseract's word boxes) hands
one :class:`LineBox` per line of the page's raw text to the parsers. :mod:`parsers.document.lines`
uses them to tell a line the page edge wrapped from a line the author ended. Plain text has no
geometry: its lines are measured in characters (:func:`text_boxes`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineBox:
    """One line of a page's raw text and the rectangle it was drawn in.

    ``start``/``end`` are offsets in the page's raw text (the line without its ``\\n``). The rectangle is
    in the page's own units (PDF points, image pixels, or characters for plain text), ``top < bottom``
    (y grows down the page); ``left``/``right`` are the ink's extent, trailing spaces excluded.

    ``gaps`` are the runs of spaces inside the line, four numbers each, flat (one tuple pickles and
    stores at a fraction of the cost of a tuple per gap): the run's ``start`` and ``end`` in the raw
    text, the right edge of the ink before it and the left edge of the ink after it. A table's columns
    are told from them (:mod:`parsers.tables.find`); empty when the reader measured none.
    """

    start: int
    end: int
    left: float
    right: float
    top: float
    bottom: float
    gaps: tuple[float, ...] = ()

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def __reduce__(
        self,
    ) -> tuple[type[LineBox], tuple[int, int, float, float, float, float, tuple[float, ...]]]:
        # pickled by its values: a page's boxes go through the worker pool (processes, Dask), and
        # the default of a slotted dataclass costs about four times as much
        return LineBox, (self.start, self.end, self.left, self.right, self.top, self.bottom, self.gaps)

    def pieces(self) -> list[tuple[int, int, float, float]]:
        """The line cut at its gaps: each piece's ``start``, ``end`` (raw text) and ``left``, ``right``.

        >>> LineBox(0, 13, 10, 90, 0, 12, (3, 7, 30, 60)).pieces()
        [(0, 3, 10, 30), (7, 13, 60, 90)]
        """
        g = self.gaps
        out = []
        start, left = self.start, self.left
        for i in range(0, len(g) - 3, 4):
            out.append((start, int(g[i]), left, g[i + 2]))
            start, left = int(g[i + 1]), g[i + 3]
        out.append((start, self.end, left, self.right))
        return out


def text_boxes(raw: str) -> tuple[LineBox, ...]:
    """The lines of a plain text measured in characters: a line's indent and its length, one row each.

    >>> text_boxes("ab\\n  cde  ")[1]
    LineBox(start=3, end=10, left=2, right=5, top=1, bottom=2)
    """
    boxes = []
    pos = 0
    for row, line in enumerate(raw.split("\n")):
        stripped = line.rstrip()
        indent = len(stripped) - len(stripped.lstrip())
        boxes.append(LineBox(pos, pos + len(line), indent, len(stripped), row, row + 1))
        pos += len(line) + 1
    return tuple(boxes)
