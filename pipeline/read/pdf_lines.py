"""Where each line of a PDF page's text was drawn: one :class:`~parsers.text.linebox.LineBox` per line.

The parsers tell a line the page edge wrapped from a line the author ended by where the lines were
drawn (:mod:`parsers.text.linebox`). PDFium knows a box for every character, but asking for each costs
about a microsecond and a page has thousands: a line's box is taken from its first and last *base*
characters only (ink that is not a combining mark), which is a few calls per line.

* **Offsets.** PDFium's text (``get_text_range``) ends its lines with ``\\r\\n`` that it generated;
  those are characters of the text page too (with empty boxes). The page text we keep has ``\\n``
  instead, so a line's offsets are counted in that text, and a place in PDFium's text is turned into
  PDFium's character index: the text counts in UTF-16 units (a character beyond U+FFFF takes two,
  as in PDFium's list), and it may leave characters of the page out (the control codes of a font
  without a ToUnicode map): then PDFium maps each place (``FPDFText_GetCharIndexFromTextIndex``).
* **Left and right** are the union of the tight boxes of the first and last base characters. Thai
  marks (U+0E31, U+0E34–U+0E3A, U+0E47–U+0E4E) and other combining marks are left out: their boxes sit
  over the character before and can reach past it (the tone mark of ``ต้`` in Laksaman by 2 pt). Spaces
  are no ink at either end.
* **Top and bottom** are the em box of those characters: the font size tall, split above and below
  the baseline as the font's ascent and descent are (from PDFium's loose box). The tight boxes would
  make the height depend on the letters (the ink of ``กา`` is not half as tall as that of ``ปู่``);
  the loose box is the font's whole ascent-to-descent, 1.9 em in Laksaman, taller than the distance
  between its lines. Text drawn turned (a rotated text matrix) has no upright em box: its tight
  boxes are taken instead.
* **Frame.** PDFium gives user space, y up, from the media box's corner; a box is returned as the
  page is seen: from the top-left corner of its crop box, turned by the page's ``/Rotate``, y down.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.text.linebox import LineBox

_BREAK: Final = re.compile(r"\r\n|\r|\n")
_SPACES: Final = re.compile(r"\s+")
_ASTRAL: Final = re.compile(r"[\U00010000-\U0010ffff]")
#: a text matrix entry this small is no rotation or skew
_EPS: Final = 1e-6

#: a rectangle in PDF user space: left, right, bottom, top (y up)
_Rect = tuple[float, float, float, float]


def read_layer(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[str, tuple[LineBox, ...]]:
    """The text of a page with ``\\n`` line ends, and where each of its lines was drawn.

    Every line of the text has its box (a line without ink, an empty box just under the line before);
    a page without text has none.
    """
    raw = str(textpage.get_text_range())
    if not raw:
        return "", ()
    frame = Frame.of(page)
    chars = _Chars(textpage, raw)
    texts: list[str] = []
    boxes: list[LineBox] = []
    start = 0  # where the line starts in PDFium's text
    at = 0  # where it starts in ours
    for brk in (*_BREAK.finditer(raw), None):
        end = len(raw) if brk is None else brk.start()
        line = raw[start:end]
        ends = _ink_ends(line)
        rect = chars.extent(start + ends[0], start + ends[1]) if ends else None
        if rect is not None:
            left, right, top, bottom = frame.box(rect)
        else:
            last = boxes[-1] if boxes else None
            left, top = (last.left, last.bottom) if last else (0.0, 0.0)
            right, bottom = left, top
        gaps = _gaps(chars, frame, line, start, at, ends) if ends and " " in line else ()
        boxes.append(LineBox(at, at + len(line), left, right, top, bottom, gaps))
        texts.append(line)
        at += len(line) + 1
        if brk is not None:
            start = brk.end()
    return "\n".join(texts), tuple(boxes)


def _gaps(
    chars: _Chars, frame: Frame, line: str, start: int, at: int, ends: tuple[int, int]
) -> tuple[float, ...]:
    """The runs of spaces between a line's ink ends, flat as :attr:`LineBox.gaps` wants them: each run's
    offsets in our text (``at`` is where the line starts there, ``start`` in PDFium's) and the ink's
    edges on either side. Two calls to PDFium per run, for the base characters next to it (a mark's box
    is over its letter's, and may reach past it). On an upright page (most) the two edges are read
    straight from PDFium's buffer: this runs for every space of a page's text, prose included."""
    out: list[float] = []
    first, last = ends
    upright = frame.rotation == 0
    ink, doubles, shift = chars.ink_only, chars.doubles, frame.left
    for m in _SPACES.finditer(line, first, last):
        space, after = m.start(), m.end()
        before = space - 1
        while before > first and not _is_base(line[before]):
            before -= 1
        if upright:
            if not ink(start + before):
                continue
            left = doubles[1] - shift  # the right edge of the ink before
            if not ink(start + after):
                continue
            out += (at + space, at + after, left, doubles[0] - shift)
            continue
        a = chars.ink(start + before)
        b = chars.ink(start + after)
        if a is None or b is None:
            continue
        out += (at + space, at + after, frame.box(a)[1], frame.box(b)[0])
    return tuple(out)


def _is_base(ch: str) -> bool:
    """Whether ``ch`` is ink that is not a combining mark."""
    return not ch.isspace() and unicodedata.category(ch) != "Mn"


def _ink_ends(line: str) -> tuple[int, int] | None:
    """The first and last base characters of a line; of a line of marks only, its first and last mark;
    None for a line without ink.

    >>> _ink_ends("  ที่ดิน ")  # ท … น: the marks ี ่ are not ends
    (2, 7)
    """
    if line and _is_base(line[0]) and _is_base(line[-1]):  # most lines
        return 0, len(line) - 1
    first = next((i for i, ch in enumerate(line) if _is_base(ch)), None)
    if first is not None:
        last = next(i for i in range(len(line) - 1, first - 1, -1) if _is_base(line[i]))
        return first, last
    ink = [i for i, ch in enumerate(line) if not ch.isspace()]
    return (ink[0], ink[-1]) if ink else None


def _union(a: _Rect | None, b: _Rect | None) -> _Rect | None:
    """The box around both (``min``/``max`` of each side, written out: a quarter of their cost)."""
    if a is None or b is None or a is b:
        return a or b
    a0, a1, a2, a3 = a
    b0, b1, b2, b3 = b
    return b0 if b0 < a0 else a0, b1 if b1 > a1 else a1, b2 if b2 < a2 else a2, b3 if b3 > a3 else a3


def unchecked(
    function: Any, restype: type[ctypes.c_int] | type[ctypes.c_double] | type[ctypes.c_void_p]
) -> Callable[..., Any]:
    """A PDFium function of :mod:`pypdfium2.raw`, called without ctypes' conversion of its arguments.

    pypdfium2 declares every function's argument types, and ctypes checks and converts each argument
    of each call by them: about half the cost of a call (``FPDFText_GetCharBox``: 0.65 µs, 0.3 µs
    without; ``FPDFText_GetFontSize``: 0.39 µs, 0.18 µs). The functions called here per line are
    called through a pointer without argument types instead, so their caller passes exactly what C
    takes: the text page's handle (its ctypes pointer), a Python ``int`` that fits a C ``int`` for an
    index, and :func:`ctypes.byref` of a buffer of the right C type for each output.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    assert address is not None, "a function of a loaded library has an address"
    return ctypes.CFUNCTYPE(restype)(address)


_char_box: Final = unchecked(pdfium_c.FPDFText_GetCharBox, ctypes.c_int)
_char_matrix: Final = unchecked(pdfium_c.FPDFText_GetMatrix, ctypes.c_int)
_font_size: Final = unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_loose_box: Final = unchecked(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
_char_origin: Final = unchecked(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int)


class _Chars:
    """One text page's characters, asked for by their place in its text (C buffers made once a page)."""

    def __init__(self, textpage: pdfium.PdfTextPage, raw: str) -> None:
        self.handle = textpage.raw
        # places of characters beyond U+FFFF, each two UTF-16 units in PDFium's counting (looked for
        # only when the text has more UTF-16 units than characters: one encoding, an eighth of a search)
        astral = not raw.isascii() and len(raw.encode("utf-16-le", "surrogatepass")) > 2 * len(raw)
        self.astral = [m.start() for m in _ASTRAL.finditer(raw)] if astral else []
        # as many characters as the text has places: none was left out, a place is a character's
        # index (checked place by place on the 1,264 such pages of the 1,265 under ../shared)
        self.direct = pdfium_c.FPDFText_CountChars(self.handle) == len(raw) + len(self.astral)
        # the ink box (PDFium's order: left, right, bottom, top), then the origin (x, y)
        self.doubles = (ctypes.c_double * 6)()
        self.ink_refs = tuple(ctypes.byref(self.doubles, i * 8) for i in range(4))
        self.origin = (ctypes.byref(self.doubles, 4 * 8), ctypes.byref(self.doubles, 5 * 8))
        self.loose = pdfium_c.FS_RECTF()
        self.loose_ref = ctypes.byref(self.loose)
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)

    def extent(self, first: int, last: int) -> _Rect | None:
        """The box of the characters from ``first`` to ``last`` (offsets in PDFium's text), from theirs."""
        rect = self.rect(first)
        return rect if first == last else _union(rect, self.rect(last))

    def ink_only(self, offset: int) -> bool:
        """Read the ink box of the character at ``offset`` of PDFium's text into :attr:`doubles` (left,
        right, bottom, top); False when PDFium has no character there."""
        h = self.handle
        units = offset + bisect_left(self.astral, offset) if self.astral else offset
        index = units if self.direct else pdfium_c.FPDFText_GetCharIndexFromTextIndex(h, units)
        return index >= 0 and bool(_char_box(h, index, *self.ink_refs))

    def ink(self, offset: int) -> _Rect | None:
        """The ink box of the character at ``offset`` of PDFium's text (one call: no em box)."""
        h = self.handle
        units = offset + bisect_left(self.astral, offset) if self.astral else offset
        index = units if self.direct else pdfium_c.FPDFText_GetCharIndexFromTextIndex(h, units)
        if index < 0 or not _char_box(h, index, *self.ink_refs):
            return None
        left, right, bottom, top = self.doubles[:4]
        return left, right, bottom, top

    def rect(self, offset: int) -> _Rect | None:
        """The box of the character at ``offset`` of PDFium's text: its ink across, its em box up;
        None when PDFium has no character there."""
        h = self.handle
        units = offset + bisect_left(self.astral, offset) if self.astral else offset
        index = units if self.direct else pdfium_c.FPDFText_GetCharIndexFromTextIndex(h, units)
        if index < 0 or not _char_box(h, index, *self.ink_refs):
            return None
        m, loose = self.matrix, self.loose
        if not _char_matrix(h, index, self.matrix_ref) or abs(m.b) > _EPS or abs(m.c) > _EPS or m.d <= 0:
            left, right, bottom, top = self.doubles[:4]
            return left, right, bottom, top  # turned or mirrored text: no upright em box
        em = _font_size(h, index) * m.d
        _loose_box(h, index, self.loose_ref)
        _char_origin(h, index, *self.origin)
        left, right, bottom, top, _, baseline = self.doubles[:]
        body = loose.top - loose.bottom
        if em <= 0 or body <= 0:
            return left, right, bottom, top  # no font size or metrics: the ink it is
        above = (loose.top - baseline) / body * em
        return left, right, baseline + above - em, baseline + above


@dataclass(frozen=True, slots=True)
class Frame:
    """The page as seen: its crop box (PDF user space) and its clockwise ``/Rotate``."""

    left: float
    bottom: float
    right: float
    top: float
    rotation: int

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> Frame:
        left, bottom, right, top = page.get_bbox()
        return cls(left, bottom, right, top, page.get_rotation())

    def box(self, rect: _Rect) -> tuple[float, float, float, float]:
        """``rect`` as left, right, top, bottom from the seen page's top-left corner, y down."""
        x0, x1, y0, y1 = rect
        if self.rotation == 90:
            return y0 - self.bottom, y1 - self.bottom, x0 - self.left, x1 - self.left
        if self.rotation == 180:
            return self.right - x1, self.right - x0, y0 - self.bottom, y1 - self.bottom
        if self.rotation == 270:
            return self.top - y1, self.top - y0, self.right - x1, self.right - x0
        return x0 - self.left, x1 - self.left, self.top - y1, self.top - y0
