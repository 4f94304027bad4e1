"""The regular expressions of :mod:`parsers.thai.dates`, built from :mod:`parsers.thai.lexicon` tables.

Compiled once at import. Group names are the contract with the builders in ``dates.py``: ``d``/``m``/``y``
(day, month spelling, year; ``<y>_era`` is a ``พ.ศ.``/``ค.ศ.`` written before the year), ``d1``…``y2`` for
the two ends of a range, ``a``/``b`` for the two slash components, ``q`` for ``เดือน`` or a month
qualifier, ``time``/``hh``/``mi``/``hh2``/``mi2`` for a clock time after a date, ``ih``/``im`` for an ISO
clock. Digits are ``[0-9๐-๙]`` everywhere; spacing is horizontal only (a number ending one table cell is
not the day of a month name starting the next line), but for the year of a fiscal-year mention, which a
narrow page may push to the start of the next line (``ประจำปีงบประมาณ พ.ศ.⏎2564``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from parsers.thai import lexicon as lx
from parsers.thai.numbers import to_arabic


def _alt(words: Iterable[str]) -> str:
    # Longest first, so the alternation never stops at "ม.ค" when "ม.ค." is written.
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_D: Final = "[0-9๐-๙]"
_H: Final = "[ \\t\\u00a0\\u200b]"
_THAI: Final = "[\\u0e01-\\u0e4e]"
_MONTH: Final = _alt(lx.MONTH_BY_SPELLING)
_MONTH_FIRSTS: Final = "".join(sorted({s[0] for s in lx.MONTH_BY_SPELLING}))
# Without a day or "เดือน" in front only full and dotted names count: a clipped "มีนา"/"ก.ค" is too weak.
_BARE_SPELLINGS: Final = frozenset([m.full for m in lx.MONTHS] + [m.abbr for m in lx.MONTHS])
_ERA: Final = _alt((*lx.ERA_BE, *lx.ERA_CE))
_SEP: Final = rf"{_H}*(?:[-–—]|(?:จน)?ถึง){_H}*(?:วันที่{_H}*)?"
_TIME: Final = (
    rf"(?P<time>{_H}*,?{_H}*(?:เวลา{_H}*(?P<hh>{_D}{{1,2}})[.:](?P<mi>{_D}{{2}})(?!{_D})"
    rf"(?:{_H}*(?:น\.|นาฬิกา))?|(?P<hh2>{_D}{{1,2}})[.:](?P<mi2>{_D}{{2}}){_H}*(?:น\.|นาฬิกา)))?"
)


def _day(name: str) -> str:
    return rf"(?P<{name}>{_D}{_D}?)(?!{_D})"


def _month(name: str) -> str:
    # The look-ahead on first letters spares the engine ~50 failed alternatives after every number in a table.
    return rf"(?:เดือน{_H}*)?(?=[{_MONTH_FIRSTS}])(?P<{name}>{_MONTH})"


def _year(name: str, colon: bool = False, wrapped: bool = False) -> str:
    # A 2-digit number followed by a count unit is a count ("5 มกราคม 10 คน"), not a year.
    sep = rf"(?::{_H}*)?" if colon else ""
    # wrapped: the year may stand at the start of the next line ("ประจำปีงบประมาณ พ.ศ.⏎2564")
    gap = rf"{_H}*(?:\n{_H}*)?" if wrapped else rf"{_H}*"
    return (
        rf"(?:(?P<{name}_era>{_ERA}){gap})?{sep}(?P<{name}>{_D}{{4}}(?!{_D})"
        rf"|{_D}{{2}}(?!{_D})(?!{_H}*(?:{_alt(lx.COUNT_UNITS)})(?!{_THAI})))"
    )


SLASH: Final = re.compile(
    rf"(?P<a>{_D}{_D}?)/(?P<b>{_D}{{1,2}})/(?P<y>{_D}{{4}})"
    rf"(?![0-9๐-๙/])(?![.,:][0-9๐-๙]){_TIME}"
)
ISO: Final = re.compile(
    rf"(?P<y>{_D}{_D}{{3}})-(?P<mo>{_D}{{2}})-(?P<d>{_D}{{2}})"
    rf"(?:[T ](?P<ih>{_D}{{2}}):(?P<im>{_D}{{2}})(?::{_D}{{2}}(?:\.{_D}+)?)?)?"
    rf"(?![0-9๐-๙/-])(?![.:][0-9๐-๙]){_TIME}"
)
DMY: Final = re.compile(rf"{_day('d')}{_H}*{_month('m')}{_H}*{_year('y')}{_TIME}")
RANGE: Final = re.compile(
    rf"{_day('d1')}(?:{_H}*{_month('m1')}(?:{_H}*{_year('y1')})?)?{_SEP}"
    rf"{_day('d2')}{_H}*{_month('m2')}{_H}*{_year('y2')}{_TIME}"
)
# ``lead`` is "เดือน", a qualifier ("ช่วงกลางเดือน") or a bare month; the month after it is optional in the
# pattern and checked by the builder, because a literal-only first group lets the engine skip ahead fast.
MONTH_RANGE: Final = re.compile(
    rf"(?P<lead>{_alt(['เดือน', *_BARE_SPELLINGS])})(?:{_H}*(?P<m1>{_MONTH}))?(?:{_H}*{_year('y1')})?"
    rf"{_SEP}{_month('m2')}{_H}*{_year('y2')}"
)
MONTH_ONLY: Final = re.compile(
    rf"(?P<lead>{_alt([*lx.MONTH_QUALIFIERS, 'เดือน', *_BARE_SPELLINGS])})(?:{_H}*(?P<m>{_MONTH}))?"
    rf"{_H}*{_year('y')}"
)
FISCAL: Final = re.compile(
    rf"(?:{_alt(lx.FISCAL_YEAR_WORDS)}){_H}*(?:\n{_H}*)?{_year('y', colon=True, wrapped=True)}"
)
#: "ประจำปี พ.ศ. 2563": a year of the annual cycle, only with its era marker and four digits
ANNUAL: Final = re.compile(
    rf"(?:{_alt(lx.ANNUAL_YEAR_WORDS)}){_H}*(?P<y_era>{_alt(lx.ERA_BE)}){_H}*(?:\n{_H}*)?(?P<y>{_D}{{4}})(?!{_D})"
)
#: "พ.ศ. 2560", "(พ.ศ. 2560 – 2579)": a calendar year or a span of years, only with its era marker and
#: four digits (a bare "2566" may be an amount, a code or an order number)
ERA_YEAR: Final = re.compile(
    rf"(?P<y1_era>{_ERA}){_H}*(?:\n{_H}*)?(?P<y1>{_D}{{4}})(?!{_D})"
    rf"(?:{_H}*[-–—]{_H}*(?:(?P<y2_era>{_ERA}){_H}*)?(?P<y2>{_D}{{4}})(?![0-9๐-๙/.,:]))?"
)

# Looked up behind a day-based match: the head noun "วันที่" / "วันอังคารที่" joins the span.
HEAD_TAIL: Final = re.compile(rf"วัน(?:(?P<wd>{_alt(lx.WEEKDAY_BY_NAME)})(?:ที่)?|ที่){_H}*(?::{_H}*)?\Z")
DOCNO_TAIL: Final = re.compile(rf"(?:{_alt(lx.DOCUMENT_NUMBER_PREFIXES)}){_H}*\Z")
DIGIT_TAIL: Final = re.compile(rf"{_D}{_H}*\Z")

#: characters that, right before a match, make it the tail of a number, decimal, path or code
DAY_GLUE: Final = "0123456789๐๑๒๓๔๕๖๗๘๙.,/:"
ISO_GLUE: Final = "0123456789๐๑๒๓๔๕๖๗๘๙/.:-"

ABBR_SPELLINGS: Final = frozenset(s for m in lx.MONTHS for s in (m.abbr, m.abbr.rstrip(".")))
SHORT_SPELLINGS: Final = frozenset(s for m in lx.MONTHS for s in m.short)


# ---------------------------------------------------------------- the context of a match


def time_of(m: re.Match[str]) -> tuple[str | None, int]:
    """The clock time after a date, and where the reading ends (an impossible time is left outside)."""
    if m.group("time") is None:
        return None, m.end()
    hh, mi = m.group("hh") or m.group("hh2"), m.group("mi") or m.group("mi2")
    hour, minute = int(to_arabic(hh)), int(to_arabic(mi))
    if hour <= 23 and minute <= 59:
        return f"{hour:02d}:{minute:02d}", m.end()
    return None, m.start("time")


def head_of(text: str, start: int) -> tuple[int, int | None, bool]:
    """Start including a "วันที่"/"วัน<weekday>ที่" head noun, the written weekday, and whether one was found."""
    pre = HEAD_TAIL.search(text, max(0, start - 32), start)
    if pre is None:
        return start, None, False
    wd = pre.group("wd")
    return pre.start(), (lx.WEEKDAY_BY_NAME[wd] if wd else None), True


def glued(text: str, start: int, glue: str) -> bool:
    # A date is never the tail of a longer number, decimal, path or code ("3.15 มีนาคม", "1/25/01/2566").
    return start > 0 and text[start - 1] in glue


def in_link(text: str, start: int, end: int) -> bool:
    """The match lies inside a web or mail address (a date-like piece of a URL is no date)."""
    lo = max(0, start - 200)
    left = max(text.rfind(c, lo, start) for c in " \t\n")
    right = [i for i in (text.find(c, end, end + 200) for c in " \t\n") if i >= 0]
    token = text[max(left + 1, lo) : min(right, default=min(len(text), end + 200))]
    return "://" in token or "@" in token or "www." in token
