"""The glyphs of a number on a scanned page: connected pieces of ink, as a reader of digits needs them.

tesseract's word boxes of Thai clusters are ragged (they cut into a glyph, or sit a whole digit off
it), and a scan breaks the hairlines of serif digits and glues the digits of a sans face together, so
the glyphs of a run of digits are found again in the page's ink (:func:`find_glyphs`), for
:mod:`pipeline.ocr.digits` to read.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import ndimage

#: a glyph lower than this share of the digits' height is a mark (``.`` ``,`` ``-``), not a digit
SMALL: Final = 0.5
#: a glyph of a digit's height this close (a share of that height) beside a run's box goes on the run
ADJACENT: Final = 0.6
#: a piece this much wider than the run is tall, and flat, is the rule under a field
MAX_WIDTH: Final = 1.5
MIN_INK: Final = 8  # pixels
#: a Thai digit's width as a share of its height (TH Sarabun: 0.9–1.1): a piece as wide as two is two
TOUCHING: Final = 1.0
_EIGHT: Final = np.ones((3, 3), dtype=bool)


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph of a run: the columns ``[start, end)`` and rows ``[top, bottom)`` of its ink in the run's
    band, and that ink."""

    start: int
    end: int
    top: int
    bottom: int
    ink: npt.NDArray[np.bool_]
    beside: bool = False  # taken from beside the run's box (:func:`_adjacent`)
    origin: int = 0  # the page column of the band's first column


def find_glyphs(
    ink: npt.NDArray[np.bool_],
    left: int,
    top: int,
    right: int,
    bottom: int,
    taken: Sequence[tuple[int, int]] = (),
) -> list[Glyph] | None:
    """The glyphs of a run, left to right; None when a piece of ink in the run's box is taller than its
    digits (something runs through the box).

    The run's box is widened by its height (tesseract's boxes of Thai clusters often cut off a digit's
    edge), and the connected pieces of ink in it taken: a piece that reaches into the box is a
    glyph; specks and the rule under a field are not; pieces one above the other (a stroke the scan
    broke, a colon) are one glyph; a piece as wide as two digits (two that touch) is cut at its thinnest
    columns."""
    height = bottom - top
    pad, pad_y = height, height // 4
    x0, y0 = max(0, left - pad), max(0, top - pad_y)
    band = ink[y0 : bottom + pad_y, x0 : right + pad]
    labels, _ = ndimage.label(band, structure=_EIGHT)
    pieces: list[tuple[int, int, int, int, int]] = []  # start, end, top, bottom, label
    beside: list[tuple[int, int, int, int, int]] = []
    for label, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is None:
            continue
        rows, cols = found
        width, tall = cols.stop - cols.start, rows.stop - rows.start
        if tall < 0.2 * height and width > MAX_WIDTH * height:
            continue  # the rule under a field
        piece = (cols.start, cols.stop, rows.start, rows.stop, label)
        if any(min(cols.stop + x0, b) - max(cols.start + x0, a) > 0.5 * width for a, b in taken):
            continue  # read by the run before
        if min(cols.stop, right - x0) - max(cols.start, left - x0) <= 0:
            beside.append(piece)
        elif tall > 1.5 * height:
            return None  # something taller than the digits runs through the box
        else:
            pieces.append(piece)
    if not pieces:
        return []
    added = _adjacent(pieces, beside)
    pieces = sorted(pieces + added)
    merged: list[list[tuple[int, int, int, int, int]]] = []
    for piece in pieces:
        last = merged[-1][-1] if merged else None
        overlap = min(last[1], piece[1]) - max(last[0], piece[0]) if last else 0
        if last is not None and overlap > 0.5 * min(last[1] - last[0], piece[1] - piece[0]):
            merged[-1].append(piece)
        else:
            merged.append([piece])
    glyphs = []
    for group in merged:
        start, end = min(p[0] for p in group), max(p[1] for p in group)
        upper, lower = min(p[2] for p in group), max(p[3] for p in group)
        shape = np.isin(labels[upper:lower, start:end], [p[4] for p in group])
        if int(shape.sum()) < MIN_INK:
            continue
        outside = all(p in added for p in group)
        for dx, dy, part in _cut(shape, height):
            rows, cols = part.shape
            glyphs.append(
                Glyph(start + dx, start + dx + cols, upper + dy, upper + dy + rows, part, outside, x0)
            )
    return glyphs


def _adjacent(
    pieces: list[tuple[int, int, int, int, int]], beside: list[tuple[int, int, int, int, int]]
) -> list[tuple[int, int, int, int, int]]:
    """The pieces beside the box that go on the number: as tall as its digits, and as close to its
    first or last piece as digits are to each other (tesseract's box of a Thai digit can sit a whole
    digit off the glyph)."""
    tallest = max(p[3] - p[2] for p in pieces)
    near = ADJACENT * tallest
    first, last = min(p[0] for p in pieces), max(p[1] for p in pieces)
    added = []
    for piece in sorted(beside, key=lambda p: -p[1]):  # leftwards from the first piece
        if piece[1] <= first and first - piece[1] < near and piece[3] - piece[2] >= SMALL * tallest:
            added.append(piece)
            first = piece[0]
    for piece in sorted(beside):  # rightwards from the last piece
        if piece[0] >= last and piece[0] - last < near and piece[3] - piece[2] >= SMALL * tallest:
            added.append(piece)
            last = piece[1]
    return added


def _cut(glyph: npt.NDArray[np.bool_], run_height: int) -> list[tuple[int, int, npt.NDArray[np.bool_]]]:
    """A piece of ink as wide as ``n`` digits (a Thai digit is about as wide as it is tall) cut into
    ``n`` at the columns with the least ink near each ``1/n`` of its width; each part with its column
    and row in the piece, cropped to its ink."""
    height, width = glyph.shape
    tall = height >= 0.3 * run_height
    n = round(width / (TOUCHING * height)) if tall and width > 1.4 * TOUCHING * height else 1
    if n <= 1:
        return [(0, 0, glyph)]
    ink_per_column = glyph.sum(axis=0)
    cuts = [0]
    for k in range(1, n):
        guess, reach = k * width // n, max(1, width // (4 * n))
        window = ink_per_column[guess - reach : guess + reach + 1]
        cuts.append(guess - reach + int(np.argmin(window)))
    cuts.append(width)
    parts = []
    for a, b in itertools.pairwise(cuts):
        piece = glyph[:, a:b]
        rows, cols = np.flatnonzero(piece.any(axis=1)), np.flatnonzero(piece.any(axis=0))
        if len(rows):
            parts.append((a + cols[0], rows[0], piece[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]))
    return parts
