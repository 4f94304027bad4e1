"""Clean-up of Thai OCR text (tesseract's ``tha`` model): small steps, each decided by the dictionary.

The steps run on OCR pages only (:func:`parsers.repair.ocrtext.read_ocr_page`), in this order, through the
same :class:`~parsers.text.textmap.MappedText` machinery as the normalisation chain, so every value
keeps the raw OCR string it came from. All but ``ocr_digits`` edit Thai letters and the spaces between
them only: dates and numbers (``28/10/2563``, ``70.00``, ``1,047``) are never touched.

``ocr_digits``
    the one repair inside a number the data proves: a point between comma groups (``1.020,000``) is a
    comma.
``ocr_spaces``
    a space left inside a Thai word (``สำนัก งาน``: the words of a line are joined by their gaps, and a
    wide letter gap reads as a space) goes where joining puts more of the text inside dictionary words,
    or reads it as fewer, much more common words; a real space between phrases stays.
``ocr_tones``
    the Thai model drops a tone stacked over an upper vowel or on ``ำ`` (``ที่`` → ``ที``, ``ชี้`` →
    ``ชี``, ``ครั้ง`` → ``ครัง``, ``ต่ำ`` → ``ตำ``); a tone goes back where the text then reads as no
    more, much more common words.
``ocr_am``
    ``ำ`` read as ``า`` (its NIKHAHIT lost: ``ระดับน้า``) or as ``้า`` (``จ้านวน``), where the text
    then reads as fewer, much more common words.
``ocr_vocabulary``
    a near miss of a word of the report vocabulary (form labels, months, districts, units:
    ``ผูลประเมิน`` for ``ผลประเมิน``) is written as that word, where it puts more text inside words.

"Reads better" is :mod:`parsers.repair.wordscore`'s measure, the one the text-layer repairs use. Every
sample report and seed, read as if it were OCR output, comes through unchanged (a test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import Final

import regex

from parsers.repair.normalize import Step
from parsers.repair.wordscore import CHEAPER, Reading, cover
from parsers.text.textmap import Edit
from parsers.thai.lexicon import (
    AGENCY_HEADS,
    BMA_DEPARTMENTS,
    COUNT_UNITS,
    DISTRICTS,
    MONTHS,
    REPORT_WORDS,
    WEEKDAYS,
)
from parsers.thai.marks import AM, TONE
from schemas.codes import FindingCode

_THAI_LETTERS: Final = r"\u0E01-\u0E4E"
#: a space after a Thai letter or mark (not ๆ, ฯ: a space before and after them is the rule) and
#: before a consonant or a leading vowel; not next to an abbreviation (พ.ศ. 2566, สำนักงาน ก.ก.)
_SPACE: Final = regex.compile(
    r"(?<![.][\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E45\u0E47-\u0E4E]*)"
    r"(?<=[\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E45\u0E47-\u0E4E])[ \t]+"
    r"(?=[\u0E01-\u0E2E\u0E40-\u0E44])(?![\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E45\u0E47-\u0E4E]*[.])"
)
_RUN_END: Final = regex.compile(rf"[{_THAI_LETTERS}]+$")
_RUN_START: Final = regex.compile(rf"[{_THAI_LETTERS}]+")
#: how far a reading looks on each side of an edit: enough for the longest report words
_CONTEXT: Final = 16


def _reads_better(new: Reading, old: Reading, *, fewer: bool = True) -> bool:
    """More characters inside dictionary words; or as many, in fewer (or, without ``fewer``, no more)
    and clearly more common words."""
    if new.outside != old.outside:
        return new.outside < old.outside
    words = new.words < old.words if fewer else new.words <= old.words
    return words and new.cost < old.cost - CHEAPER


# ---------------------------------------------------------------------------------------------------
# ocr_spaces


def ocr_spaces(text: str) -> list[Edit]:
    """Spaces between two Thai letters removed where the joined text reads better.

    >>> from parsers.text.textmap import MappedText
    >>> MappedText.identity("สำนัก งาน ประ ชุม").apply(ocr_spaces("สำนัก งาน ประ ชุม")).text
    'สำนักงาน ประชุม'
    """
    edits: list[Edit] = []
    left_end = -1  # the end of the last space joined: the run before a space starts after the last kept
    joined_left = ""
    for m in _SPACE.finditer(text):
        head = _RUN_END.search(text, max(0, m.start() - _CONTEXT), m.start())
        before = head.group(0) if head else ""
        if left_end == m.start() - len(before) and joined_left:
            before = (joined_left + before)[-2 * _CONTEXT :]
        tail = _RUN_START.match(text, m.end())
        after = tail.group(0)[:_CONTEXT] if tail else ""
        split = _pair(cover(before), cover(after))
        if _reads_better(cover(before + after), split):
            edits.append(Edit(m.start(), m.end(), ""))
            joined_left, left_end = before, m.end()
        else:
            joined_left, left_end = "", -1
    return edits


def _pair(a: Reading, b: Reading) -> Reading:
    return Reading(a.outside + b.outside, a.cost + b.cost, a.words + b.words)


# ---------------------------------------------------------------------------------------------------
# ocr_tones

_UPPER: Final = "\u0e31\u0e34\u0e35\u0e36\u0e37"  # ั ิ ี ึ ื: the vowels a tone stacks over
_TRIED_TONES: Final = "\u0e48\u0e49"  # ่ ้ : ๊ ๋ are rare and mostly in loan words
#: an upper vowel without a tone, or SARA AM without one (ตํากว่า for ต่ำกว่า, ระบายนำ for ระบายน้ำ)
_TONELESS: Final = regex.compile(rf"[\u0e01-\u0e2e](?:[{_UPPER}](?![{TONE}\u0e4c])|\u0e33)")
#: SARA AA that may be a SARA AM whose NIKHAHIT the OCR lost (ระดับน้า, ทาให้) or read as a tone (จ้านวน)
_AA: Final = regex.compile(rf"[\u0e01-\u0e2e][{TONE}]?\u0e32")


def _choose(text: str, m: regex.Match[str], options: Iterable[str], fewer: bool) -> Edit | None:
    """The option for ``m`` that reads best, if it reads better than ``m`` (see :func:`_reads_better`),
    as an edit."""
    head = _RUN_END.search(text, max(0, m.start() - _CONTEXT), m.start())
    tail = _RUN_START.match(text, m.end())
    before = head.group(0) if head else ""
    after = tail.group(0)[:_CONTEXT] if tail else ""
    best, best_reading = m.group(0), cover(before + m.group(0) + after)
    for option in options:
        reading = cover(before + option + after)
        if _reads_better(reading, best_reading, fewer=fewer):
            best, best_reading = option, reading
    return None if best == m.group(0) else Edit(m.start(), m.end(), best)


def _edits(
    text: str, pattern: regex.Pattern[str], options: Callable[[str], Iterable[str]], *, fewer: bool
) -> list[Edit]:
    found = (_choose(text, m, options(m.group(0)), fewer) for m in pattern.finditer(text))
    return [edit for edit in found if edit is not None]


def _with_tone(cluster: str) -> Iterator[str]:
    for tone in _TRIED_TONES:
        yield cluster[:-1] + tone + cluster[-1] if cluster.endswith(AM) else cluster + tone


def ocr_tones(text: str) -> list[Edit]:
    """A tone put back over an upper vowel or SARA AM where the text then reads better.

    >>> [e.new for e in ocr_tones("ตัวชีวัด : ไตรมาสที 2 ตำกว่า")]
    ['ชี้', 'ที่', 'ต่ำ']
    """
    return _edits(text, _TONELESS, _with_tone, fewer=False)


def _as_am(cluster: str) -> Iterator[str]:
    yield cluster[:-1] + AM  # น้า → น้ำ, ทา → ทำ
    if cluster[1:2] == "\u0e49":
        yield cluster[0] + AM  # จ้า → จำ: the NIKHAHIT read as a tone


def ocr_am(text: str) -> list[Edit]:
    """SARA AA made SARA AM where the text then reads better, in fewer words (the OCR lost or misread
    its NIKHAHIT); า is common, so a reading only as cheap in as many words (บางนาพา) is not enough.

    >>> [e.new for e in ocr_am("ระดับน้าในคลอง จ้านวน 12 จุด")]
    ['น้ำ', 'จำ']
    """
    return _edits(text, _AA, _as_am, fewer=True)


# ---------------------------------------------------------------------------------------------------
# ocr_vocabulary


#: a report word this long, one or two letters off, is taken when it reads no worse (``สำนักการระบายน้า``:
#: น้า is a word too, but no agency is named so)
_LONG: Final = 12
#: a word is looked for with this many edits at most: one in words of up to 8 letters, two above
_MIN_LENGTH: Final = 4


@cache
def vocabulary() -> tuple[str, ...]:
    """The report vocabulary: the lexicon's report words, months, weekdays, districts, BMA departments,
    agency heads and units, of at least :data:`_MIN_LENGTH` letters, longest first."""
    words = {
        *REPORT_WORDS,
        *(m.full for m in MONTHS),
        *(name for names in WEEKDAYS for name in names),
        *DISTRICTS,
        *(f"สำนักงานเขต{d}" for d in DISTRICTS),
        *AGENCY_HEADS,
        *(part for name in BMA_DEPARTMENTS for part in name.split()),
        *COUNT_UNITS,
    }
    thai = (w for w in words if len(w) >= _MIN_LENGTH and regex.fullmatch(rf"[{_THAI_LETTERS}/]+", w))
    return tuple(sorted(thai, key=lambda w: (-len(w), w)))


@cache
def _known() -> frozenset[str]:
    return frozenset(vocabulary())


@cache
def _fuzzy(word: str) -> regex.Pattern[str]:
    errors = 1 if len(word) <= 8 else 2
    # the match starts and ends where a Thai run may: not inside a cluster (before a mark)
    return regex.compile(
        rf"(?<![{_THAI_LETTERS}])(?:{regex.escape(word)}){{e<={errors}}}(?![\u0e30-\u0e3a\u0e45\u0e47-\u0e4e])",
        regex.BESTMATCH,
    )


def ocr_vocabulary(text: str) -> list[Edit]:
    """Near misses of report words (one or two letters off) written as the word, where it reads better.

    >>> [e.new for e in ocr_vocabulary("*ผูลประเมินตัวชี้วัด*")]
    ['ผลประเมินตัวชี้วัด']
    """
    edits: list[Edit] = []
    taken: list[tuple[int, int]] = []
    known = _known()  # a report word as written is never made another (สำนักงานเขตบางนา, …บางแค)
    for word in vocabulary():
        if not _may_hold(text, word):
            continue
        for m in _fuzzy(word).finditer(text):
            start, end = m.span()
            found = m.group(0)
            if found in known or any(a < end and start < b for a, b in taken):
                continue
            if not regex.fullmatch(rf"[{_THAI_LETTERS}/]+", found):
                continue  # never across a space, a digit or punctuation
            if len(found) != len(word) and (found[0] != word[0] or found[-1] != word[-1]):
                continue  # a letter more or less at an end is a neighbour's (ณห้อง), not a near miss
            head = _RUN_END.search(text, max(0, start - _CONTEXT), start)
            tail = _RUN_START.match(text, end)
            before = head.group(0) if head else ""
            after = tail.group(0)[:_CONTEXT] if tail else ""
            new, old = cover(before + word + after), cover(before + found + after)
            if _reads_better(new, old) or (len(word) >= _LONG and new.outside <= old.outside):
                edits.append(Edit(start, end, word))
                taken.append((start, end))
    return edits


def _may_hold(text: str, word: str) -> bool:
    """A cheap test before the fuzzy search: the word's first or last three letters (two of a short
    word, where one error leaves no three in a row) are in the text."""
    k = 2 if len(word) <= 5 else 3
    return word[:k] in text or word[-k:] in text


# ---------------------------------------------------------------------------------------------------
# ocr_digits

#: a point in a number grouped by commas, three digits before the next comma (1.020,000): the only
#: reading is a comma. The one digit repair seen on our scans; other confusions (๕๖ for งบ, O for 0)
#: were not, and a number is never edited on a guess
_POINT_FOR_COMMA: Final = regex.compile(r"(?<=(?<![\d.,])\d{1,3})\.(?=\d{3},\d{3}(?!\d))")


def ocr_digits(text: str) -> list[Edit]:
    """A comma of a grouped number read as a point, put back.

    >>> [e.new for e in ocr_digits("= 1.020,000 บาท, 70.00 %, 1.047, 12.500")]
    [',']
    """
    return [Edit(m.start(), m.end(), ",") for m in _POINT_FOR_COMMA.finditer(text)]


# ---------------------------------------------------------------------------------------------------
# ocr_dots

#: a dotted Thai abbreviation of single letters with spaces around its dots (``พ .ศ .``, ``ก. ก.``):
#: tesseract boxes each dot alone and the gap before it reads as a space
_DOTTED: Final = regex.compile(
    r"(?<![\u0E01-\u0E4E.])[\u0E01-\u0E2E][ \t]*\.(?:[ \t]*[\u0E01-\u0E2E][ \t]*\.)+(?![\u0E01-\u0E2E])"
)


#: a space between a Thai letter and the dot of an abbreviation (``สนค .ความสำเร็จ``, ``13.30 น .``):
#: Thai puts no space before a dot
_SPACE_DOT: Final = regex.compile(r"(?<=[\u0E01-\u0E2E\u0E30-\u0E3A\u0E47-\u0E4E])[ \t]+(?=\.(?!\.))")


def ocr_dots(text: str) -> list[Edit]:
    """Spaces inside a dotted abbreviation, and before an abbreviation's dot, removed (dates need
    ``พ.ศ.`` whole, a KPI header its ``สนค.``).

    >>> [e.new for e in ocr_dots("กันยายน พ .ศ . 2562, ก. ก. 5, ค.ศ., 3/สนค .ความ")]
    ['พ.ศ.', 'ก.ก.', '']
    """
    edits = []
    taken = []
    for m in _DOTTED.finditer(text):
        joined = regex.sub(r"[ \t]+", "", m.group(0))
        taken.append(m.span())
        if joined != m.group(0):
            edits.append(Edit(m.start(), m.end(), joined))
    for m in _SPACE_DOT.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            edits.append(Edit(m.start(), m.end(), ""))
    return sorted(edits, key=lambda e: e.start)


OCR_DOTS: Final = Step(
    FindingCode.OCR_DOTS, "spaces around the dots of an abbreviation removed (พ .ศ . → พ.ศ.)", ocr_dots
)
OCR_SPACES: Final = Step(
    FindingCode.OCR_SPACES, "spaces inside Thai words (an OCR's letter gaps) removed", ocr_spaces
)
OCR_TONES: Final = Step(
    FindingCode.OCR_TONES, "tone marks the OCR dropped over upper vowels and ำ (ที → ที่) put back", ocr_tones
)
OCR_AM: Final = Step(FindingCode.OCR_AM, "ำ the OCR read as า or ้า (น้า, จ้านวน) restored", ocr_am)
OCR_DIGITS: Final = Step(
    FindingCode.OCR_DIGITS, "a comma of a grouped number read as a point (1.020,000) put back", ocr_digits
)
OCR_VOCABULARY: Final = Step(
    FindingCode.OCR_VOCABULARY,
    "near misses of report words (labels, months, districts) corrected",
    ocr_vocabulary,
)

# ---------------------------------------------------------------------------------------------------
# ocr_specks

#: dust and edges of the sheet read as a lone quote, bar, point or comma standing apart at the start or
#: the end of a line (``| ที่ 1)``, ``งบประมาณที่ '``, ``. . โครงการ``); bullets (``-``, ``*``, ``:``) are
#: not specks
_SPECKS: Final = regex.compile(
    r"(?m)^(?:[ \t]*['\"`‘’“”|.,_~]{1,2}(?=[ \t]))+[ \t]*|(?:[ \t]+['\"`‘’“”|.,_~]{1,2})+[ \t]*$"
)


def ocr_specks(text: str) -> list[Edit]:
    """Specks standing apart at a line's start or end removed, with the space around them.

    >>> [(e.start, e.end) for e in ocr_specks("| ที่ 1) = 0 บาท\\nงบประมาณที่ '\\nเบิกใช้")]
    [(0, 2), (28, 30)]
    """
    return [Edit(m.start(), m.end(), "") for m in _SPECKS.finditer(text) if m.end() > m.start()]


OCR_SPECKS: Final = Step(
    FindingCode.OCR_SPECKS,
    "specks read as a lone quote, bar or point at a line's start or end removed",
    ocr_specks,
)

#: the OCR steps, in order (the caller puts them around the text-layer chain)
OCR_STEPS: Final[Sequence[Step]] = (
    OCR_SPECKS,
    OCR_DIGITS,
    OCR_DOTS,
    OCR_SPACES,
    OCR_TONES,
    OCR_AM,
    OCR_VOCABULARY,
)
