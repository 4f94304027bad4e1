"""Repair of damaged Thai text layers (PDF exports): an ordered chain of small steps.

The steps run before the normalisation chain, on text-layer pages only, through the same
:class:`~parsers.thai.textmap.MappedText` machinery, so every repaired value keeps its raw string.

The first steps fix sequences that are never valid Thai, so they cannot harm clean text:
legacy-font private-use glyphs, U+FFFD inside a word, doubled marks, a space before a mark.
The last step is guided by the dictionary: in a page whose Thai reads badly (screened by
:mod:`parsers.textlayer`: a damage signature, or a sampled dictionary share below
:data:`REPAIR_BELOW`), a run of Thai letters that is not all dictionary words is tried with
``า``↔``ำ`` swaps (Excel 365 exports write ``า`` as ``ำ``; other producers lose ``ำ``) and with a tone
mark moved back to the syllable it left; an edit is kept only when it makes more of the run
dictionary words. Pages that already read well are never touched by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import regex

from parsers.thai.normalize import Step, regex_step
from parsers.thai.quality import segment, words
from parsers.thai.textmap import Edit

#: pages whose dictionary share is below this get the dictionary-guided step (see parsers.textlayer)
REPAIR_BELOW: Final = 0.97

#: Windows private-use glyph variants of Thai marks and letters (shifted marks, letters without their
#: descender), as legacy Thai fonts emit them, mapped back to the Unicode character they draw.
PUA_THAI: Final[dict[int, str]] = {
    0xF700: "\u0e10", 0xF70F: "\u0e0d",  # ฐ ญ without descender
    0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",  # vowels above, left
    # tones shifted down-left
    0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
    0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",  # tones down
    0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47",  # MAI HAN-AKAT, NIKHAHIT, MAITAIKHU left
    0xF713: "\u0e48", 0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c",  # tones left
    0xF718: "\u0e38", 0xF719: "\u0e39", 0xF71A: "\u0e3a",  # vowels below, down
}  # fmt: skip

THAI = r"\u0E01-\u0E4E"
MARK = (
    r"\u0E31\u0E33\u0E34-\u0E3A\u0E47-\u0E4E"  # combining marks, and SARA AM which also never starts a word
)
TONE = "\u0e48\u0e49\u0e4a\u0e4b"
ABOVE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
BELOW = "\u0e38\u0e39"


def _pua(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), PUA_THAI[ord(m.group(0))]) for m in regex.finditer(r"[\uF700-\uF71A]", text)
    ]


_RUN = regex.compile(rf"[{THAI}]+")


def _thai_chars_in_words(run: str) -> int:
    vocabulary = words()
    return sum(len(w) for w in segment(run) if w in vocabulary)


def _is_consonant(ch: str) -> bool:
    return "\u0e01" <= ch <= "\u0e2e"


def _variants(run: str) -> Iterator[str]:
    """Single edits worth trying on a run that does not read as Thai words."""
    for i, ch in enumerate(run):
        if ch == "\u0e33":
            yield run[:i] + "\u0e32" + run[i + 1 :]
        elif ch == "\u0e32":
            yield run[:i] + "\u0e33" + run[i + 1 :]
        if ch in ABOVE + BELOW + TONE and i >= 2 and _is_consonant(run[i - 1]):
            # marks that slid one consonant to the right ("เงนอิ" for "เงินอ", "ผอู้" for "ผู้อ"):
            # put the whole cluster of marks back after the consonant before
            end = i
            while end < len(run) and run[end] in ABOVE + BELOW + TONE + "\u0e4c":
                end += 1
            yield run[: i - 1] + run[i:end] + run[i - 1] + run[end:]
            if end > i + 1:  # or only the first mark of the cluster
                yield run[: i - 1] + ch + run[i - 1] + run[i + 1 :]
        if ch in TONE and i >= 2 and i + 1 < len(run) and run[i + 1] in ABOVE:
            # "ผูร้ับ": the tone of ผู้ slid onto the next consonant, in front of its vowel
            if run[i - 2] in BELOW + ABOVE or _is_consonant(run[i - 2]):
                yield run[: i - 1] + ch + run[i - 1] + run[i + 1 :]
            yield run[:i] + run[i + 1] + ch + run[i + 2 :]


def best_reading(run: str, max_edits: int | None = None) -> str:
    """Greedy dictionary-guided repair of one run of Thai letters.

    >>> best_reading("สำนักงำน")
    'สำนักงาน'
    """
    score = _thai_chars_in_words(run)
    if max_edits is None:  # enough for every า/ำ and mark of the run to be fixed once
        max_edits = min(24, 2 + sum(ch in "\u0e32\u0e33" + ABOVE + BELOW + TONE for ch in run))
    for _ in range(max_edits):
        if score == len(run):
            break
        best, best_score = run, score
        for candidate in _variants(run):
            s = _thai_chars_in_words(candidate)
            if s > best_score:
                best, best_score = candidate, s
        if best == run:
            break
        run, score = best, best_score
    return run


def _dictionary_guided(text: str) -> list[Edit]:
    edits = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if len(run) < 2 or len(run) > 80 or _thai_chars_in_words(run) == len(run):
            continue
        fixed = best_reading(run)
        if fixed != run:
            edits.append(Edit(m.start(), m.end(), fixed))
    return edits


#: never-valid sequences: run on every text-layer page, before the normalisation chain
REPAIR_STEPS: tuple[Step, ...] = (
    Step("pua_glyphs", "private-use glyphs of legacy Thai fonts mapped back to Thai", _pua),
    Step(
        "fffd_in_word",
        "replacement characters (U+FFFD) inside Thai words removed",
        regex_step(rf"(?<=[{THAI}])\ufffd+(?=[{THAI}])", ""),
    ),
    Step(
        "space_before_mark",
        "spaces between a Thai letter and its mark removed (ส ำนัก → สำนัก)",
        regex_step(rf"(?<=[{THAI}])[ \t]+(?=[{MARK}])", ""),
    ),
    Step(
        "doubled_marks",
        "doubled vowels and marks collapsed (อุุดม → อุดม)",
        regex_step(rf"([{MARK}])\1+", lambda m: m.group(1)),
    ),
)

#: run after the normalisation chain (so ``ำา`` is already one ``ำ``), on pages that read badly
DICTIONARY_STEP = Step(
    "dictionary_repair", "า/ำ and displaced tone marks repaired where the dictionary says", _dictionary_guided
)


def text_layer_chain(steps: tuple[Step, ...], *, dictionary: bool = True) -> tuple[Step, ...]:
    """A PDF text layer's chain: repairs, the normalisation ``steps``, then (for a page that needs it)
    the dictionary step and NFC again. Without ``dictionary`` it is cheap: regular expressions only."""
    if not dictionary:
        return (*REPAIR_STEPS, *steps)
    nfc = next(step for step in steps if step.code == "nfc")
    return (*REPAIR_STEPS, *steps, DICTIONARY_STEP, nfc)
