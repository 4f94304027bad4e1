"""The performance-target tables of a budget document: each target, its unit and its fiscal year.

A target table heads its columns with years (``หน่วยนับ | ปีที่ผ่านมา | ปีปัจจุบัน | งบประมาณปี 2565 |
ปี 2566 | ปี 2567 | ปี 2568``), wrapped over two or three rows by the text layer; its rows state a target,
a unit and one value per year (``ตรวจคุณภาพน้ำในแหล่งน้ำสาธารณะ ครั้ง 4 4 4 4``). A value is given its year
only when the row has exactly as many values as the header names years: a row that does not line up is
left out rather than given the wrong year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from parsers.budget.lines import MONEY, RowText, row_text
from parsers.layout.rows import Row
from parsers.thai.budget_terms import (
    NIL_AMOUNT,
    TARGET_TABLE_TOTALS,
    TARGET_TABLE_UNIT_HEADER,
    YEAR_WORD,
)
from parsers.thai.numbers import parse_number, to_arabic

D = "[0-9๐-๙]"
_HEADER = regex.compile("|".join(regex.escape(w) for w in TARGET_TABLE_UNIT_HEADER))
_YEAR = regex.compile(rf"(?<![0-9๐-๙,.])(?:25|๒๕){D}{{2}}(?![0-9๐-๙,.])")
_YEAR_HEADING = regex.compile(rf"{regex.escape(YEAR_WORD)}[ \t]*(?:25|๒๕){D}{{2}}(?![0-9๐-๙,.])")
_NIL = "|".join(regex.escape(n) for n in NIL_AMOUNT)
_VALUE = rf"(?:{MONEY}|{_NIL})"
_TOTALS = regex.compile(rf"^[ \t]*(?:{'|'.join(regex.escape(t) for t in TARGET_TABLE_TOTALS)})")
#: how many rows below its unit header a table's years may still be written
HEADER_ROWS = 3
#: a table ends after this many rows that are neither targets nor wrapped labels
MAX_ROWS = 40


@dataclass(frozen=True)
class Target:
    """One value of a target row; spans in the document's text."""

    label: str
    unit: str
    value: float
    fiscal_year_be: int
    start: int
    end: int


def _header_years(doc_text: str, rows: Sequence[Row], at: int) -> tuple[list[int], int]:
    """The years a header starting at row ``at`` names (ascending: the columns run in time order) and
    the index of the first row below it."""
    years: set[int] = set()
    end = at
    for k in range(at, min(len(rows), at + HEADER_ROWS)):
        text = row_text(doc_text, rows[k]).text
        found = {int(to_arabic(m.group(0))) for m in _YEAR.finditer(text)}
        if k > at and _data_row(text, 1) is not None and not _years_only(text):
            break
        if k > at and not found:
            break
        years |= found
        end = k + 1
    return sorted(years), end


def _years_only(text: str) -> bool:
    """Whether every number of a row is a year, one at least after its year word (``ปี 2566 ปี 2567``,
    ``นับผ่านมา ปัจจุบันปี 2565``, ``2566 ปี 2567`` after a wrapped ``งบประมาณปี``): header cells drawn
    on a row of their own, which look like a target row whose value is the last year."""
    numbers = regex.findall(r"[0-9๐-๙][0-9๐-๙,.]*", text)
    return _YEAR_HEADING.search(text) is not None and len(numbers) == len(_YEAR.findall(text))


def _data_row(text: str, n: int) -> regex.Match[str] | None:
    """A target row with ``n`` values: label, unit word, values."""
    return _row_pattern(n).match(text)


@cache
def _row_pattern(n: int) -> regex.Pattern[str]:
    return regex.compile(
        rf"^[ \t]*(?P<label>\S.*?)[ \t]+(?P<unit>[^\s0-9๐-๙,.\-–]+)"
        rf"(?P<values>(?:[ \t]+{_VALUE}){{{n}}})[ \t]*$"
    )


def page_targets(doc_text: str, rows: Sequence[Row]) -> list[Target]:
    """Every target value of the target tables on a page."""
    out: list[Target] = []
    k = 0
    while k < len(rows):
        text = row_text(doc_text, rows[k]).text
        if _HEADER.search(text) is None or YEAR_WORD not in text:
            k += 1
            continue
        years, k = _header_years(doc_text, rows, k)
        if len(years) < 2:
            continue
        misses = 0
        while k < len(rows) and misses < MAX_ROWS:
            rt = row_text(doc_text, rows[k])
            if _HEADER.search(rt.text) is not None and YEAR_WORD in rt.text:
                break  # the next table
            if _TOTALS.match(rt.text):
                k += 1
                continue
            m = _data_row(rt.text, len(years))
            if m is None and k + 1 < len(rows):  # a row wrapped onto the next (``… 62,500`` ⏎ ``63,000``)
                joined = _joined(rt, row_text(doc_text, rows[k + 1]))
                m = _data_row(joined.text, len(years))
                if m is not None:
                    rt, k = joined, k + 1
            if m is None:
                misses += 1
                k += 1
                continue
            out.extend(_values(rt, m, years))
            k += 1
    return out


def _joined(first: RowText, second: RowText) -> RowText:
    """Two rows read as one, a space between them."""
    at = len(first.text) + 1
    return RowText(f"{first.text} {second.text}", (*first.pieces, *((at + a, d) for a, d in second.pieces)))


def _values(rt: RowText, m: regex.Match[str], years: list[int]) -> list[Target]:
    label, unit = m.group("label").strip(), m.group("unit")
    out = []
    values = list(regex.finditer(_VALUE, rt.text[m.start("values") : m.end("values")]))
    base = m.start("values")
    for value, year in zip(values, years, strict=True):
        raw = value.group(0)
        if not any(ch.isdigit() for ch in raw):
            continue  # a dash: no target that year
        start = rt.doc_offset(base + value.start())
        end = rt.doc_offset(base + value.end() - 1) + 1
        out.append(Target(label, unit, parse_number(raw), year, start, end))
    return out
