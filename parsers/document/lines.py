"""Logical lines: lines a page edge wrapped are joined back before the forms read them.

A browser or a word processor printing a report to PDF, and a scan of such a print, break every long
line at the right margin; the forms read fields and entries by lines, so each wrap would cut a value
or hide a label. A line break is taken for a wrap when all of these hold:

1. **The page has a right margin that lines run up against**: at least three lines end near the
   rightmost line end, and they are most of the page's long lines (an export that was never wrapped
   has long lines of every length, and is left alone).
2. **The next line's first word would not have fitted** after the line's end: a writer who ended the
   line there would have had the room, so the break was the page's. The first word of a Thai run is
   its first dictionary word (Thai wraps between words it writes without spaces).
3. **The next line continues the line**: it is the very next line, in the same size, and it does not
   start what a new line starts — a label or heading of a known form, list numbering (``2.``,
   ``(1)``), a bullet, a dated entry, a lone table cell.

Where the line's position comes from: PDF text layers and OCR'd pages give the extent of each line
(:class:`parsers.text.linebox.LineBox`, in points or pixels); plain text gives its lengths in characters.
Each join replaces the line break and the spaces around it by nothing between two Thai letters and by
one space otherwise, as one edit of the page's :class:`~parsers.text.textmap.MappedText`, so every
value still maps back to the raw text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from parsers.document.labels import LabelTable
from parsers.repair.normalize import Normalized, Repair, first_change
from parsers.text.linebox import LineBox, text_boxes
from parsers.text.textmap import Edit
from parsers.thai.numbers import SECTION_NUMBER
from schemas.codes import FindingCode

CODE = FindingCode.WRAPPED_LINES
MESSAGE = "lines a page edge wrapped joined back into one line"

_THAI = regex.compile(r"[\u0e01-\u0e4e]")
_THAI_RUN = regex.compile(r"[\u0e01-\u0e4e]+")
#: Thai marks above and below a letter: they take no width of their own (stdlib re: twice as fast as
#: the regex module here)
_MARKS = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
#: what starts a line of its own: list numbering, a bullet, a dated entry, a budget code, a lone table cell,
#: a label
_NEW_LINE = regex.compile(
    rf"[ \t]*(?:"
    r"\(?[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]+)*[.)][ \t]"  # 2. , (1) , 1.2. , 3)
    rf"|{SECTION_NUMBER}[ \t]"  # 1.1 NAME, 4.2.1 (a decimal such as 93.40 continues a line)
    r"|\["  # [มิติที่ 1 : ตัวชี้วัดเจรจา]
    # a label this project does not know, a few words and a colon before a value that is no number
    r"|[^\s:：=0-9๐-๙(\[][^\n:：=]{0,30}?[ \t]*[:：][ \t]+(?=[^\s0-9๐-๙])"
    r"|\([0-9๐-๙]{1,3}(?:\.[0-9๐-๙]+)*\)"  # (6.1)
    r"|[-–•*:|]"  # - • * :: |
    r"|[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}"  # 28/10/2563
    r"|[0-9๐-๙]{5}-[0-9๐-๙]{1,2}(?:[ \t]|\()"  # a budget's coded line item: 01101-2 อัตราเดิม
    r"|[0-9๐-๙.,]+(?:[ \t]*/[ \t]*[0-9๐-๙.,]+)?[ \t]*(?=\n|\Z)"  # a cell: 35.00 or 100 / 100
    r")"
)
#: how many lines must run up against the margin, and which share of the long lines they must be
MIN_AT_MARGIN = 3
SHARE_AT_MARGIN = 0.5
#: how far from the margin a line still runs up against it, in widths of a character
MARGIN_CHARS = 15


@dataclass(frozen=True)
class _Measure:
    """Widths in the page's units: per character of a line (plain text: 1), and of a space."""

    columns: bool  # plain text: boxes in characters

    def char_width(self, box: LineBox, line: str) -> float:
        if self.columns:
            return 1.0
        letters = _spacing_length(line.strip())
        return (box.right - box.left) / letters if letters else 0.0

    def width(self, piece: str, char_width: float) -> float:
        return float(len(piece)) if self.columns else _spacing_length(piece) * char_width


def join_wrapped(page: Normalized, lines: Sequence[LineBox], starters: Sequence[LabelTable]) -> Normalized:
    """``page`` with the line breaks of ``lines`` that are wraps joined (see the module docstring).
    Without ``lines`` the page is plain text, measured in characters."""
    raw = page.raw
    columns = not lines
    boxes = text_boxes(raw) if columns else tuple(lines)
    soft = _wrap_candidates(raw, boxes, _Measure(columns))
    if not soft:
        return page
    text, mapped = page.text, page.mapped
    edits: list[Edit] = []
    for i in _line_breaks(text):
        if mapped.starts[i] not in soft:
            continue
        a = i
        while a > 0 and text[a - 1] in " \t":
            a -= 1
        b = i + 1
        while b < len(text) and text[b] in " \t":
            b += 1
        if a == 0 or b >= len(text) or text[b] == "\n":
            continue
        if _starts_line(text, b, starters) and not _label_across(text, a, b, starters):
            continue
        thai = _THAI.match(text[a - 1]) and _THAI.match(text[b]) and a == i
        edits.append(Edit(a, b, "" if thai else " "))
    if not edits:
        return page
    first = edits[0]
    example = mapped.raw_slice(max(0, first.start - 12), min(len(text), first.end + 12))
    repair = Repair(CODE, MESSAGE, len(edits), example, *first_change(text, first))
    return Normalized(mapped.apply(edits), (*page.repairs, repair))


def _line_breaks(text: str) -> Iterator[int]:
    """The offsets of the line breaks of ``text``."""
    at = text.find("\n")
    while at >= 0:
        yield at
        at = text.find("\n", at + 1)


def _wrap_candidates(raw: str, boxes: Sequence[LineBox], measure: _Measure) -> frozenset[int]:
    """Raw offsets of the line breaks that geometry says are wraps (conditions 1 and 2, and the
    'very next line, same size' part of 3)."""
    inked = [b for b in boxes if b.right > b.left and raw[b.start : b.end].strip()]
    if len(inked) < MIN_AT_MARGIN:
        return frozenset()
    margin = max(b.right for b in inked)
    widths = [measure.char_width(b, raw[b.start : b.end]) for b in inked]
    char = sorted(widths)[len(widths) // 2] or 1.0
    reach = MARGIN_CHARS * char
    half = (margin - min(b.left for b in inked)) / 2
    long_lines = [b for b in inked if b.right - b.left >= half]
    at_margin = [b for b in long_lines if b.right >= margin - reach]
    if len(at_margin) < MIN_AT_MARGIN or len(at_margin) < SHARE_AT_MARGIN * len(long_lines):
        return frozenset()
    soft = set()
    for a, b in itertools.pairwise(boxes):
        if b.start != a.end + 1 or raw[a.end : a.end + 1] != "\n":
            continue  # not the very next line (a blank line or other text between)
        line_a, line_b = raw[a.start : a.end], raw[b.start : b.end]
        if not line_a.strip() or not line_b.strip() or a.right < margin - reach:
            continue
        if not measure.columns and not _same_size_and_next(a, b):
            continue
        width_b = measure.char_width(b, line_b) or char
        space = measure.width(" ", width_b)
        first = measure.width(first_word(line_b.lstrip()), width_b)
        if a.right + space + first > margin:
            soft.add(a.end)
    return frozenset(soft)


def _same_size_and_next(a: LineBox, b: LineBox) -> bool:
    """``b`` is set in the size of ``a`` and directly below it (no gap of a blank line)."""
    tall = max(a.height, b.height)
    if tall <= 0 or abs(a.height - b.height) > 0.25 * tall:
        return False
    return a.top < b.top and b.top - a.bottom <= 0.9 * tall


def first_word(line: str) -> str:
    """What a line breaker could not have split: the text up to the first space, and of a run of Thai
    its first dictionary word.

    >>> first_word("ประชาชนในพื้นที่ 50 เขต")
    'ประชาชน'
    """
    token = line.split(None, 1)[0] if line.strip() else ""
    run = _THAI_RUN.match(token)
    if run is None or len(run.group(0)) < 4:
        return token
    from parsers.repair.quality import segment  # the dictionary is loaded only for a page with wraps

    words = segment(run.group(0))
    return words[0] if words else token


def _starts_line(text: str, pos: int, starters: Sequence[LabelTable]) -> bool:
    """Whether the line at ``pos`` starts what a new line starts (condition 3)."""
    if _NEW_LINE.match(text, pos):
        return True
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    window = min(end, pos + 80)
    return any(hits[0].start == pos for table in starters if (hits := table.hits(text, pos, window)))


def _label_across(text: str, a: int, b: int, starters: Sequence[LabelTable]) -> bool:
    """Whether the break at ``text[a:b]`` falls inside a known label (``ชื่อตัว⏎ชี้วัด :``): then the
    next line only looks like it starts a label of its own."""
    head = text[max(0, a - 40) : a]
    joined = head + text[b : b + 40]
    return any(h.start < len(head) < h.end for table in starters for h in table.hits(joined))


def _spacing_length(text: str) -> int:
    """Characters that take width: Thai marks above and below a letter do not."""
    return len(text) - len(_MARKS.findall(text))
