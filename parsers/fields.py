"""Label → value helpers shared by the form parsers."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from parsers.doctext import Located
from parsers.forms.base import LabelledValue
from parsers.thai.lexicon import PERCENT_WORD
from parsers.thai.numbers import NUMBER, parse_number

#: a label's dot padding and separator: "รหัสโครงการ... :", "หน่วยงานที่รับผิดชอบ. :", "= ", " :: "
SEP = r"\.*[ \t]*(?:::|:|=)[ \t]*"


def count_signals(text: str, signals: Sequence[regex.Pattern[str]]) -> int:
    """How many of a form's signature patterns occur in the text."""
    return sum(1 for s in signals if s.search(text))


def text_field(text: str, pattern: regex.Pattern[str], group: str = "v") -> Located[str] | None:
    """The first match's group, stripped, with its span; None when absent or empty."""
    m = pattern.search(text)
    if m is None or m.group(group) is None:
        return None
    value = m.group(group)
    start = m.start(group) + (len(value) - len(value.lstrip()))
    value = value.strip()
    if not value or value in {"-", "–"}:
        return None
    return Located(value, start, start + len(value))


_WRAP = regex.compile(r"[ \t]*\n[ \t]*")
_THAI = "\u0e01-\u0e4e"


def unwrap(value: str) -> str:
    """A value a scan or a narrow page wrapped over lines, joined again: with nothing between two Thai
    letters (Thai wraps between words written without spaces), with a space otherwise.

    >>> unwrap("ร้อยละของเรื่องร้องเรียนและได้รับ\nการแก้ไข (Traffy\nFondue)")
    'ร้อยละของเรื่องร้องเรียนและได้รับการแก้ไข (Traffy Fondue)'
    """

    def join(m: regex.Match[str]) -> str:
        before, after = value[m.start() - 1 : m.start()], value[m.end() : m.end() + 1]
        thai = regex.match(f"[{_THAI}]", before) and regex.match(f"[{_THAI}]", after)
        return "" if thai else " "

    joined: str = _WRAP.sub(join, value)
    return joined


def unit_word(written: str) -> str:
    """``ร้อยละ`` (and ``%``) are the percent unit ``%``; any other unit word is kept as written."""
    written = written.strip().strip("()").strip()
    return "%" if written in {PERCENT_WORD, "%"} else written


def number_field(
    text: str, pattern: regex.Pattern[str], label: str, unit: str | None = None
) -> LabelledValue | None:
    """A labelled number: the pattern has a group ``n`` (the number) and maybe ``u`` (its unit)."""
    m = pattern.search(text)
    if m is None:
        return None
    found_unit = unit if unit is not None else unit_word(m.group("u") or "")
    return LabelledValue(label, parse_number(m.group("n")), found_unit, m.start("n"), m.end())


__all__ = ["NUMBER", "SEP", "count_signals", "number_field", "text_field", "unit_word", "unwrap"]
