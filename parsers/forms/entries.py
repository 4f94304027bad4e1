"""Splitting a stretch of text into dated entries ("28/10/2563 : text 30/11/2563 : text")."""

from __future__ import annotations

import regex

from parsers.document.doctext import DocText
from parsers.thai.dates import DateReading
from schemas.enums import DateKind

#: families an entry is stamped with; prose dates ("ลงวันที่ 6 มกราคม 2564") never start an entry
ENTRY_DATE_FAMILIES = frozenset({"slash_dmy", "slash_mdy", "iso"})

_LEAD_OK = regex.compile(r"(?:^|\n)[ \t\-–:/]*$")  # only bullets, colons or " / " before it on its line
#: the colon after an entry's date, maybe on the next line where a narrow page broke the line there
_COLON_AFTER = regex.compile(r"[ \t]*(?:\n[ \t]*)?:(?!:)")


def entry_dates(doc: DocText, start: int, end: int) -> list[DateReading]:
    """The document's dates in ``doc.text[start:end]`` that stamp an entry: at the start of a line (after
    bullets or a ``/`` separator), or followed by a colon as in flattened exports."""
    text = doc.text
    stamps = []
    for reading in doc.dates_within(start, end):
        if reading.kind is not DateKind.DAY or reading.family not in ENTRY_DATE_FAMILIES:
            continue
        a, b = reading.start, reading.end
        before = text[max(start, text.rfind("\n", 0, a) + 1) : a]
        lead_ok = bool(_LEAD_OK.search("\n" + before)) or before.rstrip().endswith(" /")
        if lead_ok or _COLON_AFTER.match(text, b):
            stamps.append(reading)
    return stamps


#: a leading ':' of an entry's text, and the " / " that separates packed entries
_LEAD_COLON = regex.compile(r"^[ \t]*:(?!:)[ \t]*")
_TRAILING_SLASH = regex.compile(r"[ \t]*/[ \t]*$")


def entry_body(text: str, start: int, end: int) -> str:
    """An entry's text: the lines stripped, blank lines and a leading ':' dropped."""
    body = text[start:end].strip()
    body = _LEAD_COLON.sub("", body)
    body = _TRAILING_SLASH.sub("", body)  # the " / " separator before the next packed entry
    lines = [line.strip() for line in body.split("\n")]
    return "\n".join(line for line in lines if line and line != "\f")
