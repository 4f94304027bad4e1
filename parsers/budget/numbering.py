"""The numbering grammar of a budget document's lines: what starts a line item, and how deep it sits.

A line item starts with one of: a programme word (``งาน: อำนวยการ…``, ``แผนงาน…``, ``ผลผลิต :``), dotted
numbering (``1.``, ``1.1``, ``2.1.3``, in Thai digits too: ``๑.``), a closing bracket (``1)``), brackets
(``(1)``), a budget code (``01101-2``, ``05109-11 (3)``), a commitment's total (``วงเงินทั้งสิ้น``) or one
of its year lines (``ปี 2563 ตั้งงบประมาณ``). Anything else is not an item (a description, a heading, a
wrapped label).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex

from parsers.thai.budget_terms import COMMITMENT_TOTAL, PROGRAMME_WORDS, YEAR_LINE_WORDS, YEAR_WORD
from parsers.thai.numbers import to_arabic

D = "[0-9๐-๙]"


class Style(StrEnum):
    """How a line item is numbered; the style decides where it sits in the tree."""

    PROGRAMME = "programme"  # งาน… / แผนงาน… / ผลผลิต : …, the top of a tree
    DOTTED = "dotted"  # 1. / 1.1 / 2.1.3: as deep as its parts
    CLOSE = "close"  # 1)
    PAREN = "paren"  # (1)
    CODE = "code"  # 01101-2, 05109-11 (3): a coded line item
    COMMITMENT = "commitment"  # วงเงินทั้งสิ้น: a multi-year commitment's total, not a part of its item
    YEAR = "year"  # ปี 2563 ตั้งงบประมาณ: one year of a commitment


@dataclass(frozen=True)
class Numbering:
    """What starts a line: its style, its number as written, its depth, where its label starts."""

    style: Style
    number: str | None  # as written ("1.1", "01101-2", "(3)"); None for programme, total and year lines
    depth: int  # dotted: how many parts (1.1 → 2); else 1
    label_at: int  # offset in the line where the label starts
    year_be: int | None = None  # a year line's year (the last of a range ปี 2561 - 2562)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_LEAD = r"^[ \t]*"
_PATTERNS: tuple[tuple[Style, regex.Pattern[str]], ...] = (
    (
        Style.CODE,
        regex.compile(rf"{_LEAD}(?P<n>{D}{{5}}-{D}{{1,2}}(?:[ \t]*\({D}{{1,3}}\))?)(?:[ \t]+|(?=[^\s0-9]))"),
    ),
    (
        Style.DOTTED,
        regex.compile(rf"{_LEAD}(?P<n>{D}{{1,2}}(?:\.{D}{{1,2}}){{0,4}}\.?)[ \t]*(?=[^\s0-9๐-๙.,)\-])"),
    ),
    (Style.CLOSE, regex.compile(rf"{_LEAD}(?P<n>{D}{{1,3}}\))[ \t]*(?=\S)")),
    (Style.PAREN, regex.compile(rf"{_LEAD}(?P<n>\({D}{{1,3}}\))[ \t]*(?=\S)")),
    (Style.COMMITMENT, regex.compile(rf"{_LEAD}(?={_alternation(COMMITMENT_TOTAL)})")),
    (
        Style.YEAR,
        regex.compile(
            rf"{_LEAD}(?={regex.escape(YEAR_WORD)}[ \t]*(?P<y>{D}{{4}})(?:[ \t]*[-–][ \t]*(?P<y2>{D}{{4}}))?"
            rf"[ \t]*(?:{_alternation(YEAR_LINE_WORDS)}))"
        ),
    ),
    (Style.PROGRAMME, regex.compile(rf"{_LEAD}(?=(?:{_alternation(PROGRAMME_WORDS)})[ \t]*:?)")),
)


def read_numbering(line: str) -> Numbering | None:
    """How ``line`` is numbered as a line item; None when it starts no item.

    >>> read_numbering("2.1.3 ค่าวัสดุ").depth
    3
    >>> read_numbering("01101-2 อัตราเดิม 10 อัตรา").number
    '01101-2'
    >>> read_numbering("2565 ปีปัจจุบัน") is None
    True
    """
    for style, pattern in _PATTERNS:
        m = pattern.match(line)
        if m is None:
            continue
        if style is Style.DOTTED:
            number = m.group("n")
            if "." not in number:  # a bare count ("100 102 104") is no numbering
                continue
            depth = len([part for part in number.split(".") if part])
            return Numbering(style, number, depth, m.end())
        if style is Style.YEAR:
            year = int(to_arabic(m.group("y2") or m.group("y")))
            return Numbering(style, None, 1, m.end(), year)
        number = m.group("n") if "n" in m.groupdict() and m.group("n") else None
        return Numbering(style, number, 1, m.end())
    return None
