"""BMA agency names found in text, and the abbreviations of KPI title prefixes, by the table of
:mod:`parsers.thai.agency_table`.

A name is matched whatever white space a report or a wrapped line put inside it
(``สำนักงาน ปกครองและทะเบียน``, ``สำนักงาน⏎ก.ก.``), with ``สนง.`` for ``สำนักงาน`` and ``กทม.`` for
``กรุงเทพมหานคร``, and always given back by its canonical name. A district office is matched only
with its office word (``สำนักงานเขตบางนา``, ``สนง.เขตบางนา``): ``เขตบางนา`` alone names the place
far more often than the office (``ในพื้นที่เขตบางนา``), and ``สำนักงานเขต`` without a district
names no one office (``ทั้ง 50 สำนักงานเขต``).

>>> [m.name for m in find_agencies("ตามคำสั่งสำนักงาน ก.ก. และ สนง.เขตบางนา")]
['สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร', 'สำนักงานเขตบางนา']
>>> agency_of_abbreviation("สปท.")
'สำนักงานปกครองและทะเบียน'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from parsers.thai.agency_table import DEPARTMENTS, DISTRICT_OFFICE_HEAD, DISTRICT_OFFICES
from parsers.thai.alternation import trie_alternation

_OFFICE = "สำนักงาน"
_OFFICE_SHORT = "สนง."
_BANGKOK = "กรุงเทพมหานคร"
_BANGKOK_SHORT = "กทม."
#: white space a name may hold (not a page break)
_SPACE = "[ \t\n]*"
#: what may follow a name and make it another organisation's (a provincial office of the same name)
_NOT_BMA_AFTER = "จังหวัด"


@dataclass(frozen=True)
class AgencyMention:
    """One agency named in a text: its canonical name and the span it is written in."""

    name: str
    start: int
    end: int


_WHITE = regex.compile(r"\s+")


def _squash(text: str) -> str:
    return str(_WHITE.sub("", text))


def _spellings(name: str) -> set[str]:
    """A name and its derived spellings (สนง. for สำนักงาน, กทม. for กรุงเทพมหานคร), without spaces."""
    out = {_squash(name)}
    for spelling in list(out):
        if spelling.endswith(_BANGKOK):
            out.add(spelling[: -len(_BANGKOK)] + _BANGKOK_SHORT)
    for spelling in list(out):
        if spelling.startswith(_OFFICE):
            out.add(_OFFICE_SHORT + spelling[len(_OFFICE) :])
    return out


@cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(canonical name by squashed spelling, canonical name by abbreviation)."""
    names: dict[str, str] = {}
    for district, _code in DISTRICT_OFFICES:
        canonical = DISTRICT_OFFICE_HEAD + district
        for spelling in _spellings(canonical):
            names[spelling] = canonical
    abbreviations: dict[str, str] = {}
    for canonical, abbrs, others in DEPARTMENTS:
        for written in (canonical, *others):
            for spelling in _spellings(written):
                names[spelling] = canonical
        for abbr in abbrs:
            abbreviations[abbr] = canonical
    return names, abbreviations


@cache
def _pattern() -> re.Pattern[str]:
    """Every spelling, longest first, with white space allowed between its letters (one trie of
    them: :mod:`parsers.thai.alternation`)."""
    names, _ = _table()
    # every spelling starts with สำนัก or สนง.: the look-ahead lets other positions fail at once
    return re.compile(rf"(?=สำนัก|สนง)(?:{trie_alternation(names, _SPACE)})(?!{_SPACE}{_NOT_BMA_AFTER})")


def find_agencies(text: str, start: int = 0, end: int | None = None) -> Iterator[AgencyMention]:
    """Every BMA agency named in ``text[start:end]``, in order, by its canonical name."""
    names, _ = _table()
    stop = len(text) if end is None else end
    if "สำนัก" not in text[start:stop] and _OFFICE_SHORT not in text[start:stop]:
        return
    for m in _pattern().finditer(text, start, stop):
        yield AgencyMention(names[_squash(m.group())], m.start(), m.end())


def agency_of_abbreviation(abbreviation: str) -> str | None:
    """The agency an established abbreviation names (``สปท.`` → สำนักงานปกครองและทะเบียน), else None."""
    return _table()[1].get(_squash(abbreviation))


def canonical_agency(name: str) -> str | None:
    """The canonical name of an agency written ``name`` as a whole (any spacing or known spelling)."""
    return _table()[0].get(_squash(name))
