"""Thai combining marks: the character classes and the rules of how marks sit on a consonant.

Shared by the repair steps (:mod:`parsers.repair.chain`, :mod:`parsers.repair.late_marks`,
:mod:`parsers.repair.dictionary`).
"""

from __future__ import annotations

AA, AM, NIKHAHIT = "\u0e32", "\u0e33", "\u0e4d"
WS = " \t\n"
THAI = r"\u0E01-\u0E4E"
MARK = (
    r"\u0E31\u0E33\u0E34-\u0E3A\u0E47-\u0E4E"  # combining marks, and SARA AM which also never starts a word
)
TONE = "\u0e48\u0e49\u0e4a\u0e4b"
ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
BELOW = "\u0e38\u0e39\u0e3a"
SIGNS = "\u0e4c\u0e4d\u0e4e"  # THANTHAKHAT, NIKHAHIT, YAMAKKAN
MARKS = ABOVE + BELOW + TONE + SIGNS  # every combining mark (not SARA AM)
LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44"  # เ แ โ ใ ไ: written before their consonant


def is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def mark_rank(ch: str) -> int:
    """Order of marks on one consonant: vowel, tone, then the signs (ิ่ ุ้ ิ์ ้ํา)."""
    return 1 if ch in TONE else 2 if ch in SIGNS else 0


def mark_slot(ch: str) -> str:
    """The place a mark takes on its consonant: two marks of one place never share a consonant."""
    return "t" if ch in TONE else "s" if ch in SIGNS else "v"


def can_take(existing: str, marks: str) -> bool:
    places = [mark_slot(ch) for ch in existing + marks]
    return len(places) == len(set(places))


def merge_marks(existing: str, marks: str) -> str:
    return "".join(sorted(existing + marks, key=mark_rank))


#: whitespace a late mark left behind, kept as one of these until it is decided whether it goes
GAP_SPACE, GAP_LINE = "\x00", "\x01"
#: a space before า that may be the NIKHAHIT of a ำ (น้ ามัน): joined, or joined as ำ, or kept
GAP_AM = "\x02"
GAPS = GAP_SPACE + GAP_LINE + GAP_AM


def owner(s: str, i: int) -> int:
    """Index of the consonant whose marks end at ``s[i]`` (``i`` itself when it is a consonant), or -1."""
    while i >= 0 and s[i] in MARKS:
        i -= 1
    return i if i >= 0 and is_consonant(s[i]) else -1


def marks_after(s: str, c: int) -> int:
    """End of the marks that follow ``s[c]``."""
    end = c + 1
    while end < len(s) and s[end] in MARKS:
        end += 1
    return end


def fits(s: str, c: int, marks: str) -> bool:
    end = marks_after(s, c)
    if not can_take(s[c + 1 : end], marks):
        return False
    # NIKHAHIT only ever sits before SARA AA (ดํา is ดำ), perhaps across a gap a late mark left
    return NIKHAHIT not in marks or s[end:].lstrip(GAPS)[:1] == AA


def place(s: str, c: int, marks: str) -> str:
    """``s`` with ``marks`` added to the consonant at ``c``, in their order among the marks it has."""
    end = marks_after(s, c)
    rest = s[end:].lstrip(GAPS) if NIKHAHIT in marks else s[end:]
    return s[: c + 1] + merge_marks(s[c + 1 : end], marks) + rest
