"""Repair of damaged Thai text layers (PDF exports): an ordered chain of small steps.

The steps run before the normalisation chain, on text-layer pages only, through the same
:class:`~parsers.text.textmap.MappedText` machinery, so every repaired value keeps its raw string.

The first steps (:data:`REPAIR_STEPS`) fix sequences that are never valid Thai, so they cannot harm
clean text: legacy-font glyphs (private-use code points, and the Latin-1 letters ``É Ê Í`` that PSL
fonts map their shifted tone marks to), U+FFFD inside a word, doubled marks, a space before a mark.

The other steps are guided by the dictionary and run only on a page whose Thai reads badly (screened
by :mod:`parsers.repair.textlayer`: a damage signature, or a quality below :data:`REPAIR_BELOW`); see
:func:`text_layer_chain` for their order. Each is recorded under its own code (``late_marks``,
``spaced_am``, ``dictionary_repair``); they live in :mod:`parsers.repair.late_marks` and
:mod:`parsers.repair.dictionary`, and score readings with :mod:`parsers.repair.wordscore`.

Late marks (:data:`LATE_MARKS_STEP`)
    Some producers write a vowel or tone mark late: after the letters that follow it, as far as the
    place of the next mark or the end of a chunk of text; PDFium then puts spaces or a line break
    around it (``ลวงหน ่ าตามภารก ้ จ`` for ``ล่วงหน้าตามภารกิจ``, ``ผปู้ ่วย`` for ``ผู้ป่วย``). On a
    page with the signature (a mark after whitespace or a vowel, a mark with a space before ``า``),
    marks next to whitespace are put back, in order, each on the letter between the previous marks
    and its own place that reads best; then the whitespace they leave is joined where that reads
    better. Marks in a valid place (on a letter, whitespace after) move only within their word.
Spaced ``ำ`` (:data:`SPACED_AM_STEP`)
    ``ำ`` drawn as ``ํ`` + ``า`` whose ``ํ`` came out as a space (``ส านักงาน``): the space goes, and the
    vowel is ``ำ`` unless ``า`` reads better.
The dictionary step (:data:`DICTIONARY_STEP`)
    For each run of Thai letters that is not all dictionary words: marks never valid where they are
    (a tone after ``า``, a vowel after ``เ``) are put back first; then single edits are tried
    greedily — ``า``↔``ำ`` swaps (Excel 365 writes ``า`` as ``ำ``), marks moved back to the letter
    they slid from — and an edit is kept when it puts more of the run inside dictionary words.

"Reads better" is more characters inside dictionary words (PyThaiNLP's newmm, as
:func:`parsers.repair.quality.dictionary_share` counts them); of two readings with as many, the one in
fewer, more common words (a unigram model over the Thai National Corpus word counts): ``ด้าน`` over
``ดาน``, ``สำนักงาน`` over ``สา นักงาน``. That second criterion alone changes a run of dictionary words
only on a page that has lost a vowel: ``ำ`` (none on the page: ``ประจาปี`` → ``ประจำปี``) or ``า``
(Excel 365: ``ค่ำอาหาร`` → ``ค่าอาหาร``). Clean text is never changed, even with every gate open
(a test).
"""

from __future__ import annotations

from typing import Final

import regex

from parsers.repair.dictionary import best_reading, dictionary_guided
from parsers.repair.late_marks import late_marks
from parsers.repair.normalize import Step, regex_step
from parsers.repair.wordscore import cover
from parsers.text.textmap import Edit
from parsers.thai.marks import AA, AM, MARK, MARKS, THAI
from schemas.codes import FindingCode

#: pages whose dictionary share is below this get the dictionary-guided step (see parsers.repair.textlayer)
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

#: the shifted tone glyphs of fonts whose text layer maps them to Latin-1 letters (PSL fonts of the
#: national budget documents: ``ทีÉ`` for ``ที่``, ``ตัÊง`` for ``ตั้ง``, ``ฤทธิÍ`` for ``ฤทธิ์``); only
#: next to Thai, never inside Latin words
LATIN_THAI: Final[dict[str, str]] = {"\u00c9": "\u0e48", "\u00ca": "\u0e49", "\u00cd": "\u0e4c"}


def _pua(text: str) -> list[Edit]:
    edits = [
        Edit(m.start(), m.end(), PUA_THAI[ord(m.group(0))]) for m in regex.finditer(r"[\uF700-\uF71A]", text)
    ]
    edits += [Edit(m.start(), m.end(), LATIN_THAI[m.group(0)]) for m in _LATIN_GLYPH.finditer(text)]
    return edits


_LATIN = r"A-Za-z\u00c0-\u00c8\u00cb\u00cc\u00ce-\u024f"  # Latin letters, but for the three glyphs
_GLYPH = r"\u00c9\u00ca\u00cd"
_LATIN_GLYPH = regex.compile(
    rf"(?<![{_LATIN}])"  # not inside a Latin word
    rf"(?:(?<=[{THAI}{_GLYPH}][ \t\n]*)[{_GLYPH}]|[{_GLYPH}](?=[ \t\n]*[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]))"
    rf"(?![{_LATIN}])"
)


# ---------------------------------------------------------------------------------------------------
# ำ whose NIKHAHIT came out as a space

_SPACED_AA: Final = regex.compile(rf"(?<=[\u0e01-\u0e2e][{MARKS}]*)[ \t]+{AA}")


def spaced_am(text: str) -> list[Edit]:
    edits = []
    for m in _SPACED_AA.finditer(text):
        head = regex.search(rf"[{THAI}]*$", text[max(0, m.start() - 24) : m.start()])
        tail = regex.match(rf"[{THAI}]*", text, pos=m.end())
        before = head.group(0) if head else ""
        after = tail.group(0) if tail else ""
        # each as the dictionary step would then read it (พระราชด ารสิ: ดำริ, not ดาร)
        as_aa, as_am = (cover(best_reading(before + vowel + after)) for vowel in (AA, AM))
        # as many characters inside words either way: ำ (a lost NIKHAHIT is what a space before า is)
        edits.append(Edit(m.start(), m.end(), AM if as_am.outside <= as_aa.outside else AA))
    return edits


#: never-valid sequences: run on every text-layer page, before the normalisation chain
REPAIR_STEPS: tuple[Step, ...] = (
    Step(
        FindingCode.PUA_GLYPHS,
        "glyphs of legacy Thai fonts (private-use U+F700–U+F71A, Latin-1 tone marks) mapped back to Thai",
        _pua,
    ),
    Step(
        FindingCode.FFFD_IN_WORD,
        "replacement characters (U+FFFD) inside Thai words removed",
        regex_step(rf"(?<=[{THAI}])\ufffd+(?=[{THAI}])", ""),
    ),
    Step(
        FindingCode.SPACE_BEFORE_MARK,
        "spaces between a Thai letter and its mark removed (ส ำนัก → สำนัก)",
        regex_step(rf"(?<=[{THAI}])[ \t]+(?=[{MARK}])", ""),
    ),
    Step(
        FindingCode.DOUBLED_MARKS,
        "doubled vowels and marks collapsed (อุุดม → อุดม)",
        regex_step(rf"([{MARK}])\1+", lambda m: m.group(1)),
    ),
)

#: before the spaces next to marks are removed, on pages that read badly
LATE_MARKS_STEP = Step(
    FindingCode.LATE_MARKS,
    "marks written late (after the next letters, among spaces) put back where the dictionary says",
    late_marks,
)
#: after the spaces before marks are removed, on pages that read badly
SPACED_AM_STEP = Step(
    FindingCode.SPACED_AM, "ำ written as a space and า (ส านัก) repaired where the dictionary says", spaced_am
)
#: run after the normalisation chain (so ``ำา`` is already one ``ำ``), on pages that read badly
DICTIONARY_STEP = Step(
    FindingCode.DICTIONARY_REPAIR,
    "า/ำ and displaced tone marks repaired where the dictionary says",
    dictionary_guided,
)


def text_layer_chain(steps: tuple[Step, ...], *, dictionary: bool = True) -> tuple[Step, ...]:
    """A PDF text layer's chain: repairs, the normalisation ``steps``, then (for a page that needs it)
    the dictionary steps and NFC again. Without ``dictionary`` it is cheap: regular expressions only."""
    if not dictionary:
        return (*REPAIR_STEPS, *steps)
    nfc = next(step for step in steps if step.code == FindingCode.NFC)
    pua, fffd, space, doubled = REPAIR_STEPS
    return (pua, fffd, LATE_MARKS_STEP, space, SPACED_AM_STEP, doubled, *steps, DICTIONARY_STEP, nfc)


def clear_caches() -> None:
    """Forget the readings remembered across pages (benchmarks use it to time a cold process)."""
    from parsers.repair import dictionary as dictionary_repair
    from parsers.repair import late_marks, quality, wordscore

    for cached in (
        dictionary_repair.best_reading,
        late_marks.late_block,
        quality.thai_inside,
        wordscore.cover,
        wordscore.word_cost,
    ):
        cached.cache_clear()
