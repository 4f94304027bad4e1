"""Late marks: vowels and tone marks a text layer wrote after the letters that follow them.

Some producers write a mark late: after the letters that follow it, as far as the place of the next
mark or the end of a chunk of text; PDFium then puts spaces or a line break around it
(``ลวงหน ่ าตามภารก ้ จ`` for ``ล่วงหน้าตามภารกิจ``, ``ผปู้ ่วย`` for ``ผู้ป่วย``). On a page with the
signature (a mark after whitespace or a vowel, a mark with a space before ``า``), marks next to
whitespace are put back, in order, each on the letter between the previous marks and its own place that
reads best; then the whitespace they leave is joined where that reads better. Marks in a valid place
(on a letter, whitespace after) move only within their word.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Final, NamedTuple

import regex

from parsers.repair.dictionary import score_text
from parsers.repair.wordscore import CHEAPER, Reading
from parsers.text.textmap import Edit
from parsers.thai.marks import (
    AA,
    AM,
    GAP_AM,
    GAP_LINE,
    GAP_SPACE,
    GAPS,
    LEADING,
    MARKS,
    WS,
    fits,
    is_consonant,
    owner,
    place,
)

# ---------------------------------------------------------------------------------------------------
# late marks: marks written after the letters that follow them, with spaces or line breaks around them


#: the signature of late marks (never valid): a mark after a space or a line break, a mark then spaces
#: then a vowel that never starts a word (``สขุ าภิบาล``), a mark after such a vowel then a space
#: (``คา่ ตอบแทน``)
_LATE_SIGN: Final = regex.compile(
    rf"[{WS}][{MARKS}]|[{MARKS}][ \t]+[\u0e30\u0e32\u0e33\u0e45]|[\u0e30\u0e32\u0e33\u0e45][{MARKS}][ \t]"
)
_CLUSTER: Final = regex.compile(rf"[{MARKS}](?:[{WS}\x00-\x02]*[{MARKS}])*")
#: how far (in characters) back a late mark is looked for its letter
_LATE_REACH: Final = 30
_SPACE = WS + GAPS
_VOWELS = "\u0e30\u0e32\u0e33\u0e45" + LEADING  # vowels that never carry a mark
_THAI_OR_GAP = frozenset(chr(c) for c in range(0x0E01, 0x0E4F)) | frozenset(GAPS)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of lines that belong together: a line that starts with a mark or a vowel that never starts
    a word continues the line before (PDFium breaks lines where a mark sits higher than its letter)."""
    start = pos = 0
    marks_only = False  # the line before holds nothing but marks: it sits between two parts of a line
    for line in text.split("\n"):
        head = line.strip(" \t")
        if pos and not marks_only and not (head and head[0] in MARKS + "\u0e30\u0e32\u0e33\u0e45"):
            yield start, pos - 1
            start = pos
        marks_only = bool(head) and all(ch in MARKS + " \t" for ch in head)
        pos += len(line) + 1
    yield start, len(text)


def _window_score(text: str, lo: int, hi: int, *, repaired: bool = False) -> Reading:
    """The best :func:`score_text` of ``text[lo:hi]`` with its gaps kept, or the last joined, or all."""
    window = text[lo:hi]
    variants = [window]
    gaps = [i for i, ch in enumerate(window) if ch in GAPS]
    if gaps:
        i = gaps[-1]
        variants.append(window[:i] + window[i + 1 :])
        if window[i] == GAP_AM:
            variants.append(window[:i] + AM + window[i + 2 :])
        if len(gaps) > 1:
            variants.append(window.translate(_DROP_GAPS))
    return min((score_text(v, repaired=repaired) for v in variants), key=_by_cost)


def _by_cost(reading: Reading) -> tuple[float, int]:
    return reading.cost, reading.outside


def _by_outside(reading: Reading) -> tuple[int, float]:
    return reading.outside, reading.cost


_DROP_GAPS: Final = {ord(ch): None for ch in GAPS}


class _Late(NamedTuple):
    """Marks next to whitespace: ``marks``, written from ``o`` to ``q`` (with whitespace between them,
    perhaps), whitespace ``s[wb:o]`` before them and ``s[q:wa]`` after, seen on the consonant at
    ``seen`` (-1: none)."""

    o: int
    q: int
    wb: int
    wa: int
    seen: int
    marks: str

    def without(self, s: str, *, whole: bool) -> tuple[str, str]:
        """``s`` without the marks and the whitespace around them, and the gap left instead: where
        there was whitespace after them (or anywhere around them, when they all go elsewhere)."""
        around = s[self.wb : self.wa] if whole else s[self.q : self.wa]
        if "\n" in around or GAP_LINE in around:
            gap = GAP_LINE
        elif not around.strip(MARKS):
            gap = ""
        elif not whole and s[self.wa : self.wa + 1] == AA:  # น ุ ้ ามัน: marks stay before " า"
            gap = GAP_AM
        else:
            gap = GAP_SPACE
        return s[: self.wb] + gap + s[self.wa :], gap


def _next_late(s: str, pos: int, bound: int) -> tuple[_Late | None, int]:
    """The next marks from ``pos`` that are next to whitespace, and the bound for them (the letter the
    marks before them were seen on)."""
    while (m := _CLUSTER.search(s, pos)) is not None:
        o, q = m.span()
        wb, wa = o, q
        while wb > 0 and s[wb - 1] in _SPACE:
            wb -= 1
        while wa < len(s) and s[wa] in _SPACE:
            wa += 1
        seen = owner(s, wb - 1)
        marks = "".join(ch for ch in m.group(0) if ch in MARKS)
        if (
            wb < o  # after whitespace
            or len(marks) < q - o  # with whitespace between them
            or ((wa > q or wa == len(s)) and seen >= 0)  # before whitespace
            or (wb > 0 and s[wb - 1] in _VOWELS)  # after a vowel (never valid: มาี for มีา)
        ):
            return _Late(o, q, wb, wa, seen, marks), bound
        # on its letter, no whitespace around: not late
        bound, pos = max(bound, seen), q
    return None, bound


@lru_cache(maxsize=1 << 14)
def late_block(block: str) -> str:
    """Put back the late marks of one block of lines (see the module docstring)."""
    s = block
    bound = 0  # a mark never goes back before the letter the previous mark was seen on
    pos = 0
    while True:
        late, bound = _next_late(s, pos, bound)
        if late is None:
            break
        s, pos, seen = _best_place(s, late, max(bound, late.wb - _LATE_REACH, 0))
        bound = max(bound, seen)
    return _close_gaps(s)


def _close_gaps(s: str) -> str:
    """Each gap left by a late mark is joined where that puts more of the text inside words (or as many
    in more common words), else it is whitespace again. Before ``า`` it may also be the NIKHAHIT of a
    ``ำ`` that came out as a space (``น้ ามัน``)."""
    while (i := _first_gap(s)) >= 0:
        options = [s[:i] + ("\n" if s[i] == GAP_LINE else " ") + s[i + 1 :], s[:i] + s[i + 1 :]]
        if s[i] == GAP_AM:  # ำ first: it wins a tie, as in spaced_am
            options.insert(1, s[:i] + AM + s[i + 2 :])
        lo, hi = max(0, i - 20), i + 20
        windows = [t[lo : hi + len(t) - len(s)].translate(_DROP_GAPS) for t in options]
        readings = [score_text(w) for w in windows]
        if len({r.outside for r in readings}) < len(readings):
            # a tie: as the dictionary step will read them (สรู่ ะบบ: joined, it reads สู่ระบบ)
            readings = [score_text(w, repaired=True) for w in windows]
        s = options[min(range(len(options)), key=lambda k: _by_outside(readings[k]))]
    return s


def _first_gap(s: str) -> int:
    found = [i for i in (s.find(gap) for gap in GAPS) if i >= 0]
    return min(found) if found else -1


def _complete(s: str, pos: int, previous: int, hi: int) -> Iterator[str]:
    """For scoring a move: ``s`` with a copy of the next late marks (the first of them) on the letter
    the moved marks left (``previous``). Late marks are written where the next ones belong, so the
    letter a mark is seen on often waits for the next one. The marks stay where they were seen too:
    their own choice comes later and must not count for or against this one."""
    late, _ = _next_late(s, pos, 0)
    if late is None or late.o >= hi or not 0 <= previous < late.wb:
        return
    for size in range(1, len(late.marks) + 1):
        if fits(s, previous, late.marks[:size]):
            yield place(s, previous, late.marks[:size])


def _best_place(s: str, late: _Late, lo: int) -> tuple[str, int, int]:
    """Choose the letter for late marks: the one they were seen on, or one from ``lo`` on (all of the
    marks, or the first of them while the rest stay).

    Returns the new text, where to go on looking for marks, and the new index of the letter the marks
    were seen on."""
    wb, seen, marks = late.wb, late.seen, late.marks
    # marks in a valid place (on a consonant, only whitespace after them) may be where they belong:
    # they are only looked for in their own word
    valid = wb == late.o and late.q - late.o == len(marks) and wb > 0 and s[wb - 1] not in _VOWELS
    if valid:
        while lo < wb and not all(ch in _THAI_OR_GAP for ch in s[lo:wb]):
            lo += 1
    stay: tuple[str, int, int, bool] | None = None  # text, where to go on, seen, whether seen is free
    moves: list[tuple[str, int, int, bool]] = []
    for size in range(len(marks) + 1):  # the fewest marks moved first: they win a tie
        moved, rest = marks[:size], marks[size:]
        if valid and not moved:  # nothing changes, but a space before a vowel may be an artefact
            after = s[late.wa : late.wa + 1]
            text = s
            if late.wa > late.q and after and after in _VOWELS[:4] and "\n" not in s[late.q : late.wa]:
                # a space before า may be the NIKHAHIT of a ำ (น้ ามัน); before ำ it is only a space (น้ ำ)
                text = s[: late.q] + (GAP_AM if after == AA else GAP_SPACE) + s[late.wa :]
            stay = (text, late.q, seen, False)
            continue
        base, gap = late.without(s, whole=not rest)
        if rest:  # the rest stays on the letter it was seen on
            if seen < 0 or not fits(base, seen, rest):
                continue
            base = place(base, seen, rest)
        resume = wb + len(marks) + len(gap)
        if not moved:
            stay = (base, resume, seen, False)
            continue
        for c in range(wb - 1, lo - 1, -1):  # nearest first: of two equal readings, the smaller move
            at = c + len(rest) if rest and c > seen else c
            if not is_consonant(s[c]) or c == seen or not fits(base, at, moved):
                continue
            text = place(base, at, moved)
            shift = len(text) - len(base)  # the marks, less a gap NIKHAHIT closed
            moves.append((text, resume + shift - size, seen + shift if 0 <= c < seen else seen, not rest))
    if not moves:
        return (stay or (s, late.q, seen, False))[:3]
    lo_w, hi_w = max(0, lo - 8), min(len(s), late.wa + 16)
    if valid and stay is not None and not score_text(s[lo_w:hi_w]).outside:
        return stay[:3]  # marks in a valid place, among dictionary words: where they belong

    def score(option: tuple[str, int, int, bool], *, repaired: bool = False) -> Reading:
        text, resume, letter, free = option
        hi = hi_w + len(text) - len(s)
        readings = [_window_score(text, lo_w, hi, repaired=repaired)]
        if free:
            for ahead in _complete(text, resume, letter, late.wa + _LATE_REACH + len(text) - len(s)):
                readings.append(_window_score(ahead, lo_w, hi + len(ahead) - len(text), repaired=repaired))
        return min(readings, key=_by_cost)

    reading, best = min(((score(move), move) for move in moves), key=lambda x: _by_cost(x[0]))
    if stay is None:
        return best[:3]
    # a move must read better than staying: in more common words, with no fewer characters inside
    # words (marks in a valid place: more, or in much more common words); and, unless late marks follow
    # (a chain of them reads right only once all are placed), better than the dictionary step would
    # read them where they are (เดอืนสง่ reads เดือนส่ง, not เดอื่นสง)
    following, _ = _next_late(s, late.q, 0)
    repaired = valid and (following is None or following.o > late.wa + 12)
    kept = score(stay, repaired=repaired)
    if repaired:
        reading = score(best, repaired=True)
    margin = 2 * CHEAPER if valid else 0.0
    if reading.outside < kept.outside and reading.cost < kept.cost:
        return best[:3]
    if reading.outside == kept.outside and reading.cost < kept.cost - margin:
        return best[:3]
    return stay[:3]


def late_marks(text: str) -> list[Edit]:
    if not _LATE_SIGN.search(text) or any(gap in text for gap in GAPS):
        return []
    edits = []
    for start, end in _blocks(text):
        block = text[start:end]
        if not _CLUSTER.search(block):
            continue
        fixed = late_block(block)
        if fixed != block:
            edits.extend(_diff(block, fixed, start))
    return edits


def _diff(old: str, new: str, offset: int) -> list[Edit]:
    ops = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [Edit(offset + i1, offset + i2, new[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
