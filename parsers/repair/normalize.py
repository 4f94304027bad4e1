"""Normalisation of report text: an ordered chain of small, pure steps.

Each step finds edits in the current text; :class:`~parsers.text.textmap.MappedText` applies them and
keeps the way back to the raw text, so every value keeps its raw string. Each step that changed
something is reported as a :class:`Repair` (it becomes an ``info`` finding).

What the chain deliberately does NOT do:

* NFKC/NFKD — they decompose SARA AM (``ำ`` → ``ํา``); only NFC is applied.
* Thai digits are not converted here. ``100.00 %๕๖ประมาณที่เบิกใช้`` is the label ``งบประมาณ`` whose
  ``งบ`` became ``๕๖``; converting digits first would invent a number 56. Digits are converted only
  inside tokens a label or date pattern has already matched (:func:`parsers.thai.numbers.to_arabic`).
* Dashes are not rewritten; the patterns accept ``-``, ``–`` and ``—``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import regex

from parsers.text.textmap import Edit, MappedText
from parsers.thai.lexicon import MONTHS
from schemas.codes import FindingCode

THAI_CHAR = r"\u0E01-\u0E5B"


@dataclass(frozen=True)
class Repair:
    """One normalisation step that changed the text: how often, the first raw example, and the first
    change as the document has it (``before`` → ``after``, a few characters around it)."""

    code: FindingCode
    message: str
    count: int
    example: str
    before: str = ""
    after: str = ""


#: characters on each side of a change that its finding quotes
_AROUND = 12


def first_change(text: str, edit: Edit) -> tuple[str, str]:
    """The text around ``edit`` before and after it is made, line breaks shown as ⏎: what a finding quotes
    of the document (never a fixed example)."""
    lo, hi = max(0, edit.start - _AROUND), min(len(text), edit.end + _AROUND)
    # whole letters: a Thai vowel or tone mark stays with the consonant it sits on
    while lo > 0 and unicodedata.category(text[lo]) == "Mn":
        lo -= 1
    while hi < len(text) and unicodedata.category(text[hi]) == "Mn":
        hi += 1
    before = text[lo:hi]
    after = text[lo : edit.start] + edit.new + text[edit.end : hi]
    return before.replace("\n", "⏎"), after.replace("\n", "⏎")


@dataclass(frozen=True)
class Step:
    code: FindingCode
    message: str
    find: Callable[[str], list[Edit]]


def regex_step(
    pattern: str, repl: str | Callable[[regex.Match[str]], str], flags: int = 0, *, needles: str = ""
) -> Callable[[str], list[Edit]]:
    """The edits replacing each match of ``pattern`` by ``repl``; ``needles``: characters one of which
    every match holds, so that a text without any is not scanned (a look for one character is many
    times faster than the pattern's scan)."""
    compiled = regex.compile(pattern, flags)

    def find(text: str) -> list[Edit]:
        if needles and not any(ch in text for ch in needles):
            return []
        edits = []
        for m in compiled.finditer(text):
            new = repl if isinstance(repl, str) else repl(m)
            if new != m.group(0):
                edits.append(Edit(m.start(), m.end(), new))
        return edits

    return find


def _nfc(text: str) -> list[Edit]:
    # Per grapheme cluster, so a change maps back to exactly the characters it came from.
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in regex.finditer(r"\X", text):
        new = unicodedata.normalize("NFC", m.group(0))
        if new != m.group(0):
            edits.append(Edit(m.start(), m.end(), new))
    return edits


_BANNER = regex.compile(r"(?m)^[ \t]*\*{3,}[^\n]*\*{3,}[ \t]*\n?")


def _banner_matches(text: str) -> list[regex.Match[str]]:
    # a banner has its three asterisks: a page without them is not scanned
    return list(_BANNER.finditer(text)) if "***" in text else []


def banners(text: str) -> frozenset[str]:
    """The page-header banners (``**** แบบแสดงรายงาน… ****``) printed on a page."""
    return frozenset(m.group(0).strip() for m in _banner_matches(text))


def repeated_banners(earlier: frozenset[str] = frozenset()) -> Callable[[str], list[Edit]]:
    """Drop a banner printed again at a page break: inside the page, or already on an earlier page.

    Text exports run pages together, so the header comes again inside one page; a PDF prints it at the
    top of each page. Either way the copies after the first are page furniture, not report text.
    """

    def find(text: str) -> list[Edit]:
        seen = set(earlier)
        edits = []
        for m in _banner_matches(text):
            key = m.group(0).strip()
            if key in seen:
                edits.append(Edit(m.start(), m.end(), ""))
            seen.add(key)
        return edits

    return find


REPEATED_HEADER: Final = FindingCode.REPEATED_HEADER


def with_earlier_banners(steps: Sequence[Step], earlier: frozenset[str]) -> tuple[Step, ...]:
    """``steps`` with the banner step also dropping the banners of earlier pages of the document."""
    if not earlier:
        return tuple(steps)
    return tuple(
        Step(s.code, s.message, repeated_banners(earlier)) if s.code == REPEATED_HEADER else s for s in steps
    )


_LOST_QUOTES = regex.compile(rf"(?<![^\s(\[\"'“])\?([^\s?]*[{THAI_CHAR}][^\s?]*)\?(?=[\s)\].,:;]|$)")


def _lost_quotes(text: str) -> list[Edit]:
    """Only a *pair* of '?' around one Thai word: a lone '?' may be a real question mark."""
    edits = []
    for m in _LOST_QUOTES.finditer(text):
        edits.append(Edit(m.start(), m.start() + 1, "“"))
        edits.append(Edit(m.end() - 1, m.end(), "”"))
    return edits


_MONTH_NAMES = "|".join(
    regex.escape(s)
    for s in sorted({m.full for m in MONTHS} | {m.abbr for m in MONTHS}, key=len, reverse=True)
)

#: The chain, in order. Order matters: deletions that can bring characters together (invisible characters,
#: back-ticks) run before the SARA AM repairs, which run before any pattern that spells Thai words;
#: quote/dash repairs run before the trailing-bar cleanup so their context is intact.
STEPS: tuple[Step, ...] = (
    Step(
        FindingCode.INVISIBLE_CHARS,
        "zero-width characters removed, no-break spaces made plain spaces",
        regex_step(
            r"[\u200b\u200c\u200d\u2060\ufeff]|\u00a0",
            lambda m: " " if m.group(0) == "\u00a0" else "",
            needles="\u200b\u200c\u200d\u2060\ufeff\u00a0",
        ),
    ),
    Step(
        FindingCode.STRAY_BACKTICK,
        "stray back-ticks next to Thai text removed",
        regex_step(rf"(?<=[{THAI_CHAR}])`+|`+(?=[{THAI_CHAR}])", ""),
    ),
    Step(
        FindingCode.SARA_AM_SPLIT,
        "SARA AM written as NIKHAHIT + SARA AA joined",
        regex_step("\u0e4d\u0e32", "\u0e33"),
    ),
    Step(
        FindingCode.SARA_AM_AA,
        "SARA AM followed by a stray SARA AA repaired",
        regex_step("\u0e33\u0e32+", "\u0e33"),
    ),
    Step(FindingCode.LOST_QUOTES, "quotation marks lost as '?' restored", _lost_quotes),
    Step(
        FindingCode.LOST_DASH,
        "a dash lost as ' ? ' between a code and its title restored",
        regex_step(r"(?<=[0-9๐-๙]) \? (?=\S)", " – "),
    ),
    Step(
        FindingCode.TRAILING_BAR,
        "table-cell bars at line ends removed",
        regex_step(r"(?:[ \t]*\|)+[ \t]*(?=\n|$)", ""),
    ),
    Step(
        FindingCode.DIGIT_MONTH_SPACE,
        "a space put between a number and a Thai month name",
        regex_step(rf"(?<=[0-9๐-๙])(?={_MONTH_NAMES})", " "),
    ),
    Step(REPEATED_HEADER, "page header repeated inside the text dropped", repeated_banners()),
    # Last, so that marks brought together by an earlier deletion (a back-tick between two marks)
    # end up in canonical order too: the chain stays idempotent.
    Step(FindingCode.NFC, "text put in Unicode NFC form", _nfc),
)


@dataclass(frozen=True)
class Normalized:
    """A page's normalised text, the way back to its raw text, and what was repaired."""

    mapped: MappedText
    repairs: tuple[Repair, ...]

    @property
    def text(self) -> str:
        return self.mapped.text

    @property
    def raw(self) -> str:
        return self.mapped.raw


def normalize(raw: str, steps: Sequence[Step] = STEPS) -> Normalized:
    """Run the chain over one page of raw text.

    >>> normalize("ผู้ดำารงตำาแหน่ง").text
    'ผู้ดำรงตำแหน่ง'
    >>> normalize("(1 เมษายน – 30สิงหาคม 2564)").text
    '(1 เมษายน – 30 สิงหาคม 2564)'
    """
    mapped = MappedText.identity(raw)
    repairs = []
    for step in steps:
        edits = step.find(mapped.text)
        if not edits:
            continue
        first = edits[0]
        example = mapped.raw_slice(max(0, first.start - 12), min(len(mapped.text), first.end + 12))
        change = first_change(mapped.text, first)
        mapped = mapped.apply(edits)
        repairs.append(Repair(step.code, step.message, len(edits), example, *change))
    return Normalized(mapped, tuple(repairs))
