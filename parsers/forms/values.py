"""A label's value: where it ends, how it is unwrapped, how it is read (text, number, year, date, code).

A value runs from its label to the next label of the form, a heading, a date stamp at a line start, a
blank line or a page break, whichever comes first, so a value a narrow page wrapped onto the next line
is read whole. It is then unwrapped: the line breaks inside it become nothing between two Thai letters
(Thai wraps between words it writes without spaces) and a space otherwise. Spans stay offsets of the
document's text, so every value keeps its page and raw string.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from parsers.document.labels import THAI, LabelHit
from parsers.thai.dates import parse_date_expression
from parsers.thai.lexicon import CURRENCY_UNITS, PERCENT_WORD
from parsers.thai.numbers import NUMBER, parse_number, to_arabic
from schemas.enums import DateKind

#: where a value ends besides the next label: a blank line, a page break, a dated entry starting a
#: line (``28/10/2563 : …``), a heading of bullets or stars (``*** สยป. …``)
VALUE_END = regex.compile(
    r"\n[ \t]*(?:\n|\f)|\f|\n[ \t]*(?:[-–•]+[ \t]*)?[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}|\n[ \t]*\*{2,}"
)
#: a line that starts with a label this form does not know ("ลักษณะข้อมูล : …", "น้ำหนัก : ร้อยละ 10"):
#: a few words and a colon, then a value that is not a number (a title line "NAME : 0401-746" is no label)
FOREIGN_LABEL = regex.compile(
    r"\n[ \t]*(?:[0-9๐-๙]+\.[ \t]*)?[^\s:：=0-9๐-๙][^\n:：=]{0,40}?[ \t]*[:：][ \t]*(?=[^\s0-9๐-๙])"
)
#: for documents whose labels are not known: a label-like ``word :`` inside a line, or a numbered line
LOOSE_END = regex.compile(
    # (a narrow page may break the label itself, or its line before or after the colon:
    # "… ชื่อ⏎ผู้รับผิดชอบการรายงาน : …", "… ผู้รับผิดชอบการรายงาน⏎: …")
    r"(?<=[ \t])[^\s:：=0-9๐-๙]{1,30}(?:\n[^\s:：=0-9๐-๙]{1,30})?[ \t]*(?:\n[ \t]*)?[:：][ \t]*(?:\n[ \t]*)?"
    r"(?=[^\s0-9๐-๙])"
    r"|\n[ \t]*[0-9๐-๙]+(?:\.[0-9๐-๙]+)*\.?[ \t]"
)
_WRAP = regex.compile(r"[ \t]*\n[ \t]*")
_THAI_LETTER = regex.compile(f"[{THAI}]")


@dataclass(frozen=True)
class Value:
    """The text after one label, up to where its value ends; ``start``/``end`` exclude the spaces
    around it."""

    hit: LabelHit
    start: int
    end: int
    raw: str

    @property
    def text(self) -> str:
        """The value unwrapped."""
        return unwrap(self.raw)


def value_of(text: str, hit: LabelHit, next_start: int, foreign: bool = True, loose: bool = False) -> Value:
    """The value of ``hit``, ending at ``next_start`` (the next label) or sooner: at :data:`VALUE_END`,
    with ``foreign`` at a line starting with an unknown label, with ``loose`` at :data:`LOOSE_END`."""
    end = next_start
    for pattern, used in ((VALUE_END, True), (FOREIGN_LABEL, foreign), (LOOSE_END, loose)):
        if used and (stop := pattern.search(text, hit.end, next_start)) is not None:
            end = min(end, stop.start())
    start = hit.end
    while start < end and text[start] in " \t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return Value(hit, start, end, text[start:end])


def unwrap(value: str) -> str:
    """A value a scan or a narrow page wrapped over lines, joined again: with nothing between two Thai
    letters (Thai wraps between words written without spaces), with a space otherwise.

    >>> unwrap("ร้อยละของเรื่องร้องเรียนและได้รับ\\nการแก้ไข (Traffy\\nFondue)")
    'ร้อยละของเรื่องร้องเรียนและได้รับการแก้ไข (Traffy Fondue)'
    """

    def join(m: regex.Match[str]) -> str:
        before, after = value[m.start() - 1 : m.start()], value[m.end() : m.end() + 1]
        thai = _THAI_LETTER.match(before) and _THAI_LETTER.match(after)
        return "" if thai else " "

    joined: str = _WRAP.sub(join, value)
    return joined


def unit_word(written: str | None) -> str:
    """``ร้อยละ`` and ``%`` are the percent unit ``%``; brackets are dropped (``()`` is no unit); any
    other unit word is kept as written.

    >>> unit_word("(ร้อยละ)"), unit_word("()"), unit_word("เล่ม")
    ('%', '', 'เล่ม')
    """
    word = (written or "").strip().strip("()").strip()
    return "%" if word in {PERCENT_WORD, "%"} else word


@dataclass(frozen=True)
class Read:
    """A value read, with the span it was read from (document offsets)."""

    value: str | float | int | date
    unit: str | None
    start: int
    end: int


#: a number at the start of a value, maybe after "ร้อยละ", maybe followed by its unit
_NUMBER_VALUE = regex.compile(
    rf"(?P<pre>{PERCENT_WORD}[ \t]*)?(?P<n>{NUMBER})"
    rf"(?:[ \t]*(?P<u>\([^()\n]{{1,20}}\)|%|{'|'.join(sorted(CURRENCY_UNITS, key=len, reverse=True))}"
    rf"|{PERCENT_WORD}))?"
)
#: OCR reads บาท as a few Latin letters ("625,000 uM") at the end of a value whose label makes it baht
_LATIN_UNIT = regex.compile(r"[ \t]*[A-Za-z]{1,3}[ \t]*$")
_YEAR = regex.compile(r"(?:พ\.[ \t]?ศ\.?[ \t]*)?\(?(?P<y>[0-9๐-๙]{4})\)?(?![0-9๐-๙])")
_ISO = regex.compile(r"(?P<d>[0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")
_CODE = regex.compile(r"[0-9๐-๙A-Za-z][0-9๐-๙A-Za-z\-/.]*[0-9๐-๙A-Za-z]|[0-9๐-๙]")


def read_text(value: Value) -> Read | None:
    """The value unwrapped; None when it is empty or a lone dash (``ประเด็นยุทธศาสตร์ : -``)."""
    text = value.text.strip().rstrip(":：").strip()
    if not text or text in {"-", "–", "—"}:
        return None
    return Read(text, None, value.start, value.end)


def read_number(value: Value) -> Read | None:
    """A number at the start of the value with its unit: written before the separator
    (``ค่าเป้าหมาย ร้อยละ : 100``), after the number (``100 (ร้อยละ)``, ``37.50 %``, ``625,000 บาท``) or
    before it (``ร้อยละ 93.40``). Text after the number (``20 ของประชาชนที่ทำการสำรวจ``) is a qualifier."""
    m = _NUMBER_VALUE.match(value.raw)
    if m is None:
        return None
    label = value.hit.label
    after = m.group("u") if label.unit_after or m.group("u") in {"%", "(ร้อยละ)"} else None
    written = after or (PERCENT_WORD if m.group("pre") else None) or value.hit.unit
    if written is None and not label.bare:
        return None
    end = m.end() if after else m.end("n")
    if after is None and label.unit_after and (latin := _LATIN_UNIT.match(value.raw, m.end("n"))):
        end = latin.end() if value.raw[latin.end() :].strip() == "" else end
    unit = label.unit if label.unit is not None else (unit_word(written) or None)
    return Read(parse_number(m.group("n")), unit, value.start + m.start("n"), value.start + end)


def read_year(value: Value) -> Read | None:
    """A Buddhist-Era year: ``2566``, ``พ.ศ. 2566``, ``(2564)``, in Arabic or Thai digits."""
    m = _YEAR.match(value.raw)
    if m is None:
        return None
    year = int(to_arabic(m.group("y")))
    if not 2400 <= year <= 2700:
        return None
    return Read(year, None, value.start + m.start("y"), value.start + m.end("y"))


def read_date(value: Value) -> Read | None:
    """A day: ISO (``2023-10-01 00:00:00``) or any Thai date of :mod:`parsers.thai.dates`."""
    m = _ISO.match(value.raw)
    if m is not None:
        try:
            return Read(date.fromisoformat(m.group("d")), None, value.start, value.start + m.end("d"))
        except ValueError:
            return None
    reading = parse_date_expression(value.raw.split("\n", 1)[0])
    if reading is None or reading.kind is not DateKind.DAY or reading.value is None:
        return None
    return Read(reading.value, None, value.start + reading.start, value.start + reading.end)


def read_code(value: Value) -> Read | None:
    """A code: digits and letters joined by ``-``, ``/`` or ``.`` (``50470000-3430``, ``0406-0772``)."""
    m = _CODE.match(value.raw)
    if m is None or not any(c.isdigit() for c in m.group(0)):
        return None
    return Read(to_arabic(m.group(0)), None, value.start, value.start + m.end())
