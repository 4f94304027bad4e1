"""Thai date expressions of BMA progress reports, read into :class:`DateReading` values.

A small explicit rule set, not ``pythainlp.util.thai_strptime`` (maps numeric months 10–12 to January, no
``/``) nor ``dateparser`` (no Buddhist Era, drops ``29/2/2563``, invents dates from ``ที่ 1/2564``); see
DOMAIN.md §4. Every Thai word in the patterns comes from :mod:`parsers.thai.lexicon`.

Families (``DateReading.family``):

* ``slash_dmy`` — ``28/10/2563``, ``30/5/2564``, ``๒๕/๐๑/๒๕๖๖``: read day/month (the order of a BE year).
* ``slash_mdy`` — ``1/31/2021``: read month/day (the order of a CE year, a US-locale spreadsheet cell).
* ``iso`` — ``2023-10-01``, ``2023-10-01 00:00:00``.
* ``thai_month`` — ``25 มกราคม 2565``, ``วันอังคารที่ 31 มกราคม 2566``, ``30สิงหาคม 2564``, ``พ.ศ.`` allowed.
* ``thai_month_abbr`` — ``7 ม.ค.64``, ``18 เม.ย. 2566``; ``thai_month_short`` — ``1 มกรา 2564``.
* ``month_only`` — ``เดือนมิถุนายน 2564``, ``ช่วงกลางเดือนเมษายน 2564``, ``เมษายน 2564`` (kind MONTH).
* ``range`` — ``1 – 9 เมษายน 2564``, ``1 เมษายน – 30สิงหาคม 2564``: the start inherits month and year from
  the end (a start month after the end month means the previous year).
* ``month_range`` — ``เดือนเมษายน – มิถุนายน 2564``, ``ต.ค. 63 - ธ.ค. 63`` (kind RANGE, whole months).
* ``fiscal_year`` — ``ปีงบประมาณ พ.ศ. 2564``, ``ปีงบประมาณ พ.ศ. : 2566``, ``ปีงบประมาณ 2566``, and a year of
  the annual cycle with its era (``แผนปฏิบัติราชการประจำปี พ.ศ. 2563``); a mention without a year
  (``ปลายปีงบประมาณ``, ``แต่ละปีงบประมาณ``) is no date, nor is a bare ``ประจำปี 2563``.
* ``era_year`` / ``era_year_range`` — ``พ.ศ. 2560``, ``(พ.ศ. 2560 – 2579)``, ``ค.ศ. 2017`` (kind YEAR:
  1 January of the first year to 31 December of the last); only with the era marker: a bare ``2566`` is
  no year.

Flags: ``ambiguous_order`` (both slash orders are calendar dates; the era reading was taken, the other is in
``alternatives``), ``order_against_era`` (only the order the era does not use is a calendar date),
``invalid_date`` (no such calendar day: value None), ``weekday_mismatch``,
``two_digit_year`` (``64`` read as BE 2564), ``era_marker_mismatch`` (``พ.ศ. 2021``), ``range_reversed``,
``early_month`` / ``mid_month`` / ``late_month`` (a month qualifier such as ``ช่วงกลางเดือน``).

Eras: a 4-digit year >= 2300 is BE, 1800–2299 is CE, anything else is no date; a 2-digit year (only after a
Thai month or a fiscal-year word) is BE 25yy. BE is converted before a ``date`` is built, so ``29/2/2563``
is 2020-02-29. Not read: 2-digit slash years (``30/09/64``: BE or CE?), ``25-01-2566``/``25.01.2566``,
a day and month without a year (``8 กุมภาพันธ์``), slash-date ranges (read as two days).

Not dates (DOMAIN §1.5): ``N/YYYY`` numbers, codes, section numbers, ratios, clock times and durations
never match a family; a slash date right after a document-number word (``ที่ 12/3/2564``, but not
``วันที่``), a date glued to a longer number, decimal or path (``1/25/01/2566``), one inside a URL or
e-mail token, and a 2-digit "year" followed by a count unit (``5 มกราคม 10 คน``) are rejected.

Span: ``start``/``end`` cover the head noun of the expression and what follows it, never the preposition:
``ลงวันที่ 6 มกราคม 2564`` spans ``วันที่ 6 มกราคม 2564``, ``ในวันอังคารที่ 31 มกราคม 2566`` spans
``วันอังคารที่ …``, ``ตั้งแต่ช่วงกลางเดือนเมษายน 2564`` spans ``ช่วงกลางเดือนเมษายน 2564``,
``ประจำปีงบประมาณ พ.ศ. 2564`` spans ``ปีงบประมาณ พ.ศ. 2564``. A clock time that follows
(``เวลา 10.00 น.``, ``10:00 น.``, the ISO clock) is inside the span; an ISO midnight (``00:00:00``) is how
a spreadsheet prints a date cell, so it gives no ``time``. Tokens never cross a line break.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, NamedTuple

from parsers.thai import date_patterns as pt
from parsers.thai import lexicon as lx
from parsers.thai.fiscal import (
    be_to_ce,
    ce_to_be,
    fiscal_quarter,
    fiscal_year_be,
    fiscal_year_window,
    month_window,
    quarter_window,
)
from parsers.thai.numbers import to_arabic as to_arabic_digits
from schemas.enums import DateKind

__all__ = ["DateReading", "find_dates", "parse_date_expression", "to_arabic_digits"]
__all__ += ["be_to_ce", "ce_to_be", "fiscal_quarter", "fiscal_year_be", "fiscal_year_window"]
__all__ += ["month_window", "quarter_window"]


@dataclass(frozen=True)
class DateReading:
    """One date expression found in a text (see the module docstring for families, flags and span)."""

    start: int
    end: int
    raw: str
    kind: DateKind
    family: str
    value: date | None  # the day; first day of a month / range / fiscal year; None if no such day
    value_end: date | None  # last day of month / range / fiscal year; None for a DAY
    time: str | None  # "10:00"
    fiscal_year_be: int | None
    weekday: int | None  # weekday written in front, Monday = 0
    alternatives: tuple[date, ...]  # the other calendar-valid slash reading
    flags: tuple[str, ...]


# ---------------------------------------------------------------- helpers


class _Year(NamedTuple):
    ce: int
    be: bool  # written in the Buddhist Era
    flags: tuple[str, ...]


def _year_of(m: re.Match[str], name: str) -> _Year | None:
    raw = m.group(name)
    n = int(to_arabic_digits(raw))
    era = m.group(f"{name}_era") if f"{name}_era" in m.re.groupindex else None
    if len(raw) == 2:
        ce, be, flags = be_to_ce(2500 + n), True, ["two_digit_year"]
    elif n >= 2300:
        ce, be, flags = be_to_ce(n), True, []
    elif n >= 1800:
        ce, be, flags = n, False, []
    else:
        return None
    if era is not None and (era in lx.ERA_BE) != be:
        flags.append("era_marker_mismatch")
    return _Year(ce, be, tuple(flags))


def _int(m: re.Match[str], name: str) -> int:
    return int(to_arabic_digits(m.group(name)))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_family(spelling: str) -> str:
    if spelling in pt.ABBR_SPELLINGS:
        return "thai_month_abbr"
    return "thai_month_short" if spelling in pt.SHORT_SPELLINGS else "thai_month"


def _make(
    text: str,
    span: tuple[int, int],
    kind: DateKind,
    family: str,
    value: date | None,
    value_end: date | None = None,
    *,
    time: str | None = None,
    fiscal_year: int | None = None,
    weekday: int | None = None,
    alternatives: tuple[date, ...] = (),
    flags: Iterable[str] = (),
) -> DateReading:
    fl = list(flags)
    if (value is None or (kind is not DateKind.DAY and value_end is None)) and "invalid_date" not in fl:
        fl.append("invalid_date")
    if weekday is not None and value is not None and value.weekday() != weekday:
        fl.append("weekday_mismatch")
    extra = (time, fiscal_year, weekday, alternatives, tuple(fl))
    return DateReading(span[0], span[1], text[span[0] : span[1]], kind, family, value, value_end, *extra)


# ---------------------------------------------------------------- one builder per family


def _build_slash(m: re.Match[str], text: str) -> DateReading | None:
    if pt.glued(text, m.start(), pt.DAY_GLUE):
        return None
    start, weekday, headed = pt.head_of(text, m.start())
    docno = not headed and pt.DOCNO_TAIL.search(text, max(0, start - 16), start) is not None
    if docno or pt.in_link(text, m.start(), m.end()):
        return None  # "ที่ 12/3/2564" is an order number, "…/25/01/2566/…" a path
    year = _year_of(m, "y")
    if year is None:
        return None
    a, b = _int(m, "a"), _int(m, "b")
    day_month, month_day = _safe_date(year.ce, b, a), _safe_date(year.ce, a, b)
    # The era decides the order (DOMAIN §1.3a): BE years come from Thai-locale D/M input, CE from M/D cells.
    era_first, other = (day_month, month_day) if year.be else (month_day, day_month)
    flags, dmy = list(year.flags), year.be
    alternatives: tuple[date, ...] = ()
    value = era_first or other
    if era_first is not None and other is not None and era_first != other:
        flags.append("ambiguous_order")
        alternatives = (other,)
    elif era_first is None and other is not None:
        flags.append("order_against_era")
        dmy = not year.be
    time, end = pt.time_of(m)
    reading = _make(
        text, (start, end), DateKind.DAY, "slash_dmy" if dmy else "slash_mdy", value,
        time=time, weekday=weekday, alternatives=alternatives, flags=flags,
    )  # fmt: skip
    # A written weekday is context too: "วันเสาร์ที่ 3/4/2021" can only be Saturday 3 April.
    fits = [d for d in (value, *alternatives) if d is not None and d.weekday() == weekday]
    return choose_reading(reading, fits[0]) if alternatives and len(fits) == 1 else reading


def _build_iso(m: re.Match[str], text: str) -> DateReading | None:
    year = _year_of(m, "y")
    if year is None or pt.glued(text, m.start(), pt.ISO_GLUE) or pt.in_link(text, m.start(), m.end()):
        return None
    value = _safe_date(year.ce, _int(m, "mo"), _int(m, "d"))
    time, end = pt.time_of(m)
    if time is None and m.group("ih") is not None:
        hour, minute = _int(m, "ih"), _int(m, "im")
        # A midnight stamp is how a spreadsheet prints a date cell, not a time of day.
        if (hour, minute) != (0, 0) and hour <= 23 and minute <= 59:
            time = f"{hour:02d}:{minute:02d}"
    return _make(text, (m.start(), end), DateKind.DAY, "iso", value, time=time, flags=year.flags)


def _build_dmy(m: re.Match[str], text: str) -> DateReading | None:
    year = _year_of(m, "y")
    if year is None or pt.glued(text, m.start(), pt.DAY_GLUE):
        return None
    start, weekday, _ = pt.head_of(text, m.start())
    value = _safe_date(year.ce, lx.MONTH_BY_SPELLING[m.group("m")], _int(m, "d"))
    time, end = pt.time_of(m)
    family, flags = _month_family(m.group("m")), year.flags
    return _make(text, (start, end), DateKind.DAY, family, value, time=time, weekday=weekday, flags=flags)


def _start_year(m: re.Match[str], end_year: _Year, first_month: int, last_month: int) -> _Year | None:
    if m.group("y1") is not None:
        return _year_of(m, "y1")
    # An inherited year steps back when the start month comes after the end month ("ธันวาคม – มกราคม 2565").
    return _Year(end_year.ce - (first_month > last_month), end_year.be, ())


def _build_range(m: re.Match[str], text: str) -> DateReading | None:
    end_year = _year_of(m, "y2")
    if end_year is None or pt.glued(text, m.start(), pt.DAY_GLUE):
        return None
    month2 = lx.MONTH_BY_SPELLING[m.group("m2")]
    month1 = lx.MONTH_BY_SPELLING[m.group("m1")] if m.group("m1") else month2
    start_year = _start_year(m, end_year, month1, month2)
    if start_year is None:
        return None
    start, weekday, _ = pt.head_of(text, m.start())
    first = _safe_date(start_year.ce, month1, _int(m, "d1"))
    last = _safe_date(end_year.ce, month2, _int(m, "d2"))
    flags = sorted({*start_year.flags, *end_year.flags})
    if first is not None and last is not None and first > last:
        flags.append("range_reversed")
    time, end = pt.time_of(m)
    return _make(
        text, (start, end), DateKind.RANGE, "range", first, last, time=time, weekday=weekday, flags=flags
    )


def _lead_month(m: re.Match[str], text: str, group: str) -> int | None:
    """The month of a ``lead``-started match: a bare month alone, or "เดือน"/a qualifier and then a month."""
    lead, after = m.group("lead"), m.group(group)
    if lead not in lx.MONTH_BY_SPELLING:
        return None if after is None else lx.MONTH_BY_SPELLING[after]
    # "100 มกราคม 2564" is not "January 2564": a bare month right after a number belongs to it.
    if after is not None or pt.DIGIT_TAIL.search(text, max(0, m.start() - 8), m.start()):
        return None
    return lx.MONTH_BY_SPELLING[lead]


def _build_month_range(m: re.Match[str], text: str) -> DateReading | None:
    end_year, month1 = _year_of(m, "y2"), _lead_month(m, text, "m1")
    if end_year is None or month1 is None:
        return None
    month2 = lx.MONTH_BY_SPELLING[m.group("m2")]
    start_year = _start_year(m, end_year, month1, month2)
    if start_year is None:
        return None
    first, last = month_window(start_year.ce, month1)[0], month_window(end_year.ce, month2)[1]
    flags = sorted({*start_year.flags, *end_year.flags}) + (["range_reversed"] if first > last else [])
    return _make(text, (m.start(), m.end()), DateKind.RANGE, "month_range", first, last, flags=flags)


def _build_month_only(m: re.Match[str], text: str) -> DateReading | None:
    month = _lead_month(m, text, "m")
    bare_short_year = m.group("m") is None and len(m.group("y")) == 2
    year = None if month is None or bare_short_year else _year_of(m, "y")
    if month is None or year is None:
        return None
    first, last = month_window(year.ce, month)
    qualifier = lx.MONTH_QUALIFIERS.get(m.group("lead"))
    flags = [*year.flags, *([f"{qualifier}_month"] if qualifier else [])]
    return _make(text, (m.start(), m.end()), DateKind.MONTH, "month_only", first, last, flags=flags)


def _build_fiscal(m: re.Match[str], text: str) -> DateReading | None:
    year = _year_of(m, "y")
    if year is None:
        return None
    # A CE-written year names the same Sept-ending year ("fiscal year 2021" = ปีงบประมาณ 2564).
    fy = ce_to_be(year.ce)
    first, last = fiscal_year_window(fy)
    return _make(
        text, (m.start(), m.end()), DateKind.FISCAL_YEAR, "fiscal_year", first, last,
        fiscal_year=fy, flags=year.flags,
    )  # fmt: skip


def _build_era_year(m: re.Match[str], text: str) -> DateReading | None:
    start = _year_of(m, "y1")
    end = start if m.group("y2") is None else _year_of(m, "y2")
    if start is None or end is None:
        return None
    flags = sorted({*start.flags, *end.flags}) + (["range_reversed"] if end.ce < start.ce else [])
    family = "era_year" if m.group("y2") is None else "era_year_range"
    first, last = date(start.ce, 1, 1), date(end.ce, 12, 31)
    return _make(text, (m.start(), m.end()), DateKind.YEAR, family, first, last, flags=flags)


_FAMILIES: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], DateReading | None]], ...]] = (
    (pt.SLASH, _build_slash),
    (pt.ISO, _build_iso),
    (pt.DMY, _build_dmy),
    (pt.RANGE, _build_range),
    (pt.MONTH_RANGE, _build_month_range),
    (pt.MONTH_ONLY, _build_month_only),
    (pt.FISCAL, _build_fiscal),
    (pt.ANNUAL, _build_fiscal),
    (pt.ERA_YEAR, _build_era_year),
)


# ---------------------------------------------------------------- public API


def find_dates(text: str) -> list[DateReading]:
    """Every date expression in ``text``, in text order, non-overlapping; traps are not dates.

    Where two readings overlap the longer one wins (a range over the day at its end, a day over the
    bare month inside it).

    >>> [(r.raw, r.value.isoformat()) for r in find_dates("ตามคำสั่ง ที่ 29/2566 ลงวันที่ 25 มกราคม 2565")]
    [('วันที่ 25 มกราคม 2565', '2022-01-25')]
    """
    candidates: list[DateReading] = []
    for pattern, build in _FAMILIES:
        match = pattern.search(text)
        while match is not None:
            reading = build(match, text)
            if reading is not None:
                candidates.append(reading)
            # A rejected candidate consumes nothing: a date starting inside it is still seen.
            match = pattern.search(text, match.end() if reading is not None else match.start() + 1)
    starts: list[int] = []
    chosen: list[DateReading] = []  # kept sorted by start; intervals never overlap
    for reading in sorted(candidates, key=lambda r: (r.start - r.end, r.start)):
        i = bisect.bisect_right(starts, reading.start)
        clash_before = i > 0 and chosen[i - 1].end > reading.start
        if clash_before or (i < len(chosen) and chosen[i].start < reading.end):
            continue
        starts.insert(i, reading.start)
        chosen.insert(i, reading)
    return chosen


def parse_date_expression(text: str) -> DateReading | None:
    """The date expression in a short string (the first one if there are several), or None.

    >>> r = parse_date_expression("วันพฤหัสบดีที่ 9 มีนาคม 2566 เวลา 10.00 น.")
    >>> r.value, r.time, r.weekday, r.flags
    (datetime.date(2023, 3, 9), '10:00', 3, ())
    """
    found = find_dates(text)
    return found[0] if found else None


def choose_reading(reading: DateReading, picked: date) -> DateReading:
    """``reading`` with ``picked`` as its value: the order flag dropped, the losing reading kept."""
    flags = [f for f in reading.flags if f not in ("ambiguous_order", "weekday_mismatch")]
    if reading.weekday is not None and picked.weekday() != reading.weekday:
        flags.append("weekday_mismatch")
    if picked == reading.value:
        return replace(reading, flags=tuple(flags))
    return replace(
        reading,
        value=picked,
        family="slash_mdy" if reading.family == "slash_dmy" else "slash_dmy",
        alternatives=tuple(d for d in (reading.value, *reading.alternatives) if d not in (None, picked)),
        flags=tuple(flags),
    )
