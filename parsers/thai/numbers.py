"""Numbers in Thai report text: values, percentages, counts with their unit, baht.

Spellings handled (DOMAIN.md §2):

* percentages: ``100 (ร้อยละ)``, ``ร้อยละ 93.40``, ``10.00 %``, ``ค่าเป้าหมาย ร้อยละ : 100``;
  a ``%`` with no number before it (``…โดยประยุกต์%``) is a truncation mark, not a percentage;
* counts: ``จำนวน 652 คน``, ``5,456 ความรู้สึก``, ``27⏎⏎โครงการ/กิจกรรม`` (number and unit may be
  separated by blank lines), unit kept as written, rates kept whole (``500 คน/โพสต์``);
* money: ``0 บาท``, ``1,250,000 บาท``, ``2.5 ล้านบาท`` (stored in baht);
* Thai digits in any of them (``๑,๐๔๗ คน``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import regex

from parsers.thai.lexicon import (
    COUNT_UNITS,
    CURRENCY_UNITS,
    MONTH_BY_SPELLING,
    PERCENT_WORD,
    QUALIFIER_UNITS,
    THAI_TO_ARABIC,
)
from schemas.enums import MetricKind

DIGIT = r"[0-9๐-๙]"
#: a number: thousands groups or plain digits, optional decimals; never glued to other digits,
#: a slash (dates, document numbers) or a dotted code (๕.๔.๑)
NUMBER = (
    rf"(?<![0-9๐-๙.,/])(?:{DIGIT}{{1,3}}(?:,{DIGIT}{{3}})+|{DIGIT}+)(?:\.{DIGIT}+)?(?![0-9๐-๙/]|\.{DIGIT})"
)

_UNIT_ALT = "|".join(regex.escape(u) for u in sorted(set(COUNT_UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_UNIT_ALT})(?:/(?:{_UNIT_ALT}|[ก-ฮ][\u0E01-\u0E4E]*))?"
_MONTH_ALT = "|".join(regex.escape(s) for s in sorted(MONTH_BY_SPELLING, key=len, reverse=True))
_CURRENCY_ALT = "|".join(regex.escape(u) for u in sorted(CURRENCY_UNITS, key=len, reverse=True))


def to_arabic(token: str) -> str:
    """Thai digits to Arabic digits, for a token a pattern has already matched.

    >>> to_arabic("๒๕๖๖")
    '2566'
    """
    return token.translate(THAI_TO_ARABIC)


def parse_number(token: str) -> float:
    """The value of a written number.

    >>> parse_number("5,456"), parse_number("๑๐๐.๐๐")
    (5456.0, 100.0)
    """
    return float(to_arabic(token).replace(",", "").strip())


@dataclass(frozen=True)
class FoundNumber:
    """A number with its unit, located in the searched text."""

    start: int
    end: int
    value: float
    unit: str
    kind: MetricKind


#: between a number and its unit or label: spaces, or one line break where a narrow page wrapped them
_GAP = r"[ \t]*(?:\n[ \t]*)?"
#: a number after a line break is not list numbering ("1. ", "2) ") starting the next line
_NOT_LISTED = r"(?![.)][ \t])"
_PERCENT_AFTER = regex.compile(rf"(?P<n>{NUMBER}){_GAP}(?:\((?:{PERCENT_WORD})\)|%)")
_PERCENT_BEFORE = regex.compile(
    rf"{PERCENT_WORD}{_GAP}:?[ \t]*(?P<n>{NUMBER}){_NOT_LISTED}(?![ \t]*(?:\({PERCENT_WORD}\)|%))"
)
_MONEY = regex.compile(rf"(?P<n>{NUMBER}){_GAP}(?P<u>{_CURRENCY_ALT})")
# Counts: the unit may sit on a later line (a wrapped export), but then it must be a whole word (followed
# by a space, a slash or the end) or, after a single line break, the first word of its line — see
# _unit_after_break: "0⏎⏎รายละเอียด" is not "0 ราย".
_COUNT = regex.compile(rf"(?P<n>{NUMBER})(?:[ \t]*(?P<u>{_UNIT})|(?P<gap>[ \t]*\n\s*)(?P<u>{_UNIT}))")
_WHOLE_WORD_AFTER = regex.compile(r"[\s,.)]|$")
# "จำนวน N <word>" names its unit even when the word is not in the lexicon: the first dictionary word
# after the number is taken as the unit (Thai writes no space between words).
_COUNTED = regex.compile(rf"จำนวน{_GAP}(?P<n>{NUMBER}){_NOT_LISTED}{_GAP}(?P<w>[ก-ฮ][\u0E01-\u0E4E]*)")
_ORDINAL_BEFORE = regex.compile(r"(?:ที่|ข้อ|ลำดับ)[ \t]*$")
# A year is not a count: "16 มีนาคม 2566⏎⏎รายงาน…", "พ.ศ. 2566 โครงการ…"
#: what makes the number after it a year: a month, an era, ปี; or the first year of a range (พ.ศ. 2565 - 2568)
_YEAR_BEFORE = regex.compile(
    rf"(?:(?:{_MONTH_ALT}|พ\.ศ\.?|ค\.ศ\.?|ปีงบประมาณ|ปี)[ \t:]*"
    r"|(?:พ\.ศ\.?|ค\.ศ\.?|ปีงบประมาณ|ปี)[ \t]*[0-9๐-๙]{4}[ \t]*[-–][ \t]*)$"
)
# Section numbers at the start of a line ("1.2 หน่วยงานที่รับผิดชอบ") are headings, not counts; a
# decimal a narrow page wrapped to the start of a line ("…เหลือ⏎349.17 ตันต่อวัน") is a count.
_HEADING_NUMBER = regex.compile(r"(?:^|\n)[ \t]*$")
#: the shape of a section number: short parts, the last of one digit, or three parts and more
#: (``1.2``, ``4.2.1``, ``6.10.2``), unlike a decimal (``1.50``, ``349.17``)
SECTION_NUMBER = r"[0-9๐-๙]{1,2}(?:(?:\.[0-9๐-๙]{1,2}){2,}|\.[0-9๐-๙])(?![0-9๐-๙])"
_SECTION_NUMBER = regex.compile(SECTION_NUMBER)
#: a number that a pattern starting with the number itself (_PERCENT_AFTER, _MONEY, _COUNT) may start
#: at: past spaces and line breaks, ``next`` is a percent sign, a bracket (``(ร้อยละ)``) or the first
#: letter of a currency or a count unit. One scan of the text finds these few places, where a scan per
#: pattern tried every character of the text three times. Of the numbers that start at one place,
#: only one ends before anything but a comma (between two ends the text is digits, commas and a
#: decimal point followed by a digit, which no number ends before), so the patterns' number is
#: this one, and ``next`` is where their unit starts.
_CURRENCY_FIRSTS = frozenset(u[0] for u in CURRENCY_UNITS)
_COUNT_FIRSTS = frozenset(u[0] for u in COUNT_UNITS)
_NUMBER_BEFORE_UNIT = regex.compile(
    rf"{NUMBER}(?=\s*(?P<next>[%(]|[{''.join(sorted(_CURRENCY_FIRSTS | _COUNT_FIRSTS))}]))"
)


def find_numbers(text: str) -> list[FoundNumber]:
    """Every percentage, amount of money and count in ``text``, in order, without overlaps.

    >>> [(n.value, n.unit) for n in find_numbers("มีสมาชิก จำนวน 5,456 คน คิดเป็นร้อยละ 93.40")]
    [(5456.0, 'คน'), (93.4, '%')]
    """
    found: list[FoundNumber] = []
    starts: list[int] = []  # the spans taken so far, sorted and never overlapping
    ends: list[int] = []

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_right(starts, a)
        return (i == 0 or ends[i - 1] <= a) and (i == len(starts) or b <= starts[i])

    def add(
        m: regex.Match[str], unit: str, kind: MetricKind, scale: float = 1.0, end: int | None = None
    ) -> None:
        end = m.end() if end is None else end
        if not free(m.start(), end):
            return
        before = text[max(0, m.start("n") - 24) : m.start("n")]
        if _ORDINAL_BEFORE.search(before) or _YEAR_BEFORE.search(before):
            return
        heading = _HEADING_NUMBER.search(before) and _SECTION_NUMBER.fullmatch(m.group("n"))
        if heading and kind is not MetricKind.PERCENT:
            return
        i = bisect.bisect_right(starts, m.start())
        starts.insert(i, m.start())
        ends.insert(i, end)
        value = parse_number(m.group("n")) * scale
        found.append(FoundNumber(m.start(), end, value, unit, kind))

    # A match of these patterns holds no other place a number starts (units and gaps have no digits),
    # so matching each where it may start finds what a scan of the whole text finds.
    percent_after: list[regex.Match[str]] = []
    money: list[regex.Match[str]] = []
    count: list[regex.Match[str]] = []
    for candidate in _NUMBER_BEFORE_UNIT.finditer(text):
        at, after = candidate.start(), candidate.group("next")
        if after in "%(":
            if m := _PERCENT_AFTER.match(text, at):
                percent_after.append(m)
            continue
        if after in _CURRENCY_FIRSTS and (m := _MONEY.match(text, at)):
            money.append(m)
        if after in _COUNT_FIRSTS and (m := _COUNT.match(text, at)):
            count.append(m)
    for m in percent_after:
        add(m, "%", MetricKind.PERCENT)
    for m in _PERCENT_BEFORE.finditer(text):
        add(m, "%", MetricKind.PERCENT)
    for m in money:
        add(m, "บาท", MetricKind.MONEY, 1_000_000.0 if m.group("u") == "ล้านบาท" else 1.0)
    for m in count:
        unit = m.group("u")
        if m.group("gap") and not _unit_after_break(text, m):
            continue
        add(m, unit, MetricKind.SCORE if unit == "คะแนน" else MetricKind.COUNT)
    for m in _COUNTED.finditer(text):
        unit = _first_word(m.group("w"))
        if unit:
            add(m, unit, MetricKind.COUNT, end=m.start("w") + len(unit))
    found.sort(key=lambda f: f.start)
    return found


def _unit_after_break(text: str, m: regex.Match[str]) -> bool:
    """A unit on the line after its number: a whole word, or after one line break (a wrap) the first
    dictionary word of the line (``1⏎ครั้งต่อปี`` is 1 ครั้ง; ``0⏎รายละเอียด`` is not 0 ราย)."""
    if _WHOLE_WORD_AFTER.match(text, m.end()):
        return True
    if m.group("gap").count("\n") > 1:
        return False
    return bool(_first_word(text[m.start("u") : m.start("u") + 40]) == m.group("u"))


def _first_word(thai: str) -> str:
    """The first word of a run of Thai letters: ``word_tokenize`` (newmm) over PyThaiNLP's default
    word list, read as a trie from the cache (PyThaiNLP would build its own in ~1 s a process)."""
    return _first_word_of(thai[:40])


@lru_cache(maxsize=4096)
def _first_word_of(thai: str) -> str:
    # remembered: the words after a document's numbers are the same few units and labels, again and
    # again (on generated reports, 16 different ones in 2,500 look-ups)
    from parsers.thai.segment import newmm  # imports PyThaiNLP: only text that needs it pays it
    from wordlists import word_trie

    words = newmm(thai, word_trie("pythainlp"))
    return words[0] if words else ""


#: brackets around a label's words are not the label's
_BRACKETS: Final = "()[]{}"
_QUALIFIER_UNITS: Final = frozenset(QUALIFIER_UNITS)


def _is_number(chunk: str) -> bool:
    return bool(chunk) and chunk.replace(",", "").replace(".", "", 1).isdigit()


_LABEL_NOISE = frozenset(
    {
        "จำนวน",
        "คิดเป็น",
        "คิดเป็นจำนวน",
        "จำนวนไม่น้อยกว่า",
        "ทั้งสิ้น",
        "รวม",
        "เป็น",
        "มี",
        "ได้แก่",
        "คือ",
        "-",
        "–",
        "•",
        "*",
        "=",
        ":",
    }
)


def label_before(text: str, start: int, max_chars: int = 40) -> str:
    """The phrase right before a number on its line, as its label (filler words dropped).

    Brackets at a chunk's edges are not the label's (``ขั้นตอน (`` is ``ขั้นตอน``). A number followed by its
    unit is part of the phrase, not the end of it: ``ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง จำนวน 1,139 จุด``
    labels the 1,139 with the whole qualifier, never with the previous number's unit alone (ชั่วโมง).

    >>> label_before("ปัจจุบันมีสมาชิก จำนวน 652 คน", 23)
    'ปัจจุบันมีสมาชิก'
    >>> label_before("ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง จำนวน 1,139 จุด", 39)
    'ซ่อมแซมแล้วเสร็จภายใน 72 ชั่วโมง'
    >>> label_before("กำหนดขั้นตอน (3 ขั้น)", 14)
    'กำหนดขั้นตอน'
    """
    # the line, but no further back than a label can reach: a number on a line of megabytes must not
    # scan the whole line (the first chunk may be cut; a label never reaches it)
    window = max(0, start - 25 * max_chars)
    line = text[max(window, text.rfind("\n", window, start) + 1) : start]
    chunks = [c for c in (c.strip(_BRACKETS) for c in line.split()) if c and c not in _LABEL_NOISE]
    while chunks and (chunks[-1].endswith(":") or chunks[-1].rstrip(".").isdigit()):
        chunks.pop()
    label: list[str] = []
    i = len(chunks) - 1
    while i >= 0:
        chunk = chunks[i]
        if any(map(str.isdigit, chunk)):  # an earlier value: the label does not reach past it
            break
        if label and len(chunk) + sum(len(c) + 1 for c in label) > max_chars:
            break
        # a "number unit" right before the value qualifies it; further back it is an earlier value
        qualifier = chunk in _QUALIFIER_UNITS and i > 0 and _is_number(chunks[i - 1])
        if qualifier and label:
            break
        if qualifier and i > 1 and not any(map(str.isdigit, chunks[i - 2])):
            # "within 72 hours": the number, its unit and the words before them are one phrase
            label[:0] = chunks[i - 1 : i + 1]
            i -= 2
            continue
        if qualifier:
            break  # the previous value's unit, with nothing before it: not a label
        label.insert(0, chunk)
        if len(chunk) >= 12:  # one full Thai phrase is label enough
            break
        i -= 1
    return " ".join(label)
