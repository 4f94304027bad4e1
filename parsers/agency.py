"""The agency of a document whose form has no agency field, read from its text.

In order of trust (``documents.agency_source``):

* ``prefix`` — the ``N/abbr.`` numbering of a KPI title (``8/สปท.NAME : 0406-0772``), when the
  abbreviation is an established one (:mod:`parsers.thai.agency_table`);
* ``title`` — the one agency the title names (``…ที่สำนักงานเขตคลองเตยดำเนินการแล้วเสร็จ``);
* ``body`` — the agency the rest of the text names most often, not counting names in a list of
  several agencies (``สำนักปลัดกรุงเทพมหานคร สำนักงานเลขานุการสภากรุงเทพมหานคร และ…``) nor the
  agencies a report is sent to or works with (``ส่งให้สำนักงาน ก.ก.``, ``ร่วมกับสำนักงานเขต…``): they
  are other parties, not the one reporting.

Never a guess: two agencies named equally often, or only a district's name without its office word
(``ในพื้นที่เขตจตุจักร``), leave the agency null. (``field``, the most trusted, is the form's own
labelled field, read by the form.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from parsers.document.doctext import Located
from parsers.thai.agencies import AgencyMention, agency_of_abbreviation, find_agencies
from schemas.enums import Form

#: the forms without an agency field whose agency is looked for in the text
TEXT_AGENCY_FORMS = frozenset({Form.KPI_REPORT, Form.KPI_DETAIL, Form.BUDGET, Form.UNKNOWN})

#: ``8/สปท.`` at the end of what precedes a title on its line (numbering the title reader stripped)
_PREFIX = regex.compile(r"(?<![0-9๐-๙])[0-9๐-๙]+[ \t]*/[ \t]*(?P<abbr>[ก-ฮ][ก-ฮ.]{0,8}\.)[ \t]*$")
#: what may stand between two names of one list: spaces, commas, slashes, และ/หรือ
_LIST_GAP = regex.compile(r"[\s,/]*(?:และ|หรือ)?[\s,/]*")
#: a list of this many different agencies names many, not the one reporting
_LIST_MIN = 3
#: words right before a name that make it the addressee, the approver or a partner of the report's agency
_OTHER_PARTY = regex.compile(r"(?:ให้|ถึง|ยัง|ร่วมกับ|กับ|แจ้ง|เสนอ|ส่ง|จาก)[ \t\n]*$")
_OTHER_PARTY_LOOKBACK = 12
#: a unit of the agency written before it (``กับสำนักงานสวนสาธารณะ สำนักสิ่งแวดล้อม``; a space, a line
#: break or nothing between, where a wrapped line was joined back): the words before the unit decide
_UNIT_HEAD = regex.compile(r"สำนักงาน|กอง|ฝ่าย|ส่วน|ศูนย์")
_UNIT_REST = regex.compile(r"[^\s]+[ \t\n]*")
_UNIT_LOOKBACK = 40


@dataclass(frozen=True)
class AgencyFound:
    """An agency read from the text: its canonical name and the span it is written in, and how."""

    located: Located[str]
    source: str  # prefix | title | body


def agency_from_text(text: str, title: Located[str] | None) -> AgencyFound | None:
    """The agency ``text`` names, by the title's prefix, the title or the body (see the module)."""
    if title is not None:
        found = _from_prefix(text, title) or _from_title(text, title)
        if found is not None:
            return found
    return _from_body(text, title)


def _from_prefix(text: str, title: Located[str]) -> AgencyFound | None:
    line_start = text.rfind("\n", 0, title.start) + 1
    m = _PREFIX.search(text, line_start, title.start)
    if m is None:
        return None
    name = agency_of_abbreviation(m.group("abbr"))
    if name is None:
        return None
    return AgencyFound(Located(name, m.start("abbr"), m.end("abbr")), "prefix")


def _from_title(text: str, title: Located[str]) -> AgencyFound | None:
    mentions = list(find_agencies(text, title.start, title.end))
    if len({m.name for m in mentions}) != 1:
        return None
    first = mentions[0]
    return AgencyFound(Located(first.name, first.start, first.end), "title")


def _from_body(text: str, title: Located[str] | None) -> AgencyFound | None:
    mentions = [
        m for m in find_agencies(text) if title is None or m.end <= title.start or m.start >= title.end
    ]
    counted = [m for m in _outside_lists(text, mentions) if not _other_party(text, m)]
    ranking = Counter(m.name for m in counted).most_common(2)
    if not ranking or (len(ranking) == 2 and ranking[0][1] == ranking[1][1]):
        return None
    first = next(m for m in counted if m.name == ranking[0][0])
    return AgencyFound(Located(first.name, first.start, first.end), "body")


def _outside_lists(text: str, mentions: Sequence[AgencyMention]) -> list[AgencyMention]:
    """The mentions that are not in a run of names of at least :data:`_LIST_MIN` different agencies
    joined by nothing but spaces, commas, slashes and และ/หรือ."""
    kept: list[AgencyMention] = []
    run: list[AgencyMention] = []

    def close() -> None:
        if len({m.name for m in run}) < _LIST_MIN:
            kept.extend(run)
        run.clear()

    for m in mentions:
        if run and not _LIST_GAP.fullmatch(text, run[-1].end, m.start):
            close()
        run.append(m)
    close()
    return kept


def _other_party(text: str, mention: AgencyMention) -> bool:
    """The mention follows a word that makes it an addressee, approver or partner (``ส่งให้``,
    ``จาก``, ``ร่วมกับ``), itself or through a unit of it written before it."""
    anchor = mention.start
    units = [
        m.start()
        for m in _UNIT_HEAD.finditer(text, max(0, anchor - _UNIT_LOOKBACK), anchor)
        if _UNIT_REST.fullmatch(text, m.end(), anchor)
    ]
    if units:
        anchor = units[-1]
    return _OTHER_PARTY.search(text, max(0, anchor - _OTHER_PARTY_LOOKBACK), anchor) is not None
