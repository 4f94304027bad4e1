"""What a document of no known form states in the ways every Thai document does: its kind, title,
agency, number, its own date, and every ``label : value`` pair (see :mod:`parsers.forms.generic`).

Nothing here is required of a document, so nothing missing is a finding; and nothing is guessed: a date
is the document's own only when a date label stands right before it at the start of its line (or after
the document's number, as a memo writes ``ที่ กท 6101/1473 วันที่ 12 มิถุนายน 2566``), a heading is the
title only when no label names one. The vocabulary is a table (:mod:`parsers.thai.document_words`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

import regex

from parsers.document.doctext import DocText, Located
from parsers.document.labels import NUMBERING, spelling_pattern
from parsers.forms.values import unwrap
from parsers.thai.agencies import find_agencies
from parsers.thai.document_words import (
    AGENCY_FIELD_ENDS,
    DATE_LABELS,
    DOCUMENT_KINDS,
    MEMO_LABELS,
    ORGANISATION_WORDS,
)
from parsers.thai.numbers import find_numbers
from schemas.enums import DateKind

#: at most this many ``label : value`` pairs are kept of one document (a long list is a table, not fields)
MAX_PAIRS = 200
#: a heading longer than this is prose, not a title
MAX_HEADING = 150
#: a heading's line runs on to the next when it is at least this share of the head's longest line
WRAPPED_AT = 0.6
#: how many of a document's first lines are looked at for its kind and its heading
HEAD_LINES = 12

_THAI_LETTERS = regex.compile(r"[ก-ฮ]")
#: a ``label : value`` at a line start (after numbering or a bullet): a few words that are no number
_PAIR = regex.compile(
    rf"^[ \t]*(?:[-–•*][ \t]*)?(?:{NUMBERING}[ \t]+)?"
    r"(?P<label>[^\s:：=0-9๐-๙(\[][^\n:：=]{0,40}?)[ \t]*[:：][ \t]*(?P<value>[^\s:：][^\n]*)$",
    regex.MULTILINE,
)
#: what starts a line of its own, not a heading's continuation: numbering, a bullet, a memo's label
_STARTS_OTHER = regex.compile(rf"(?:{NUMBERING}[ \t]|[-–•*(\[]|(?:เรื่อง|เรียน|ที่|ส่วนราชการ|วันที่)[ \t])")
#: a further ``label :`` on a pair's line (``ชื่อ : นายสมศักดิ์  โทร : 0 4321 1234``): a word of no digits after
#: a space, a colon, then a value (not a web address's ``://``)
_INLINE_LABEL = regex.compile(
    r"(?<=[ \t])(?P<label>[^\s:：=0-9๐-๙/][^\s:：=]{0,29})[ \t]*[:：](?!//)[ \t]*(?=\S)"
)
_DIGIT = regex.compile(r"[0-9๐-๙]")
#: the document's number: ``ที่ กท 6101/1473`` at a line start
_NUMBER = regex.compile(r"^[ \t]*ที่[ \t]+(?P<no>[^\n]*?[0-9๐-๙]+[ \t]*/[ \t]*[0-9๐-๙.]+)", regex.MULTILINE)


@cache
def _date_label(spelling: str) -> regex.Pattern[str]:
    return regex.compile(spelling_pattern(spelling) + r"[ \t]*(?:[:：][ \t]*)?$")


@cache
def _memo_label(spellings: tuple[str, ...]) -> regex.Pattern[str]:
    alternatives = "|".join(spelling_pattern(s) for s in spellings)
    return regex.compile(
        rf"^[ \t]*(?:{alternatives})[ \t]*[:：]?[ \t]+(?P<value>[^\s:：][^\n]*)", regex.MULTILINE
    )


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def document_date(doc: DocText) -> Located[date] | None:
    """The document's own date: a day after one of :data:`DATE_LABELS`, the most trusted label first, then
    the first in the text. ``วันที่`` alone counts at a line start or after the document's number."""
    best: tuple[int, int, Located[date]] | None = None
    text = doc.text
    for reading in doc.dates:
        if reading.kind is not DateKind.DAY or reading.value is None:
            continue
        line = _line_start(text, reading.start)
        digit = _DIGIT.search(text, reading.start, reading.end)
        # a reading may begin with its own ``วันที่``: the label is what stands before its first digit
        before = text[line : reading.start if digit is None else digit.start()]
        for rank, spelling in enumerate(DATE_LABELS):
            m = _date_label(spelling).search(before)
            if m is None:
                continue
            lead = before[: m.start()]
            if lead.strip() and not _may_precede(spelling, lead):
                continue
            key = (rank, reading.start)
            if best is None or key < best[:2]:
                best = (rank, reading.start, Located(reading.value, reading.start, reading.end))
            break
    return None if best is None else best[2]


def _may_precede(spelling: str, lead: str) -> bool:
    """Whether ``lead``, the text before a date label on its line, leaves the date the document's own:
    the document's number before a bare ``วันที่``; any words, ended by a space, before the others."""
    if spelling == "วันที่":
        return _NUMBER.fullmatch(lead.rstrip()) is not None
    return lead[-1].isspace()


def document_number(text: str) -> Located[str] | None:
    """The document's number (``ที่ กท 6101/1473``), from its first lines."""
    m = _NUMBER.search(text, 0, _head_end(text))
    return None if m is None else Located(m.group("no").strip(), m.start("no"), m.end("no"))


def _head_end(text: str, lines: int = HEAD_LINES * 3) -> int:
    end = 0
    for _ in range(lines):
        nxt = text.find("\n", end)
        if nxt < 0:
            return len(text)
        end = nxt + 1
    return end


def memo_fields(text: str) -> dict[str, Located[str]]:
    """The memo labels at the start of a line in the document's head (``เรื่อง``, ``ส่วนราชการ`` …), the
    first of each: the rest of its line."""
    found: dict[str, Located[str]] = {}
    head = _head_end(text)
    for key, spellings in MEMO_LABELS:
        m = _memo_label(spellings).search(text, 0, head)
        if m is not None:
            value = m.group("value").rstrip()
            found[key] = Located(value, m.start("value"), m.start("value") + len(value))
    return found


def agency_of_field(text: str, field: Located[str]) -> Located[str] | None:
    """The agency a ``ส่วนราชการ`` field names: the one BMA agency it names, by its canonical name, else
    the field up to a telephone number or an address when it starts like an organisation's name; None
    when it names none (a table's heading ``หน่วยงาน …``)."""
    names = {m.name for m in find_agencies(text, field.start, field.end)}
    if len(names) == 1:
        first = next(find_agencies(text, field.start, field.end))
        return Located(first.name, first.start, first.end)
    value = field.value
    for word in AGENCY_FIELD_ENDS:
        at = value.find(word)
        if at > 0:
            value = value[:at]
    value = value.rstrip(" \t.,")
    if not value.startswith(ORGANISATION_WORDS):
        return None
    return Located(value, field.start, field.start + len(value))


def document_kind(text: str) -> Located[str] | None:
    """The kind of document its first line names (``บันทึกข้อความ``, ``ประกาศ…``)."""
    for line_start, line in _first_lines(text):
        stripped = line.strip()
        for kind in DOCUMENT_KINDS:
            if stripped.startswith(kind):
                at = line_start + line.index(kind)
                return Located(kind, at, at + len(kind))
        return None
    return None


def issuer(text: str) -> Located[str] | None:
    """The agency a notice or an order names after its kind on its first line (``ประกาศเทศบาลตำบลพอกน้อย``,
    ``คำสั่งสำนักงานเขตบางนา``): the BMA agency by its canonical name, else as written when it starts like
    an organisation's name."""
    kind = document_kind(text)
    if kind is None:
        return None
    line_end = text.find("\n", kind.end)
    line_end = len(text) if line_end < 0 else line_end
    start = kind.end
    while start < line_end and text[start] in " \t":
        start += 1
    return agency_of_field(text, Located(text[start:line_end].rstrip(), start, line_end))


def first_heading(text: str, continued: bool = True) -> Located[str] | None:
    """The first line of the document's head that reads as a heading: Thai words, not too long, not a
    ``label : value`` line, a date or a number alone; a line naming only the kind of document is passed
    over. The lines right below it belong to it while the line above ran to the margin (a heading a
    narrow page wrapped), up to a blank line, a label, numbering, a bullet or a value, as long as it stays
    a heading's length; not when ``continued`` is False (a page whose wraps were joined from where its
    lines were drawn: a line below the heading is then a line of its own)."""
    lines = _first_lines(text, blank=True)
    # the margin the head's lines of words run up to (a run of symbols or an address is no line of words)
    margin = max(
        (
            len(line.rstrip())
            for _, line in lines
            if len(_THAI_LETTERS.findall(line)) >= 3 and len(line.strip()) <= MAX_HEADING
        ),
        default=0,
    )
    for i, (line_start, line) in enumerate(lines):
        stripped = line.strip()
        if len(_THAI_LETTERS.findall(stripped)) < 3 or len(stripped) > MAX_HEADING:
            continue
        if _PAIR.fullmatch(stripped) or stripped in DOCUMENT_KINDS:
            continue
        start = line_start + line.index(stripped)
        end = start + len(stripped)
        for next_start, following in lines[i + 1 :] if continued else ():
            if len(text[_line_start(text, end) : end]) < WRAPPED_AT * margin:
                break  # the line above ended before the margin: its writer ended it
            more = following.strip()
            if not more or _STARTS_OTHER.match(more) or _PAIR.fullmatch(more):
                break
            if find_numbers(more):
                break  # a line that states a value (ร้อยละ 70.00, 5 คน) is no heading's
            if next_start + len(following.rstrip()) - start > MAX_HEADING:
                break
            end = next_start + len(following.rstrip())
        return Located(unwrap(text[start:end]), start, end)
    return None


def _first_lines(text: str, blank: bool = False) -> list[tuple[int, str]]:
    """The first :data:`HEAD_LINES` lines with words, and (``blank``) the blank lines between them."""
    out: list[tuple[int, str]] = []
    pos = 0
    words = 0
    while pos < len(text) and words < HEAD_LINES:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if line.strip() == "\f":
            break
        if line.strip():
            words += 1
            out.append((pos, line))
        elif blank:
            out.append((pos, line))
        pos = end + 1
    return out


def label_pairs(text: str, taken: Sequence[tuple[int, int]] = ()) -> list[tuple[str, Located[str]]]:
    """Every ``label : value`` of the text that starts a line (and those that follow it on the line:
    ``ชื่อ : … โทร : …``), the label as written with its spaces squeezed, the value to the end of its line
    or to the next such label; a value inside ``taken`` (read by a known label) is left out."""
    pairs: list[tuple[str, Located[str]]] = []
    for m in _PAIR.finditer(text):
        label_start, label_end = m.start("label"), m.end("label")
        pos = m.start("value")
        line_end = m.end("value")
        while pos < line_end and len(pairs) < MAX_PAIRS:
            stop = _INLINE_LABEL.search(text, pos, line_end)
            end = stop.start() if stop is not None else line_end
            value = text[pos:end].strip()
            if value and value not in {"-", "–"} and not any(a <= pos < b for a, b in taken):
                start = pos + (len(text[pos:end]) - len(text[pos:end].lstrip()))
                label = " ".join(text[label_start:label_end].split())
                pairs.append((label, Located(value, start, start + len(value))))
            if stop is None:
                break
            label_start, label_end = stop.span("label")
            pos = stop.end()
    return pairs
