"""Fonts whose text layer writes one character for another ("glyph maps that lie").

A font's map from glyphs to characters can be wrong for one glyph. In a Word export of a college plan
(ktltc_o4) one font writes the full stop as ``ศ``: ``พ.ศ. 2560`` reads ``พศศศ 2560``, ``4.1.2`` reads
``4ศ1ศ2``, while the other fonts of the same file write ``.`` correctly and the real letter is in
hundreds of words (``ศึกษา``, ``เศรษฐกิจ``). No page proves it alone; the whole document does.

Evidence
    Each target character (:data:`TARGETS`; only the full stop so far) has the kinds of place where it
    must stand: between digits (``12ศ50``, ``4ศ1ศ2``), closing a section number at a line start
    (``2ศ3ศ จุดมุ่งหมาย``), and the dots of an abbreviation of :data:`DOTTED` next to what it abbreviates
    (``พศศศ 2560``, ``7 มศคศ 2549``, ``10ศ30 นศ``). A Thai consonant is never Thai in these places: no
    word puts a consonant between two digits, or spells ``พกศก`` before a year.
The rule
    A consonant is a lie when it stands in at least :data:`MIN_COUNT` such places (``4ศ1ศ2`` is one)
    of at least :data:`MIN_KINDS` kinds, the same consonant for every dot of a place. One kind alone
    can be a code repeated down a table column (a room ``1ก2``, an item ``3ข``); a font that lies writes
    the wrong character wherever it is used, so the same consonant turns up in unrelated kinds of place.
    Measured: 205 places of 3 kinds in ktltc_o4; at most 2 places of one kind in any clean file.
The repair (:func:`lie_step`)
    The consonant becomes the true character in exactly those places and nowhere else: ``ศ`` in
    ``ศึกษา`` or in the degree ``ศศ.บ.`` stays, and so does an abbreviation the table does not know
    (``ปวชศ``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final, NamedTuple

import regex

from parsers.repair.normalize import Step
from parsers.text.textmap import Edit
from parsers.thai.lexicon import ERA_BE, ERA_CE, MONTHS
from parsers.thai.marks import LEADING
from schemas.codes import FindingCode

CODE: Final = FindingCode.LYING_GLYPH
MIN_COUNT: Final = 3
MIN_KINDS: Final = 2

#: the characters a lying glyph is looked for among: Thai consonants (ก–ฮ)
CONSONANTS: Final = "\u0e01-\u0e2e"
_THAI: Final = "\u0e01-\u0e4e"
_D: Final = "[0-9๐-๙]"
#: in the context patterns of :data:`DOTTED`, a full stop written either way
_DOT: Final = "<dot>"


@dataclass(frozen=True)
class Dotted:
    """Dotted abbreviations, as printed (``พ.ศ.``), and what stands before and/or after them where
    they abbreviate something (a year after ``พ.ศ.``); ``<dot>`` in a pattern is a full stop as written
    either way (``10ศ30 น.``)."""

    spellings: tuple[str, ...]
    before: str = ""
    after: str = ""


_MONTH_ABBRS: Final = tuple(m.abbr for m in MONTHS)
_DAY: Final = rf"(?<!{_D}){_D}{{1,2}}[ \t]*"

DOTTED: Final[tuple[Dotted, ...]] = (
    Dotted((*ERA_BE, *ERA_CE), after=rf"[ \t]*+(?::[ \t]*+)?\n?[ \t]*+{_D}{{4}}(?!{_D})"),  # พ.ศ. : 2566
    Dotted(_MONTH_ABBRS, before=_DAY),  # 7 ม.ค.
    Dotted(_MONTH_ABBRS, after=rf"[ \t]*{_D}{{2}}(?:{_D}{{2}})?(?!{_D})"),  # ม.ค.64
    Dotted(("น.",), before=rf"(?<!{_D}){_D}{{1,2}}(?:[.:]|{_DOT}){_D}{{2}}[ \t]*"),  # 10.30 น.
)


def _between_digits(x: str) -> str:
    # possessive, from the start of a run of digits only: linear on a page of 10⁵ digits
    return rf"(?<!{_D}){_D}++(?:(?P<c>{x}){_D}++)+"


def _section_number(x: str) -> str:
    return rf"^[ \t]*(?:{_D}{{1,3}}(?P<c>{x}))+(?=[ \t]|$|[{LEADING}])"


def _abbreviation(x: str) -> str:
    def spelled(s: str) -> str:
        return "".join(f"(?P<c>{x})" if ch == "." else regex.escape(ch) for ch in s)

    rows = []
    for row in DOTTED:
        alts = "|".join(spelled(s) for s in sorted(row.spellings, key=len, reverse=True))
        before, after = (p.replace(_DOT, f"(?P<ctx>{x})") for p in (row.before, row.after))
        rows.append(f"{before}(?:{alts})(?![{_THAI}]){after}")
    return "|".join(f"(?:{r})" for r in rows)


@dataclass(frozen=True)
class Target:
    """A character a font may write as a consonant, and the kinds of place where it must stand: each a
    pattern (of ``x``, the class of consonants looked for) whose groups ``c`` are the character."""

    true: str
    name: str
    kinds: tuple[tuple[str, Callable[[str], str]], ...]


_FULL_STOP_KINDS: Final = (
    ("between_digits", _between_digits),
    ("section_number", _section_number),
    ("abbreviation", _abbreviation),  # the dots of DOTTED; the costliest, last (see find_lies)
)
TARGETS: Final[tuple[Target, ...]] = (Target(".", "full stop", _FULL_STOP_KINDS),)


@dataclass(frozen=True)
class Evidence:
    """How often a lying character stands in one kind of place, and the first raw example."""

    kind: str
    count: int
    example: str


@dataclass(frozen=True)
class GlyphLie:
    """A character a document's font writes for another, and the evidence: in ktltc_o4, ``ศ`` for ``.``
    in 205 places (91 between digits, 75 closing section numbers, 39 abbreviations), the first
    ``พศศศ 2560``; the step then makes 308 edits (``4ศ1ศ2`` is one place, two edits)."""

    written: str
    true: str
    count: int
    example: str
    evidence: tuple[Evidence, ...]


class _Place(NamedTuple):
    kind: str
    written: str
    positions: tuple[int, ...]
    start: int
    raw: str


@cache
def _patterns(target: Target, x: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((kind, regex.compile(make(x), regex.MULTILINE)) for kind, make in target.kinds)


def _places(text: str, target: Target, letters: str) -> Iterator[_Place]:
    """Every place of ``text`` where one of ``letters`` (a class body) stands for ``target.true``."""
    for kind, pattern in _patterns(target, f"[{letters}]"):
        yield from _kind_places(text, kind, pattern)


def _kind_places(text: str, kind: str, pattern: regex.Pattern[str]) -> Iterator[_Place]:
    """The places of ``text`` of one kind (``pattern``, one of :func:`_patterns`)."""
    for m in pattern.finditer(text):
        context = m.captures("ctx") if "ctx" in pattern.groupindex else []
        written = {text[i] for i in m.starts("c")} | set(context)
        if len(written) == 1:  # one font, one lie: ``1ก2ข3`` is no full stop
            yield _Place(kind, written.pop(), tuple(m.starts("c")), m.start(), m.group(0).strip())


def _first_place(kinds: dict[str, list[tuple[int, int, str]]], order: dict[str, int]) -> tuple[int, int, int]:
    """Where the pages show a written character first, of its places by kind (each kind's in page
    order): page, the kind's rank, start."""
    return min((places[0][0], order[kind], places[0][1]) for kind, places in kinds.items())


def find_lies(pages: Sequence[str]) -> tuple[GlyphLie, ...]:
    """The characters a font of the document writes for another, from all its raw text-layer pages.

    >>> [(lie.written, lie.true, lie.count) for lie in find_lies(["1ศ2 ศึกษา 12ศ50\\n(พศศศ 2560)"])]
    [('ศ', '.', 3)]
    >>> find_lies(["1ศ2 ศึกษา 12ศ50 4ศ1ศ2"])  # one kind of place only
    ()
    """
    lies = []
    for target in TARGETS:
        found: dict[str, dict[str, list[tuple[int, int, str]]]] = {}  # written → kind → (page, start, raw)
        patterns = _patterns(target, f"[{CONSONANTS}]")
        order = {kind: k for k, (kind, _) in enumerate(patterns)}
        for k, (kind, pattern) in enumerate(patterns):
            # the kinds are looked for one at a time, over the whole document, the cheapest first:
            # once no consonant can be found in MIN_KINDS kinds any more, the rest are not looked for
            # (on a clean document the two cheap kinds find nothing, and the abbreviations, 0.13 ms a
            # page, three quarters of the search, are passed over)
            kinds_most = max(map(len, found.values()), default=0)
            if kinds_most + len(patterns) - k < MIN_KINDS:
                break
            for page_no, page in enumerate(pages):
                for place in _kind_places(page, kind, pattern):
                    at = (page_no, place.start, place.raw)
                    found.setdefault(place.written, {}).setdefault(kind, []).append(at)
        first = {written: _first_place(kinds, order) for written, kinds in found.items()}
        for written in sorted(found, key=first.__getitem__):  # in the order the pages show them
            kinds = found[written]
            count = sum(map(len, kinds.values()))
            if count >= MIN_COUNT and len(kinds) >= MIN_KINDS:
                evidence = tuple(
                    Evidence(kind, len(kinds[kind]), min(kinds[kind])[2])
                    for kind, _ in target.kinds
                    if kind in kinds
                )
                example = min(min(places) for places in kinds.values())[2]
                lies.append(GlyphLie(written, target.true, count, example, evidence))
    return tuple(lies)


def lie_step(lies: tuple[GlyphLie, ...]) -> Step | None:
    """The step that puts the true characters back where the evidence places them (None: no lies).

    >>> step = lie_step(find_lies(["1ศ2 ศึกษา 12ศ50\\n(พศศศ 2560)"]))
    >>> step is not None and step.find("ข้อ 2ศ5 ศึกษา")
    [Edit(start=5, end=6, new='.')]
    """
    if not lies:
        return None
    by_target = [
        (t, "".join(regex.escape(lie.written) for lie in lies if lie.true == t.true)) for t in TARGETS
    ]

    def find(text: str) -> list[Edit]:
        fixed: dict[int, str] = {}
        for target, letters in by_target:
            for place in _places(text, target, letters) if letters else ():
                fixed.update(dict.fromkeys(place.positions, target.true))
        return [Edit(i, i + 1, new) for i, new in sorted(fixed.items())]

    names = {t.true: t.name for t in TARGETS}
    said = []
    for lie in lies:  # the first example, and the first of another kind (พศศศ 2560, 2ศ1)
        examples = dict.fromkeys([lie.example, *(e.example for e in lie.evidence)])
        said.append(f"a font's {names[lie.true]} written as {lie.written} ({', '.join(list(examples)[:2])})")
    return Step(CODE, f"{'; '.join(said)} restored where the document shows it", find)
