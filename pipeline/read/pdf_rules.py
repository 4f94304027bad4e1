"""The rules drawn on a PDF page: its horizontal and vertical lines, as the parsers bound table cells by
them (:mod:`parsers.tables.ruled`).

A rule is drawn in many ways: a stroked line (Word), a thin filled rectangle (Excel's printout draws
every border as a 0.6 pt rectangle), the edge of a filled or stroked rectangle (a cell's background), a
path of several lines (a whole grid in one object). Each path object of the page is asked, through
PDFium's C calls (pypdfium2's object wrappers cost 6–20 times as much: docs/PERFORMANCE.md):

* its **bounds**: a path thinner than :data:`THIN` across is one rule, its centre line;
* otherwise its **segments**, when it has at most :data:`MAX_SEGMENTS` and all are straight: every
  segment that runs across or down (within :data:`SLANT`) is a rule, closing segments included. A path
  with a curve is a drawing (a chart's pie, a logo), not a border.

A path that neither fills nor strokes (a clipping path) draws nothing. Rules are returned in the page's
seen frame (:class:`~pipeline.read.pdf_lines.Frame`: top-left, y down, as the line boxes), collinear
pieces joined, flat: four numbers a rule, ``x0, y0, x1, y1``, a horizontal rule with ``y0 == y1`` and
a vertical one with ``x0 == x1``. A page with more than :data:`MAX_PATHS` path objects or more than
:data:`MAX_RULES` rules after joining is a drawing or a chart, not a table: it has none. Form
XObjects are not looked into.
"""

from __future__ import annotations

import ctypes
from typing import Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.read.pdf_lines import Frame, unchecked

#: a path at most this thick (pt) across is a rule
THIN: Final = 2.0
#: a rule at least this long (pt); shorter marks are bullets, ticks or dots
MIN_LENGTH: Final = 4.0
#: a segment whose ends differ across by at most this (pt) runs straight across or down
SLANT: Final = 0.5
#: a path of more segments is a drawing, not walked
MAX_SEGMENTS: Final = 64
#: a page with more path objects is a drawing (a map, a chart): no rules are read
MAX_PATHS: Final = 1000
#: a page with more rules, joined, is a drawing too
MAX_RULES: Final = 800
#: collinear rules this close (pt) across, and at most this far apart along, are one
JOIN: Final = 1.0

_get_object: Final = unchecked(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p)
_get_type: Final = unchecked(pdfium_c.FPDFPageObj_GetType, ctypes.c_int)
_get_bounds: Final = unchecked(pdfium_c.FPDFPageObj_GetBounds, ctypes.c_int)
_draw_mode: Final = unchecked(pdfium_c.FPDFPath_GetDrawMode, ctypes.c_int)
_count_segments: Final = unchecked(pdfium_c.FPDFPath_CountSegments, ctypes.c_int)
_get_segment: Final = unchecked(pdfium_c.FPDFPath_GetPathSegment, ctypes.c_void_p)
_segment_point: Final = unchecked(pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int)
_segment_type: Final = unchecked(pdfium_c.FPDFPathSegment_GetType, ctypes.c_int)
_segment_close: Final = unchecked(pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int)
_get_matrix: Final = unchecked(pdfium_c.FPDFPageObj_GetMatrix, ctypes.c_int)

_PATH: Final = pdfium_c.FPDF_PAGEOBJ_PATH
_LINETO: Final = pdfium_c.FPDF_SEGMENT_LINETO
_MOVETO: Final = pdfium_c.FPDF_SEGMENT_MOVETO

#: a rule in PDF user space: x0, y0, x1, y1 (y up)
_Segment = tuple[float, float, float, float]


class _Buffers:
    """The C buffers the calls write into, made once a page."""

    def __init__(self) -> None:
        self.floats = (ctypes.c_float * 4)()
        self.bounds = tuple(ctypes.byref(self.floats, i * 4) for i in range(4))
        self.point = tuple(ctypes.byref(self.floats, i * 4) for i in range(2))
        self.fill = ctypes.c_int()
        self.stroke = ctypes.c_int()
        self.modes = (ctypes.byref(self.fill), ctypes.byref(self.stroke))
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)


def read_rules(page: pdfium.PdfPage) -> tuple[float, ...]:
    """The rules of ``page``, joined, flat (see the module); none on a page without path objects."""
    handle = page.raw
    count = pdfium_c.FPDFPage_CountObjects(handle)
    if count == 0:
        return ()
    buf = _Buffers()
    found: list[_Segment] = []
    paths = 0
    for i in range(count):
        obj = ctypes.c_void_p(_get_object(handle, i))
        if _get_type(obj) != _PATH:
            continue
        paths += 1
        if paths > MAX_PATHS:
            return ()
        if not _draw_mode(obj, *buf.modes) or (buf.fill.value == 0 and not buf.stroke.value):
            continue  # a clipping path: draws nothing
        if not _get_bounds(obj, *buf.bounds):
            continue
        left, bottom, right, top = buf.floats[:4]
        if right - left <= THIN and top - bottom >= MIN_LENGTH:
            x = (left + right) / 2
            found.append((x, bottom, x, top))
        elif top - bottom <= THIN and right - left >= MIN_LENGTH:
            y = (bottom + top) / 2
            found.append((left, y, right, y))
        elif right - left >= MIN_LENGTH or top - bottom >= MIN_LENGTH:
            found += _segments(obj, buf)
    if not found:
        return ()
    rules = _joined(Frame.of(page), found)
    return rules if len(rules) <= 4 * MAX_RULES else ()


def _segments(obj: ctypes.c_void_p, buf: _Buffers) -> list[_Segment]:
    """The straight segments of a path that run across or down; none when it has a curve or too many."""
    n = _count_segments(obj)
    if n < 2 or n > MAX_SEGMENTS or not _get_matrix(obj, buf.matrix_ref):
        return []
    m = buf.matrix
    out: list[_Segment] = []
    start = last = (0.0, 0.0)
    for k in range(n):
        seg = ctypes.c_void_p(_get_segment(obj, k))
        kind = _segment_type(seg)
        if not _segment_point(seg, *buf.point):
            return []
        x, y = buf.floats[0], buf.floats[1]
        point = (m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f)
        if kind == _MOVETO:
            start = point
        elif kind == _LINETO:
            out += _straight(last, point)
            if _segment_close(seg):
                out += _straight(point, start)
        else:
            return []  # a curve: a drawing
        last = point
    return out


def _straight(a: tuple[float, float], b: tuple[float, float]) -> list[_Segment]:
    (x0, y0), (x1, y1) = a, b
    if abs(y1 - y0) <= SLANT and abs(x1 - x0) >= MIN_LENGTH:
        y = (y0 + y1) / 2
        return [(min(x0, x1), y, max(x0, x1), y)]
    if abs(x1 - x0) <= SLANT and abs(y1 - y0) >= MIN_LENGTH:
        x = (x0 + x1) / 2
        return [(x, min(y0, y1), x, max(y0, y1))]
    return []


def _joined(frame: Frame, found: list[_Segment]) -> tuple[float, ...]:
    """The rules in the seen frame, collinear pieces that touch or overlap joined, flat."""
    across: list[tuple[float, float, float]] = []  # y, x0, x1
    down: list[tuple[float, float, float]] = []  # x, y0, y1
    for x0, y0, x1, y1 in found:
        left, right, top, bottom = frame.box((x0, x1, y0, y1))
        if (x0 == x1) != (frame.rotation in (90, 270)):
            down.append(((left + right) / 2, top, bottom))
        else:
            across.append(((top + bottom) / 2, left, right))
    out: list[float] = []
    for at, a, b in _join(across):
        out += (a, at, b, at)
    for at, a, b in _join(down):
        out += (at, a, at, b)
    return tuple(out)


def _join(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Rules along one direction (position across, then extent along) joined where they are collinear
    (within :data:`JOIN`) and touch."""
    out: list[tuple[float, float, float]] = []
    for at, a, b in sorted(rules):
        k = len(out) - 1
        while k >= 0 and at - out[k][0] <= JOIN:
            o_at, o_a, o_b = out[k]
            if a <= o_b + JOIN and o_a <= b + JOIN:
                out[k] = (o_at, min(a, o_a), max(b, o_b))
                break
            k -= 1
        else:
            out.append((at, a, b))
    return out
