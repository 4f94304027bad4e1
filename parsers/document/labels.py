"""A form's labels as data: every spelling of a field's label, and how its value is written.

One :class:`LabelTable` per form is used both to recognise the form (:meth:`LabelTable.signals`) and to
read it (:meth:`LabelTable.hits`, then :mod:`parsers.forms.fields`), so detection and reading cannot drift
apart. A label is found where the text writes one of its spellings, not glued to a Thai word on its
left (``ตกลงค่าเป้าหมาย`` is prose, not the label ``ค่าเป้าหมาย``), followed by what the label allows:
dot padding, a unit word (``ค่าเป้าหมาย ร้อยละ :``, ``ค่าเป้าหมาย () :``), a separator (``:``, ``::``,
``=``, ``：``). All labels of a table are scanned at once, longest spelling first, so ``ผลงานที่ทำได้`` is
never taken for ``ผลงาน`` nor ``ค่าเป้าหมาย`` for ``เป้าหมาย``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import regex

from parsers.thai.lexicon import LABEL_UNITS

THAI = "\u0e01-\u0e4e"
#: a value's separator after its label: ":", "::", "=", the full-width colon; a narrow page may push a
#: single one to the start of the next line ("ชื่อตัวชี้วัด⏎: …")
SEPARATOR = r"(?:[ \t]*(?:::?|=|：)|[ \t]*\n[ \t]*(?:[:=：](?!:)))[ \t]*"
#: numbering before a label at the start of a line: "5. ", "(6.5) ", "1.2 ", "๓. "
NUMBERING = r"(?:\([0-9๐-๙]+(?:\.[0-9๐-๙]+)*\)|[0-9๐-๙]+(?:\.[0-9๐-๙]+)*\.?)"
#: bullets and markers a line may start with before its label: "- ", "* ", "*** ", ":: ", "• "
BULLETS = r"(?:[-–*•:|][ \t]*)*"
#: a unit word between a label and its separator: one word ("ร้อยละ", "เล่ม") or brackets ("()", "(ร้อยละ)")
_GLUED = "|".join(regex.escape(u) for u in sorted(set(LABEL_UNITS), key=len, reverse=True))
UNIT_BEFORE = (
    r"(?:[ \t]+(?P<unit>\([^()\n]{0,20}\)|[^\s:=：()0-9๐-๙.][^\s:=：().]{0,19})"
    rf"|(?P<unit>{_GLUED})(?=[ \t]*[:=：]))?"
)


class Sep(StrEnum):
    """Whether a separator follows the label."""

    REQUIRED = "required"  # ค่าเป้าหมาย ร้อยละ : 100
    OPTIONAL = "optional"  # ความคืบหน้าโครงการ ร้อยละ 95 — then the label must start a line
    NONE = "none"  # a heading: no value follows (รายงานผลฯ ไตรมาสที่ 1, ผลงานเทียบกับเป้าหมายรายไตรมาส)


@dataclass(frozen=True)
class Label:
    """One field's (or heading's) label as forms write it.

    >>> Label("target", ("ค่าเป้าหมาย",), unit_before=True).key
    'target'
    """

    key: str
    spellings: tuple[str, ...]
    unit_before: bool = False  # a unit word may stand between the label and its separator
    unit_after: bool = False  # a unit may follow the value: 100 (ร้อยละ), 37.50 %, 625,000 บาท
    bare: bool = True  # a value without any unit is read too
    sep: Sep = Sep.REQUIRED
    signal: bool = False  # its presence counts toward recognising the form
    line_start: bool = False  # only at the start of a line (after bullets and numbering)
    numbered: bool = True  # at a line start, numbering ("5. ", "(6.5) ") may precede it
    unit: str | None = None  # the unit the label implies whatever is written (budget: บาท)

    @property
    def tried(self) -> str:
        """The spellings, for a finding that says what was looked for."""
        return ", ".join(repr(s) for s in self.spellings)


def heading(key: str, *spellings: str, signal: bool = False) -> Label:
    """A heading: a label that starts its line and has no value of its own; it ends the value of the
    label before it (``ผลงานเทียบกับเป้าหมายรายไตรมาส``, ``รายงานผลฯ ไตรมาสที่``)."""
    return Label(key, spellings, sep=Sep.NONE, signal=signal, line_start=True)


@dataclass(frozen=True)
class LabelHit:
    """A label found in the text: ``start`` is where its line's numbering or its spelling begins,
    ``end`` where its value begins (after the separator)."""

    label: Label
    start: int
    end: int
    unit: str | None  # the unit word written between label and separator, as written

    @property
    def key(self) -> str:
        return self.label.key


def spelling_pattern(spelling: str) -> str:
    """A spelling as a pattern: a space may be any run of spaces or tabs (or one line break, where a
    narrow page wrapped a long label), and a dot may be followed by a space (``พ.ศ.`` / ``พ. ศ.``)."""
    parts = []
    for ch in spelling:
        if ch == " ":
            parts.append(r"[ \t]*(?:\n[ \t]*)?")
        elif ch == ".":
            parts.append(r"\.[ \t]?")
        else:
            parts.append(regex.escape(ch))
    return "".join(parts)


def wrappable(phrase: str) -> str:
    """A Thai phrase as a pattern that also matches it broken over two lines between any two letters
    (a narrow page breaks Thai between words, which Thai writes without spaces), or with a space an OCR
    put between two of its letters.

    >>> bool(regex.fullmatch(wrappable("ครั้งที่"), "ครั้ง\nที่"))
    True
    """
    parts = []
    for i, ch in enumerate(phrase):
        if i and not _MARK.match(ch):
            parts.append(r"[ \t]*(?:\n[ \t]*)?")
        parts.append(regex.escape(ch))
    return "".join(parts)


_MARK = regex.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


class LabelTable:
    """The labels of one form, scanned together."""

    def __init__(self, labels: Iterable[Label]) -> None:
        self.labels: tuple[Label, ...] = tuple(labels)
        #: the last scan (text, start, end, hits): a document is scanned by every form's table to detect
        #: its form, then by its form's again to read its fields, the same text end to end
        self._last: tuple[str, int, int, tuple[LabelHit, ...]] | None = None
        keys = [label.key for label in self.labels]
        duplicates = {k for k in keys if keys.count(k) > 1}
        if duplicates:
            raise ValueError(f"labels declared twice: {sorted(duplicates)}")
        self.by_key = {label.key: label for label in self.labels}
        owners: dict[str, str] = {}
        for label in self.labels:
            for spelling in label.spellings:
                other = owners.setdefault(_squeeze(spelling), label.key)
                if other != label.key:
                    raise ValueError(f"spelling {spelling!r} belongs to both {other!r} and {label.key!r}")

    def __getitem__(self, key: str) -> Label:
        return self.by_key[key]

    def compile(self) -> None:
        """Compile the table's patterns now (they are otherwise compiled on first use): the process
        pool's fork server does, once, for every worker forked from it."""
        for name in ("_scan", "_owner", "_tails", "_signal_anchors"):
            getattr(self, name)

    @cached_property
    def _scan(self) -> regex.Pattern[str]:
        spellings = sorted({s for label in self.labels for s in label.spellings}, key=lambda s: (-len(s), s))
        alternation = "|".join(spelling_pattern(s) for s in spellings)
        # ฯ (U+0E2F) may follow a label ("รายงานผลฯ", "ความก้าวหน้าของงานฯ"): it abbreviates, it does
        # not continue the word
        # nor does a known unit glued to it before its separator ("ผลงานที่ทำได้คะแนน :", an OCR's reading)
        glued = rf"(?:{_GLUED})[ \t]*[:=：]"
        # the look-ahead on first letters spares the engine the whole alternation at most positions
        firsts = regex.escape("".join(sorted({s[0] for s in spellings})))
        return regex.compile(rf"(?<![{THAI}])(?=[{firsts}])(?P<s>{alternation})(?!(?!ฯ|{glued})[{THAI}])")

    @cached_property
    def _owner(self) -> dict[str, Label]:
        return {_squeeze(s): label for label in self.labels for s in label.spellings}

    @cached_property
    def _tails(self) -> dict[str, regex.Pattern[str]]:
        tails = {}
        for label in self.labels:
            unit = UNIT_BEFORE if label.unit_before else ""
            sep = {Sep.REQUIRED: SEPARATOR, Sep.OPTIONAL: rf"(?:{SEPARATOR}|[ \t]+|(?=\n))", Sep.NONE: ""}[
                label.sep
            ]
            tails[label.key] = regex.compile(rf"[ \t]*\.*ฯ?{unit}\.*{sep}")
        return tails

    _LEAD = regex.compile(rf"(?:^|\n)[ \t]*{BULLETS}(?P<num>{NUMBERING}[ \t]*)?\Z")
    _LEAD_PLAIN = regex.compile(rf"(?:^|\n)[ \t]*{BULLETS}\Z")

    def hits(self, text: str, start: int = 0, end: int | None = None) -> list[LabelHit]:
        """Every label of the table in ``text[start:end]``, in order."""
        end = len(text) if end is None else end
        last = self._last  # one read: another thread may replace it (a Dask worker runs several)
        if last is not None and last[1] == start and last[2] == end and last[0] == text:
            return list(last[3])
        found = self._scan_hits(text, start, end)
        self._last = (text, start, end, tuple(found))
        return found

    def _scan_hits(self, text: str, start: int, end: int) -> list[LabelHit]:
        found: list[LabelHit] = []
        for m in self._scan.finditer(text, start, end):
            label = self._owner.get(_squeeze(m.group("s")))
            if label is None:
                continue
            tail = self._tails[label.key].match(text, m.end(), end)
            if tail is None:
                continue
            if label.sep is Sep.OPTIONAL and not (tail.group(0).strip() or _value_follows(text, tail.end())):
                continue
            lead = self._lead(text, m.start(), label.numbered)
            if (label.line_start or label.sep is not Sep.REQUIRED) and lead is None:
                continue
            begin = m.start() - len(lead.group(0)) + 1 if lead and lead.group("num") else m.start()
            unit = tail.group("unit") if label.unit_before else None
            found.append(LabelHit(label, max(begin, start), tail.end(), unit))
        return found

    def _lead(self, text: str, pos: int, numbered: bool) -> regex.Match[str] | None:
        """What stands between the start of the line and ``pos`` when it is only bullets and numbering
        (None otherwise). Looks back a few dozen characters at most: a label is never far into a line."""
        reach = max(0, pos - _LEAD_REACH)
        line_start = text.rfind("\n", reach, pos) + 1
        if line_start == 0 and reach > 0:
            return None
        return (self._LEAD if numbered else self._LEAD_PLAIN).search("\n" + text[line_start:pos])

    def signals(self, text: str) -> int:
        """How many distinct signal labels of the table the text carries (0 = not this form)."""
        if not any(anchor in text for anchor in self._signal_anchors):
            return 0  # no signal label can be there: the text is not scanned (half of detection's scans)
        return len({hit.key for hit in self.hits(text) if hit.label.signal})

    @cached_property
    def _signal_anchors(self) -> frozenset[str]:
        """Of each spelling of a signal label, its longest stretch without a space or a dot: the scan
        (:func:`spelling_pattern`) lets spaces, line breaks and a space after a dot vary, and nothing
        else, so a spelling is found only where that stretch stands in the text as it is."""
        return frozenset(
            max(regex.split(r"[ .]", spelling), key=len)
            for label in self.labels
            if label.signal
            for spelling in label.spellings
        )

    def tried(self, keys: Sequence[str]) -> str:
        return "; ".join(self.by_key[k].tried for k in keys if k in self.by_key)


def _value_follows(text: str, pos: int) -> bool:
    """After a label whose separator is optional, its value follows on the same line."""
    return bool(_VALUE_AHEAD.match(text, pos))


#: how far back from a label its line's start may be (bullets and numbering are short)
_LEAD_REACH = 40
_VALUE_AHEAD = regex.compile(r"[ \t]*[^\s]")


def _squeeze(spelling: str) -> str:
    """A spelling as matched, without the spaces and line breaks the pattern let in."""
    return "".join(spelling.split())
