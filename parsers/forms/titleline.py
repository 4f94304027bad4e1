"""The title line of BMA web pages: ``[numbering] NAME : CODE``.

Real pages number their KPI and project names in many ways, and the numbering is not part of the name:
``8/สปท.NAME``, ``5.2 NAME``, ``(1) 1.1 NAME``, ``ตัวชี้วัดที่ 2 : (2.1) NAME``, ``มิติที่ 3 (3.2) NAME``,
``๑. NAME``, ``ปี 2564 ๒. NAME`` (a year: the page states its fiscal year) or none. The prefix is read
as a run of such pieces, so a new combination of known pieces needs no new code. The line is the last
one ending in `` : CODE`` before the form's first field; a name a narrow page wrapped over a few lines
is taken with its earlier lines, back to a blank line or page chrome.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.document.labels import THAI
from parsers.forms.fields import FieldContext, FieldSpec, Found, Missing, Outcome, Reader
from parsers.forms.values import Read, unwrap
from parsers.thai.numbers import to_arabic

_D = "[0-9๐-๙]"
#: `` : 0406-0772``, `` : 50240000-3561``, `` : 87`` at the end of the line
_CODE = rf"(?P<code>{_D}{{1,8}}(?:-{_D}{{2,6}})?)"
_CODE_AT_END = regex.compile(rf"[ \t]*[:：][ \t]*{_CODE}[ \t]*$")
#: the code alone on its line, the colon ending the line above (a narrow page wrapped it there)
_CODE_ALONE = regex.compile(rf"[ \t]*{_CODE}[ \t]*")
_COLON_AT_END = regex.compile(r"[ \t]*[:：][ \t]*$")
#: one piece of a title's numbering; pieces follow one another, each followed by spaces or nothing
_PIECE = (
    rf"(?:{_D}+/[ก-ฮ][ก-ฮ.]{{0,8}}\."  # 8/สปท.
    rf"|ตัวชี้วัดที่[ \t]*{_D}+(?:\.{_D}+)*[ \t]*[:：]?"  # ตัวชี้วัดที่ 2 :
    rf"|มิติที่[ \t]*{_D}+(?:\.{_D}+)*"  # มิติที่ 3
    rf"|ปี(?:งบประมาณ)?[ \t]*(?:พ\.[ \t]?ศ\.[ \t]*)?(?P<fy>{_D}{{4}})(?!{_D})"  # ปี 2564
    rf"|\({_D}+(?:\.{_D}+)*\)"  # (1) (2.1)
    rf"|{_D}+(?:\.{_D}+)+\.?(?![0-9๐-๙])"  # 5.2  1.1.
    rf"|{_D}+\.(?![0-9๐-๙])"  # ๑.  3.
    rf")"
)
_PREFIX = regex.compile(rf"(?:{_PIECE}[ \t]*)+")
_THAI_LETTERS = regex.compile(rf"[{THAI}]")
#: lines that end a title block going up: page chrome without Thai ("Back Home"), a banner, a heading
_NOT_TITLE = regex.compile(rf"^[^{THAI}]*$|^[ \t]*\*|รายละเอียดตัวชี้วัด[ \t]*$|ความคืบหน้าโครงการ/กิจกรรม")
#: how many lines above the code line a wrapped name may start
_MAX_WRAPPED = 3


@dataclass(frozen=True)
class TitleLine:
    title: Read
    code: Read
    fiscal_year: Read | None  # from a "ปี 2564" prefix


def find_title_line(text: str, start: int, end: int) -> TitleLine | None:
    """The last ``NAME : CODE`` line in ``text[start:end]`` whose name has Thai letters (the code may
    have been wrapped onto the next line: ``NAME :⏎0401-746``)."""
    lines = _lines(text, start, end)
    for i in range(len(lines) - 1, -1, -1):
        a, b = lines[i]
        m = _CODE_AT_END.search(text, a, b)
        colon = m.start() if m else b
        if m is None and i > 0 and (m := _CODE_ALONE.fullmatch(text, a, b)) is not None:
            i -= 1
            a, b = lines[i]
            above = _COLON_AT_END.search(text, a, b)
            colon = above.start() if above else -1
        if m is None or colon < 0 or not _ends_line(text, m.end()):
            continue
        first = i
        while first > 0 and i - first < _MAX_WRAPPED:
            pa, pb = lines[first - 1]
            line = text[pa:pb]
            if not line.strip() or "\f" in line or _NOT_TITLE.search(line) or _CODE_AT_END.search(line):
                break
            first -= 1
        found = _title(text, lines[first][0], colon, m)
        if found is not None:
            return found
    return None


def _ends_line(text: str, pos: int) -> bool:
    """Nothing but spaces between ``pos`` and the end of its line (a region may end inside a line)."""
    stop = text.find("\n", pos)
    return not text[pos : len(text) if stop < 0 else stop].strip()


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def _title(text: str, start: int, end: int, code: regex.Match[str]) -> TitleLine | None:
    name, fiscal_year = _name(text, start, end)
    if len(_THAI_LETTERS.findall(str(name.value))) < 3:
        return None
    value = code.group("code")
    return TitleLine(name, Read(to_arabic(value), None, code.start("code"), code.end("code")), fiscal_year)


def strip_numbering(text: str, start: int, end: int) -> Read:
    """The name written in ``text[start:end]`` without its numbering (``(1) 1.1 NAME`` → ``NAME``).

    >>> strip_numbering("(1) 1.1 ร้อยละของชาวกรุงเทพมหานคร", 0, 32).value
    'ร้อยละของชาวกรุงเทพมหานคร'
    """
    return _name(text, start, end)[0]


def _name(text: str, start: int, end: int) -> tuple[Read, Read | None]:
    """The name in ``text[start:end]`` (numbering stripped, lines unwrapped) and the fiscal year its
    numbering states (``ปี 2564 ๒. NAME``)."""
    while start < end and text[start] in " \t\n":
        start += 1
    prefix = _PREFIX.match(text, start, end)
    fiscal_year = None
    if prefix is not None:
        if prefix.group("fy"):
            fy = int(to_arabic(prefix.group("fy")))
            fiscal_year = Read(fy, None, prefix.start("fy"), prefix.end("fy"))
        start = prefix.end()
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return Read(unwrap(text[start:end]).strip(), None, start, end), fiscal_year


def title_readers(before: frozenset[str]) -> tuple[Reader, Reader, Reader]:
    """Readers of the title, the code and the fiscal year of a title line (the line is read once per
    document): the line is looked for above the first label of ``before``."""

    def line(ctx: FieldContext) -> TitleLine | None:
        if "title_line" not in ctx.memo:
            hits = ctx.hits()
            end = next((h.start for h in hits if h.key in before), hits[-1].start if hits else 0)
            ctx.memo["title_line"] = find_title_line(ctx.text, 0, end)
        found = ctx.memo["title_line"]
        assert found is None or isinstance(found, TitleLine)
        return found

    def title(ctx: FieldContext, spec: FieldSpec) -> Outcome:
        found = line(ctx)
        return Missing(_TRIED) if found is None else Found(found.title)

    def code(ctx: FieldContext, spec: FieldSpec) -> Outcome:
        found = line(ctx)
        return Missing(_TRIED) if found is None else Found(found.code)

    def year(ctx: FieldContext, spec: FieldSpec) -> Outcome:
        found = line(ctx)
        return Missing("") if found is None or found.fiscal_year is None else Found(found.fiscal_year)

    return title, code, year


_TRIED = "a line 'NAME : CODE' above the first field"
